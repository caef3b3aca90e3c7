// RUN: kforge-opt %s --pass-pipeline='builtin.module(kforge-tile-contractions{tile-sizes=64,256,256 vector-sizes=8,32 dot-sizes=4,4,16})' --split-input-file | FileCheck %s
// The defaults are the target's register tiles (vector-sizes=native
// dot-sizes=native); KFORGE_ISA=portable pins the target on every machine:
// 4 rows of 2 SSE vectors, 4x4 dot tiles with 4 lanes of K.
// RUN: env KFORGE_ISA=portable kforge-opt %s --kforge-tile-contractions --split-input-file | FileCheck %s --check-prefix=DEFAULT
// RUN: kforge-opt %s --pass-pipeline='builtin.module(kforge-tile-contractions{tile-sizes=32,64,0 vector-sizes=4,16})' --split-input-file | FileCheck %s --check-prefix=SMALL
// RUN: not kforge-opt %s --pass-pipeline='builtin.module(kforge-tile-contractions{tile-sizes=32,x})' 2>&1 | FileCheck %s --check-prefix=BAD

// BAD: option 'tile-sizes' of pass 'kforge-tile-contractions' expects 3 comma-separated non-negative integers, got '32,x'

// Tests that a matmul the tiles divide becomes an scf.forall over 64x256
// cache tiles, K chunks, and 8x32 register tiles of unmasked vector.fma, with
// the accumulator carried in registers across K (no tag left behind).
// CHECK-LABEL: func.func @divisible(
// CHECK: scf.forall ({{.*}}) in (2, 2)
// CHECK: scf.for
// CHECK: vector.transfer_read {{.*}} : tensor<8x32xf32>, vector<8x32xf32>
// CHECK: scf.for {{.*}} -> ({{.*}}vector<8x32xf32>)
// CHECK-COUNT-8: vector.fma {{.*}} : vector<32xf32>
// CHECK: scf.forall.in_parallel
// CHECK-NOT: kforge.tile
// CHECK-NOT: linalg.matmul
// DEFAULT-LABEL: func.func @divisible(
// DEFAULT-COUNT-4: vector.fma {{.*}} : vector<8xf32>
// DEFAULT-NOT: vector<64xf32>
// SMALL-LABEL: func.func @divisible(
// SMALL: scf.forall ({{.*}}) in (4, 8)
// SMALL-COUNT-4: vector.fma {{.*}} : vector<16xf32>
func.func @divisible(%a: tensor<128x64xf32>, %b: tensor<64x512xf32>, %c: tensor<128x512xf32>) -> tensor<128x512xf32> {
  %r = linalg.matmul ins(%a, %b : tensor<128x64xf32>, tensor<64x512xf32>) outs(%c : tensor<128x512xf32>) -> tensor<128x512xf32>
  return %r : tensor<128x512xf32>
}

// -----

// Tests that shapes the tiles do not divide work: full 8-row tiles, the last
// columns masked, the left-over rows one by one.
// Cache tiles divide the loops when a multiple of the register tile does:
// 100 rows in tiles of 20 (not 32 + 32 + 32 + 4), 70 columns in 64 + 6.
// SMALL-LABEL: func.func @odd(
// SMALL: scf.forall ({{.*}}) in (5, 2)
// CHECK-LABEL: func.func @odd(
// CHECK: scf.forall ({{.*}}) in (2)
// CHECK: vector.fma {{.*}} : vector<32xf32>
// CHECK: {{vector.(create|constant)_mask}}
// CHECK: arith.select {{.*}} : vector<32xi1>, vector<32xf32>
// CHECK: scf.for {{.*}} step %c1
// CHECK-NOT: linalg.matmul
func.func @odd(%a: tensor<100x33xf32>, %b: tensor<33x70xf32>, %c: tensor<100x70xf32>) -> tensor<100x70xf32> {
  %r = linalg.matmul ins(%a, %b : tensor<100x33xf32>, tensor<33x70xf32>) outs(%c : tensor<100x70xf32>) -> tensor<100x70xf32>
  return %r : tensor<100x70xf32>
}

