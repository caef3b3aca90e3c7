// RUN: kforge-opt %s --kforge-tile-gpu --split-input-file | FileCheck %s
// RUN: kforge-opt %s --pass-pipeline='builtin.module(kforge-tile-gpu{tile=32x64x16_4x8})' --split-input-file | FileCheck %s --check-prefix=FORCED
// RUN: not kforge-opt %s --pass-pipeline='builtin.module(kforge-tile-gpu{tile=256x256x8_8x8})' 2>&1 | FileCheck %s --check-prefix=BAD

// Tests that each product gets the tile of its shape: 64x128x16 with 8x8 per thread where 128x128 tiles would be
// 64 workgroups or more, 64x64 with 4x4 per thread below; a one-row projection is a GEMV and gets no tile.
// CHECK-LABEL: func.func @per_shape
// CHECK: "kforge.matmul"(%arg0, %arg1) {kforge.gpu_tiles = ["64x128x16_8x8"]}
// CHECK: "kforge.linear"(%arg2, %arg3) {kforge.gpu_tiles = ["64x64x16_4x4"]}
// CHECK: "kforge.linear"(%arg4, %arg3) :
// FORCED-LABEL: func.func @per_shape
// FORCED: "kforge.matmul"(%arg0, %arg1) {kforge.gpu_tiles = ["32x64x16_4x8"]}
// FORCED: "kforge.linear"(%arg2, %arg3) {kforge.gpu_tiles = ["32x64x16_4x8"]}
// FORCED: "kforge.linear"(%arg4, %arg3) :
// BAD: kforge-opt: error: invalid pass pipeline 'builtin.module(kforge-tile-gpu{tile=256x256x8_8x8})': tile '256x256x8_8x8': 1024 threads per workgroup (expected 64 to 256)
func.func @per_shape(%a: tensor<1024x512xf32>, %b: tensor<512x1024xf32>, %x: tensor<64x576xf32>, %w: tensor<1536x576xf32>, %x1: tensor<1x576xf32>) -> (tensor<1024x1024xf32>, tensor<64x1536xf32>, tensor<1x1536xf32>) {
  %c = "kforge.matmul"(%a, %b) : (tensor<1024x512xf32>, tensor<512x1024xf32>) -> tensor<1024x1024xf32>
  %y = "kforge.linear"(%x, %w) : (tensor<64x576xf32>, tensor<1536x576xf32>) -> tensor<64x1536xf32>
  %y1 = "kforge.linear"(%x1, %w) : (tensor<1x576xf32>, tensor<1536x576xf32>) -> tensor<1x1536xf32>
  return %c, %y, %y1 : tensor<1024x1024xf32>, tensor<64x1536xf32>, tensor<1x1536xf32>
}

// -----

// Tests that a tile already on the op (chosen by hand or by the autotuner) is kept, and that the option overrides it.
// CHECK-LABEL: func.func @kept
// CHECK: kforge.gpu_tiles = ["128x64x16_8x8"]
// FORCED-LABEL: func.func @kept
// FORCED: kforge.gpu_tiles = ["32x64x16_4x8"]
func.func @kept(%a: tensor<2x64x96xf32>, %b: tensor<2x96x80xf32>) -> tensor<2x64x80xf32> {
  %c = "kforge.batch_matmul"(%a, %b) {kforge.gpu_tiles = ["128x64x16_8x8"]} : (tensor<2x64x96xf32>, tensor<2x96x80xf32>) -> tensor<2x64x80xf32>
  return %c : tensor<2x64x80xf32>
}

// -----

// Tests that an MLP of many rows gets one tile per projection kernel (gate, up, down), in plan order.
// CHECK-LABEL: func.func @mlp
// CHECK: kforge.gpu_tiles = ["64x64x16_4x4", "64x64x16_4x4", "64x64x16_4x4"]
func.func @mlp(%x: tensor<64x576xf32>, %wg: tensor<1536x576xf32>, %wu: tensor<1536x576xf32>, %wd: tensor<576x1536xf32>) -> tensor<64x576xf32> {
  %y = "kforge.mlp"(%x, %wg, %wu, %wd) {activation = "swiglu"} : (tensor<64x576xf32>, tensor<1536x576xf32>, tensor<1536x576xf32>, tensor<576x1536xf32>) -> tensor<64x576xf32>
  return %y : tensor<64x576xf32>
}
