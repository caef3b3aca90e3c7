func.func @f(%x: tensor<4xfloat32>) {
  %0 = "kforge.silu"(%x) : (tensor<4xfloat32>) -> tensor<4xfloat32>
  return
}
