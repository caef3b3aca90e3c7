func.func @f(%a: tensor<4xi8>) {
  %0 = "kforge.add"(%a, %a) : (tensor<4xi8>, tensor<4xi8>) -> tensor<4xi8>
  return
}
