func.func @f(%x: tensor<2x8xf32>, %u: tensor<16x8xf32>, %d: tensor<8x16xf32>) {
  %0 = "kforge.mlp"(%x, %u, %d) {activation = ""} : (tensor<2x8xf32>, tensor<16x8xf32>, tensor<8x16xf32>) -> tensor<2x8xf32>
  return
}
