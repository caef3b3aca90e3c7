// Fixed bug: dialect/OPS.md says kforge.weight's result is "any static tensor", but
// the verifier rejects element types outside f32/f16/bf16/i64/i32/i1 (e.g. i8
// quantized weights or f64) with "expected result #0 to be a ranked tensor,
// got tensor<4xi8>". Either the verifier or OPS.md should change; this test
// follows OPS.md.
// RUN: kforge-opt %s | FileCheck %s

// Tests that weights of other element types verify.
// CHECK-LABEL: func.func @weights
// CHECK: "kforge.weight"() {name = "q"} : () -> tensor<4xi8>
// CHECK: "kforge.weight"() {name = "d"} : () -> tensor<4xf64>
func.func @weights() -> (tensor<4xi8>, tensor<4xf64>) {
  %q = "kforge.weight"() {name = "q"} : () -> tensor<4xi8>
  %d = "kforge.weight"() {name = "d"} : () -> tensor<4xf64>
  return %q, %d : tensor<4xi8>, tensor<4xf64>
}
