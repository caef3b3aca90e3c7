// Fixed bug: the verifier accepts rms_norm/layer_norm with a dynamic normalized dim
// D, but the lowering computes 1/D from the static size (norm.rs row_size
// returns 0 for `?`), writes `arith.constant inf : f32`, which does not parse,
// and fails with "internal error: the lowering template of 'kforge.rms_norm'
// does not parse". D should come from tensor.dim (or the verifier should
// require a static D).
// RUN: kforge-opt %s --kforge-lower-to-linalg --split-input-file | FileCheck %s

// Tests that rms_norm with a dynamic D lowers.
// CHECK-LABEL: func.func @rms_norm
// CHECK: tensor.dim %arg0
// CHECK: math.rsqrt
// CHECK-NOT: "kforge.
func.func @rms_norm(%x: tensor<2x?xf32>, %w: tensor<?xf32>) -> tensor<2x?xf32> {
  %0 = "kforge.rms_norm"(%x, %w) {epsilon = 1.0e-5 : f32} : (tensor<2x?xf32>, tensor<?xf32>) -> tensor<2x?xf32>
  return %0 : tensor<2x?xf32>
}

// -----

// Tests that layer_norm with a dynamic D lowers.
// CHECK-LABEL: func.func @layer_norm
// CHECK: tensor.dim %arg0
// CHECK: math.rsqrt
// CHECK-NOT: "kforge.
func.func @layer_norm(%x: tensor<2x?xf32>, %g: tensor<?xf32>, %b: tensor<?xf32>) -> tensor<2x?xf32> {
  %0 = "kforge.layer_norm"(%x, %g, %b) {epsilon = 1.0e-5 : f32} : (tensor<2x?xf32>, tensor<?xf32>, tensor<?xf32>) -> tensor<2x?xf32>
  return %0 : tensor<2x?xf32>
}
