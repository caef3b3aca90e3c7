// Fixed bug: the verifier accepts kforge.embedding with a dynamic vocabulary
// (table tensor<?x8xf32>), but the lowering panics on it
// (lower_to_linalg/data.rs: `expect("static vocabulary")`), printing a Rust
// panic and "internal error in kforge-lower-to-linalg: static vocabulary".
// The clamp bound can come from tensor.dim (or the verifier could require a
// static V).
// RUN: kforge-opt %s --kforge-lower-to-linalg | FileCheck %s

// Tests that a dynamic vocabulary lowers, clamping ids with the run-time size.
// CHECK-LABEL: func.func @embedding
// CHECK: tensor.dim %arg1
// CHECK: linalg.generic
// CHECK-NOT: "kforge.
func.func @embedding(%ids: tensor<3xi64>, %t: tensor<?x8xf32>) -> tensor<3x8xf32> {
  %0 = "kforge.embedding"(%ids, %t) : (tensor<3xi64>, tensor<?x8xf32>) -> tensor<3x8xf32>
  return %0 : tensor<3x8xf32>
}
