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

// -----

// Tests that external declarations (no body) are left alone.
// CHECK: func.func private @external(tensor<4xf32>) -> tensor<4xf32>{{$}}
func.func private @external(tensor<4xf32>) -> tensor<4xf32>

// -----

// Tests that every public function of a module is marked and existing
// attributes are kept.
// CHECK-LABEL: func.func @first
// CHECK-SAME: attributes {kforge.weights = ["w"], llvm.emit_c_interface}
// CHECK-LABEL: func.func @second
// CHECK-SAME: attributes {llvm.emit_c_interface}
func.func @first(%a: tensor<4xf32>, %w: tensor<4xf32>) -> tensor<4xf32> attributes {kforge.weights = ["w"]} {
  return %a : tensor<4xf32>
}
func.func @second(%a: tensor<4xf32>) -> tensor<4xf32> {
  return %a : tensor<4xf32>
}
