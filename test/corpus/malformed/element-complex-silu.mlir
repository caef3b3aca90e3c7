func.func @f(%x: tensor<4xcomplex<f32>>) {
  %0 = "kforge.silu"(%x) : (tensor<4xcomplex<f32>>) -> tensor<4xcomplex<f32>>
  return
}
