func.func @f(%x: tensor<2x4xf32>) {
  %0 = "kforge.reshape"(%x) : (tensor<2x4xf32>) -> tensor<8xi32>
  return
}
