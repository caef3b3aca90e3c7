func.func @f(%x: tensor<4xvector<4xf32>>) {
  %0 = "kforge.silu"(%x) : (tensor<4xvector<4xf32>>) -> tensor<4xvector<4xf32>>
  return
}
