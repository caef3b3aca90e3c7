// RUN: kforge-opt %s | kforge-opt | FileCheck %s
// RUN: kforge-opt %s -o %t.once && kforge-opt %t.once -o %t.twice && diff %t.once %t.twice

// Every kforge op parses, passes IRDL and the kforge verifier, prints in the
// generic form, and parses back to the same IR (the second RUN line checks
// that printing is a fixed point).

// Tests the contractions: matmul (f32) and batch_matmul (f16).
// CHECK-LABEL: func.func @contraction
// CHECK: "kforge.matmul"(%arg0, %arg1) : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
// CHECK: "kforge.batch_matmul"(%arg2, %arg3) : (tensor<5x2x3xf16>, tensor<5x3x4xf16>) -> tensor<5x2x4xf16>
func.func @contraction(%a: tensor<2x3xf32>, %b: tensor<3x4xf32>, %ba: tensor<5x2x3xf16>, %bb: tensor<5x3x4xf16>) -> (tensor<2x4xf32>, tensor<5x2x4xf16>) {
  %0 = "kforge.matmul"(%a, %b) : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
  %1 = "kforge.batch_matmul"(%ba, %bb) : (tensor<5x2x3xf16>, tensor<5x3x4xf16>) -> tensor<5x2x4xf16>
  return %0, %1 : tensor<2x4xf32>, tensor<5x2x4xf16>
}

// Tests kforge.linear of rank 1, 2 (dynamic rows) and 3 (dynamic middle dim, bf16, bias).
// CHECK-LABEL: func.func @linear
// CHECK: "kforge.linear"(%arg0, %arg3) : (tensor<8xf32>, tensor<4x8xf32>) -> tensor<4xf32>
// CHECK: "kforge.linear"(%arg1, %arg3) : (tensor<?x8xf32>, tensor<4x8xf32>) -> tensor<?x4xf32>
// CHECK: "kforge.linear"(%arg2, %arg4, %arg5) : (tensor<2x?x8xbf16>, tensor<4x8xbf16>, tensor<4xbf16>) -> tensor<2x?x4xbf16>
func.func @linear(%x1: tensor<8xf32>, %x2: tensor<?x8xf32>, %x3: tensor<2x?x8xbf16>, %w: tensor<4x8xf32>, %wb: tensor<4x8xbf16>, %b: tensor<4xbf16>) -> (tensor<4xf32>, tensor<?x4xf32>, tensor<2x?x4xbf16>) {
  %0 = "kforge.linear"(%x1, %w) : (tensor<8xf32>, tensor<4x8xf32>) -> tensor<4xf32>
  %1 = "kforge.linear"(%x2, %w) : (tensor<?x8xf32>, tensor<4x8xf32>) -> tensor<?x4xf32>
  %2 = "kforge.linear"(%x3, %wb, %b) : (tensor<2x?x8xbf16>, tensor<4x8xbf16>, tensor<4xbf16>) -> tensor<2x?x4xbf16>
  return %0, %1, %2 : tensor<4xf32>, tensor<?x4xf32>, tensor<2x?x4xbf16>
}

// Tests add/mul broadcasting: lower rank, a size-1 dim, a rank-0 scalar, a dynamic dim.
// CHECK-LABEL: func.func @elementwise
// CHECK: %[[A:.*]] = "kforge.add"(%arg0, %arg1) : (tensor<4x8xf32>, tensor<8xf32>) -> tensor<4x8xf32>
// CHECK: %[[M:.*]] = "kforge.mul"(%arg2, %[[A]]) : (tensor<4x1xf32>, tensor<4x8xf32>) -> tensor<4x8xf32>
// CHECK: "kforge.add"(%arg3, %[[M]]) : (tensor<f32>, tensor<4x8xf32>) -> tensor<4x8xf32>
// CHECK: "kforge.mul"(%arg4, %arg1) : (tensor<?x8xf32>, tensor<8xf32>) -> tensor<?x8xf32>
func.func @elementwise(%a: tensor<4x8xf32>, %row: tensor<8xf32>, %col: tensor<4x1xf32>, %s: tensor<f32>, %d: tensor<?x8xf32>) -> (tensor<4x8xf32>, tensor<4x8xf32>, tensor<4x8xf32>, tensor<?x8xf32>) {
  %0 = "kforge.add"(%a, %row) : (tensor<4x8xf32>, tensor<8xf32>) -> tensor<4x8xf32>
  %1 = "kforge.mul"(%col, %0) : (tensor<4x1xf32>, tensor<4x8xf32>) -> tensor<4x8xf32>
  %2 = "kforge.add"(%s, %1) : (tensor<f32>, tensor<4x8xf32>) -> tensor<4x8xf32>
  %3 = "kforge.mul"(%d, %row) : (tensor<?x8xf32>, tensor<8xf32>) -> tensor<?x8xf32>
  return %0, %1, %2, %3 : tensor<4x8xf32>, tensor<4x8xf32>, tensor<4x8xf32>, tensor<?x8xf32>
}

