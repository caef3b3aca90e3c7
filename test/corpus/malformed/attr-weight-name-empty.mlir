func.func @f() {
  %0 = "kforge.weight"() {name = ""} : () -> tensor<4xf32>
  return
}
