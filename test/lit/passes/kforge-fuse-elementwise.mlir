// RUN: kforge-opt %s --kforge-lower-to-linalg --kforge-fuse-elementwise --split-input-file | FileCheck %s
// RUN: kforge-opt %s --verify-each-numerics --split-input-file --kforge-fuse -o /dev/null

// Tests that a chain add(broadcast bias) → gelu → mul → silu becomes one
// linalg.generic that reads the three inputs, the bias through (d0, d1) -> (d1).
// CHECK-DAG: #[[ID:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[ROW:.*]] = affine_map<(d0, d1) -> (d1)>
// CHECK-LABEL: func.func @chain
// CHECK: %[[G:.*]] = linalg.generic {indexing_maps = [#[[ID]], #[[ROW]], #[[ID]], #[[ID]]], iterator_types = ["parallel", "parallel"]}
// CHECK-SAME: ins(%arg0, %arg1, %arg2 : tensor<4x8xf32>, tensor<8xf32>, tensor<4x8xf32>)
// CHECK: arith.addf
// CHECK: math.tanh
// CHECK: arith.mulf
// CHECK: math.exp
// CHECK: arith.divf
// CHECK: linalg.yield
// CHECK-NOT: linalg.generic
// CHECK: return %[[G]]
func.func @chain(%x: tensor<4x8xf32>, %b: tensor<8xf32>, %r: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %0 = "kforge.add"(%x, %b) : (tensor<4x8xf32>, tensor<8xf32>) -> tensor<4x8xf32>
  %1 = "kforge.gelu"(%0) {approximate = "tanh"} : (tensor<4x8xf32>) -> tensor<4x8xf32>
  %2 = "kforge.mul"(%1, %r) : (tensor<4x8xf32>, tensor<4x8xf32>) -> tensor<4x8xf32>
  %3 = "kforge.silu"(%2) : (tensor<4x8xf32>) -> tensor<4x8xf32>
  return %3 : tensor<4x8xf32>
}

// -----

// Tests that a producer with two uses is not fused (it would be computed twice):
// silu stays its own generic, both muls read it, and each mul takes nothing more.
// CHECK-LABEL: func.func @shared_producer
// CHECK: %[[S:.*]] = linalg.generic
// CHECK: math.exp
// CHECK: %[[A:.*]] = linalg.generic {{.*}} ins(%[[S]], %arg1 : tensor<8xf32>, tensor<8xf32>)
// CHECK: %[[B:.*]] = linalg.generic {{.*}} ins(%[[S]], %arg2 : tensor<8xf32>, tensor<8xf32>)
// CHECK: return %[[A]], %[[B]]
func.func @shared_producer(%x: tensor<8xf32>, %y: tensor<8xf32>, %z: tensor<8xf32>) -> (tensor<8xf32>, tensor<8xf32>) {
  %0 = "kforge.silu"(%x) : (tensor<8xf32>) -> tensor<8xf32>
  %1 = "kforge.mul"(%0, %y) : (tensor<8xf32>, tensor<8xf32>) -> tensor<8xf32>
  %2 = "kforge.mul"(%0, %z) : (tensor<8xf32>, tensor<8xf32>) -> tensor<8xf32>
  return %1, %2 : tensor<8xf32>, tensor<8xf32>
}

// -----

// Tests that a reduction producer (softmax's normalization reads two
// reductions) is not merged into its elementwise consumer's loop nest as a
// reduction: the reductions stay, and only the elementwise tail fuses.
// CHECK-LABEL: func.func @after_reduction
// CHECK: iterator_types = ["parallel", "reduction"]
// CHECK: iterator_types = ["parallel", "reduction"]
// CHECK: %[[T:.*]] = linalg.generic {{.*}}iterator_types = ["parallel", "parallel"]
// CHECK: math.exp
// CHECK: arith.divf
// CHECK: arith.addf
// CHECK-NOT: linalg.generic
// CHECK: return %[[T]]
func.func @after_reduction(%x: tensor<2x8xf32>, %b: tensor<2x8xf32>) -> tensor<2x8xf32> {
  %0 = "kforge.softmax"(%x) {axis = 1 : i64} : (tensor<2x8xf32>) -> tensor<2x8xf32>
  %1 = "kforge.add"(%0, %b) : (tensor<2x8xf32>, tensor<2x8xf32>) -> tensor<2x8xf32>
  return %1 : tensor<2x8xf32>
}

// -----

// Tests that a matmul (a named contraction) does not absorb its consumer:
// the bias add stays a generic after linalg.matmul (--kforge-fuse-epilogue is
// the pass that fuses epilogues, at the kforge level).
// CHECK-LABEL: func.func @matmul_then_add
// CHECK: %[[MM:.*]] = linalg.matmul
// CHECK: linalg.generic {{.*}} ins(%[[MM]], %arg2 : tensor<2x4xf32>, tensor<4xf32>)
func.func @matmul_then_add(%a: tensor<2x3xf32>, %b: tensor<3x4xf32>, %c: tensor<4xf32>) -> tensor<2x4xf32> {
  %0 = "kforge.matmul"(%a, %b) : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
  %1 = "kforge.add"(%0, %c) : (tensor<2x4xf32>, tensor<4xf32>) -> tensor<2x4xf32>
  return %1 : tensor<2x4xf32>
}
