// RUN: kforge-opt %s --kforge-lower-to-gpu --split-input-file | FileCheck %s

// Every op of the dialect lowered by --kforge-lower-to-gpu, one case each:
// its kernels (or none, for the ops that alias or bind). A unit test
// (passes/src/lower_to_gpu/coverage_tests.rs) checks that every op of
// KforgeOp::ALL appears here.

// CHECK-LABEL: func.func @matmul
// CHECK: "kforge.matmul"{{.*}}kforge.gpu_kernels = ["matmul_8x24x16_t64x64x16_4x4"]
func.func @matmul(%a: tensor<8x16xf32>, %b: tensor<16x24xf32>) -> tensor<8x24xf32> {
  %0 = "kforge.matmul"(%a, %b) : (tensor<8x16xf32>, tensor<16x24xf32>) -> tensor<8x24xf32>
  return %0 : tensor<8x24xf32>
}

// -----

// CHECK-LABEL: func.func @batch_matmul
// CHECK: "kforge.batch_matmul"{{.*}}kforge.gpu_kernels = ["matmul_8x24x16_b3_t64x64x16_4x4"]
func.func @batch_matmul(%a: tensor<3x8x16xf32>, %b: tensor<3x16x24xf32>) -> tensor<3x8x24xf32> {
  %0 = "kforge.batch_matmul"(%a, %b) : (tensor<3x8x16xf32>, tensor<3x16x24xf32>) -> tensor<3x8x24xf32>
  return %0 : tensor<3x8x24xf32>
}

// -----

// CHECK-LABEL: func.func @linear
// CHECK: "kforge.linear"{{.*}}kforge.gpu_kernels = ["gemv_1x32x64"]
func.func @linear(%x: tensor<1x64xf32>, %w: tensor<32x64xf32>, %b: tensor<32xf32>) -> tensor<1x32xf32> {
  %0 = "kforge.linear"(%x, %w, %b) : (tensor<1x64xf32>, tensor<32x64xf32>, tensor<32xf32>) -> tensor<1x32xf32>
  return %0 : tensor<1x32xf32>
}

// -----

// CHECK-LABEL: func.func @fused_linear
// CHECK: "kforge.fused_linear"{{.*}}kforge.gpu_kernels = ["gemv_1x32x64_add"]
func.func @fused_linear(%x: tensor<1x64xf32>, %w: tensor<32x64xf32>, %r: tensor<1x32xf32>) -> tensor<1x32xf32> {
  %0 = "kforge.fused_linear"(%x, %w, %r) {epilogue = "add", kind = "linear", operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0>} : (tensor<1x64xf32>, tensor<32x64xf32>, tensor<1x32xf32>) -> tensor<1x32xf32>
  return %0 : tensor<1x32xf32>
}

// -----

// CHECK-LABEL: func.func @multi_linear
// CHECK: "kforge.multi_linear"{{.*}}kforge.gpu_kernels = ["rms_multi_gemv_1x64_32x64"]
func.func @multi_linear(%x: tensor<1x64xf32>, %g: tensor<64xf32>, %wq: tensor<64x64xf32>, %wk: tensor<32x64xf32>) -> (tensor<1x64xf32>, tensor<1x32xf32>) {
  %q, %k = "kforge.multi_linear"(%x, %g, %wq, %wk) {epsilon = 1.0e-5 : f32, operandSegmentSizes = array<i32: 1, 1, 1, 1, 0, 0>, resultSegmentSizes = array<i32: 1, 1, 0, 0>} : (tensor<1x64xf32>, tensor<64xf32>, tensor<64x64xf32>, tensor<32x64xf32>) -> (tensor<1x64xf32>, tensor<1x32xf32>)
  return %q, %k : tensor<1x64xf32>, tensor<1x32xf32>
}

// -----

// CHECK-LABEL: func.func @swiglu_linear
// CHECK: "kforge.swiglu_linear"{{.*}}kforge.gpu_kernels = ["swiglu_gemv_1x96x64"]
func.func @swiglu_linear(%x: tensor<1x64xf32>, %wg: tensor<96x64xf32>, %wu: tensor<96x64xf32>) -> tensor<1x96xf32> {
  %0 = "kforge.swiglu_linear"(%x, %wg, %wu) {operandSegmentSizes = array<i32: 1, 0, 1, 1>} : (tensor<1x64xf32>, tensor<96x64xf32>, tensor<96x64xf32>) -> tensor<1x96xf32>
  return %0 : tensor<1x96xf32>
}

// -----

// CHECK-LABEL: func.func @elementwise
// CHECK: "kforge.add"{{.*}}kforge.gpu_kernels = ["add_4x8"]
// CHECK: "kforge.mul"{{.*}}kforge.gpu_kernels = ["mul_4x8"]
// CHECK: "kforge.silu"{{.*}}kforge.gpu_kernels = ["silu_32"]
// CHECK: "kforge.gelu"{{.*}}kforge.gpu_kernels = ["gelutanh_32"]
func.func @elementwise(%a: tensor<4x8xf32>, %b: tensor<8xf32>) -> tensor<4x8xf32> {
  %0 = "kforge.add"(%a, %b) : (tensor<4x8xf32>, tensor<8xf32>) -> tensor<4x8xf32>
  %1 = "kforge.mul"(%0, %a) : (tensor<4x8xf32>, tensor<4x8xf32>) -> tensor<4x8xf32>
  %2 = "kforge.silu"(%1) : (tensor<4x8xf32>) -> tensor<4x8xf32>
  %3 = "kforge.gelu"(%2) {approximate = "tanh"} : (tensor<4x8xf32>) -> tensor<4x8xf32>
  return %3 : tensor<4x8xf32>
}

