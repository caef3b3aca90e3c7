func.func @f(%x: tensor<0x1Fxf32>) {
  %0 = "kforge.silu"(%x) : (tensor<0x1Fxf32>) -> tensor<0x1Fxf32>
  return
}
