// RUN: kforge-opt %s --kforge-fuse-norm --split-input-file | FileCheck %s
// RUN: kforge-opt %s --verify-each-numerics --split-input-file --kforge-verify --kforge-fuse-swiglu --kforge-fuse-projections --kforge-fuse-norm --kforge-verify -o /dev/null
// The fused code, JIT-compiled by --lower-to-cpu (the norm in the microkernels' prologue), agrees with the reference interpreter on the unfused ops:
// RUN: kforge-run %s --entry norm_qkv_mlp --random-inputs --check --no-cache | FileCheck %s --check-prefix=JIT
// RUN: kforge-run %s --entry norm_linear_rank3 --random-inputs --check --no-cache | FileCheck %s --check-prefix=JIT
// RUN: kforge-opt %s --split-input-file --kforge-fuse | FileCheck %s --check-prefix=PIPELINE
// JIT: check result0: {{.*}} (within tolerance
// JIT-NOT: BEYOND

// Tests that a norm feeding a multi_linear and a swiglu_linear moves into
// both prologues and disappears.
// CHECK-LABEL: func.func @norm_fused_ops
// CHECK-NOT: "kforge.rms_norm"
// CHECK: "kforge.multi_linear"(%arg0, %arg1, %arg2, %arg3) {epsilon = 9.99999974E-6 : f32, operandSegmentSizes = array<i32: 1, 1, 1, 1, 0, 0>, resultSegmentSizes = array<i32: 1, 1, 0, 0>}
// CHECK: "kforge.swiglu_linear"(%arg0, %arg1, %arg2, %arg3) {epsilon = 9.99999974E-6 : f32, operandSegmentSizes = array<i32: 1, 1, 1, 1>}
func.func @norm_fused_ops(%x: tensor<1x64xf32>, %g: tensor<64xf32>, %a: tensor<96x64xf32>, %b: tensor<96x64xf32>) -> (tensor<1x96xf32>, tensor<1x96xf32>, tensor<1x96xf32>) {
  %n = "kforge.rms_norm"(%x, %g) {epsilon = 1.0e-5 : f32} : (tensor<1x64xf32>, tensor<64xf32>) -> tensor<1x64xf32>
  %p:2 = "kforge.multi_linear"(%n, %a, %b) {operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>, resultSegmentSizes = array<i32: 1, 1, 0, 0>} : (tensor<1x64xf32>, tensor<96x64xf32>, tensor<96x64xf32>) -> (tensor<1x96xf32>, tensor<1x96xf32>)
  %s = "kforge.swiglu_linear"(%n, %a, %b) {operandSegmentSizes = array<i32: 1, 0, 1, 1>} : (tensor<1x64xf32>, tensor<96x64xf32>, tensor<96x64xf32>) -> tensor<1x96xf32>
  return %p#0, %p#1, %s : tensor<1x96xf32>, tensor<1x96xf32>, tensor<1x96xf32>
}

// -----

// Tests the decoder's shape of a block through the whole --kforge-fuse: the
// input norm goes into the q/k/v multi_linear, the MLP norm into the SwiGLU,
// and the down projection takes the residual add.
// CHECK-LABEL: func.func @norm_qkv_mlp
// PIPELINE-LABEL: func.func @norm_qkv_mlp
// PIPELINE-NOT: "kforge.rms_norm"
// PIPELINE: %[[QKV:.*]]:3 = "kforge.multi_linear"(%arg0, %arg1, %arg2, %arg3, %arg4) {epsilon = {{.*}}, operandSegmentSizes = array<i32: 1, 1, 1, 1, 1, 0>
// PIPELINE: %[[H:.*]] = "kforge.swiglu_linear"(%arg0, %arg1, %arg5, %arg6) {epsilon
// PIPELINE: "kforge.fused_linear"(%[[H]], %arg7, %arg0) {epilogue = "add", kind = "linear"
// PIPELINE-LABEL: func.func @norm_linear_rank3
func.func @norm_qkv_mlp(%x: tensor<2x64xf32>, %g: tensor<64xf32>, %wq: tensor<64x64xf32>, %wk: tensor<32x64xf32>, %wv: tensor<32x64xf32>, %wg: tensor<160x64xf32>, %wu: tensor<160x64xf32>, %wd: tensor<64x160xf32>) -> (tensor<2x64xf32>, tensor<2x32xf32>, tensor<2x32xf32>, tensor<2x64xf32>) {
  %n = "kforge.rms_norm"(%x, %g) {epsilon = 1.0e-5 : f32} : (tensor<2x64xf32>, tensor<64xf32>) -> tensor<2x64xf32>
  %q = "kforge.linear"(%n, %wq) : (tensor<2x64xf32>, tensor<64x64xf32>) -> tensor<2x64xf32>
  %k = "kforge.linear"(%n, %wk) : (tensor<2x64xf32>, tensor<32x64xf32>) -> tensor<2x32xf32>
  %v = "kforge.linear"(%n, %wv) : (tensor<2x64xf32>, tensor<32x64xf32>) -> tensor<2x32xf32>
  %n2 = "kforge.rms_norm"(%x, %g) {epsilon = 1.0e-5 : f32} : (tensor<2x64xf32>, tensor<64xf32>) -> tensor<2x64xf32>
  %m = "kforge.mlp"(%n2, %wg, %wu, %wd) {activation = "swiglu"} : (tensor<2x64xf32>, tensor<160x64xf32>, tensor<160x64xf32>, tensor<64x160xf32>) -> tensor<2x64xf32>
  %r = "kforge.add"(%m, %x) : (tensor<2x64xf32>, tensor<2x64xf32>) -> tensor<2x64xf32>
  return %q, %k, %v, %r : tensor<2x64xf32>, tensor<2x32xf32>, tensor<2x32xf32>, tensor<2x64xf32>
}

