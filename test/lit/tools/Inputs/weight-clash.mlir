func.func @clash() -> (tensor<8xf32>, tensor<4xf32>) {
  %a = "kforge.weight"() {name = "w"} : () -> tensor<8xf32>
  %b = "kforge.weight"() {name = "w"} : () -> tensor<4xf32>
  return %a, %b : tensor<8xf32>, tensor<4xf32>
}
