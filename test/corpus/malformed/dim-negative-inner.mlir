func.func @f(%x: tensor<4x-3xf32>) {
  %0 = "kforge.silu"(%x) : (tensor<4x-3xf32>) -> tensor<4x-3xf32>
  return
}
