func.func @f(%x: tensor<4x8xf32>, %w: tensor<8xf32>) {
  %0 = "kforge.rms_norm"(%x, %w) : (tensor<4x8xf32>, tensor<8xf32>) -> tensor<4x8xf32>
  return
}
