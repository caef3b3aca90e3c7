// RUN: python3 %S/verify_every_input.py kforge-opt %S/.. | FileCheck %s

// Tests that every lit input with a numeric entry point (a public function
// the reference interpreter runs) keeps its results through every
// kforge-level pass of --lower-to-cpu, fusion included
// (kforge-opt --verify-each-numerics on each file, split at `// -----`).
// CHECK-DAG: compared: passes/kforge-fuse-epilogue.mlir
// CHECK-DAG: compared: passes/kforge-fuse-elementwise.mlir
// CHECK-DAG: compared: passes/kforge-fuse-attention.mlir
// CHECK-DAG: compared: passes/kforge-fuse-norm.mlir
// CHECK-DAG: compared: passes/kforge-fuse-projections.mlir
// CHECK-DAG: compared: passes/kforge-fuse-swiglu.mlir
// CHECK-DAG: compared: numerics/every-input.mlir (1 function(s))
// CHECK: numerics: {{[1-9][0-9]*}} file(s), {{[0-9]+}} function(s) compared, 0 failure(s)

// This file is an input too: a block whose projection, bias, activation and
// residual fuse.
func.func @block(%x: tensor<3x8xf32>, %w: tensor<8x8xf32>, %b: tensor<8xf32>) -> tensor<3x8xf32> {
  %0 = "kforge.linear"(%x, %w, %b) : (tensor<3x8xf32>, tensor<8x8xf32>, tensor<8xf32>) -> tensor<3x8xf32>
  %1 = "kforge.silu"(%0) : (tensor<3x8xf32>) -> tensor<3x8xf32>
  %2 = "kforge.add"(%1, %x) : (tensor<3x8xf32>, tensor<3x8xf32>) -> tensor<3x8xf32>
  return %2 : tensor<3x8xf32>
}
