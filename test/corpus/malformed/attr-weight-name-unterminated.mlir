func.func @f() {
  %0 = "kforge.weight"() {name = "w} : () -> tensor<4xf32>
  return
}
