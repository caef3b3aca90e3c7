func.func @f(%x: tensor<4xf8E4M3FN>) {
  %0 = "kforge.gelu"(%x) {approximate = "tanh"} : (tensor<4xf8E4M3FN>) -> tensor<4xf8E4M3FN>
  return
}
