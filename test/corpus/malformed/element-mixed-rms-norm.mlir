func.func @f(%x: tensor<2x8xbf16>, %w: tensor<8xf16>) {
  %0 = "kforge.rms_norm"(%x, %w) {epsilon = 1.0e-5 : f32} : (tensor<2x8xbf16>, tensor<8xf16>) -> tensor<2x8xbf16>
  return
}
