// RUN: python3 %S/verify_every_input.py kforge-opt %S/.. --kforge-fuse | FileCheck %s

// Tests that every lit input with a numeric entry point keeps its results
// through the kforge-level passes of --kforge-fuse, and that the results of
// the fused ops are compared: the reference interpreter runs
// kforge.fused_linear, kforge.multi_linear and kforge.swiglu_linear (an
// "unsupported op 'kforge.…'" anywhere fails the script), both where a fusion
// pass makes them and where the input already holds them.
// CHECK-DAG: compared: passes/kforge-fuse-projections.mlir
// CHECK-DAG: compared: passes/kforge-fuse-swiglu.mlir
// CHECK-DAG: compared: passes/kforge-fuse-norm.mlir ({{[0-9]+}} function(s)), fused ops in the input
// CHECK-DAG: compared: numerics/fused-linear-ukernel.mlir ({{[0-9]+}} function(s)), fused ops in the input
// CHECK-DAG: compared: numerics/fused-every-input.mlir (1 function(s)), fused ops in the input
// CHECK-DAG: compared: passes/kforge-lower-to-linalg-ukernel.mlir ({{[0-9]+}} function(s)), fused ops in the input
// CHECK-DAG: compared: pipelines/lower-to-gpu-fused.mlir
// CHECK: numerics: {{[1-9][0-9]*}} file(s), {{[0-9]+}} function(s) compared, 0 failure(s)

// This file is an input too: a normalized q/k/v projection that is already
// fused, and a SwiGLU MLP that --kforge-fuse fuses.
func.func @block(%x: tensor<2x16xf32>, %n: tensor<16xf32>, %q: tensor<16x16xf32>, %k: tensor<8x16xf32>, %g: tensor<24x16xf32>, %u: tensor<24x16xf32>, %d: tensor<16x24xf32>) -> (tensor<2x16xf32>, tensor<2x8xf32>, tensor<2x16xf32>) {
  %p:2 = "kforge.multi_linear"(%x, %n, %q, %k) {epsilon = 1.0e-05 : f32, operandSegmentSizes = array<i32: 1, 1, 1, 1, 0, 0>, resultSegmentSizes = array<i32: 1, 1, 0, 0>} : (tensor<2x16xf32>, tensor<16xf32>, tensor<16x16xf32>, tensor<8x16xf32>) -> (tensor<2x16xf32>, tensor<2x8xf32>)
  %m = "kforge.mlp"(%p#0, %g, %u, %d) {activation = "swiglu"} : (tensor<2x16xf32>, tensor<24x16xf32>, tensor<24x16xf32>, tensor<16x24xf32>) -> tensor<2x16xf32>
  return %p#0, %p#1, %m : tensor<2x16xf32>, tensor<2x8xf32>, tensor<2x16xf32>
}