// Tests silu, both gelu approximations and softmax with a negative and a
// non-negative axis, on f16 with a dynamic dim.
// CHECK-LABEL: func.func @activations
// CHECK: "kforge.silu"(%arg0) : (tensor<2x?xf16>) -> tensor<2x?xf16>
// CHECK: "kforge.gelu"(%arg0) {approximate = "tanh"} : (tensor<2x?xf16>) -> tensor<2x?xf16>
// CHECK: "kforge.gelu"(%arg0) {approximate = "none"} : (tensor<2x?xf16>) -> tensor<2x?xf16>
// CHECK: "kforge.softmax"(%arg0) {axis = -1 : i64} : (tensor<2x?xf16>) -> tensor<2x?xf16>
// CHECK: "kforge.softmax"(%arg0) {axis = 0 : i64} : (tensor<2x?xf16>) -> tensor<2x?xf16>
func.func @activations(%x: tensor<2x?xf16>) -> (tensor<2x?xf16>, tensor<2x?xf16>, tensor<2x?xf16>, tensor<2x?xf16>, tensor<2x?xf16>) {
  %0 = "kforge.silu"(%x) : (tensor<2x?xf16>) -> tensor<2x?xf16>
  %1 = "kforge.gelu"(%x) {approximate = "tanh"} : (tensor<2x?xf16>) -> tensor<2x?xf16>
  %2 = "kforge.gelu"(%x) {approximate = "none"} : (tensor<2x?xf16>) -> tensor<2x?xf16>
  %3 = "kforge.softmax"(%x) {axis = -1 : i64} : (tensor<2x?xf16>) -> tensor<2x?xf16>
  %4 = "kforge.softmax"(%x) {axis = 0 : i64} : (tensor<2x?xf16>) -> tensor<2x?xf16>
  return %0, %1, %2, %3, %4 : tensor<2x?xf16>, tensor<2x?xf16>, tensor<2x?xf16>, tensor<2x?xf16>, tensor<2x?xf16>
}

