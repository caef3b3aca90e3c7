// RUN: kforge-opt %s --kforge-fuse-projections --split-input-file | FileCheck %s
// RUN: kforge-opt %s --verify-each-numerics --split-input-file --kforge-verify --kforge-fuse-projections --kforge-verify -o /dev/null
// The fused code, JIT-compiled by --lower-to-cpu (one kforge_ukernel_multi_linear_f32 call), agrees with the reference interpreter on the unfused ops:
// RUN: kforge-run %s --entry qkv --random-inputs --check --no-cache | FileCheck %s --check-prefix=JIT
// RUN: kforge-run %s --entry four_then_one --random-inputs --check --no-cache | FileCheck %s --check-prefix=JIT
// RUN: kforge-run %s --entry rank3 --random-inputs --check --no-cache | FileCheck %s --check-prefix=JIT
// RUN: kforge-opt %s --split-input-file --lower-to-cpu | FileCheck %s --check-prefix=LOWERED
// JIT: check result0: {{.*}} (within tolerance
// JIT-NOT: BEYOND
// LOWERED-LABEL: llvm.func @qkv(
// LOWERED-NOT: @kforge_ukernel_linear_f32
// LOWERED: llvm.call @kforge_ukernel_multi_linear_f32(
// LOWERED-NOT: @kforge_ukernel_linear_f32
// LOWERED-LABEL: llvm.func @_mlir_ciface_qkv(

// Tests that the q, k and v projections of one input become one
// kforge.multi_linear whose results replace theirs, in order.
// CHECK-LABEL: func.func @qkv
// CHECK: %[[M:.*]]:3 = "kforge.multi_linear"(%arg0, %arg1, %arg2, %arg3) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 1, 0>, resultSegmentSizes = array<i32: 1, 1, 1, 0>}
// CHECK-NOT: "kforge.linear"
// CHECK: return %[[M]]#0, %[[M]]#1, %[[M]]#2
func.func @qkv(%x: tensor<1x64xf32>, %wq: tensor<64x64xf32>, %wk: tensor<32x64xf32>, %wv: tensor<32x64xf32>) -> (tensor<1x64xf32>, tensor<1x32xf32>, tensor<1x32xf32>) {
  %q = "kforge.linear"(%x, %wq) : (tensor<1x64xf32>, tensor<64x64xf32>) -> tensor<1x64xf32>
  %k = "kforge.linear"(%x, %wk) : (tensor<1x64xf32>, tensor<32x64xf32>) -> tensor<1x32xf32>
  %v = "kforge.linear"(%x, %wv) : (tensor<1x64xf32>, tensor<32x64xf32>) -> tensor<1x32xf32>
  return %q, %k, %v : tensor<1x64xf32>, tensor<1x32xf32>, tensor<1x32xf32>
}

// -----

// Tests that five projections of one input make a group of four and leave
// the fifth alone, and that a use of an early result between the linears
// still sees the fused value.
// CHECK-LABEL: func.func @four_then_one
// CHECK: %[[M:.*]]:4 = "kforge.multi_linear"(%arg0, %arg1, %arg2, %arg3, %arg4) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 1, 1>, resultSegmentSizes = array<i32: 1, 1, 1, 1>}
// CHECK: "kforge.silu"(%[[M]]#0)
// CHECK: %[[L:.*]] = "kforge.linear"(%arg0, %arg5)
func.func @four_then_one(%x: tensor<3x16xf32>, %w0: tensor<5x16xf32>, %w1: tensor<7x16xf32>, %w2: tensor<33x16xf32>, %w3: tensor<1x16xf32>, %w4: tensor<2x16xf32>) -> (tensor<3x5xf32>, tensor<3x7xf32>, tensor<3x33xf32>, tensor<3x1xf32>, tensor<3x2xf32>) {
  %0 = "kforge.linear"(%x, %w0) : (tensor<3x16xf32>, tensor<5x16xf32>) -> tensor<3x5xf32>
  %s = "kforge.silu"(%0) : (tensor<3x5xf32>) -> tensor<3x5xf32>
  %1 = "kforge.linear"(%x, %w1) : (tensor<3x16xf32>, tensor<7x16xf32>) -> tensor<3x7xf32>
  %2 = "kforge.linear"(%x, %w2) : (tensor<3x16xf32>, tensor<33x16xf32>) -> tensor<3x33xf32>
  %3 = "kforge.linear"(%x, %w3) : (tensor<3x16xf32>, tensor<1x16xf32>) -> tensor<3x1xf32>
  %4 = "kforge.linear"(%x, %w4) : (tensor<3x16xf32>, tensor<2x16xf32>) -> tensor<3x2xf32>
  return %s, %1, %2, %3, %4 : tensor<3x5xf32>, tensor<3x7xf32>, tensor<3x33xf32>, tensor<3x1xf32>, tensor<3x2xf32>
}

