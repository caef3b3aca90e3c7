// RUN: kforge-opt %s --lower-to-cpu-tiled --split-input-file | FileCheck %s --check-prefix=ONLY-LLVM
// RUN: kforge-opt %s --lower-to-cpu-tiled --split-input-file | %mlir-translate --mlir-to-llvmir --split-input-file | FileCheck %s

// The whole output is LLVM dialect: no op of any other dialect survives.
// ONLY-LLVM-NOT: linalg.
// ONLY-LLVM-NOT: tensor.
// ONLY-LLVM-NOT: "kforge.
// ONLY-LLVM-NOT: {{^ *(%[^ ]+ = )?(arith|math|memref|scf|cf|func|affine|bufferization|vector|index|async|ub)\.}}
// ONLY-LLVM-NOT: builtin.unrealized_conversion_cast

// Tests that the tiled strategy compiles a matmul to 16-lane fused
// multiply-adds (AVX-512 after instruction selection), runs its cache tiles as
// tasks of the async runtime (no microkernel call), and masks the partial tiles.
// CHECK-NOT: kforge_ukernel
// CHECK-LABEL: define {{.*}} @matmul(
// CHECK: call void @mlirAsyncRuntimeAwaitAllInGroup(
// CHECK-LABEL: define void @_mlir_ciface_matmul(
// CHECK-LABEL: define void @parallel_compute_fn(
// CHECK-DAG: @llvm.fmuladd.v{{[0-9]+}}f32(
// CHECK-DAG: @llvm.masked.load.v{{[0-9]+}}f32.p0(
// CHECK-LABEL: define ptr @async_execute_fn(
// CHECK: call void @mlirAsyncRuntimeExecute(
func.func @matmul(%a: tensor<100x33xf32>, %b: tensor<33x70xf32>) -> tensor<100x70xf32> {
  %y = "kforge.matmul"(%a, %b) : (tensor<100x33xf32>, tensor<33x70xf32>) -> tensor<100x70xf32>
  return %y : tensor<100x70xf32>
}

// -----

// Tests that projections, batch matmuls and attention lower without
// microkernel calls too.
// CHECK-NOT: kforge_ukernel
// CHECK-LABEL: define {{.*}} @block(
// CHECK-LABEL: define void @_mlir_ciface_block(
// CHECK-LABEL: define void @parallel_compute_fn(
// CHECK: @llvm.vp.reduce.fadd.v16f32(
func.func @block(%x: tensor<5x24xf32>, %w: tensor<40x24xf32>, %q: tensor<5x4x8xf32>, %k: tensor<7x2x8xf32>, %a: tensor<2x5x9xf32>, %b: tensor<2x9x3xf32>) -> (tensor<5x40xf32>, tensor<5x4x8xf32>, tensor<2x5x3xf32>) {
  %y = "kforge.linear"(%x, %w) : (tensor<5x24xf32>, tensor<40x24xf32>) -> tensor<5x40xf32>
  %o = "kforge.attention"(%q, %k, %k) {causal = true, scale = 0.35 : f32, operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0>} : (tensor<5x4x8xf32>, tensor<7x2x8xf32>, tensor<7x2x8xf32>) -> tensor<5x4x8xf32>
  %c = "kforge.batch_matmul"(%a, %b) : (tensor<2x5x9xf32>, tensor<2x9x3xf32>) -> tensor<2x5x3xf32>
  return %y, %o, %c : tensor<5x40xf32>, tensor<5x4x8xf32>, tensor<2x5x3xf32>
}
