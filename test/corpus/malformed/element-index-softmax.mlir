func.func @f(%x: tensor<4xindex>) {
  %0 = "kforge.softmax"(%x) {axis = 0 : i64} : (tensor<4xindex>) -> tensor<4xindex>
  return
}
