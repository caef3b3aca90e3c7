func.func @f(%x: tensor<3x2x8xf32>, %p: tensor<3xi16>) {
  %0 = "kforge.rope"(%x, %p) {theta = 10000.0 : f32} : (tensor<3x2x8xf32>, tensor<3xi16>) -> tensor<3x2x8xf32>
  return
}
