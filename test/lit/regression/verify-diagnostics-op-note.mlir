// Fixed bug: under --verify-diagnostics, kforge-opt keeps MLIR's "see current
// operation: …" note on verifier errors, and reports it as an unexpected
// note. mlir-opt turns printOpOnDiagnostic off when verifying diagnostics, so
// `expected-error` alone matches an IRDL/MLIR verifier error there. (This is
// why test/lit/dialect/invalid-irdl.mlir uses FileCheck.)
// RUN: kforge-opt %s --split-input-file --verify-diagnostics

// Tests that an IRDL error needs only its expected-error.
func.func @missing_epsilon(%x: tensor<2x8xf32>, %w: tensor<8xf32>) {
  // expected-error @+1 {{'kforge.rms_norm' op attribute "epsilon" is expected but not provided}}
  %0 = "kforge.rms_norm"(%x, %w) : (tensor<2x8xf32>, tensor<8xf32>) -> tensor<2x8xf32>
  return
}

// -----

// Tests the same for an operand count error.
func.func @one_operand(%a: tensor<2x3xf32>) {
  // expected-error @+1 {{op expects exactly 2 operands, but got 1}}
  %0 = "kforge.matmul"(%a) : (tensor<2x3xf32>) -> tensor<2x4xf32>
  return
}
