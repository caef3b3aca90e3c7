func.func @f(%x: tensor<-1x4xf32>) {
  %0 = "kforge.silu"(%x) : (tensor<-1x4xf32>) -> tensor<-1x4xf32>
  return
}
