func.func @f(%x: tensor<4x8xf32>) {
  %0 = "kforge.softmax"(%x) {axis = -9223372036854775808 : i64} : (tensor<4x8xf32>) -> tensor<4x8xf32>
  return
}
