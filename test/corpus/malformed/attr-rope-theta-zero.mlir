func.func @f(%x: tensor<3x2x8xf32>, %p: tensor<3xi64>) {
  %0 = "kforge.rope"(%x, %p) {theta = 0.0 : f32} : (tensor<3x2x8xf32>, tensor<3xi64>) -> tensor<3x2x8xf32>
  return
}
