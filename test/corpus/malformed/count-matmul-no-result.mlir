func.func @f(%a: tensor<4x4xf32>) {
  "kforge.matmul"(%a, %a) : (tensor<4x4xf32>, tensor<4x4xf32>) -> ()
  return
}
