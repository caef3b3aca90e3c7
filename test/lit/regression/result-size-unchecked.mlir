// Fixed bug: --verify-each-numerics and `kforge-run --random-inputs` capped
// input sizes but not result sizes: an op whose result dwarfs its operands (an
// outer sum of two 4M-element vectors, 64 TiB) aborted with "memory allocation
// of 70368744177664 bytes failed". Every result is now sized before it is
// allocated, and an input too large to draw is refused before it is drawn.
// RUN: not kforge-run %s --entry outer --random-inputs --no-tune --no-cache 2>&1 | FileCheck %s --check-prefix=CLI
// RUN: not kforge-run %s --entry huge --random-inputs --no-tune --no-cache 2>&1 | FileCheck %s --check-prefix=HUGE
// RUN: kforge-opt %s --verify-each-numerics --kforge-verify -o /dev/null 2>&1 | FileCheck %s --check-prefix=OPT

// Tests that the result is named with its shape and bytes, in both tools.
// CLI: result-size-unchecked.mlir:{{[0-9]+}}:{{[0-9]+}}: kforge.add: result #0 (shape 4194304x4194304) needs 70368744177664 bytes, more than one allocation may take (at most {{[0-9]+}} bytes
// CLI-NOT: memory allocation
// HUGE: kforge-run: error: random input arg0 (shape 1048576x1048576) needs 4398046511104 bytes
// OPT: note: --verify-each-numerics: @outer is not compared: {{.*}}kforge.add: result #0 (shape 4194304x4194304) needs 70368744177664 bytes
func.func @outer(%a: tensor<4194304x1xf32>, %b: tensor<1x4194304xf32>) -> tensor<4194304x4194304xf32> {
  %0 = "kforge.add"(%a, %b) : (tensor<4194304x1xf32>, tensor<1x4194304xf32>) -> tensor<4194304x4194304xf32>
  return %0 : tensor<4194304x4194304xf32>
}
func.func @huge(%a: tensor<1048576x1048576xf32>) -> tensor<1048576x1048576xf32> {
  %0 = "kforge.silu"(%a) : (tensor<1048576x1048576xf32>) -> tensor<1048576x1048576xf32>
  return %0 : tensor<1048576x1048576xf32>
}
