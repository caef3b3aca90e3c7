func.func @f(%a: tensor<0x3xf32>, %b: tensor<0x4xf32>) {
  %0 = "kforge.matmul"(%a, %b) : (tensor<0x3xf32>, tensor<0x4xf32>) -> tensor<0x4xf32>
  return
}
