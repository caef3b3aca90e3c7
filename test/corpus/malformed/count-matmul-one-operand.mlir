func.func @f(%a: tensor<4x4xf32>) {
  %0 = "kforge.matmul"(%a) : (tensor<4x4xf32>) -> tensor<4x4xf32>
  return
}
