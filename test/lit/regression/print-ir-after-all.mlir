// Fixed bug: --print-ir-after-all aborts kforge-opt (exit 134) with "LLVM ERROR: IR
// printing can't be setup on a pass-manager without disabling multi-threading
// first": the context's multi-threading must be disabled before
// PassManager::enable_ir_printing (mlir-opt does this).
// RUN: kforge-opt %s --kforge-verify --print-ir-after-all -o %t 2>&1 | FileCheck %s

// Tests that the IR is printed to stderr after each pass.
// CHECK-NOT: LLVM ERROR
// CHECK: IR Dump After {{.*}}kforge-verify
// CHECK: "kforge.silu"
func.func @f(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = "kforge.silu"(%x) : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}
