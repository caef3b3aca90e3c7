// RUN: kforge-opt %s --kforge-lower-to-gpu --split-input-file | FileCheck %s

// Tests that a stored-format linear becomes a GEMV of that format for one row and the tiled matmul decoding the
// weight as it stages it for many.
// CHECK-LABEL: func.func @linear
// CHECK: "kforge.linear"(%arg0, %arg2) {kforge.gpu_kernels = ["gemv_1x1536x576_q4_1"]
// CHECK: "kforge.linear"(%arg1, %arg2) {kforge.gpu_kernels = ["linear_64x1536x576_t64x64x16_4x4_q4_1"]
func.func @linear(%x1: tensor<1x576xf32>, %x64: tensor<64x576xf32>, %w: tensor<1536x18x20xi8>) -> (tensor<1x1536xf32>, tensor<64x1536xf32>) {
  %y1 = "kforge.linear"(%x1, %w) {weight_format = "q4_1"} : (tensor<1x576xf32>, tensor<1536x18x20xi8>) -> tensor<1x1536xf32>
  %y64 = "kforge.linear"(%x64, %w) {weight_format = "q4_1"} : (tensor<64x576xf32>, tensor<1536x18x20xi8>) -> tensor<64x1536xf32>
  return %y1, %y64 : tensor<1x1536xf32>, tensor<64x1536xf32>
}

// -----

// Tests that an embedding reads a stored table, its row length taken from the result.
// CHECK-LABEL: func.func @embedding
// CHECK: kforge.gpu_kernels = ["embedding_3_49152x576_q8_0"]
func.func @embedding(%ids: tensor<3xi64>, %table: tensor<49152x18x34xi8>) -> tensor<3x576xf32> {
  %y = "kforge.embedding"(%ids, %table) {weight_format = "q8_0"} : (tensor<3xi64>, tensor<49152x18x34xi8>) -> tensor<3x576xf32>
  return %y : tensor<3x576xf32>
}

// -----

// Tests that the fused projections keep their format: one multi-GEMV with the norm inside, one SwiGLU GEMV,
// one GEMV with its epilogue.
// CHECK-LABEL: func.func @fused
// CHECK: kforge.gpu_kernels = ["rms_multi_gemv_1x64_32x64_q4_0"]
// CHECK: kforge.gpu_kernels = ["swiglu_gemv_1x96x64_f16"]
// CHECK: kforge.gpu_kernels = ["gemv_1x64x96_q8_0_add"]
func.func @fused(%x: tensor<1x64xf32>, %g: tensor<64xf32>, %wq: tensor<64x2x18xi8>, %wk: tensor<32x2x18xi8>, %wg: tensor<96x64x2xi8>, %wu: tensor<96x64x2xi8>, %wo: tensor<64x3x34xi8>, %r: tensor<1x64xf32>) -> (tensor<1x64xf32>, tensor<1x32xf32>, tensor<1x64xf32>) {
  %0:2 = "kforge.multi_linear"(%x, %g, %wq, %wk) {epsilon = 1.0e-5 : f32, operandSegmentSizes = array<i32: 1, 1, 1, 1, 0, 0>, resultSegmentSizes = array<i32: 1, 1, 0, 0>, weight_format = "q4_0"} : (tensor<1x64xf32>, tensor<64xf32>, tensor<64x2x18xi8>, tensor<32x2x18xi8>) -> (tensor<1x64xf32>, tensor<1x32xf32>)
  %1 = "kforge.swiglu_linear"(%x, %wg, %wu) {operandSegmentSizes = array<i32: 1, 0, 1, 1>, weight_format = "f16"} : (tensor<1x64xf32>, tensor<96x64x2xi8>, tensor<96x64x2xi8>) -> tensor<1x96xf32>
  %2 = "kforge.fused_linear"(%1, %wo, %r) {epilogue = "add", kind = "linear", operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0>, weight_format = "q8_0"} : (tensor<1x96xf32>, tensor<64x3x34xi8>, tensor<1x64xf32>) -> tensor<1x64xf32>
  return %0#0, %0#1, %2 : tensor<1x64xf32>, tensor<1x32xf32>, tensor<1x64xf32>
}
