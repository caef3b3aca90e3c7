func.func @f(%a: tensor<9223372036854775807x4xf32>, %b: tensor<5x2xf32>) {
  %0 = "kforge.matmul"(%a, %b) : (tensor<9223372036854775807x4xf32>, tensor<5x2xf32>) -> tensor<9223372036854775807x2xf32>
  return
}