// -----

// Tests that rank-3 inputs fuse (the lowering flattens them to rows).
// CHECK-LABEL: func.func @rank3
// CHECK: "kforge.multi_linear"(%arg0, %arg1, %arg2)
func.func @rank3(%x: tensor<2x3x8xf32>, %a: tensor<40x8xf32>, %b: tensor<4x8xf32>) -> (tensor<2x3x40xf32>, tensor<2x3x4xf32>) {
  %0 = "kforge.linear"(%x, %a) : (tensor<2x3x8xf32>, tensor<40x8xf32>) -> tensor<2x3x40xf32>
  %1 = "kforge.linear"(%x, %b) : (tensor<2x3x8xf32>, tensor<4x8xf32>) -> tensor<2x3x4xf32>
  return %0, %1 : tensor<2x3x40xf32>, tensor<2x3x4xf32>
}

// -----

// Tests that a linear with a bias, linears of different inputs and a lone
// projection do not fuse.
// CHECK-LABEL: func.func @must_not_fuse
// CHECK-NOT: kforge.multi_linear
// CHECK-COUNT-4: "kforge.linear"
func.func @must_not_fuse(%x: tensor<2x8xf32>, %y: tensor<2x8xf32>, %w: tensor<4x8xf32>, %b: tensor<4xf32>) -> (tensor<2x4xf32>, tensor<2x4xf32>, tensor<2x4xf32>, tensor<2x4xf32>) {
  %0 = "kforge.linear"(%x, %w, %b) : (tensor<2x8xf32>, tensor<4x8xf32>, tensor<4xf32>) -> tensor<2x4xf32>
  %1 = "kforge.linear"(%x, %w) : (tensor<2x8xf32>, tensor<4x8xf32>) -> tensor<2x4xf32>
  %2 = "kforge.linear"(%y, %w) : (tensor<2x8xf32>, tensor<4x8xf32>) -> tensor<2x4xf32>
  %3 = "kforge.linear"(%y, %w, %b) : (tensor<2x8xf32>, tensor<4x8xf32>, tensor<4xf32>) -> tensor<2x4xf32>
  return %0, %1, %2, %3 : tensor<2x4xf32>, tensor<2x4xf32>, tensor<2x4xf32>, tensor<2x4xf32>
}

// -----

// Tests that a linear whose weight is defined after the group's first linear
// is not pulled above its definition.
// CHECK-LABEL: func.func @late_weight
// CHECK: "kforge.linear"(%arg0, %arg1)
// CHECK: %[[W:.*]] = "kforge.silu"(%arg1)
// CHECK: "kforge.linear"(%arg0, %[[W]])
func.func @late_weight(%x: tensor<2x8xf32>, %w: tensor<4x8xf32>) -> (tensor<2x4xf32>, tensor<2x4xf32>) {
  %0 = "kforge.linear"(%x, %w) : (tensor<2x8xf32>, tensor<4x8xf32>) -> tensor<2x4xf32>
  %w2 = "kforge.silu"(%w) : (tensor<4x8xf32>) -> tensor<4x8xf32>
  %1 = "kforge.linear"(%x, %w2) : (tensor<2x8xf32>, tensor<4x8xf32>) -> tensor<2x4xf32>
  return %0, %1 : tensor<2x4xf32>, tensor<2x4xf32>
}
