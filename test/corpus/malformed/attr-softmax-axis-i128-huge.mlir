func.func @f(%x: tensor<4x8xf32>) {
  %0 = "kforge.softmax"(%x) {axis = 18446744073709551617 : i128} : (tensor<4x8xf32>) -> tensor<4x8xf32>
  return
}
