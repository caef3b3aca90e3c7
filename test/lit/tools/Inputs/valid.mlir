func.func @valid(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = "kforge.silu"(%x) : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}
