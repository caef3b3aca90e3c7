func.func @f(%a: tensor<4x4xf64>) {
  %0 = "kforge.matmul"(%a, %a) : (tensor<4x4xf64>, tensor<4x4xf64>) -> tensor<4x4xf64>
  return
}
