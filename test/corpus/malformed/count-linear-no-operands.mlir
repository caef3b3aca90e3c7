func.func @f() {
  %0 = "kforge.linear"() : () -> tensor<4x4xf32>
  return
}
