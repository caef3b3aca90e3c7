// RUN: kforge-opt %s --kforge-fuse-attention --split-input-file | FileCheck %s
// RUN: kforge-opt %s --verify-each-numerics --split-input-file --kforge-verify --kforge-fuse-attention --kforge-verify -o /dev/null
// The fused code, JIT-compiled by --lower-to-cpu (the online-softmax microkernel; the split-K decode variant over 640 keys), agrees with the reference interpreter on the unfused ops:
// RUN: kforge-run %s --entry gqa_decode_group --random-inputs --check --no-cache | FileCheck %s --check-prefix=JIT
// RUN: kforge-run %s --entry prefill_head --random-inputs --check --no-cache | FileCheck %s --check-prefix=JIT
// RUN: kforge-opt %s --split-input-file --lower-to-cpu | FileCheck %s --check-prefix=LOWERED
// JIT: check result0: {{.*}} (within tolerance
// JIT-NOT: BEYOND
// LOWERED-LABEL: llvm.func @gqa_decode_group(
// LOWERED-NOT: @kforge_ukernel_matmul_f32
// LOWERED: llvm.call @kforge_ukernel_attention_f32(
// LOWERED-LABEL: llvm.func @_mlir_ciface_gqa_decode_group(

// Tests that one decode step of the query heads sharing a key/value head
// (3 rows, scale already in q) over 640 cached keys becomes kforge.attention.
// CHECK-LABEL: func.func @gqa_decode_group
// CHECK: %[[Q:.*]] = "kforge.reshape"(%arg0) : (tensor<3x64xf32>) -> tensor<3x1x64xf32>
// CHECK: %[[K:.*]] = "kforge.reshape"(%arg1) : (tensor<640x64xf32>) -> tensor<640x1x64xf32>
// CHECK: %[[V:.*]] = "kforge.reshape"(%arg2) : (tensor<640x64xf32>) -> tensor<640x1x64xf32>
// CHECK: %[[A:.*]] = "kforge.attention"(%[[Q]], %[[K]], %[[V]]) {causal = false, operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0>, scale = 1.000000e+00 : f32}
// CHECK: %[[O:.*]] = "kforge.reshape"(%[[A]]) : (tensor<3x1x64xf32>) -> tensor<3x64xf32>
// CHECK-NOT: "kforge.softmax"
// CHECK: return %[[O]]
func.func @gqa_decode_group(%q: tensor<3x64xf32>, %k: tensor<640x64xf32>, %v: tensor<640x64xf32>) -> tensor<3x64xf32> {
  %s = "kforge.linear"(%q, %k) : (tensor<3x64xf32>, tensor<640x64xf32>) -> tensor<3x640xf32>
  %p = "kforge.softmax"(%s) {axis = -1 : i64} : (tensor<3x640xf32>) -> tensor<3x640xf32>
  %o = "kforge.matmul"(%p, %v) : (tensor<3x640xf32>, tensor<640x64xf32>) -> tensor<3x64xf32>
  return %o : tensor<3x64xf32>
}

// -----

// Tests a prefill-shaped head (many query rows, softmax axis written as 1,
// an odd head width).
// CHECK-LABEL: func.func @prefill_head
// CHECK: "kforge.attention"
// CHECK-NOT: "kforge.matmul"
func.func @prefill_head(%q: tensor<20x24xf32>, %k: tensor<33x24xf32>, %v: tensor<33x24xf32>) -> tensor<20x24xf32> {
  %s = "kforge.linear"(%q, %k) : (tensor<20x24xf32>, tensor<33x24xf32>) -> tensor<20x33xf32>
  %p = "kforge.softmax"(%s) {axis = 1 : i64} : (tensor<20x33xf32>) -> tensor<20x33xf32>
  %o = "kforge.matmul"(%p, %v) : (tensor<20x33xf32>, tensor<33x24xf32>) -> tensor<20x24xf32>
  return %o : tensor<20x24xf32>
}

// -----

// Tests that scaled or masked scores, probabilities used elsewhere, a softmax
// over the query axis and a value width other than the key width do not fuse.
// CHECK-LABEL: func.func @must_not_fuse
// CHECK-NOT: "kforge.attention"
// CHECK-COUNT-5: "kforge.matmul"
func.func @must_not_fuse(%q: tensor<2x8xf32>, %k: tensor<5x8xf32>, %v: tensor<5x8xf32>, %w: tensor<5x4xf32>, %c: tensor<1xf32>, %mask: tensor<2x5xf32>) -> (tensor<2x8xf32>, tensor<2x8xf32>, tensor<2x8xf32>, tensor<2x5xf32>, tensor<2x8xf32>, tensor<2x4xf32>) {
  %s0 = "kforge.linear"(%q, %k) : (tensor<2x8xf32>, tensor<5x8xf32>) -> tensor<2x5xf32>
  %t0 = "kforge.mul"(%s0, %c) : (tensor<2x5xf32>, tensor<1xf32>) -> tensor<2x5xf32>
  %p0 = "kforge.softmax"(%t0) {axis = -1 : i64} : (tensor<2x5xf32>) -> tensor<2x5xf32>
  %o0 = "kforge.matmul"(%p0, %v) : (tensor<2x5xf32>, tensor<5x8xf32>) -> tensor<2x8xf32>
  %s1 = "kforge.linear"(%q, %k) : (tensor<2x8xf32>, tensor<5x8xf32>) -> tensor<2x5xf32>
  %t1 = "kforge.add"(%s1, %mask) : (tensor<2x5xf32>, tensor<2x5xf32>) -> tensor<2x5xf32>
  %p1 = "kforge.softmax"(%t1) {axis = -1 : i64} : (tensor<2x5xf32>) -> tensor<2x5xf32>
  %o1 = "kforge.matmul"(%p1, %v) : (tensor<2x5xf32>, tensor<5x8xf32>) -> tensor<2x8xf32>
  %s2 = "kforge.linear"(%q, %k) : (tensor<2x8xf32>, tensor<5x8xf32>) -> tensor<2x5xf32>
  %p2 = "kforge.softmax"(%s2) {axis = -1 : i64} : (tensor<2x5xf32>) -> tensor<2x5xf32>
  %o2 = "kforge.matmul"(%p2, %v) : (tensor<2x5xf32>, tensor<5x8xf32>) -> tensor<2x8xf32>
  %s3 = "kforge.linear"(%q, %k) : (tensor<2x8xf32>, tensor<5x8xf32>) -> tensor<2x5xf32>
  %p3 = "kforge.softmax"(%s3) {axis = 0 : i64} : (tensor<2x5xf32>) -> tensor<2x5xf32>
  %o3 = "kforge.matmul"(%p3, %v) : (tensor<2x5xf32>, tensor<5x8xf32>) -> tensor<2x8xf32>
  %s4 = "kforge.linear"(%q, %k) : (tensor<2x8xf32>, tensor<5x8xf32>) -> tensor<2x5xf32>
  %p4 = "kforge.softmax"(%s4) {axis = -1 : i64} : (tensor<2x5xf32>) -> tensor<2x5xf32>
  %o4 = "kforge.matmul"(%p4, %w) : (tensor<2x5xf32>, tensor<5x4xf32>) -> tensor<2x4xf32>
  return %o0, %o1, %o2, %p2, %o3, %o4 : tensor<2x8xf32>, tensor<2x8xf32>, tensor<2x8xf32>, tensor<2x5xf32>, tensor<2x8xf32>, tensor<2x4xf32>
}
