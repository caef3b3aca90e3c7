func.func @f(%i: tensor<3xf32>, %t: tensor<10x8xf32>) {
  %0 = "kforge.embedding"(%i, %t) : (tensor<3xf32>, tensor<10x8xf32>) -> tensor<3x8xf32>
  return
}
