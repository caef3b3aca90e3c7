func.func @f(%x: tensor<4x8xf32>, %w: tensor<8xf32>) {
  %0 = "kforge.rms_norm"(%x, %w) {epsilon = 1.0e-5 : f32 : (tensor<4x8xf32>, tensor<8xf32>) -> tensor<4x8xf32>
  return
}
