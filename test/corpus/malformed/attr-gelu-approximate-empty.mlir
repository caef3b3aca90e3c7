func.func @f(%x: tensor<4x8xf32>) {
  %0 = "kforge.gelu"(%x) {approximate = ""} : (tensor<4x8xf32>) -> tensor<4x8xf32>
  return
}
