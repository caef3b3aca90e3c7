func.func @f(%x: tensor<4x8xf32>) {
  %0 = "kforge.softmax"(%x) {axis = 2 : i64} : (tensor<4x8xf32>) -> tensor<4x8xf32>
  return
}
