// Fixed bug: --kforge-emit-c-interface treats every function with a
// `sym_visibility` attribute as private (is_private_or_declaration only checks
// that the attribute exists), so `func.func public @f`, whose visibility is
// spelled out, gets no llvm.emit_c_interface and no _mlir_ciface_f entry point.
// RUN: kforge-opt %s --kforge-emit-c-interface | FileCheck %s

// Tests that an explicitly public function is marked.
// CHECK-LABEL: func.func public @explicitly_public
// CHECK-SAME: llvm.emit_c_interface
func.func public @explicitly_public(%a: tensor<4xf32>) -> tensor<4xf32> {
  return %a : tensor<4xf32>
}
