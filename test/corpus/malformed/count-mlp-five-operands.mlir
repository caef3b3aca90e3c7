func.func @f(%a: tensor<4x4xf32>) {
  %0 = "kforge.mlp"(%a, %a, %a, %a, %a) {activation = "swiglu"} : (tensor<4x4xf32>, tensor<4x4xf32>, tensor<4x4xf32>, tensor<4x4xf32>, tensor<4x4xf32>) -> tensor<4x4xf32>
  return
}
