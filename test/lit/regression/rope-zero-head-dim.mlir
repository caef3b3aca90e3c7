// Fixed bug: the verifier accepts kforge.rope with head dim 0 (0 is even), but the
// lowering writes the partner map `(d2 + 0) mod 0` and `arith.constant -inf`,
// which do not parse: "internal error: the lowering template of 'kforge.rope'
// does not parse". An empty tensor should lower to a no-op (or the verifier
// should require Dh > 0).
// RUN: kforge-opt %s --kforge-lower-to-linalg | FileCheck %s

// Tests that rope on an empty head dim lowers.
// CHECK-LABEL: func.func @rope
// CHECK-NOT: "kforge.
// CHECK: return
func.func @rope(%x: tensor<2x1x0xf32>, %p: tensor<2xi64>) -> tensor<2x1x0xf32> {
  %0 = "kforge.rope"(%x, %p) {theta = 10000.0 : f32} : (tensor<2x1x0xf32>, tensor<2xi64>) -> tensor<2x1x0xf32>
  return %0 : tensor<2x1x0xf32>
}
