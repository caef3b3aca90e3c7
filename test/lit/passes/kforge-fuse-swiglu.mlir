// RUN: kforge-opt %s --kforge-fuse-swiglu --split-input-file | FileCheck %s
// RUN: kforge-opt %s --verify-each-numerics --split-input-file --kforge-verify --kforge-fuse-swiglu --kforge-verify -o /dev/null
// The fused code, JIT-compiled by --lower-to-cpu (one kforge_ukernel_swiglu_linear_f32 call), agrees with the reference interpreter on the unfused ops:
// RUN: kforge-run %s --entry swiglu --random-inputs --check --no-cache | FileCheck %s --check-prefix=JIT
// RUN: kforge-run %s --entry swiglu_swapped_rank1 --random-inputs --check --no-cache | FileCheck %s --check-prefix=JIT
// RUN: kforge-run %s --entry mlp_residual --random-inputs --check --no-cache | FileCheck %s --check-prefix=JIT
// RUN: kforge-opt %s --split-input-file --lower-to-cpu | FileCheck %s --check-prefix=LOWERED
// JIT: check result0: {{.*}} (within tolerance
// JIT-NOT: BEYOND
// LOWERED-LABEL: llvm.func @swiglu(
// LOWERED-NOT: @kforge_ukernel_linear_f32
// LOWERED: llvm.call @kforge_ukernel_swiglu_linear_f32(
// LOWERED-NOT: @kforge_ukernel_linear_f32
// LOWERED-LABEL: llvm.func @_mlir_ciface_swiglu(

// Tests that silu(x·Wgᵀ) ⊙ (x·Wuᵀ), written as separate ops, becomes one
// kforge.swiglu_linear.
// CHECK-LABEL: func.func @swiglu
// CHECK: %[[S:.*]] = "kforge.swiglu_linear"(%arg0, %arg1, %arg2) {operandSegmentSizes = array<i32: 1, 0, 1, 1>} : (tensor<2x64xf32>, tensor<96x64xf32>, tensor<96x64xf32>) -> tensor<2x96xf32>
// CHECK-NOT: "kforge.
// CHECK: return %[[S]]
func.func @swiglu(%x: tensor<2x64xf32>, %wg: tensor<96x64xf32>, %wu: tensor<96x64xf32>) -> tensor<2x96xf32> {
  %g = "kforge.linear"(%x, %wg) : (tensor<2x64xf32>, tensor<96x64xf32>) -> tensor<2x96xf32>
  %s = "kforge.silu"(%g) : (tensor<2x96xf32>) -> tensor<2x96xf32>
  %u = "kforge.linear"(%x, %wu) : (tensor<2x64xf32>, tensor<96x64xf32>) -> tensor<2x96xf32>
  %h = "kforge.mul"(%s, %u) : (tensor<2x96xf32>, tensor<2x96xf32>) -> tensor<2x96xf32>
  return %h : tensor<2x96xf32>
}

// -----

// Tests that the mul's operands may come in either order, the up projection
// before the gate, on a rank-1 input and an odd width.
// CHECK-LABEL: func.func @swiglu_swapped_rank1
// CHECK: "kforge.swiglu_linear"(%arg0, %arg1, %arg2)
// CHECK-NOT: "kforge.mul"
func.func @swiglu_swapped_rank1(%x: tensor<17xf32>, %wg: tensor<45x17xf32>, %wu: tensor<45x17xf32>) -> tensor<45xf32> {
  %u = "kforge.linear"(%x, %wu) : (tensor<17xf32>, tensor<45x17xf32>) -> tensor<45xf32>
  %g = "kforge.linear"(%x, %wg) : (tensor<17xf32>, tensor<45x17xf32>) -> tensor<45xf32>
  %s = "kforge.silu"(%g) : (tensor<45xf32>) -> tensor<45xf32>
  %h = "kforge.mul"(%u, %s) : (tensor<45xf32>, tensor<45xf32>) -> tensor<45xf32>
  return %h : tensor<45xf32>
}

// -----

