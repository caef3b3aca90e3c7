func.func @f(%x: tensor<9223372036854775808x4xf32>) {
  %0 = "kforge.silu"(%x) : (tensor<9223372036854775808x4xf32>) -> tensor<9223372036854775808x4xf32>
  return
}
