func.func @f() {
  %0 = "kforge.weight"() {name = "w"} : () -> tensor<?x4xf32>
  return
}
