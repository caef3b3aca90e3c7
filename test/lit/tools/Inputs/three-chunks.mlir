func.func @one() {
  return
}
// -----
func.func @two() {
  return
}
// -----
func.func @three() {
  return
}
