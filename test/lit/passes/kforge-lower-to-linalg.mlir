// RUN: kforge-opt %s --kforge-lower-to-linalg --split-input-file | FileCheck %s

// Tests that kforge.matmul becomes linalg.matmul on a zero-filled accumulator.
// CHECK-LABEL: func.func @matmul
// CHECK-NOT: "kforge.
// CHECK: %[[EMPTY:.*]] = tensor.empty() : tensor<2x4xf32>
// CHECK: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK: %[[INIT:.*]] = linalg.fill ins(%[[ZERO]] : f32) outs(%[[EMPTY]] : tensor<2x4xf32>)
// CHECK: %[[MM:.*]] = linalg.matmul ins(%arg0, %arg1 : tensor<2x3xf32>, tensor<3x4xf32>) outs(%[[INIT]] : tensor<2x4xf32>)
// CHECK-NOT: "kforge.
// CHECK: return %[[MM]]
func.func @matmul(%a: tensor<2x3xf32>, %b: tensor<3x4xf32>) -> tensor<2x4xf32> {
  %0 = "kforge.matmul"(%a, %b) : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

// Tests that kforge.batch_matmul becomes linalg.batch_matmul.
// CHECK-LABEL: func.func @batch_matmul
// CHECK-NOT: "kforge.
// CHECK: linalg.fill
// CHECK: %[[MM:.*]] = linalg.batch_matmul ins(%arg0, %arg1 : tensor<5x2x3xf32>, tensor<5x3x4xf32>) outs(%{{.*}} : tensor<5x2x4xf32>)
// CHECK-NOT: "kforge.
// CHECK: return %[[MM]]
func.func @batch_matmul(%a: tensor<5x2x3xf32>, %b: tensor<5x3x4xf32>) -> tensor<5x2x4xf32> {
  %0 = "kforge.batch_matmul"(%a, %b) : (tensor<5x2x3xf32>, tensor<5x3x4xf32>) -> tensor<5x2x4xf32>
  return %0 : tensor<5x2x4xf32>
}

// -----

// Tests that kforge.linear is one reduction generic reading the weight
// transposed (w[n, k]), with no transpose materialized.
// CHECK-DAG: #[[$X:.*]] = affine_map<(d0, d1, d2) -> (d0, d2)>
// CHECK-DAG: #[[$W:.*]] = affine_map<(d0, d1, d2) -> (d1, d2)>
// CHECK-DAG: #[[$Y:.*]] = affine_map<(d0, d1, d2) -> (d0, d1)>
// CHECK-LABEL: func.func @linear
// CHECK-NOT: "kforge.
// CHECK: linalg.generic {indexing_maps = [#[[$X]], #[[$W]], #[[$Y]]], iterator_types = ["parallel", "parallel", "reduction"]}
// CHECK-SAME: ins(%arg0, %arg1 : tensor<2x8xf32>, tensor<4x8xf32>)
// CHECK: arith.mulf
// CHECK: arith.addf
// CHECK-NOT: "kforge.
// CHECK: return
func.func @linear(%x: tensor<2x8xf32>, %w: tensor<4x8xf32>) -> tensor<2x4xf32> {
  %0 = "kforge.linear"(%x, %w) : (tensor<2x8xf32>, tensor<4x8xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

// Tests that a rank-3 kforge.linear with a bias adds the bias in a second
// generic that reads it through the last loop only.
// CHECK-DAG: #[[$X:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d3)>
// CHECK-DAG: #[[$W:.*]] = affine_map<(d0, d1, d2, d3) -> (d2, d3)>
// CHECK-DAG: #[[$Y:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>
// CHECK-DAG: #[[$ID:.*]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-DAG: #[[$BIAS:.*]] = affine_map<(d0, d1, d2) -> (d2)>
// CHECK-LABEL: func.func @linear_bias
// CHECK: %[[MM:.*]] = linalg.generic {indexing_maps = [#[[$X]], #[[$W]], #[[$Y]]], iterator_types = ["parallel", "parallel", "parallel", "reduction"]}
// CHECK: %[[SUM:.*]] = linalg.generic {indexing_maps = [#[[$ID]], #[[$BIAS]], #[[$ID]]], iterator_types = ["parallel", "parallel", "parallel"]}
// CHECK-SAME: ins(%[[MM]], %arg2 : tensor<2x3x4xf32>, tensor<4xf32>)
// CHECK: arith.addf
// CHECK-NOT: "kforge.
// CHECK: return %[[SUM]]
func.func @linear_bias(%x: tensor<2x3x8xf32>, %w: tensor<4x8xf32>, %b: tensor<4xf32>) -> tensor<2x3x4xf32> {
  %0 = "kforge.linear"(%x, %w, %b) : (tensor<2x3x8xf32>, tensor<4x8xf32>, tensor<4xf32>) -> tensor<2x3x4xf32>
  return %0 : tensor<2x3x4xf32>
}

// -----

// Tests that a dynamic batch dim of kforge.linear sizes the result with tensor.dim.
// CHECK-LABEL: func.func @linear_dynamic
// CHECK: %[[C0:.*]] = arith.constant 0 : index
// CHECK: %[[DIM:.*]] = tensor.dim %arg0, %[[C0]] : tensor<?x8xf32>
// CHECK: tensor.empty(%[[DIM]]) : tensor<?x4xf32>
// CHECK: linalg.generic
// CHECK-SAME: outs(%{{.*}} : tensor<?x4xf32>)
// CHECK-NOT: "kforge.
// CHECK: return
func.func @linear_dynamic(%x: tensor<?x8xf32>, %w: tensor<4x8xf32>) -> tensor<?x4xf32> {
  %0 = "kforge.linear"(%x, %w) : (tensor<?x8xf32>, tensor<4x8xf32>) -> tensor<?x4xf32>
  return %0 : tensor<?x4xf32>
}

// -----

// Tests that kforge.add broadcasts a lower-rank operand through a map that
// drops the leading dim, with no broadcast copy.
// CHECK-DAG: #[[$ID:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[$ROW:.*]] = affine_map<(d0, d1) -> (d1)>
// CHECK-LABEL: func.func @add_broadcast_rank
// CHECK-NOT: "kforge.
// CHECK: linalg.generic {indexing_maps = [#[[$ID]], #[[$ROW]], #[[$ID]]], iterator_types = ["parallel", "parallel"]}
// CHECK-SAME: ins(%arg0, %arg1 : tensor<4x8xf32>, tensor<8xf32>)
// CHECK: arith.addf
// CHECK-NOT: "kforge.
// CHECK: return
func.func @add_broadcast_rank(%a: tensor<4x8xf32>, %b: tensor<8xf32>) -> tensor<4x8xf32> {
  %0 = "kforge.add"(%a, %b) : (tensor<4x8xf32>, tensor<8xf32>) -> tensor<4x8xf32>
  return %0 : tensor<4x8xf32>
}

// -----

// Tests that kforge.mul reads a size-1 dim that broadcasts through the
// constant 0 in its indexing map.
// CHECK-DAG: #[[$ID:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[$COL:.*]] = affine_map<(d0, d1) -> (d0, 0)>
// CHECK-LABEL: func.func @mul_broadcast_unit
// CHECK-NOT: "kforge.
// CHECK: linalg.generic {indexing_maps = [#[[$COL]], #[[$ID]], #[[$ID]]], iterator_types = ["parallel", "parallel"]}
// CHECK-SAME: ins(%arg0, %arg1 : tensor<4x1xf32>, tensor<4x8xf32>)
// CHECK: arith.mulf
// CHECK-NOT: "kforge.
// CHECK: return
func.func @mul_broadcast_unit(%a: tensor<4x1xf32>, %b: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %0 = "kforge.mul"(%a, %b) : (tensor<4x1xf32>, tensor<4x8xf32>) -> tensor<4x8xf32>
  return %0 : tensor<4x8xf32>
}

// -----

// Tests that kforge.silu is one pointwise generic computing x / (1 + e^-x).
// CHECK-LABEL: func.func @silu
// CHECK-NOT: "kforge.
// CHECK: linalg.generic
// CHECK-SAME: iterator_types = ["parallel", "parallel"]
// CHECK: arith.negf
// CHECK: math.exp
// CHECK: arith.addf
// CHECK: arith.divf
// CHECK-NOT: "kforge.
// CHECK: return
func.func @silu(%x: tensor<2x8xf32>) -> tensor<2x8xf32> {
  %0 = "kforge.silu"(%x) : (tensor<2x8xf32>) -> tensor<2x8xf32>
  return %0 : tensor<2x8xf32>
}

// -----

// Tests that kforge.gelu with approximate = "tanh" uses math.tanh and the
// constant sqrt(2/pi).
// CHECK-LABEL: func.func @gelu_tanh
// CHECK-NOT: "kforge.
// CHECK: linalg.generic
// CHECK: arith.constant 0.797884583 : f32
// CHECK: arith.constant 4.471500e-02 : f32
// CHECK: math.tanh
// CHECK-NOT: math.erf
// CHECK-NOT: "kforge.
// CHECK: return
func.func @gelu_tanh(%x: tensor<2x8xf32>) -> tensor<2x8xf32> {
  %0 = "kforge.gelu"(%x) {approximate = "tanh"} : (tensor<2x8xf32>) -> tensor<2x8xf32>
  return %0 : tensor<2x8xf32>
}

// -----

// Tests that kforge.gelu with approximate = "none" uses math.erf of x/sqrt(2).
// CHECK-LABEL: func.func @gelu_erf
// CHECK-NOT: "kforge.
// CHECK: linalg.generic
// CHECK: arith.constant 0.707106769 : f32
// CHECK-NOT: math.tanh
// CHECK: math.erf
// CHECK-NOT: "kforge.
// CHECK: return
func.func @gelu_erf(%x: tensor<2x8xf32>) -> tensor<2x8xf32> {
  %0 = "kforge.gelu"(%x) {approximate = "none"} : (tensor<2x8xf32>) -> tensor<2x8xf32>
  return %0 : tensor<2x8xf32>
}

// -----

// Tests that kforge.softmax over a middle axis is a max reduction, an
// exp-sum reduction and a normalizing generic, all reducing loop d1.
// CHECK-DAG: #[[$ID:.*]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-DAG: #[[$RED:.*]] = affine_map<(d0, d1, d2) -> (d0, d2)>
// CHECK-LABEL: func.func @softmax_axis1
// CHECK-NOT: "kforge.
// CHECK: arith.constant -3.40282347E+38 : f32
// CHECK: %[[MAX:.*]] = linalg.generic {indexing_maps = [#[[$ID]], #[[$RED]]], iterator_types = ["parallel", "reduction", "parallel"]}
// CHECK: arith.maximumf
// CHECK: %[[SUM:.*]] = linalg.generic {indexing_maps = [#[[$ID]], #[[$RED]], #[[$RED]]], iterator_types = ["parallel", "reduction", "parallel"]}
// CHECK-SAME: ins(%arg0, %[[MAX]] :
// CHECK: arith.subf
// CHECK: math.exp
// CHECK: arith.addf
// CHECK: %[[Y:.*]] = linalg.generic {indexing_maps = [#[[$ID]], #[[$RED]], #[[$RED]], #[[$ID]]], iterator_types = ["parallel", "parallel", "parallel"]}
// CHECK-SAME: ins(%arg0, %[[MAX]], %[[SUM]] :
// CHECK: arith.divf
// CHECK-NOT: "kforge.
// CHECK: return %[[Y]]
func.func @softmax_axis1(%x: tensor<2x4x8xf32>) -> tensor<2x4x8xf32> {
  %0 = "kforge.softmax"(%x) {axis = 1 : i64} : (tensor<2x4x8xf32>) -> tensor<2x4x8xf32>
  return %0 : tensor<2x4x8xf32>
}

// -----

// Tests that a negative softmax axis counts from the end (-1 reduces the last loop).
// CHECK-DAG: #[[$RED:.*]] = affine_map<(d0, d1) -> (d0)>
// CHECK-LABEL: func.func @softmax_last
// CHECK: linalg.generic {indexing_maps = [#{{.*}}, #[[$RED]]], iterator_types = ["parallel", "reduction"]}
// CHECK: arith.maximumf
// CHECK-NOT: "kforge.
// CHECK: return
func.func @softmax_last(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %0 = "kforge.softmax"(%x) {axis = -1 : i64} : (tensor<4x8xf32>) -> tensor<4x8xf32>
  return %0 : tensor<4x8xf32>
}

// -----

// Tests that kforge.rms_norm is a sum-of-squares reduction followed by
// x * rsqrt(ss / D + eps) * w, with 1/D folded into a constant.
// CHECK-DAG: #[[$ID:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[$ROW:.*]] = affine_map<(d0, d1) -> (d0)>
// CHECK-DAG: #[[$COL:.*]] = affine_map<(d0, d1) -> (d1)>
// CHECK-LABEL: func.func @rms_norm
// CHECK-NOT: "kforge.
// CHECK: %[[SS:.*]] = linalg.generic {indexing_maps = [#[[$ID]], #[[$ROW]]], iterator_types = ["parallel", "reduction"]}
// CHECK: arith.mulf
// CHECK: arith.addf
// CHECK: linalg.generic {indexing_maps = [#[[$ID]], #[[$ROW]], #[[$COL]], #[[$ID]]], iterator_types = ["parallel", "parallel"]}
// CHECK-SAME: ins(%arg0, %[[SS]], %arg1 :
// CHECK: arith.constant 1.250000e-01 : f32
// CHECK: arith.constant 9.99999974E-6 : f32
// CHECK: math.rsqrt
// CHECK-NOT: "kforge.
// CHECK: return
func.func @rms_norm(%x: tensor<2x8xf32>, %w: tensor<8xf32>) -> tensor<2x8xf32> {
  %0 = "kforge.rms_norm"(%x, %w) {epsilon = 1.0e-5 : f32} : (tensor<2x8xf32>, tensor<8xf32>) -> tensor<2x8xf32>
  return %0 : tensor<2x8xf32>
}

// -----

// Tests that kforge.layer_norm reduces the sum and the squared deviation,
// then normalizes with gamma and beta read through the last loop.
// CHECK-DAG: #[[$ID:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[$ROW:.*]] = affine_map<(d0, d1) -> (d0)>
// CHECK-DAG: #[[$COL:.*]] = affine_map<(d0, d1) -> (d1)>
// CHECK-LABEL: func.func @layer_norm
// CHECK-NOT: "kforge.
// CHECK: %[[SUM:.*]] = linalg.generic {indexing_maps = [#[[$ID]], #[[$ROW]]], iterator_types = ["parallel", "reduction"]}
// CHECK: %[[DEV:.*]] = linalg.generic {indexing_maps = [#[[$ID]], #[[$ROW]], #[[$ROW]]], iterator_types = ["parallel", "reduction"]}
// CHECK-SAME: ins(%arg0, %[[SUM]] :
// CHECK: linalg.generic {indexing_maps = [#[[$ID]], #[[$ROW]], #[[$ROW]], #[[$COL]], #[[$COL]], #[[$ID]]], iterator_types = ["parallel", "parallel"]}
// CHECK-SAME: ins(%arg0, %[[SUM]], %[[DEV]], %arg1, %arg2 :
// CHECK: math.rsqrt
// CHECK-NOT: "kforge.
// CHECK: return
func.func @layer_norm(%x: tensor<2x8xf32>, %g: tensor<8xf32>, %b: tensor<8xf32>) -> tensor<2x8xf32> {
  %0 = "kforge.layer_norm"(%x, %g, %b) {epsilon = 1.0e-5 : f32} : (tensor<2x8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<2x8xf32>
  return %0 : tensor<2x8xf32>
}

// -----

// Tests that kforge.rope computes cos/sin once per (position, frequency) in
// f64 (two [S, Dh/2] tables), then reads x twice, the second time through the
// partner map (d2 + Dh/2) mod Dh, and the tables through d2 mod Dh/2.
// CHECK-DAG: #[[$ID:.*]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-DAG: #[[$PARTNER:.*]] = affine_map<(d0, d1, d2) -> (d0, d1, (d2 + 4) mod 8)>
// CHECK-DAG: #[[$TABLE:.*]] = affine_map<(d0, d1, d2) -> (d0, d2 mod 4)>
// CHECK-LABEL: func.func @rope
// CHECK-NOT: "kforge.
// CHECK: arith.sitofp %{{.*}} : i64 to f64
// CHECK: math.cos %{{.*}} : f64
// CHECK: arith.truncf %{{.*}} : f64 to f32
// CHECK: } -> tensor<3x4xf32>
// CHECK: math.sin %{{.*}} : f64
// CHECK: } -> tensor<3x4xf32>
// CHECK: linalg.generic {indexing_maps = [#[[$ID]], #[[$PARTNER]], #[[$TABLE]], #[[$TABLE]], #[[$ID]]], iterator_types = ["parallel", "parallel", "parallel"]}
// CHECK-SAME: ins(%arg0, %arg0, %{{.*}}, %{{.*}} : tensor<3x2x8xf32>, tensor<3x2x8xf32>, tensor<3x4xf32>, tensor<3x4xf32>)
// CHECK: linalg.index 2 : index
// CHECK: arith.select
// CHECK-NOT: "kforge.
// CHECK: return
func.func @rope(%x: tensor<3x2x8xf32>, %p: tensor<3xi64>) -> tensor<3x2x8xf32> {
  %0 = "kforge.rope"(%x, %p) {theta = 10000.0 : f32} : (tensor<3x2x8xf32>, tensor<3xi64>) -> tensor<3x2x8xf32>
  return %0 : tensor<3x2x8xf32>
}

// -----

// Tests that grouped-query kforge.attention (4 query heads, 2 key/value heads)
// reads K and V through `floordiv 2` maps instead of repeating them, and that
// the causal mask compares the key index with query index + (Sk - Sq).
// CHECK-DAG: #[[$Q:.*]] = affine_map<(d0, d1, d2, d3) -> (d1, d0, d3)>
// CHECK-DAG: #[[$K:.*]] = affine_map<(d0, d1, d2, d3) -> (d2, d0 floordiv 2, d3)>
// CHECK-DAG: #[[$S:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>
// CHECK-DAG: #[[$V:.*]] = affine_map<(d0, d1, d2, d3) -> (d3, d1 floordiv 2, d2)>
// CHECK-LABEL: func.func @attention_gqa_causal
// CHECK-NOT: "kforge.
// CHECK-DAG: %[[SQ:.*]] = arith.constant 3 : index
// CHECK-DAG: %[[SK:.*]] = arith.constant 5 : index
// CHECK: %[[OFFSET:.*]] = arith.subi %[[SK]], %[[SQ]] : index
// CHECK: %[[SCORES:.*]] = linalg.generic {indexing_maps = [#[[$Q]], #[[$K]], #[[$S]]], iterator_types = ["parallel", "parallel", "parallel", "reduction"]}
// CHECK-SAME: ins(%arg0, %arg1 : tensor<3x4x8xf32>, tensor<5x2x8xf32>) outs(%{{.*}} : tensor<4x3x5xf32>)
// CHECK: linalg.generic
// CHECK-SAME: ins(%[[SCORES]] : tensor<4x3x5xf32>)
// CHECK: arith.constant 3.500000e-01 : f32
// CHECK: %[[I:.*]] = linalg.index 1 : index
// CHECK: %[[J:.*]] = linalg.index 2 : index
// CHECK: arith.cmpi ult, %[[J]], %[[SK]] : index
// CHECK: %[[LAST:.*]] = arith.addi %[[I]], %[[OFFSET]] : index
// CHECK: arith.cmpi sle, %[[J]], %[[LAST]] : index
// CHECK: arith.andi
// CHECK: arith.select
// CHECK: arith.maximumf
// CHECK: math.exp
// CHECK: arith.divf
// CHECK: %[[OUT:.*]] = linalg.generic {indexing_maps = [#[[$Q]], #[[$V]], #[[$S]]], iterator_types = ["parallel", "parallel", "parallel", "reduction"]}
// CHECK-SAME: %arg2 : tensor<4x3x5xf32>, tensor<5x2x8xf32>) outs(%{{.*}} : tensor<3x4x8xf32>)
// CHECK-NOT: "kforge.
// CHECK: return %[[OUT]]
func.func @attention_gqa_causal(%q: tensor<3x4x8xf32>, %k: tensor<5x2x8xf32>, %v: tensor<5x2x8xf32>) -> tensor<3x4x8xf32> {
  %0 = "kforge.attention"(%q, %k, %v) {causal = true, scale = 0.35 : f32, operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0>}
    : (tensor<3x4x8xf32>, tensor<5x2x8xf32>, tensor<5x2x8xf32>) -> tensor<3x4x8xf32>
  return %0 : tensor<3x4x8xf32>
}

// -----

// Tests that non-causal multi-head attention (Hq == Hkv) has no causal compare
// and reads K head for head (`d0 floordiv 1` simplifies to `d0`).
// CHECK-DAG: #[[$K:.*]] = affine_map<(d0, d1, d2, d3) -> (d2, d0, d3)>
// CHECK-LABEL: func.func @attention_mha
// CHECK: linalg.generic {indexing_maps = [#{{.*}}, #[[$K]], #{{.*}}]
// CHECK: arith.cmpi ult
// CHECK-NOT: arith.cmpi sle
// CHECK: arith.select
// CHECK-NOT: "kforge.
// CHECK: return
func.func @attention_mha(%q: tensor<2x2x8xf32>, %k: tensor<2x2x8xf32>, %v: tensor<2x2x8xf32>) -> tensor<2x2x8xf32> {
  %0 = "kforge.attention"(%q, %k, %v) {causal = false, scale = 0.35 : f32, operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0>}
    : (tensor<2x2x8xf32>, tensor<2x2x8xf32>, tensor<2x2x8xf32>) -> tensor<2x2x8xf32>
  return %0 : tensor<2x2x8xf32>
}

// -----

// Tests that attention with dynamic sequence lengths and head dim reads every
// dynamic size of the output with tensor.dim of the query.
// CHECK-LABEL: func.func @attention_dynamic
// CHECK: arith.cmpi sle
// CHECK: tensor.dim %arg0, %c2{{(_[0-9]+)?}} : tensor<?x4x?xf32>
// CHECK-NOT: "kforge.
// CHECK: return
func.func @attention_dynamic(%q: tensor<?x4x?xf32>, %k: tensor<?x2x?xf32>, %v: tensor<?x2x?xf32>) -> tensor<?x4x?xf32> {
  %0 = "kforge.attention"(%q, %k, %v) {causal = true, scale = 0.35 : f32, operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0>}
    : (tensor<?x4x?xf32>, tensor<?x2x?xf32>, tensor<?x2x?xf32>) -> tensor<?x4x?xf32>
  return %0 : tensor<?x4x?xf32>
}

// -----

// Tests that kforge.attention with a KV cache writes the new keys and values
// into the caches with tensor.insert_slice at the run-time position, attends
// over the updated cache rows below position + S, and returns the caches.
// CHECK-DAG: #[[$K:.*]] = affine_map<(d0, d1, d2, d3) -> (d2, d0 floordiv 2, d3)>
// CHECK-DAG: #[[$V:.*]] = affine_map<(d0, d1, d2, d3) -> (d3, d1 floordiv 2, d2)>
// CHECK-LABEL: func.func @attention_kv_cache
// CHECK-NOT: "kforge.
// CHECK: %[[P64:.*]] = tensor.extract %arg5[] : tensor<i64>
// CHECK: %[[P:.*]] = arith.index_cast %[[P64]] : i64 to index
// CHECK: %[[S:.*]] = arith.constant 2 : index
// CHECK: %[[KC:.*]] = tensor.insert_slice %arg1 into %arg3[%[[P]], 0, 0] [2, 2, 8] [1, 1, 1] : tensor<2x2x8xf32> into tensor<16x2x8xf32>
// CHECK: %[[VC:.*]] = tensor.insert_slice %arg2 into %arg4[%[[P]], 0, 0] [2, 2, 8] [1, 1, 1] : tensor<2x2x8xf32> into tensor<16x2x8xf32>
// CHECK: %[[LIMIT:.*]] = arith.addi %[[P]], %[[S]] : index
// CHECK: linalg.generic {indexing_maps = [#{{.*}}, #[[$K]], #{{.*}}]
// CHECK-SAME: ins(%arg0, %{{.*}} : tensor<2x4x8xf32>, tensor<{{16|\?}}x2x8xf32>)
// CHECK: %[[J:.*]] = linalg.index 2 : index
// CHECK: arith.cmpi ult, %[[J]], %[[LIMIT]] : index
// CHECK: %[[OUT:.*]] = linalg.generic {indexing_maps = [#{{.*}}, #[[$V]], #{{.*}}]
// CHECK-SAME: tensor<{{16|\?}}x2x8xf32>) outs(%{{.*}} : tensor<2x4x8xf32>)
// CHECK-NOT: "kforge.
// CHECK: return %[[OUT]], %[[KC]], %[[VC]] : tensor<2x4x8xf32>, tensor<16x2x8xf32>, tensor<16x2x8xf32>
func.func @attention_kv_cache(%q: tensor<2x4x8xf32>, %k: tensor<2x2x8xf32>, %v: tensor<2x2x8xf32>,
                              %kc: tensor<16x2x8xf32>, %vc: tensor<16x2x8xf32>, %pos: tensor<i64>)
    -> (tensor<2x4x8xf32>, tensor<16x2x8xf32>, tensor<16x2x8xf32>) {
  %o, %kc2, %vc2 = "kforge.attention"(%q, %k, %v, %kc, %vc, %pos) {causal = true, scale = 0.35 : f32, operandSegmentSizes = array<i32: 1, 1, 1, 1, 1, 1>}
    : (tensor<2x4x8xf32>, tensor<2x2x8xf32>, tensor<2x2x8xf32>, tensor<16x2x8xf32>, tensor<16x2x8xf32>, tensor<i64>)
    -> (tensor<2x4x8xf32>, tensor<16x2x8xf32>, tensor<16x2x8xf32>)
  return %o, %kc2, %vc2 : tensor<2x4x8xf32>, tensor<16x2x8xf32>, tensor<16x2x8xf32>
}

// -----

// Tests that a swiglu kforge.mlp decomposes into gate and up linears, a
// silu-times-up generic and the down linear.
// CHECK-LABEL: func.func @mlp_swiglu
// CHECK-NOT: "kforge.
// CHECK: %[[GATE:.*]] = linalg.generic
// CHECK-SAME: ins(%arg0, %arg1 : tensor<2x8xf32>, tensor<16x8xf32>)
// CHECK: %[[UP:.*]] = linalg.generic
// CHECK-SAME: ins(%arg0, %arg2 : tensor<2x8xf32>, tensor<16x8xf32>)
// CHECK: %[[ACT:.*]] = linalg.generic
// CHECK-SAME: ins(%[[GATE]], %[[UP]] : tensor<2x16xf32>, tensor<2x16xf32>)
// CHECK: arith.negf
// CHECK: math.exp
// CHECK: arith.divf
// CHECK: arith.mulf
// CHECK: %[[DOWN:.*]] = linalg.generic
// CHECK-SAME: ins(%[[ACT]], %arg3 : tensor<2x16xf32>, tensor<8x16xf32>)
// CHECK-NOT: "kforge.
// CHECK: return %[[DOWN]]
func.func @mlp_swiglu(%x: tensor<2x8xf32>, %g: tensor<16x8xf32>, %u: tensor<16x8xf32>, %d: tensor<8x16xf32>) -> tensor<2x8xf32> {
  %0 = "kforge.mlp"(%x, %g, %u, %d) {activation = "swiglu"} : (tensor<2x8xf32>, tensor<16x8xf32>, tensor<16x8xf32>, tensor<8x16xf32>) -> tensor<2x8xf32>
  return %0 : tensor<2x8xf32>
}

// -----

// Tests that a gelu kforge.mlp decomposes into the up linear, a tanh-gelu
// generic and the down linear.
// CHECK-LABEL: func.func @mlp_gelu
// CHECK-NOT: "kforge.
// CHECK: %[[UP:.*]] = linalg.generic
// CHECK-SAME: ins(%arg0, %arg1 : tensor<2x8xf32>, tensor<16x8xf32>)
// CHECK: %[[ACT:.*]] = linalg.generic
// CHECK-SAME: ins(%[[UP]] : tensor<2x16xf32>)
// CHECK: math.tanh
// CHECK: %[[DOWN:.*]] = linalg.generic
// CHECK-SAME: ins(%[[ACT]], %arg2 : tensor<2x16xf32>, tensor<8x16xf32>)
// CHECK-NOT: "kforge.
// CHECK: return %[[DOWN]]
func.func @mlp_gelu(%x: tensor<2x8xf32>, %u: tensor<16x8xf32>, %d: tensor<8x16xf32>) -> tensor<2x8xf32> {
  %0 = "kforge.mlp"(%x, %u, %d) {activation = "gelu"} : (tensor<2x8xf32>, tensor<16x8xf32>, tensor<8x16xf32>) -> tensor<2x8xf32>
  return %0 : tensor<2x8xf32>
}

// -----

// Tests that kforge.embedding is a gather generic that clamps ids into
// [0, V-1] and reads the table with tensor.extract.
// CHECK-DAG: #[[$IDS:.*]] = affine_map<(d0, d1) -> (d0)>
// CHECK-DAG: #[[$OUT:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-LABEL: func.func @embedding
// CHECK-NOT: "kforge.
// CHECK: linalg.generic {indexing_maps = [#[[$IDS]], #[[$OUT]]], iterator_types = ["parallel", "parallel"]}
// CHECK-SAME: ins(%arg0 : tensor<3xi64>) outs(%{{.*}} : tensor<3x8xf32>)
// CHECK: ^bb0(%[[ID:.*]]: i64, %{{.*}}: f32):
// CHECK-DAG: %[[ZERO:.*]] = arith.constant 0 : i64
// CHECK-DAG: %[[MAX:.*]] = arith.constant 9 : i64
// CHECK: %[[LO:.*]] = arith.maxsi %[[ID]], %[[ZERO]] : i64
// CHECK: %[[CLAMPED:.*]] = arith.minsi %[[LO]], %[[MAX]] : i64
// CHECK: %[[ROW:.*]] = arith.index_cast %[[CLAMPED]] : i64 to index
// CHECK: %[[COL:.*]] = linalg.index 1 : index
// CHECK: tensor.extract %arg1[%[[ROW]], %[[COL]]] : tensor<10x8xf32>
// CHECK-NOT: "kforge.
// CHECK: return
func.func @embedding(%ids: tensor<3xi64>, %table: tensor<10x8xf32>) -> tensor<3x8xf32> {
  %0 = "kforge.embedding"(%ids, %table) : (tensor<3xi64>, tensor<10x8xf32>) -> tensor<3x8xf32>
  return %0 : tensor<3x8xf32>
}

// -----

// Tests that kforge.weight is left in place (it names stored data; see
// --kforge-weights-to-arguments) while its user is lowered.
// CHECK-LABEL: func.func @weight_is_kept
// CHECK: %[[W:.*]] = "kforge.weight"() {name = "proj"} : () -> tensor<4x8xf32>
// CHECK-NOT: "kforge.linear"
// CHECK: linalg.generic
// CHECK-SAME: ins(%arg0, %[[W]] : tensor<2x8xf32>, tensor<4x8xf32>)
// CHECK-NOT: "kforge.
// CHECK: return
func.func @weight_is_kept(%x: tensor<2x8xf32>) -> tensor<2x4xf32> {
  %w = "kforge.weight"() {name = "proj"} : () -> tensor<4x8xf32>
  %0 = "kforge.linear"(%x, %w) : (tensor<2x8xf32>, tensor<4x8xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

// Tests that a reshape merging leading dims is one tensor.collapse_shape.
// CHECK-LABEL: func.func @reshape_collapse
// CHECK-NOT: "kforge.
// CHECK: %[[R:.*]] = tensor.collapse_shape %arg0 {{\[}}[0, 1], [2]] : tensor<2x3x4xf32> into tensor<6x4xf32>
// CHECK-NOT: "kforge.
// CHECK: return %[[R]]
func.func @reshape_collapse(%x: tensor<2x3x4xf32>) -> tensor<6x4xf32> {
  %0 = "kforge.reshape"(%x) : (tensor<2x3x4xf32>) -> tensor<6x4xf32>
  return %0 : tensor<6x4xf32>
}

// -----

// Tests that a reshape splitting the last dim (heads) is one tensor.expand_shape.
// CHECK-LABEL: func.func @reshape_expand
// CHECK-NOT: "kforge.
// CHECK: %[[R:.*]] = tensor.expand_shape %arg0 {{\[}}[0], [1, 2]] output_shape [4, 9, 64] : tensor<4x576xf32> into tensor<4x9x64xf32>
// CHECK-NOT: "kforge.
// CHECK: return %[[R]]
func.func @reshape_expand(%x: tensor<4x576xf32>) -> tensor<4x9x64xf32> {
  %0 = "kforge.reshape"(%x) : (tensor<4x576xf32>) -> tensor<4x9x64xf32>
  return %0 : tensor<4x9x64xf32>
}

// -----

// Tests that a reshape with no direct dim grouping goes through the flat vector.
// CHECK-LABEL: func.func @reshape_regroup
// CHECK-NOT: "kforge.
// CHECK: %[[FLAT:.*]] = tensor.collapse_shape %arg0 {{\[}}[0, 1]] : tensor<2x6xf32> into tensor<12xf32>
// CHECK: %[[R:.*]] = tensor.expand_shape %[[FLAT]] {{\[}}[0, 1]] output_shape [3, 4] : tensor<12xf32> into tensor<3x4xf32>
// CHECK-NOT: "kforge.
// CHECK: return %[[R]]
func.func @reshape_regroup(%x: tensor<2x6xf32>) -> tensor<3x4xf32> {
  %0 = "kforge.reshape"(%x) : (tensor<2x6xf32>) -> tensor<3x4xf32>
  return %0 : tensor<3x4xf32>
}

// -----

// Tests that a reshape to the same shape folds away entirely.
// CHECK-LABEL: func.func @reshape_identity
// CHECK-NEXT: return %arg0 : tensor<2x6xf32>
func.func @reshape_identity(%x: tensor<2x6xf32>) -> tensor<2x6xf32> {
  %0 = "kforge.reshape"(%x) : (tensor<2x6xf32>) -> tensor<2x6xf32>
  return %0 : tensor<2x6xf32>
}

// -----

// Tests that a reshape keeping a dynamic leading dim (a sequence length)
// becomes expand_shape/collapse_shape with the leading dim as its own group.
// CHECK-LABEL: func.func @reshape_dynamic_rows
// CHECK: tensor.expand_shape %{{.*}} {{\[}}[0], [1, 2]] output_shape [%{{.*}}, 9, 64] : tensor<?x576xf32> into tensor<?x9x64xf32>
// CHECK: tensor.collapse_shape %{{.*}} {{\[}}[0], [1, 2]] : tensor<?x9x64xf32> into tensor<?x576xf32>
func.func @reshape_dynamic_rows(%x: tensor<?x576xf32>) -> tensor<?x576xf32> {
  %0 = "kforge.reshape"(%x) : (tensor<?x576xf32>) -> tensor<?x9x64xf32>
  %1 = "kforge.reshape"(%0) : (tensor<?x9x64xf32>) -> tensor<?x576xf32>
  return %1 : tensor<?x576xf32>
}

// -----

// Tests attention with a cache slot per row (batched decode): one scf.for
// writes each row's key and value at [row, position[row]] of the loop-carried
// caches, a second attends each row's query over rows [0, position[row]] of
// its own slot and inserts the result row.
// CHECK-LABEL: func.func @attention_cache_slots
// CHECK: %[[W:.*]]:2 = scf.for %[[ROW:.*]] = %{{.*}} to %{{.*}} step %{{.*}} iter_args(%[[KC:.*]] = %arg3, %[[VC:.*]] = %arg4)
// CHECK: %[[P:.*]] = tensor.extract %arg5[%[[ROW]]] : tensor<?xi64>
// CHECK: %[[PI:.*]] = arith.index_cast %[[P]] : i64 to index
// CHECK: %[[K:.*]] = tensor.extract_slice %arg1[%[[ROW]], 0, 0] [1, 2, 8] [1, 1, 1] : tensor<?x2x8xf32> to tensor<1x2x8xf32>
// CHECK: tensor.insert_slice %[[K]] into %[[KC]][%[[ROW]], %[[PI]], 0, 0] [1, 1, 2, 8] [1, 1, 1, 1] : tensor<1x2x8xf32> into tensor<?x?x2x8xf32>
// CHECK: scf.yield
// CHECK: scf.for %[[ROW2:.*]] = {{.*}} iter_args(%[[OUT:.*]] = %{{.*}}) -> (tensor<?x4x8xf32>)
// CHECK: %[[LIMIT:.*]] = arith.addi %{{.*}}, %{{.*}} : index
// CHECK: tensor.extract_slice %[[W]]#0[%[[ROW2]], 0, 0, 0] [1, %[[LIMIT]], 2, 8] [1, 1, 1, 1] : tensor<?x?x2x8xf32> to tensor<?x2x8xf32>
// CHECK: tensor.insert_slice %{{.*}} into %[[OUT]][%[[ROW2]], 0, 0] [1, 4, 8] [1, 1, 1]
// CHECK: return %{{.*}}, %[[W]]#0, %[[W]]#1
func.func @attention_cache_slots(%q: tensor<?x4x8xf32>, %k: tensor<?x2x8xf32>, %v: tensor<?x2x8xf32>, %kc: tensor<?x?x2x8xf32>, %vc: tensor<?x?x2x8xf32>, %pos: tensor<?xi64>) -> (tensor<?x4x8xf32>, tensor<?x?x2x8xf32>, tensor<?x?x2x8xf32>) {
  %o, %kc2, %vc2 = "kforge.attention"(%q, %k, %v, %kc, %vc, %pos) {causal = true, scale = 0.35 : f32, operandSegmentSizes = array<i32: 1, 1, 1, 1, 1, 1>}
    : (tensor<?x4x8xf32>, tensor<?x2x8xf32>, tensor<?x2x8xf32>, tensor<?x?x2x8xf32>, tensor<?x?x2x8xf32>, tensor<?xi64>)
    -> (tensor<?x4x8xf32>, tensor<?x?x2x8xf32>, tensor<?x?x2x8xf32>)
  return %o, %kc2, %vc2 : tensor<?x4x8xf32>, tensor<?x?x2x8xf32>, tensor<?x?x2x8xf32>
}
