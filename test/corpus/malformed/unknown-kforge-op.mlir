func.func @f(%x: tensor<4xf32>) {
  %0 = "kforge.nope"(%x) : (tensor<4xf32>) -> tensor<4xf32>
  return
}
