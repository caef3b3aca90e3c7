// Fixed bug: `--lower-to-cpu-tiled` and `--kforge-tile-contractions` alone
// crashed (SIGSEGV inside MLIR's transform interpreter) on any contraction
// with a reduction of static size 0 (K = 0): the pass tiled and vectorized a
// zero-trip loop. Such a product is valid and its result is the zero-filled
// initial value; the pass now leaves contractions with a loop of static size 0
// untiled (their loops run zero times).
// RUN: kforge-opt %s --split-input-file --kforge-tile-contractions | FileCheck %s --check-prefix=PASS
// RUN: kforge-opt %s --split-input-file --lower-to-cpu-tiled | FileCheck %s --check-prefix=LLVM
// RUN: kforge-opt %S/Inputs/tile-contractions-zero-k-run.mlir --lower-to-cpu-tiled | %mlir-runner -e main -entry-point-result=void -shared-libs=%mlir-runner-utils,%mlir-c-runner-utils | FileCheck %s --check-prefix=ZEROS

// Tests that a matmul with K = 0 is left untiled, and the other contraction
// of the function still tiled.
// PASS-LABEL: func.func @matmul_zero_k(
// PASS: linalg.matmul ins({{.*}} : tensor<4x0xf32>, tensor<0x8xf32>)
// PASS: vector.fma
// PASS-NOT: kforge.tile
// LLVM-LABEL: llvm.func @matmul_zero_k(
func.func @matmul_zero_k(%a: tensor<4x0xf32>, %b: tensor<0x8xf32>, %c: tensor<4x8xf32>, %x: tensor<4x3xf32>, %y: tensor<3x8xf32>) -> (tensor<4x8xf32>, tensor<4x8xf32>) {
  %r = linalg.matmul ins(%a, %b : tensor<4x0xf32>, tensor<0x8xf32>) outs(%c : tensor<4x8xf32>) -> tensor<4x8xf32>
  %s = linalg.matmul ins(%x, %y : tensor<4x3xf32>, tensor<3x8xf32>) outs(%c : tensor<4x8xf32>) -> tensor<4x8xf32>
  return %r, %s : tensor<4x8xf32>, tensor<4x8xf32>
}

// -----

// Tests that the dot form (a projection, `C += A·Bᵀ`) with K = 0 is left
// untiled, through the pass and through the pipeline from kforge.linear.
// PASS-LABEL: func.func @dot_zero_k(
// PASS: linalg.generic
// PASS-NOT: vector.
// LLVM-LABEL: llvm.func @dot_zero_k(
func.func @dot_zero_k(%x: tensor<5x0xf32>, %w: tensor<7x0xf32>, %c: tensor<5x7xf32>) -> tensor<5x7xf32> {
  %y = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d2)>, affine_map<(d0, d1, d2) -> (d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1)>], iterator_types = ["parallel", "parallel", "reduction"]} ins(%x, %w : tensor<5x0xf32>, tensor<7x0xf32>) outs(%c : tensor<5x7xf32>) {
  ^bb0(%a: f32, %b: f32, %acc: f32):
    %p = arith.mulf %a, %b : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  } -> tensor<5x7xf32>
  return %y : tensor<5x7xf32>
}
// LLVM-LABEL: llvm.func @linear_zero_k(
func.func @linear_zero_k(%x: tensor<5x0xf32>, %w: tensor<7x0xf32>) -> tensor<5x7xf32> {
  %y = "kforge.linear"(%x, %w) : (tensor<5x0xf32>, tensor<7x0xf32>) -> tensor<5x7xf32>
  return %y : tensor<5x7xf32>
}

// -----

// Tests that zero M, N and batch sizes compile too.
// LLVM-LABEL: llvm.func @zero_m_n_batch(
func.func @zero_m_n_batch(%a: tensor<0x5xf32>, %b: tensor<5x8xf32>, %c: tensor<4x5xf32>, %d: tensor<5x0xf32>, %e: tensor<0x2x3xf32>, %f: tensor<0x3x4xf32>) -> (tensor<0x8xf32>, tensor<4x0xf32>, tensor<0x2x4xf32>) {
  %m = "kforge.matmul"(%a, %b) : (tensor<0x5xf32>, tensor<5x8xf32>) -> tensor<0x8xf32>
  %n = "kforge.matmul"(%c, %d) : (tensor<4x5xf32>, tensor<5x0xf32>) -> tensor<4x0xf32>
  %g = "kforge.batch_matmul"(%e, %f) : (tensor<0x2x3xf32>, tensor<0x3x4xf32>) -> tensor<0x2x4xf32>
  return %m, %n, %g : tensor<0x8xf32>, tensor<4x0xf32>, tensor<0x2x4xf32>
}

// The run (Inputs/tile-contractions-zero-k-run.mlir): matmul, linear and batch
// matmul with K = 0 give zeros.
// ZEROS: sizes = [2, 3]
// ZEROS-NEXT: {{\[\[}}0, 0, 0],
// ZEROS-NEXT: [0, 0, 0]]
// ZEROS: sizes = [2, 3]
// ZEROS-NEXT: {{\[\[}}0, 0, 0],
// ZEROS-NEXT: [0, 0, 0]]
// ZEROS: sizes = [2, 3]
// ZEROS-NEXT: {{\[\[}}0, 0, 0],
// ZEROS-NEXT: [0, 0, 0]]
