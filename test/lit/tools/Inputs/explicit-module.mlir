module @named attributes {kforge.test} {
  func.func @inside() {
    return
  }
}
