// Fixed bug: the kforge verifier's diagnostics do not name the op.
// dialect/src/verify/mod.rs verify_operation emits `e.message` instead of the
// VerifyError's Display (`'kforge.matmul' op …`), so the user sees
// "error: expected operand #1 dim 0 (5) to match operand #0 dim 1 (3)" with no
// op name, unlike IRDL's and MLIR's errors and the documented format.
// RUN: not kforge-opt %s 2>&1 | FileCheck %s

// Tests that a semantic error starts with the op's name, as MLIR's do.
// CHECK: verifier-error-names-op.mlir:[[@LINE+2]]:8: error: 'kforge.matmul' op expected operand #1 dim 0 (5) to match operand #0 dim 1 (3)
func.func @f(%a: tensor<2x3xf32>, %b: tensor<5x4xf32>) -> tensor<2x4xf32> {
  %0 = "kforge.matmul"(%a, %b) : (tensor<2x3xf32>, tensor<5x4xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}