// Tests that a SwiGLU kforge.mlp becomes kforge.swiglu_linear and a linear for
// the down projection (which the epilogue fusion can then take with the
// residual add).
// CHECK-LABEL: func.func @mlp_residual
// CHECK: %[[H:.*]] = "kforge.swiglu_linear"(%arg0, %arg1, %arg2) {operandSegmentSizes = array<i32: 1, 0, 1, 1>} : (tensor<3x32xf32>, tensor<80x32xf32>, tensor<80x32xf32>) -> tensor<3x80xf32>
// CHECK: %[[D:.*]] = "kforge.linear"(%[[H]], %arg3) : (tensor<3x80xf32>, tensor<32x80xf32>) -> tensor<3x32xf32>
// CHECK: "kforge.add"(%arg0, %[[D]])
func.func @mlp_residual(%x: tensor<3x32xf32>, %wg: tensor<80x32xf32>, %wu: tensor<80x32xf32>, %wd: tensor<32x80xf32>) -> tensor<3x32xf32> {
  %m = "kforge.mlp"(%x, %wg, %wu, %wd) {activation = "swiglu"} : (tensor<3x32xf32>, tensor<80x32xf32>, tensor<80x32xf32>, tensor<32x80xf32>) -> tensor<3x32xf32>
  %r = "kforge.add"(%x, %m) : (tensor<3x32xf32>, tensor<3x32xf32>) -> tensor<3x32xf32>
  return %r : tensor<3x32xf32>
}

// -----

// Tests that nothing fuses when the gate projection has another use, the
// linears read different inputs, the up projection has a bias, or a GELU MLP.
// CHECK-LABEL: func.func @must_not_fuse
// CHECK-NOT: kforge.swiglu_linear
// CHECK-COUNT-3: "kforge.mul"
// CHECK: "kforge.mlp"
func.func @must_not_fuse(%x: tensor<2x8xf32>, %y: tensor<2x8xf32>, %w: tensor<4x8xf32>, %b: tensor<4xf32>, %wd: tensor<8x4xf32>) -> (tensor<2x4xf32>, tensor<2x4xf32>, tensor<2x4xf32>, tensor<2x4xf32>, tensor<2x8xf32>) {
  %g = "kforge.linear"(%x, %w) : (tensor<2x8xf32>, tensor<4x8xf32>) -> tensor<2x4xf32>
  %s = "kforge.silu"(%g) : (tensor<2x4xf32>) -> tensor<2x4xf32>
  %u = "kforge.linear"(%x, %w) : (tensor<2x8xf32>, tensor<4x8xf32>) -> tensor<2x4xf32>
  %h = "kforge.mul"(%s, %u) : (tensor<2x4xf32>, tensor<2x4xf32>) -> tensor<2x4xf32>
  %g2 = "kforge.linear"(%x, %w) : (tensor<2x8xf32>, tensor<4x8xf32>) -> tensor<2x4xf32>
  %s2 = "kforge.silu"(%g2) : (tensor<2x4xf32>) -> tensor<2x4xf32>
  %u2 = "kforge.linear"(%y, %w) : (tensor<2x8xf32>, tensor<4x8xf32>) -> tensor<2x4xf32>
  %h2 = "kforge.mul"(%s2, %u2) : (tensor<2x4xf32>, tensor<2x4xf32>) -> tensor<2x4xf32>
  %g3 = "kforge.linear"(%y, %w) : (tensor<2x8xf32>, tensor<4x8xf32>) -> tensor<2x4xf32>
  %s3 = "kforge.silu"(%g3) : (tensor<2x4xf32>) -> tensor<2x4xf32>
  %u3 = "kforge.linear"(%y, %w, %b) : (tensor<2x8xf32>, tensor<4x8xf32>, tensor<4xf32>) -> tensor<2x4xf32>
  %h3 = "kforge.mul"(%s3, %u3) : (tensor<2x4xf32>, tensor<2x4xf32>) -> tensor<2x4xf32>
  %m = "kforge.mlp"(%y, %w, %wd) {activation = "gelu"} : (tensor<2x8xf32>, tensor<4x8xf32>, tensor<8x4xf32>) -> tensor<2x8xf32>
  return %h, %h2, %h3, %g, %m : tensor<2x4xf32>, tensor<2x4xf32>, tensor<2x4xf32>, tensor<2x4xf32>, tensor<2x8xf32>
}