// -----

// Tests that a norm feeding a single bias-free linear (the LM head) makes a
// one-weight multi_linear, on a rank-3 input.
// CHECK-LABEL: func.func @norm_linear_rank3
// CHECK: "kforge.multi_linear"(%arg0, %arg1, %arg2) {epsilon = 9.99999997E-7 : f32, operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0>, resultSegmentSizes = array<i32: 1, 0, 0, 0>}
func.func @norm_linear_rank3(%x: tensor<2x3x40xf32>, %g: tensor<40xf32>, %w: tensor<70x40xf32>) -> tensor<2x3x70xf32> {
  %n = "kforge.rms_norm"(%x, %g) {epsilon = 1.0e-6 : f32} : (tensor<2x3x40xf32>, tensor<40xf32>) -> tensor<2x3x40xf32>
  %y = "kforge.linear"(%n, %w) : (tensor<2x3x40xf32>, tensor<70x40xf32>) -> tensor<2x3x70xf32>
  return %y : tensor<2x3x70xf32>
}

// -----

// Tests that a norm with another user (the result returned, a linear with a
// bias, a use as a weight) stays, and that layer_norm is not fused.
// CHECK-LABEL: func.func @must_not_fuse
// CHECK-COUNT-3: "kforge.rms_norm"
// CHECK: "kforge.layer_norm"
// CHECK-NOT: epsilon = {{.*}}operandSegmentSizes
func.func @must_not_fuse(%x: tensor<4x4xf32>, %g: tensor<4xf32>, %w: tensor<4x4xf32>, %b: tensor<4xf32>) -> (tensor<4x4xf32>, tensor<4x4xf32>, tensor<4x4xf32>, tensor<4x4xf32>, tensor<4x4xf32>) {
  %n = "kforge.rms_norm"(%x, %g) {epsilon = 1.0e-5 : f32} : (tensor<4x4xf32>, tensor<4xf32>) -> tensor<4x4xf32>
  %y = "kforge.linear"(%n, %w) : (tensor<4x4xf32>, tensor<4x4xf32>) -> tensor<4x4xf32>
  %n2 = "kforge.rms_norm"(%x, %g) {epsilon = 1.0e-5 : f32} : (tensor<4x4xf32>, tensor<4xf32>) -> tensor<4x4xf32>
  %y2 = "kforge.linear"(%n2, %w, %b) : (tensor<4x4xf32>, tensor<4x4xf32>, tensor<4xf32>) -> tensor<4x4xf32>
  %n3 = "kforge.rms_norm"(%x, %g) {epsilon = 1.0e-5 : f32} : (tensor<4x4xf32>, tensor<4xf32>) -> tensor<4x4xf32>
  %y3 = "kforge.linear"(%x, %n3) : (tensor<4x4xf32>, tensor<4x4xf32>) -> tensor<4x4xf32>
  %l = "kforge.layer_norm"(%x, %g, %b) {epsilon = 1.0e-5 : f32} : (tensor<4x4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<4x4xf32>
  %y4 = "kforge.linear"(%l, %w) : (tensor<4x4xf32>, tensor<4x4xf32>) -> tensor<4x4xf32>
  return %n, %y, %y2, %y3, %y4 : tensor<4x4xf32>, tensor<4x4xf32>, tensor<4x4xf32>, tensor<4x4xf32>, tensor<4x4xf32>
}
