// RUN: kforge-opt %s --kforge-emit-c-interface --split-input-file | FileCheck %s

// Tests that a public function is marked for the C interface.
// CHECK-LABEL: func.func @public
// CHECK-SAME: llvm.emit_c_interface
func.func @public(%a: tensor<4xf32>) -> tensor<4xf32> {
  return %a : tensor<4xf32>
}

// -----

// Tests that private functions are left alone.
// CHECK-LABEL: func.func private @hidden
// CHECK-NOT: llvm.emit_c_interface
func.func private @hidden(%a: tensor<4xf32>) -> tensor<4xf32> {
  return %a : tensor<4xf32>
}
