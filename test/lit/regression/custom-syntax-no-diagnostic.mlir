// Fixed bug: a kforge op written in custom syntax makes kforge-opt exit 1 without
// printing anything. IRDL-defined ops have no custom parser and the parse
// fails without a diagnostic (mlir-opt --irdl-file is silent too); kforge-opt
// should at least report the failure, e.g. "custom syntax is not supported for
// 'kforge.silu'; use the generic form \"kforge.silu\"(...)".
// RUN: not kforge-opt %s 2>&1 | FileCheck %s

// Tests that the failed parse is reported at the op.
// CHECK: custom-syntax-no-diagnostic.mlir:[[@LINE+2]]:8: error:
func.func @f(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = kforge.silu %x : tensor<4xf32>
  return %0 : tensor<4xf32>
}
