func.func @f(%a: tensor<4x4xf32>) {
  %0 = "kforge.weight"(%a) {name = "w"} : (tensor<4x4xf32>) -> tensor<4x4xf32>
  return
}
