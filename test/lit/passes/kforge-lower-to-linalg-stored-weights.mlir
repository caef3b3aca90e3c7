// RUN: kforge-opt %s --pass-pipeline='builtin.module(kforge-lower-to-linalg)' --split-input-file | FileCheck %s
// RUN: kforge-opt %s --lower-to-cpu --split-input-file | FileCheck %s --check-prefix=CPU

// Tests that a kforge.linear on a q4_1 weight calls the stored-format
// microkernel on the weight's bytes, the format's code (5) last, whatever
// linear-kernel says (the default here is loops).
// CHECK: func.func private @kforge_ukernel_linear_q(memref<?x?xf32>, memref<?x?x?xi8>, memref<?x?xf32>, i64) attributes {llvm.emit_c_interface}
// CHECK-LABEL: func.func @linear_q4_1
// CHECK-NOT: "kforge.
// CHECK: %[[FMT:.*]] = arith.constant 5 : i64
// CHECK: bufferization.to_buffer %arg1 read_only : tensor<4x2x20xi8> to memref<4x2x20xi8>
// CHECK: call @kforge_ukernel_linear_q(%{{.*}}, %{{.*}}, %{{.*}}, %[[FMT]]) : (memref<?x?xf32>, memref<?x?x?xi8>, memref<?x?xf32>, i64) -> ()
// CPU: llvm.call @_mlir_ciface_kforge_ukernel_linear_q(
func.func @linear_q4_1(%x: tensor<2x64xf32>, %w: tensor<4x2x20xi8>) -> tensor<2x4xf32> {
  %0 = "kforge.linear"(%x, %w) {weight_format = "q4_1"} : (tensor<2x64xf32>, tensor<4x2x20xi8>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

// Tests that a Q8_0 embedding table is gathered by its microkernel (code 3).
// CHECK-LABEL: func.func @embedding_q8_0
// CHECK: %[[FMT:.*]] = arith.constant 3 : i64
// CHECK: call @kforge_ukernel_embedding_q(%{{.*}}, %{{.*}}, %{{.*}}, %[[FMT]]) : (memref<?xi64>, memref<?x?x?xi8>, memref<?x?xf32>, i64) -> ()
func.func @embedding_q8_0(%ids: tensor<3xi64>, %table: tensor<10x2x34xi8>) -> tensor<3x64xf32> {
  %0 = "kforge.embedding"(%ids, %table) {weight_format = "q8_0"} : (tensor<3xi64>, tensor<10x2x34xi8>) -> tensor<3x64xf32>
  return %0 : tensor<3x64xf32>
}

// -----

// Tests that --lower-to-cpu fuses q4_1 projections of one input into one
// multi-linear call with the norm prologue, and gate/up into one SwiGLU call.
// CPU-DAG: llvm.call @_mlir_ciface_kforge_ukernel_multi_linear_q(
// CPU-DAG: llvm.call @_mlir_ciface_kforge_ukernel_swiglu_linear_q(
// CPU-NOT: kforge_ukernel_linear_f32
func.func @block_q4_1(%x: tensor<1x64xf32>, %g: tensor<64xf32>, %wq: tensor<64x2x20xi8>, %wk: tensor<32x2x20xi8>, %wg: tensor<96x2x20xi8>, %wu: tensor<96x2x20xi8>) -> (tensor<1x64xf32>, tensor<1x32xf32>, tensor<1x96xf32>) {
  %n = "kforge.rms_norm"(%x, %g) {epsilon = 1.0e-5 : f32} : (tensor<1x64xf32>, tensor<64xf32>) -> tensor<1x64xf32>
  %q = "kforge.linear"(%n, %wq) {weight_format = "q4_1"} : (tensor<1x64xf32>, tensor<64x2x20xi8>) -> tensor<1x64xf32>
  %k = "kforge.linear"(%n, %wk) {weight_format = "q4_1"} : (tensor<1x64xf32>, tensor<32x2x20xi8>) -> tensor<1x32xf32>
  %a = "kforge.linear"(%x, %wg) {weight_format = "q4_1"} : (tensor<1x64xf32>, tensor<96x2x20xi8>) -> tensor<1x96xf32>
  %b = "kforge.linear"(%x, %wu) {weight_format = "q4_1"} : (tensor<1x64xf32>, tensor<96x2x20xi8>) -> tensor<1x96xf32>
  %s = "kforge.silu"(%a) : (tensor<1x96xf32>) -> tensor<1x96xf32>
  %m = "kforge.mul"(%s, %b) : (tensor<1x96xf32>, tensor<1x96xf32>) -> tensor<1x96xf32>
  return %q, %k, %m : tensor<1x64xf32>, tensor<1x32xf32>, tensor<1x96xf32>
}

// -----

// Tests that a fused linear on a q4_1 weight (code 5) calls the stored-format
// epilogue microkernel: the residual as a [M, N] view, the steps, the format
// last; --lower-to-cpu fuses the add into it.
// CHECK-LABEL: func.func @fused_residual_q4_1
// CHECK: %[[STEPS:.*]] = arith.constant 1 : i64
// CHECK: %[[FMT:.*]] = arith.constant 5 : i64
// CHECK: call @kforge_ukernel_linear_epilogue_q({{.*}}, %[[STEPS]], %[[FMT]])
// CPU: llvm.call @_mlir_ciface_kforge_ukernel_linear_epilogue_q(
// CPU-NOT: kforge_ukernel_linear_q(
func.func @fused_residual_q4_1(%x: tensor<2x64xf32>, %w: tensor<8x2x20xi8>, %r: tensor<2x8xf32>) -> tensor<2x8xf32> {
  %0 = "kforge.fused_linear"(%x, %w, %r) {kind = "linear", epilogue = "add", weight_format = "q4_1", operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0>} : (tensor<2x64xf32>, tensor<8x2x20xi8>, tensor<2x8xf32>) -> tensor<2x8xf32>
  return %0 : tensor<2x8xf32>
}