// Tests rms_norm on a rank-4 bf16 input and layer_norm with a dynamic row
// count and epsilon 0.
// CHECK-LABEL: func.func @norms
// CHECK: "kforge.rms_norm"(%arg0, %arg1) {epsilon = 9.99999997E-7 : f32} : (tensor<1x2x3x8xbf16>, tensor<8xbf16>) -> tensor<1x2x3x8xbf16>
// CHECK: "kforge.layer_norm"(%arg2, %arg3, %arg4) {epsilon = 0.000000e+00 : f32} : (tensor<?x8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<?x8xf32>
func.func @norms(%x: tensor<1x2x3x8xbf16>, %w: tensor<8xbf16>, %y: tensor<?x8xf32>, %g: tensor<8xf32>, %b: tensor<8xf32>) -> (tensor<1x2x3x8xbf16>, tensor<?x8xf32>) {
  %0 = "kforge.rms_norm"(%x, %w) {epsilon = 1.0e-6 : f32} : (tensor<1x2x3x8xbf16>, tensor<8xbf16>) -> tensor<1x2x3x8xbf16>
  %1 = "kforge.layer_norm"(%y, %g, %b) {epsilon = 0.0 : f32} : (tensor<?x8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<?x8xf32>
  return %0, %1 : tensor<1x2x3x8xbf16>, tensor<?x8xf32>
}

// Tests rope with a dynamic sequence and i32 positions.
// CHECK-LABEL: func.func @rope
// CHECK: "kforge.rope"(%arg0, %arg1) {theta = 5.000000e+05 : f32} : (tensor<?x4x64xf32>, tensor<?xi32>) -> tensor<?x4x64xf32>
func.func @rope(%x: tensor<?x4x64xf32>, %p: tensor<?xi32>) -> tensor<?x4x64xf32> {
  %0 = "kforge.rope"(%x, %p) {theta = 5.0e5 : f32} : (tensor<?x4x64xf32>, tensor<?xi32>) -> tensor<?x4x64xf32>
  return %0 : tensor<?x4x64xf32>
}

// Tests grouped-query attention without a KV cache (segments 1, 1, 1, 0, 0, 0),
// with dynamic query and key lengths.
// CHECK-LABEL: func.func @attention
// CHECK: "kforge.attention"(%arg0, %arg1, %arg2) {causal = true, operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0>, scale = 1.250000e-01 : f32}
// CHECK-SAME: : (tensor<?x9x64xf32>, tensor<?x3x64xf32>, tensor<?x3x64xf32>) -> tensor<?x9x64xf32>
func.func @attention(%q: tensor<?x9x64xf32>, %k: tensor<?x3x64xf32>, %v: tensor<?x3x64xf32>) -> tensor<?x9x64xf32> {
  %0 = "kforge.attention"(%q, %k, %v) {causal = true, scale = 0.125 : f32, operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0>}
    : (tensor<?x9x64xf32>, tensor<?x3x64xf32>, tensor<?x3x64xf32>) -> tensor<?x9x64xf32>
  return %0 : tensor<?x9x64xf32>
}

// Tests attention with a KV cache (all six segments): three results, the
// updated caches typed like the caches.
// CHECK-LABEL: func.func @attention_kv_cache
// CHECK: %[[R:.*]]:3 = "kforge.attention"(%arg0, %arg1, %arg2, %arg3, %arg4, %arg5) {causal = false, operandSegmentSizes = array<i32: 1, 1, 1, 1, 1, 1>, scale = 1.250000e-01 : f32}
// CHECK-SAME: : (tensor<1x9x64xf32>, tensor<1x3x64xf32>, tensor<1x3x64xf32>, tensor<256x3x64xf32>, tensor<256x3x64xf32>, tensor<i64>)
// CHECK-SAME: -> (tensor<1x9x64xf32>, tensor<256x3x64xf32>, tensor<256x3x64xf32>)
// CHECK: return %[[R]]#0, %[[R]]#1, %[[R]]#2
func.func @attention_kv_cache(%q: tensor<1x9x64xf32>, %k: tensor<1x3x64xf32>, %v: tensor<1x3x64xf32>, %kc: tensor<256x3x64xf32>, %vc: tensor<256x3x64xf32>, %pos: tensor<i64>) -> (tensor<1x9x64xf32>, tensor<256x3x64xf32>, tensor<256x3x64xf32>) {
  %o, %kc2, %vc2 = "kforge.attention"(%q, %k, %v, %kc, %vc, %pos) {causal = false, scale = 0.125 : f32, operandSegmentSizes = array<i32: 1, 1, 1, 1, 1, 1>}
    : (tensor<1x9x64xf32>, tensor<1x3x64xf32>, tensor<1x3x64xf32>, tensor<256x3x64xf32>, tensor<256x3x64xf32>, tensor<i64>)
    -> (tensor<1x9x64xf32>, tensor<256x3x64xf32>, tensor<256x3x64xf32>)
  return %o, %kc2, %vc2 : tensor<1x9x64xf32>, tensor<256x3x64xf32>, tensor<256x3x64xf32>
}

// Tests attention with a cache slot per row (batched decode): rank-4 caches
// [B, C, Hkv, D] and one position per row.
// CHECK-LABEL: func.func @attention_kv_cache_slots
// CHECK: "kforge.attention"(%arg0, %arg1, %arg2, %arg3, %arg4, %arg5)
// CHECK-SAME: : (tensor<?x9x64xf32>, tensor<?x3x64xf32>, tensor<?x3x64xf32>, tensor<?x?x3x64xf32>, tensor<?x?x3x64xf32>, tensor<?xi64>)
func.func @attention_kv_cache_slots(%q: tensor<?x9x64xf32>, %k: tensor<?x3x64xf32>, %v: tensor<?x3x64xf32>, %kc: tensor<?x?x3x64xf32>, %vc: tensor<?x?x3x64xf32>, %pos: tensor<?xi64>) -> (tensor<?x9x64xf32>, tensor<?x?x3x64xf32>, tensor<?x?x3x64xf32>) {
  %o, %kc2, %vc2 = "kforge.attention"(%q, %k, %v, %kc, %vc, %pos) {causal = true, scale = 0.125 : f32, operandSegmentSizes = array<i32: 1, 1, 1, 1, 1, 1>}
    : (tensor<?x9x64xf32>, tensor<?x3x64xf32>, tensor<?x3x64xf32>, tensor<?x?x3x64xf32>, tensor<?x?x3x64xf32>, tensor<?xi64>)
    -> (tensor<?x9x64xf32>, tensor<?x?x3x64xf32>, tensor<?x?x3x64xf32>)
  return %o, %kc2, %vc2 : tensor<?x9x64xf32>, tensor<?x?x3x64xf32>, tensor<?x?x3x64xf32>
}

// Tests both mlp activations on a rank-3 input with a dynamic dim.
// CHECK-LABEL: func.func @mlp
// CHECK: "kforge.mlp"(%arg0, %arg1, %arg2, %arg3) {activation = "swiglu"} : (tensor<2x?x8xf32>, tensor<16x8xf32>, tensor<16x8xf32>, tensor<8x16xf32>) -> tensor<2x?x8xf32>
// CHECK: "kforge.mlp"(%arg0, %arg2, %arg3) {activation = "gelu"} : (tensor<2x?x8xf32>, tensor<16x8xf32>, tensor<8x16xf32>) -> tensor<2x?x8xf32>
func.func @mlp(%x: tensor<2x?x8xf32>, %g: tensor<16x8xf32>, %u: tensor<16x8xf32>, %d: tensor<8x16xf32>) -> (tensor<2x?x8xf32>, tensor<2x?x8xf32>) {
  %0 = "kforge.mlp"(%x, %g, %u, %d) {activation = "swiglu"} : (tensor<2x?x8xf32>, tensor<16x8xf32>, tensor<16x8xf32>, tensor<8x16xf32>) -> tensor<2x?x8xf32>
  %1 = "kforge.mlp"(%x, %u, %d) {activation = "gelu"} : (tensor<2x?x8xf32>, tensor<16x8xf32>, tensor<8x16xf32>) -> tensor<2x?x8xf32>
  return %0, %1 : tensor<2x?x8xf32>, tensor<2x?x8xf32>
}

// Tests weight, embedding (i32 ids, dynamic length) and reshape.
// CHECK-LABEL: func.func @data
// CHECK: %[[T:.*]] = "kforge.weight"() {name = "model.embed_tokens.weight"} : () -> tensor<10x8xf32>
// CHECK: "kforge.embedding"(%arg0, %[[T]]) : (tensor<?xi32>, tensor<10x8xf32>) -> tensor<?x8xf32>
// CHECK: "kforge.reshape"(%arg1) : (tensor<2x3x4xf32>) -> tensor<6x4xf32>
func.func @data(%ids: tensor<?xi32>, %x: tensor<2x3x4xf32>) -> (tensor<?x8xf32>, tensor<6x4xf32>) {
  %t = "kforge.weight"() {name = "model.embed_tokens.weight"} : () -> tensor<10x8xf32>
  %0 = "kforge.embedding"(%ids, %t) : (tensor<?xi32>, tensor<10x8xf32>) -> tensor<?x8xf32>
  %1 = "kforge.reshape"(%x) : (tensor<2x3x4xf32>) -> tensor<6x4xf32>
  return %0, %1 : tensor<?x8xf32>, tensor<6x4xf32>
}