// -----

// Tests that a batch matmul is tiled one batch at a time.
// CHECK-LABEL: func.func @batched(
// CHECK: scf.forall ({{.*}}) in (3)
// CHECK: vector.fma
// CHECK-NOT: linalg.batch_matmul
func.func @batched(%a: tensor<3x10x33xf32>, %b: tensor<3x33x70xf32>, %c: tensor<3x10x70xf32>) -> tensor<3x10x70xf32> {
  %r = linalg.batch_matmul ins(%a, %b : tensor<3x10x33xf32>, tensor<3x33x70xf32>) outs(%c : tensor<3x10x70xf32>) -> tensor<3x10x70xf32>
  return %r : tensor<3x10x70xf32>
}

// -----

// Tests that a projection (x·wᵀ, both contiguous along K) gets the dot form:
// 4x4 tiles of 16-wide partial sums, reduced across lanes once per tile.
// CHECK-LABEL: func.func @linear(
// CHECK: scf.for {{.*}} -> (tensor<?x?x16xf32>)
// CHECK: arith.mulf {{.*}} fastmath<contract> : vector<4x4x16xf32>
// CHECK: arith.addf {{.*}} fastmath<contract> : vector<4x4x16xf32>
// CHECK: vector.reduction <add>
// CHECK-NOT: linalg.generic
func.func @linear(%x: tensor<7x33xf32>, %w: tensor<70x33xf32>, %c: tensor<7x70xf32>) -> tensor<7x70xf32> {
  %r = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d2)>, affine_map<(d0, d1, d2) -> (d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1)>], iterator_types = ["parallel", "parallel", "reduction"]} ins(%x, %w : tensor<7x33xf32>, tensor<70x33xf32>) outs(%c : tensor<7x70xf32>) {
  ^bb0(%a: f32, %b: f32, %acc: f32):
    %p = arith.mulf %a, %b : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  } -> tensor<7x70xf32>
  return %r : tensor<7x70xf32>
}

// -----

// Tests that a generic that is not a multiply-add contraction is left alone.
// CHECK-LABEL: func.func @not_a_contraction(
// CHECK: linalg.generic
// CHECK-NOT: scf.forall
func.func @not_a_contraction(%x: tensor<7x33xf32>, %c: tensor<7xf32>) -> tensor<7xf32> {
  %r = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0)>], iterator_types = ["parallel", "reduction"]} ins(%x : tensor<7x33xf32>) outs(%c : tensor<7xf32>) {
  ^bb0(%a: f32, %acc: f32):
    %s = arith.maximumf %acc, %a : f32
    linalg.yield %s : f32
  } -> tensor<7xf32>
  return %r : tensor<7xf32>
}

// -----

// Tests that attention's grouped scores (static query rows no larger than a
// register tile, a dynamic number of keys) vectorize with masks and verify:
// canonicalizing before the masked transfers were lowered once broke them
// ("'vector.mask' op expects only one operation to mask").
// CHECK-LABEL: func.func @grouped_scores(
// CHECK: arith.mulf {{.*}} fastmath<contract> : vector<1x1x3x4x8xf32>
// CHECK: vector.reduction <add>
// CHECK-NOT: vector.mask {{.*}}transfer
func.func @grouped_scores(%q: tensor<3x2x2x8xf32>, %k: tensor<?x2x8xf32>, %c: tensor<2x2x3x?xf32>) -> tensor<2x2x3x?xf32> {
  %r = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3, d4) -> (d2, d0, d1, d4)>, affine_map<(d0, d1, d2, d3, d4) -> (d3, d0, d4)>, affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction"]} ins(%q, %k : tensor<3x2x2x8xf32>, tensor<?x2x8xf32>) outs(%c : tensor<2x2x3x?xf32>) {
  ^bb0(%a: f32, %b: f32, %acc: f32):
    %p = arith.mulf %a, %b : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  } -> tensor<2x2x3x?xf32>
  return %r : tensor<2x2x3x?xf32>
}
