func.func @f(%x: tensor<4xf32>) {
  %0 = kforge.silu %x : tensor<4xf32>
  return
}
