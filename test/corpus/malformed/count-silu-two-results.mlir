func.func @f(%a: tensor<4x4xf32>) {
  %0:2 = "kforge.silu"(%a) : (tensor<4x4xf32>) -> (tensor<4x4xf32>, tensor<4x4xf32>)
  return
}
