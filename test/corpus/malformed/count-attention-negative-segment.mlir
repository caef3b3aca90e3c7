func.func @f(%q: tensor<2x4x8xf32>) {
  %0 = "kforge.attention"(%q, %q, %q) {causal = true, scale = 1.0 : f32, operandSegmentSizes = array<i32: -1, 1, 1, 0, 0, 2>} : (tensor<2x4x8xf32>, tensor<2x4x8xf32>, tensor<2x4x8xf32>) -> tensor<2x4x8xf32>
  return
}
