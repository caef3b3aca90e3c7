// RUN: kforge-opt %s --pass-pipeline='builtin.module(kforge-lower-to-linalg{linear-kernel=ukernel matmul-kernel=ukernel})' --split-input-file | FileCheck %s
// RUN: kforge-opt %s --pass-pipeline='builtin.module(kforge-lower-to-linalg{linear-kernel=ukernel})' --split-input-file | FileCheck %s --check-prefix=LOOPS
// RUN: kforge-opt %s --lower-to-cpu --split-input-file | FileCheck %s --check-prefix=CPU

// Tests that with linear-kernel=ukernel an f32 kforge.linear becomes a call to
// the runtime's microkernel on 2-D buffers, declared once in the module.
// CHECK: func.func private @kforge_ukernel_linear_f32(memref<?x?xf32>, memref<?x?xf32>, memref<?x?xf32>) attributes {llvm.emit_c_interface}
// CHECK-LABEL: func.func @linear
// CHECK-NOT: "kforge.
// CHECK-DAG: %[[X:.*]] = bufferization.to_buffer %arg0 read_only : tensor<2x8xf32> to memref<2x8xf32>
// CHECK-DAG: %[[W:.*]] = bufferization.to_buffer %arg1 read_only : tensor<4x8xf32> to memref<4x8xf32>
// CHECK: %[[OUT:.*]] = memref.alloc() {alignment = 64 : i64} : memref<2x4xf32>
// CHECK: call @kforge_ukernel_linear_f32(%{{.*}}, %{{.*}}, %{{.*}}) : (memref<?x?xf32>, memref<?x?xf32>, memref<?x?xf32>) -> ()
// CHECK: %[[Y:.*]] = bufferization.to_tensor %[[OUT]] restrict writable : memref<2x4xf32> to tensor<2x4xf32>
// CHECK: return %[[Y]]
func.func @linear(%x: tensor<2x8xf32>, %w: tensor<4x8xf32>) -> tensor<2x4xf32> {
  %0 = "kforge.linear"(%x, %w) : (tensor<2x8xf32>, tensor<4x8xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

// Tests that a rank-3 input is collapsed to 2-D for the microkernel, the result
// expanded back, and the bias added by a generic afterwards.
// CHECK-LABEL: func.func @linear_rank3_bias
// CHECK: tensor.collapse_shape %arg0 {{\[}}[0, 1], [2]] : tensor<2x3x8xf32> into tensor<6x8xf32>
// CHECK: call @kforge_ukernel_linear_f32
// CHECK: %[[E:.*]] = tensor.expand_shape %{{.*}} {{\[}}[0, 1], [2]] output_shape [2, 3, 4] : tensor<6x4xf32> into tensor<2x3x4xf32>
// CHECK: linalg.generic
// CHECK-SAME: ins(%[[E]], %arg2 : tensor<2x3x4xf32>, tensor<4xf32>)
// CHECK: arith.addf
func.func @linear_rank3_bias(%x: tensor<2x3x8xf32>, %w: tensor<4x8xf32>, %b: tensor<4xf32>) -> tensor<2x3x4xf32> {
  %0 = "kforge.linear"(%x, %w, %b) : (tensor<2x3x8xf32>, tensor<4x8xf32>, tensor<4xf32>) -> tensor<2x3x4xf32>
  return %0 : tensor<2x3x4xf32>
}

// -----

// Tests that a dynamic row count sizes the output buffer with tensor.dim.
// CHECK-LABEL: func.func @linear_dynamic
// CHECK: %[[DIM:.*]] = tensor.dim %arg0, %{{.*}} : tensor<?x8xf32>
// CHECK: memref.alloc(%[[DIM]]) {alignment = 64 : i64} : memref<?x4xf32>
// CHECK: call @kforge_ukernel_linear_f32
func.func @linear_dynamic(%x: tensor<?x8xf32>, %w: tensor<4x8xf32>) -> tensor<?x4xf32> {
  %0 = "kforge.linear"(%x, %w) : (tensor<?x8xf32>, tensor<4x8xf32>) -> tensor<?x4xf32>
  return %0 : tensor<?x4xf32>
}

// -----

// Tests that the microkernel is f32-only: a bf16 linear keeps the loop lowering.
// CHECK-LABEL: func.func @linear_bf16
// CHECK-NOT: call @kforge_ukernel_linear_f32
// CHECK: linalg.generic
// CHECK-SAME: iterator_types = ["parallel", "parallel", "reduction"]
// CHECK-NOT: call @kforge_ukernel_linear_f32
// CHECK: return
func.func @linear_bf16(%x: tensor<2x8xbf16>, %w: tensor<4x8xbf16>) -> tensor<2x4xbf16> {
  %0 = "kforge.linear"(%x, %w) : (tensor<2x8xbf16>, tensor<4x8xbf16>) -> tensor<2x4xbf16>
  return %0 : tensor<2x4xbf16>
}

// -----

// Tests that a swiglu kforge.mlp calls the SwiGLU microkernel once for its
// gate/up half and the linear microkernel for its down projection.
// CHECK-DAG: func.func private @kforge_ukernel_linear_f32
// CHECK-DAG: func.func private @kforge_ukernel_swiglu_linear_f32
// CHECK-LABEL: func.func @mlp
// CHECK: call @kforge_ukernel_swiglu_linear_f32
// CHECK: call @kforge_ukernel_linear_f32
// CHECK-NOT: call @kforge_ukernel
// CHECK: return
func.func @mlp(%x: tensor<2x8xf32>, %g: tensor<16x8xf32>, %u: tensor<16x8xf32>, %d: tensor<8x16xf32>) -> tensor<2x8xf32> {
  %0 = "kforge.mlp"(%x, %g, %u, %d) {activation = "swiglu"} : (tensor<2x8xf32>, tensor<16x8xf32>, tensor<16x8xf32>, tensor<8x16xf32>) -> tensor<2x8xf32>
  return %0 : tensor<2x8xf32>
}

// -----

// Tests that attention with a KV cache becomes one call to the attention
// microkernel over the filled rows of the caches, read in place.
// CHECK-LABEL: func.func @cached_attention
// CHECK: tensor.insert_slice
// CHECK: tensor.extract_slice
// CHECK: bufferization.to_buffer {{.*}} read_only : tensor<?x2x8xf32> to memref<?x2x8xf32, strided<[?, ?, ?], offset: ?>>
// CHECK: call @kforge_ukernel_attention_f32
// CHECK-NOT: linalg.generic
// CHECK: return
func.func @cached_attention(%q: tensor<1x4x8xf32>, %k: tensor<1x2x8xf32>, %v: tensor<1x2x8xf32>, %kc: tensor<?x2x8xf32>, %vc: tensor<?x2x8xf32>, %p: tensor<i64>) -> (tensor<1x4x8xf32>, tensor<?x2x8xf32>, tensor<?x2x8xf32>) {
  %o, %kc2, %vc2 = "kforge.attention"(%q, %k, %v, %kc, %vc, %p) {causal = true, scale = 0.35 : f32, operandSegmentSizes = array<i32: 1, 1, 1, 1, 1, 1>} : (tensor<1x4x8xf32>, tensor<1x2x8xf32>, tensor<1x2x8xf32>, tensor<?x2x8xf32>, tensor<?x2x8xf32>, tensor<i64>) -> (tensor<1x4x8xf32>, tensor<?x2x8xf32>, tensor<?x2x8xf32>)
  return %o, %kc2, %vc2 : tensor<1x4x8xf32>, tensor<?x2x8xf32>, tensor<?x2x8xf32>
}

// -----

// Tests that with matmul-kernel=ukernel an f32 kforge.matmul becomes a call to
// the matmul microkernel on buffers, that without it (LOOPS) it stays a
// linalg.matmul, and that --lower-to-cpu calls the microkernel (CPU).
// CHECK: func.func private @kforge_ukernel_matmul_f32(memref<?x?xf32>, memref<?x?xf32>, memref<?x?xf32>) attributes {llvm.emit_c_interface}
// CHECK-LABEL: func.func @matmul
// CHECK-NOT: linalg.matmul
// CHECK-DAG: %[[A:.*]] = bufferization.to_buffer %arg0 read_only : tensor<2x8xf32> to memref<2x8xf32>
// CHECK-DAG: %[[B:.*]] = bufferization.to_buffer %arg1 read_only : tensor<8x4xf32> to memref<8x4xf32>
// CHECK: %[[OUT:.*]] = memref.alloc() {alignment = 64 : i64} : memref<2x4xf32>
// CHECK-DAG: %[[A1:.*]] = memref.cast %[[A]] : memref<2x8xf32> to memref<?x?xf32>
// CHECK-DAG: %[[B1:.*]] = memref.cast %[[B]] : memref<8x4xf32> to memref<?x?xf32>
// CHECK-DAG: %[[OUT1:.*]] = memref.cast %[[OUT]] : memref<2x4xf32> to memref<?x?xf32>
// CHECK: call @kforge_ukernel_matmul_f32(%[[A1]], %[[B1]], %[[OUT1]]) : (memref<?x?xf32>, memref<?x?xf32>, memref<?x?xf32>) -> ()
// CHECK: %[[Y:.*]] = bufferization.to_tensor %[[OUT]] restrict writable : memref<2x4xf32> to tensor<2x4xf32>
// CHECK: return %[[Y]]
// LOOPS-LABEL: func.func @matmul
// LOOPS-NOT: call @kforge_ukernel_matmul_f32
// LOOPS: linalg.matmul
// CPU: llvm.func private @kforge_ukernel_matmul_f32(
// CPU: llvm.call @_mlir_ciface_kforge_ukernel_matmul_f32(
// CPU-LABEL: llvm.func @matmul(
// CPU: llvm.call @kforge_ukernel_matmul_f32(
func.func @matmul(%a: tensor<2x8xf32>, %b: tensor<8x4xf32>) -> tensor<2x4xf32> {
  %0 = "kforge.matmul"(%a, %b) : (tensor<2x8xf32>, tensor<8x4xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

// Tests that dynamic dims of a matmul's output size its buffer with tensor.dim
// of the operand they come from (rows of a, columns of b).
// CHECK-LABEL: func.func @matmul_dynamic
// CHECK-DAG: %[[M:.*]] = tensor.dim %arg0, %{{.*}} : tensor<?x8xf32>
// CHECK-DAG: %[[N:.*]] = tensor.dim %arg1, %{{.*}} : tensor<8x?xf32>
// CHECK: memref.alloc(%[[M]], %[[N]]) {alignment = 64 : i64} : memref<?x?xf32>
// CHECK: call @kforge_ukernel_matmul_f32
// CHECK: bufferization.to_tensor {{.*}} : memref<?x?xf32> to tensor<?x?xf32>
func.func @matmul_dynamic(%a: tensor<?x8xf32>, %b: tensor<8x?xf32>) -> tensor<?x?xf32> {
  %0 = "kforge.matmul"(%a, %b) : (tensor<?x8xf32>, tensor<8x?xf32>) -> tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}

// -----

// Tests that an f32 kforge.batch_matmul becomes one call to the batched
// microkernel on rank-3 buffers.
// CHECK: func.func private @kforge_ukernel_batch_matmul_f32(memref<?x?x?xf32>, memref<?x?x?xf32>, memref<?x?x?xf32>) attributes {llvm.emit_c_interface}
// CHECK-LABEL: func.func @batch_matmul
// CHECK-NOT: linalg.batch_matmul
// CHECK: memref.alloc() {alignment = 64 : i64} : memref<2x3x4xf32>
// CHECK: call @kforge_ukernel_batch_matmul_f32(%{{.*}}, %{{.*}}, %{{.*}}) : (memref<?x?x?xf32>, memref<?x?x?xf32>, memref<?x?x?xf32>) -> ()
// CHECK: bufferization.to_tensor {{.*}} restrict writable : memref<2x3x4xf32> to tensor<2x3x4xf32>
// LOOPS-LABEL: func.func @batch_matmul
// LOOPS: linalg.batch_matmul
// CPU: llvm.func private @kforge_ukernel_batch_matmul_f32(
// CPU: llvm.call @_mlir_ciface_kforge_ukernel_batch_matmul_f32(
// CPU-LABEL: llvm.func @batch_matmul(
// CPU: llvm.call @kforge_ukernel_batch_matmul_f32(
func.func @batch_matmul(%a: tensor<2x3x8xf32>, %b: tensor<2x8x4xf32>) -> tensor<2x3x4xf32> {
  %0 = "kforge.batch_matmul"(%a, %b) : (tensor<2x3x8xf32>, tensor<2x8x4xf32>) -> tensor<2x3x4xf32>
  return %0 : tensor<2x3x4xf32>
}

// -----

// Tests that the matmul microkernel is f32-only: a bf16 matmul keeps linalg.matmul.
// CHECK-LABEL: func.func @matmul_bf16
// CHECK-NOT: call @kforge_ukernel_matmul_f32
// CHECK: linalg.matmul
// CHECK: return
func.func @matmul_bf16(%a: tensor<2x8xbf16>, %b: tensor<8x4xbf16>) -> tensor<2x4xbf16> {
  %0 = "kforge.matmul"(%a, %b) : (tensor<2x8xbf16>, tensor<8x4xbf16>) -> tensor<2x4xbf16>
  return %0 : tensor<2x4xbf16>
}

// -----

// Tests that an f32 linear kforge.fused_linear becomes one call to the linear
// epilogue microkernel: each epilogue operand a strided [M, N] view of its
// buffer (bias [0, 1], residual [N, 1], scalar [0, 0]), the unused fourth a
// zero-sized view of x, the steps encoded 4 bits each (add 1, gelu 4, add 1,
// mul 2 → 0x2141 = 8513), and no generic after the call.
// CHECK: func.func private @kforge_ukernel_linear_epilogue_f32(memref<?x?xf32>, memref<?x?xf32>, memref<?x?xf32>, memref<?x?xf32, strided<[?, ?], offset: ?>>, memref<?x?xf32, strided<[?, ?], offset: ?>>, memref<?x?xf32, strided<[?, ?], offset: ?>>, memref<?x?xf32, strided<[?, ?], offset: ?>>, i64) attributes {llvm.emit_c_interface}
// CHECK-LABEL: func.func @fused_linear_epilogue
// CHECK-NOT: "kforge.
// CHECK-DAG: %[[M:.*]] = arith.constant 4 : index
// CHECK-DAG: %[[N:.*]] = arith.constant 6 : index
// CHECK-DAG: %[[C0:.*]] = arith.constant 0 : index
// CHECK-DAG: %[[C1:.*]] = arith.constant 1 : index
// CHECK: %[[BB:.*]] = bufferization.to_buffer %arg2 read_only : tensor<6xf32> to memref<6xf32>
// CHECK: %[[B:.*]] = memref.reinterpret_cast %[[BB]] to offset: [%[[C0]]], sizes: [%[[M]], %[[N]]], strides: [%[[C0]], %[[C1]]] : memref<6xf32> to memref<?x?xf32, strided<[?, ?], offset: ?>>
// CHECK: %[[RB:.*]] = bufferization.to_buffer %arg3 read_only : tensor<4x6xf32> to memref<4x6xf32>
// CHECK: %[[R:.*]] = memref.reinterpret_cast %[[RB]] to offset: [%[[C0]]], sizes: [%[[M]], %[[N]]], strides: [%[[N]], %[[C1]]]
// CHECK: %[[SB:.*]] = bufferization.to_buffer %arg4 read_only : tensor<1xf32> to memref<1xf32>
// CHECK: %[[S:.*]] = memref.reinterpret_cast %[[SB]] to offset: [%[[C0]]], sizes: [%[[M]], %[[N]]], strides: [%[[C0]], %[[C0]]]
// CHECK: %[[U:.*]] = memref.reinterpret_cast %{{.*}} to offset: [%[[C0]]], sizes: [%[[C0]], %[[C0]]], strides: [%[[C0]], %[[C0]]] : memref<4x8xf32>
// CHECK: %[[STEPS:.*]] = arith.constant 8513 : i64
// CHECK: %[[OUT:.*]] = memref.alloc() {alignment = 64 : i64} : memref<4x6xf32>
// CHECK: call @kforge_ukernel_linear_epilogue_f32(%{{.*}}, %{{.*}}, %{{.*}}, %[[B]], %[[R]], %[[S]], %[[U]], %[[STEPS]])
// CHECK-NOT: linalg.generic
// CHECK: %[[Y:.*]] = bufferization.to_tensor %[[OUT]] restrict writable : memref<4x6xf32> to tensor<4x6xf32>
// CHECK: return %[[Y]]
// CPU: llvm.func private @kforge_ukernel_linear_epilogue_f32(
// CPU: llvm.call @_mlir_ciface_kforge_ukernel_linear_epilogue_f32(
// CPU-LABEL: llvm.func @fused_linear_epilogue(
// CPU: llvm.call @kforge_ukernel_linear_epilogue_f32(
func.func @fused_linear_epilogue(%x: tensor<4x8xf32>, %w: tensor<6x8xf32>, %b: tensor<6xf32>, %r: tensor<4x6xf32>, %s: tensor<1xf32>) -> tensor<4x6xf32> {
  %0 = "kforge.fused_linear"(%x, %w, %b, %r, %s) {epilogue = "add,gelu,add,mul", kind = "linear", operandSegmentSizes = array<i32: 1, 1, 1, 1, 1, 0>} : (tensor<4x8xf32>, tensor<6x8xf32>, tensor<6xf32>, tensor<4x6xf32>, tensor<1xf32>) -> tensor<4x6xf32>
  return %0 : tensor<4x6xf32>
}

// -----

// Tests that a rank-3 fused_linear flattens its leading dims for the call: a
// residual [2, 3, N] is read with row stride N, a per-row scale [2, 3, 1] with
// strides [1, 0] (steps mul 2, add 1 → 0x12 = 18).
// CHECK-LABEL: func.func @fused_linear_rank3
// CHECK: %[[X2:.*]] = tensor.collapse_shape %arg0 {{\[}}[0, 1], [2]] : tensor<2x3x8xf32> into tensor<6x8xf32>
// CHECK: memref.reinterpret_cast {{.*}} strides: [%[[N:[a-z0-9_]+]], %[[C1:[a-z0-9_]+]]] : memref<2x3x4xf32> to
// CHECK: memref.reinterpret_cast {{.*}} strides: [%[[C1]], %{{[a-z0-9_]+}}] : memref<2x3x1xf32> to
// CHECK: arith.constant 18 : i64
// CHECK: call @kforge_ukernel_linear_epilogue_f32
// CHECK: tensor.expand_shape %{{.*}} {{\[}}[0, 1], [2]] output_shape [2, 3, 4] : tensor<6x4xf32> into tensor<2x3x4xf32>
// CHECK-NOT: linalg.generic
func.func @fused_linear_rank3(%x: tensor<2x3x8xf32>, %w: tensor<4x8xf32>, %r: tensor<2x3x4xf32>, %s: tensor<2x3x1xf32>) -> tensor<2x3x4xf32> {
  %0 = "kforge.fused_linear"(%x, %w, %r, %s) {epilogue = "mul,add", kind = "linear", operandSegmentSizes = array<i32: 1, 1, 1, 1, 0, 0>} : (tensor<2x3x8xf32>, tensor<4x8xf32>, tensor<2x3x4xf32>, tensor<2x3x1xf32>) -> tensor<2x3x4xf32>
  return %0 : tensor<2x3x4xf32>
}

// -----

// Tests that an operand no single row stride reads ([3, N] under a [2, 3, N]
// result), and a matmul fused_linear, keep the contraction's own call
// followed by the in-place epilogue generic.
// CHECK-LABEL: func.func @fused_linear_fallbacks
// CHECK-NOT: kforge_ukernel_linear_epilogue_f32
// CHECK: call @kforge_ukernel_linear_f32
// CHECK: linalg.generic
// CHECK: call @kforge_ukernel_matmul_f32
// CHECK: linalg.generic
// CHECK: math.exp
// CHECK-NOT: kforge_ukernel_linear_epilogue_f32
// CHECK: return
func.func @fused_linear_fallbacks(%x: tensor<2x3x8xf32>, %w: tensor<4x8xf32>, %r: tensor<3x4xf32>, %a: tensor<4x8xf32>, %b: tensor<8x4xf32>) -> (tensor<2x3x4xf32>, tensor<4x4xf32>) {
  %0 = "kforge.fused_linear"(%x, %w, %r) {epilogue = "add", kind = "linear", operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0>} : (tensor<2x3x8xf32>, tensor<4x8xf32>, tensor<3x4xf32>) -> tensor<2x3x4xf32>
  %1 = "kforge.fused_linear"(%a, %b) {epilogue = "silu", kind = "matmul", operandSegmentSizes = array<i32: 1, 1, 0, 0, 0, 0>} : (tensor<4x8xf32>, tensor<8x4xf32>) -> tensor<4x4xf32>
  return %0, %1 : tensor<2x3x4xf32>, tensor<4x4xf32>
}