// -----

// CHECK-LABEL: func.func @softmax
// CHECK: "kforge.softmax"{{.*}}kforge.gpu_kernels = ["softmax_4x8x1"]
func.func @softmax(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %0 = "kforge.softmax"(%x) {axis = -1 : i64} : (tensor<4x8xf32>) -> tensor<4x8xf32>
  return %0 : tensor<4x8xf32>
}

// -----

// CHECK-LABEL: func.func @norms
// CHECK: "kforge.rms_norm"{{.*}}kforge.gpu_kernels = ["rms_norm_4x64"]
// CHECK: "kforge.layer_norm"{{.*}}kforge.gpu_kernels = ["layer_norm_4x64"]
func.func @norms(%x: tensor<4x64xf32>, %g: tensor<64xf32>, %b: tensor<64xf32>) -> (tensor<4x64xf32>, tensor<4x64xf32>) {
  %0 = "kforge.rms_norm"(%x, %g) {epsilon = 1.0e-5 : f32} : (tensor<4x64xf32>, tensor<64xf32>) -> tensor<4x64xf32>
  %1 = "kforge.layer_norm"(%x, %g, %b) {epsilon = 1.0e-5 : f32} : (tensor<4x64xf32>, tensor<64xf32>, tensor<64xf32>) -> tensor<4x64xf32>
  return %0, %1 : tensor<4x64xf32>, tensor<4x64xf32>
}

// -----

// CHECK-LABEL: func.func @rope
// CHECK: "kforge.rope"{{.*}}kforge.gpu_kernels = ["rope_2x4x64"]
func.func @rope(%x: tensor<2x4x64xf32>, %p: tensor<2xi64>) -> tensor<2x4x64xf32> {
  %0 = "kforge.rope"(%x, %p) {theta = 1.0e4 : f32} : (tensor<2x4x64xf32>, tensor<2xi64>) -> tensor<2x4x64xf32>
  return %0 : tensor<2x4x64xf32>
}

// -----

// CHECK-LABEL: func.func @attention
// CHECK: "kforge.attention"{{.*}}kforge.gpu_kernels = ["kv_write_pair_1x128_into_16", "attention_1x4x64_kv16x2"]
func.func @attention(%q: tensor<1x4x64xf32>, %k: tensor<1x2x64xf32>, %v: tensor<1x2x64xf32>, %kc: tensor<16x2x64xf32>, %vc: tensor<16x2x64xf32>, %p: tensor<i64>) -> tensor<1x4x64xf32> {
  %o, %kc2, %vc2 = "kforge.attention"(%q, %k, %v, %kc, %vc, %p) {causal = true, scale = 0.125 : f32,
      operandSegmentSizes = array<i32: 1, 1, 1, 1, 1, 1>}
    : (tensor<1x4x64xf32>, tensor<1x2x64xf32>, tensor<1x2x64xf32>, tensor<16x2x64xf32>, tensor<16x2x64xf32>, tensor<i64>)
    -> (tensor<1x4x64xf32>, tensor<16x2x64xf32>, tensor<16x2x64xf32>)
  return %o : tensor<1x4x64xf32>
}

// -----

// CHECK-LABEL: func.func @mlp
// CHECK: "kforge.mlp"{{.*}}kforge.gpu_kernels = ["gemv_1x96x64", "gemv_1x96x64", "silu_96", "mul_96", "gemv_1x64x96"]
func.func @mlp(%x: tensor<1x64xf32>, %g: tensor<96x64xf32>, %u: tensor<96x64xf32>, %d: tensor<64x96xf32>) -> tensor<1x64xf32> {
  %0 = "kforge.mlp"(%x, %g, %u, %d) {activation = "swiglu"} : (tensor<1x64xf32>, tensor<96x64xf32>, tensor<96x64xf32>, tensor<64x96xf32>) -> tensor<1x64xf32>
  return %0 : tensor<1x64xf32>
}

// -----

// CHECK-LABEL: func.func @data
// CHECK: "kforge.weight"() {kforge.gpu_kernels = []
// CHECK: "kforge.embedding"{{.*}}kforge.gpu_kernels = ["embedding_3_10x8"]
// CHECK: "kforge.reshape"{{.*}}kforge.gpu_kernels = []
func.func @data(%ids: tensor<3xi32>, %x: tensor<2x3x4xf32>) -> (tensor<3x8xf32>, tensor<6x4xf32>) {
  %t = "kforge.weight"() {name = "model.embed_tokens.weight"} : () -> tensor<10x8xf32>
  %0 = "kforge.embedding"(%ids, %t) : (tensor<3xi32>, tensor<10x8xf32>) -> tensor<3x8xf32>
  %1 = "kforge.reshape"(%x) : (tensor<2x3x4xf32>) -> tensor<6x4xf32>
  return %0, %1 : tensor<3x8xf32>, tensor<6x4xf32>
}
