// RUN: kforge-opt %s --kforge-lower-to-gpu --split-input-file | FileCheck %s

// Tests that a one-row projection becomes a GEMV and a larger one the tiled matmul with a transposed, biased B.
// CHECK-LABEL: func.func @projections
// CHECK: "kforge.linear"(%arg0, %arg2) {kforge.gpu_kernels = ["gemv_1x1536x576"]}
// CHECK: "kforge.linear"(%arg1, %arg2, %arg3) {kforge.gpu_kernels = ["linear_64x1536x576_t64x64x16_4x4"]}
func.func @projections(%x1: tensor<1x576xf32>, %x64: tensor<64x576xf32>, %w: tensor<1536x576xf32>, %b: tensor<1536xf32>) -> (tensor<1x1536xf32>, tensor<64x1536xf32>) {
  %y1 = "kforge.linear"(%x1, %w) : (tensor<1x576xf32>, tensor<1536x576xf32>) -> tensor<1x1536xf32>
  %y64 = "kforge.linear"(%x64, %w, %b) : (tensor<64x576xf32>, tensor<1536x576xf32>, tensor<1536xf32>) -> tensor<64x1536xf32>
  return %y1, %y64 : tensor<1x1536xf32>, tensor<64x1536xf32>
}

// -----

// Tests that attention with a KV cache writes both caches in one dispatch, then attends over them: a decode
// step's few query rows split across 32-key blocks of the cache, the blocks then merged.
// CHECK-LABEL: func.func @decode
// CHECK: kforge.gpu_kernels = ["kv_write_pair_1x192_into_256", "attention_split_1x9x64_kv256x3", "attention_combine_9x64_b8"]
func.func @decode(%q: tensor<1x9x64xf32>, %k: tensor<1x3x64xf32>, %v: tensor<1x3x64xf32>, %kc: tensor<256x3x64xf32>, %vc: tensor<256x3x64xf32>, %p: tensor<i64>) -> tensor<1x9x64xf32> {
  %o, %kc2, %vc2 = "kforge.attention"(%q, %k, %v, %kc, %vc, %p) {causal = true, scale = 0.125 : f32,
      operandSegmentSizes = array<i32: 1, 1, 1, 1, 1, 1>}
    : (tensor<1x9x64xf32>, tensor<1x3x64xf32>, tensor<1x3x64xf32>, tensor<256x3x64xf32>, tensor<256x3x64xf32>, tensor<i64>)
    -> (tensor<1x9x64xf32>, tensor<256x3x64xf32>, tensor<256x3x64xf32>)
  return %o : tensor<1x9x64xf32>
}

// -----

// Tests that a batched decode step's attention (rank-4 caches: one slot and one position per row) writes each
// row's key and value into its slot, then attends per row over its own slot, split into 32-key blocks and merged.
// CHECK-LABEL: func.func @decode_batch
// CHECK: kforge.gpu_kernels = ["kv_write_rows_4x192_into_256", "attention_split_4x9x64_kv256x3_rows", "attention_combine_36x64_b8"]
func.func @decode_batch(%q: tensor<4x9x64xf32>, %k: tensor<4x3x64xf32>, %v: tensor<4x3x64xf32>, %kc: tensor<4x256x3x64xf32>, %vc: tensor<4x256x3x64xf32>, %p: tensor<4xi64>) -> tensor<4x9x64xf32> {
  %o, %kc2, %vc2 = "kforge.attention"(%q, %k, %v, %kc, %vc, %p) {causal = true, scale = 0.125 : f32,
      operandSegmentSizes = array<i32: 1, 1, 1, 1, 1, 1>}
    : (tensor<4x9x64xf32>, tensor<4x3x64xf32>, tensor<4x3x64xf32>, tensor<4x256x3x64xf32>, tensor<4x256x3x64xf32>, tensor<4xi64>)
    -> (tensor<4x9x64xf32>, tensor<4x256x3x64xf32>, tensor<4x256x3x64xf32>)
  return %o : tensor<4x9x64xf32>
}

// -----

// Tests that a batched step's attention whose head dim the split form does not take walks each row's slot in one
// workgroup per query row.
// CHECK-LABEL: func.func @decode_batch_odd_head_dim
// CHECK: kforge.gpu_kernels = ["kv_write_rows_2x10_into_8", "attention_2x2x5_kv8x2_rows"]
func.func @decode_batch_odd_head_dim(%q: tensor<2x2x5xf32>, %k: tensor<2x2x5xf32>, %v: tensor<2x2x5xf32>, %kc: tensor<2x8x2x5xf32>, %vc: tensor<2x8x2x5xf32>, %p: tensor<2xi64>) -> tensor<2x2x5xf32> {
  %o, %kc2, %vc2 = "kforge.attention"(%q, %k, %v, %kc, %vc, %p) {causal = true, scale = 0.5 : f32,
      operandSegmentSizes = array<i32: 1, 1, 1, 1, 1, 1>}
    : (tensor<2x2x5xf32>, tensor<2x2x5xf32>, tensor<2x2x5xf32>, tensor<2x8x2x5xf32>, tensor<2x8x2x5xf32>, tensor<2xi64>)
    -> (tensor<2x2x5xf32>, tensor<2x8x2x5xf32>, tensor<2x8x2x5xf32>)
  return %o : tensor<2x2x5xf32>
}

// -----

// Tests that a swiglu MLP becomes two projections, silu, a product and the down projection.
// CHECK-LABEL: func.func @mlp
// CHECK: kforge.gpu_kernels = ["gemv_1x1536x576", "gemv_1x1536x576", "silu_1536", "mul_1536", "gemv_1x576x1536"]
func.func @mlp(%x: tensor<1x576xf32>, %g: tensor<1536x576xf32>, %u: tensor<1536x576xf32>, %d: tensor<576x1536xf32>) -> tensor<1x576xf32> {
  %y = "kforge.mlp"(%x, %g, %u, %d) {activation = "swiglu"} : (tensor<1x576xf32>, tensor<1536x576xf32>, tensor<1536x576xf32>, tensor<576x1536xf32>) -> tensor<1x576xf32>
  return %y : tensor<1x576xf32>
}
