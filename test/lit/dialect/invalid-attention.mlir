// RUN: kforge-opt %s --split-input-file --verify-diagnostics

// Tests that kforge.rope's input is [S, H, Dh].
func.func @rope_rank(%x: tensor<3x8xf32>, %p: tensor<3xi64>) {
  // expected-error @+1 {{expected operand #0 rank (2) to be 3}}
  %0 = "kforge.rope"(%x, %p) {theta = 10000.0 : f32} : (tensor<3x8xf32>, tensor<3xi64>) -> tensor<3x8xf32>
  return
}

// -----

// Tests that kforge.rope's positions are integers.
func.func @rope_float_positions(%x: tensor<3x2x8xf32>, %p: tensor<3xf32>) {
  // expected-error @+1 {{expected operand #1 to have an integer element type (i64 or i32), got f32}}
  %0 = "kforge.rope"(%x, %p) {theta = 10000.0 : f32} : (tensor<3x2x8xf32>, tensor<3xf32>) -> tensor<3x2x8xf32>
  return
}

// -----

// Tests that kforge.rope's positions are rank 1.
func.func @rope_positions_rank(%x: tensor<3x2x8xf32>, %p: tensor<1x3xi64>) {
  // expected-error @+1 {{expected operand #1 rank (2) to be 1}}
  %0 = "kforge.rope"(%x, %p) {theta = 10000.0 : f32} : (tensor<3x2x8xf32>, tensor<1x3xi64>) -> tensor<3x2x8xf32>
  return
}

// -----

// Tests that kforge.rope has one position per row.
func.func @rope_positions_size(%x: tensor<3x2x8xf32>, %p: tensor<4xi64>) {
  // expected-error @+1 {{expected operand #1 dim 0 (4) to match operand #0 dim 0 (3)}}
  %0 = "kforge.rope"(%x, %p) {theta = 10000.0 : f32} : (tensor<3x2x8xf32>, tensor<4xi64>) -> tensor<3x2x8xf32>
  return
}

// -----

// Tests that kforge.rope's head dim is even (rotate-half pairs i and i + Dh/2).
func.func @rope_odd_head_dim(%x: tensor<3x2x7xf32>, %p: tensor<3xi64>) {
  // expected-error @+1 {{expected the head dim (operand #0 dim 2) to be even, got 7}}
  %0 = "kforge.rope"(%x, %p) {theta = 10000.0 : f32} : (tensor<3x2x7xf32>, tensor<3xi64>) -> tensor<3x2x7xf32>
  return
}

// -----

// Tests that kforge.rope's head dim is static.
func.func @rope_dynamic_head_dim(%x: tensor<3x2x?xf32>, %p: tensor<3xi64>) {
  // expected-error @+1 {{expected a static head dim (operand #0 dim 2)}}
  %0 = "kforge.rope"(%x, %p) {theta = 10000.0 : f32} : (tensor<3x2x?xf32>, tensor<3xi64>) -> tensor<3x2x?xf32>
  return
}

// -----

// Tests that kforge.rope's theta is positive.
func.func @rope_theta(%x: tensor<3x2x8xf32>, %p: tensor<3xi64>) {
  // expected-error @+1 {{expected 'theta' (0) to be positive}}
  %0 = "kforge.rope"(%x, %p) {theta = 0.0 : f32} : (tensor<3x2x8xf32>, tensor<3xi64>) -> tensor<3x2x8xf32>
  return
}

// -----

// Tests that kforge.rope's theta is finite.
func.func @rope_theta_infinite(%x: tensor<3x2x8xf32>, %p: tensor<3xi64>) {
  // expected-error @+1 {{expected 'theta' (inf) to be positive}}
  %0 = "kforge.rope"(%x, %p) {theta = 0x7F800000 : f32} : (tensor<3x2x8xf32>, tensor<3xi64>) -> tensor<3x2x8xf32>
  return
}

// -----

// Tests that kforge.rope keeps the input's type.
func.func @rope_result(%x: tensor<3x2x8xf32>, %p: tensor<3xi64>) {
  // expected-error @+1 {{expected result #0 type tensor<3x2x8xf32> (from the operands), got tensor<3x2x8xf16>}}
  %0 = "kforge.rope"(%x, %p) {theta = 10000.0 : f32} : (tensor<3x2x8xf32>, tensor<3xi64>) -> tensor<3x2x8xf16>
  return
}

// -----

// Tests that kforge.attention takes 3 operands or 6 (with a KV cache), not a
// partial cache.
func.func @attention_partial_cache(%q: tensor<2x4x8xf32>, %k: tensor<2x2x8xf32>, %v: tensor<2x2x8xf32>, %kc: tensor<16x2x8xf32>) {
  // expected-error @+1 {{expected 3 or 6 operands, got 4}}
  %0 = "kforge.attention"(%q, %k, %v, %kc) {causal = true, scale = 0.35 : f32, operandSegmentSizes = array<i32: 1, 1, 1, 1, 0, 0>}
    : (tensor<2x4x8xf32>, tensor<2x2x8xf32>, tensor<2x2x8xf32>, tensor<16x2x8xf32>) -> tensor<2x4x8xf32>
  return
}

// -----

// Tests that the query is [S, H, D].
func.func @attention_query_rank(%q: tensor<2x32xf32>, %k: tensor<2x2x8xf32>, %v: tensor<2x2x8xf32>) {
  // expected-error @+1 {{expected operand #0 rank (2) to be 3}}
  %0 = "kforge.attention"(%q, %k, %v) {causal = true, scale = 0.35 : f32, operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0>}
    : (tensor<2x32xf32>, tensor<2x2x8xf32>, tensor<2x2x8xf32>) -> tensor<2x32xf32>
  return
}

// -----

// Tests that keys are float tensors.
func.func @attention_integer_key(%q: tensor<2x4x8xf32>, %k: tensor<2x2x8xi32>, %v: tensor<2x2x8xf32>) {
  // expected-error @+1 {{expected operand #1 to have a float element type (f32, f16 or bf16), got i32}}
  %0 = "kforge.attention"(%q, %k, %v) {causal = true, scale = 0.35 : f32, operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0>}
    : (tensor<2x4x8xf32>, tensor<2x2x8xi32>, tensor<2x2x8xf32>) -> tensor<2x4x8xf32>
  return
}

// -----

// Tests that query, key and value share one element type.
func.func @attention_mixed_elements(%q: tensor<2x4x8xf32>, %k: tensor<2x2x8xf32>, %v: tensor<2x2x8xf16>) {
  // expected-error @+1 {{expected operand #2 element type (f16) to match operand #0 (f32)}}
  %0 = "kforge.attention"(%q, %k, %v) {causal = true, scale = 0.35 : f32, operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0>}
    : (tensor<2x4x8xf32>, tensor<2x2x8xf32>, tensor<2x2x8xf16>) -> tensor<2x4x8xf32>
  return
}

// -----

// Tests that keys and values have the same length.
func.func @attention_kv_length(%q: tensor<2x4x8xf32>, %k: tensor<5x2x8xf32>, %v: tensor<6x2x8xf32>) {
  // expected-error @+1 {{expected operand #2 dim 0 (6) to match operand #1 dim 0 (5)}}
  %0 = "kforge.attention"(%q, %k, %v) {causal = true, scale = 0.35 : f32, operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0>}
    : (tensor<2x4x8xf32>, tensor<5x2x8xf32>, tensor<6x2x8xf32>) -> tensor<2x4x8xf32>
  return
}

// -----

// Tests that keys and values have the same head count.
func.func @attention_kv_heads(%q: tensor<2x4x8xf32>, %k: tensor<5x2x8xf32>, %v: tensor<5x4x8xf32>) {
  // expected-error @+1 {{expected operand #2 dim 1 (4) to match operand #1 dim 1 (2)}}
  %0 = "kforge.attention"(%q, %k, %v) {causal = true, scale = 0.35 : f32, operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0>}
    : (tensor<2x4x8xf32>, tensor<5x2x8xf32>, tensor<5x4x8xf32>) -> tensor<2x4x8xf32>
  return
}

// -----

// Tests that keys have the queries' head dim.
func.func @attention_key_head_dim(%q: tensor<2x4x8xf32>, %k: tensor<5x2x16xf32>, %v: tensor<5x2x16xf32>) {
  // expected-error @+1 {{expected operand #1 dim 2 (16) to match operand #0 dim 2 (8)}}
  %0 = "kforge.attention"(%q, %k, %v) {causal = true, scale = 0.35 : f32, operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0>}
    : (tensor<2x4x8xf32>, tensor<5x2x16xf32>, tensor<5x2x16xf32>) -> tensor<2x4x8xf32>
  return
}

// -----

// Tests that values have the queries' head dim.
func.func @attention_value_head_dim(%q: tensor<2x4x8xf32>, %k: tensor<5x2x8xf32>, %v: tensor<5x2x4xf32>) {
  // expected-error @+1 {{expected operand #2 dim 2 (4) to match operand #0 dim 2 (8)}}
  %0 = "kforge.attention"(%q, %k, %v) {causal = true, scale = 0.35 : f32, operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0>}
    : (tensor<2x4x8xf32>, tensor<5x2x8xf32>, tensor<5x2x4xf32>) -> tensor<2x4x8xf32>
  return
}

// -----

// Tests that the query heads are a multiple of the key/value heads (GQA).
func.func @attention_gqa_ratio(%q: tensor<2x4x8xf32>, %k: tensor<5x3x8xf32>, %v: tensor<5x3x8xf32>) {
  // expected-error @+1 {{expected the query heads (4) to be a multiple of the key/value heads (3)}}
  %0 = "kforge.attention"(%q, %k, %v) {causal = true, scale = 0.35 : f32, operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0>}
    : (tensor<2x4x8xf32>, tensor<5x3x8xf32>, tensor<5x3x8xf32>) -> tensor<2x4x8xf32>
  return
}

// -----

// Tests that zero key/value heads are rejected (no division by zero).
func.func @attention_zero_kv_heads(%q: tensor<2x4x8xf32>, %k: tensor<5x0x8xf32>, %v: tensor<5x0x8xf32>) {
  // expected-error @+1 {{expected the query heads (4) to be a multiple of the key/value heads (0)}}
  %0 = "kforge.attention"(%q, %k, %v) {causal = true, scale = 0.35 : f32, operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0>}
    : (tensor<2x4x8xf32>, tensor<5x0x8xf32>, tensor<5x0x8xf32>) -> tensor<2x4x8xf32>
  return
}

// -----

// Tests that head counts are static.
func.func @attention_dynamic_heads(%q: tensor<2x?x8xf32>, %k: tensor<5x2x8xf32>, %v: tensor<5x2x8xf32>) {
  // expected-error @+1 {{expected static head counts (dim 1 of query and key)}}
  %0 = "kforge.attention"(%q, %k, %v) {causal = true, scale = 0.35 : f32, operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0>}
    : (tensor<2x?x8xf32>, tensor<5x2x8xf32>, tensor<5x2x8xf32>) -> tensor<2x?x8xf32>
  return
}

// -----

// Tests that the scale is finite.
func.func @attention_scale(%q: tensor<2x4x8xf32>, %k: tensor<5x2x8xf32>, %v: tensor<5x2x8xf32>) {
  // expected-error @+1 {{expected a finite 'scale', got inf}}
  %0 = "kforge.attention"(%q, %k, %v) {causal = true, scale = 0x7F800000 : f32, operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0>}
    : (tensor<2x4x8xf32>, tensor<5x2x8xf32>, tensor<5x2x8xf32>) -> tensor<2x4x8xf32>
  return
}

// -----

// Tests that attention without a cache has one result.
func.func @attention_no_cache_results(%q: tensor<2x4x8xf32>, %k: tensor<5x2x8xf32>, %v: tensor<5x2x8xf32>) {
  // expected-error @+1 {{expected 1 result(s), got 3}}
  %0:3 = "kforge.attention"(%q, %k, %v) {causal = true, scale = 0.35 : f32, operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0>}
    : (tensor<2x4x8xf32>, tensor<5x2x8xf32>, tensor<5x2x8xf32>) -> (tensor<2x4x8xf32>, tensor<5x2x8xf32>, tensor<5x2x8xf32>)
  return
}

// -----

// Tests that the output has the queries' type.
func.func @attention_result(%q: tensor<2x4x8xf32>, %k: tensor<5x2x8xf32>, %v: tensor<5x2x8xf32>) {
  // expected-error @+1 {{expected result #0 type tensor<2x4x8xf32> (from the operands), got tensor<2x2x8xf32>}}
  %0 = "kforge.attention"(%q, %k, %v) {causal = true, scale = 0.35 : f32, operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0>}
    : (tensor<2x4x8xf32>, tensor<5x2x8xf32>, tensor<5x2x8xf32>) -> tensor<2x2x8xf32>
  return
}

// -----

// Tests that with a KV cache the new keys come one per query (Sq == Sk).
func.func @attention_cache_lengths(%q: tensor<2x4x8xf32>, %k: tensor<3x2x8xf32>, %v: tensor<3x2x8xf32>, %kc: tensor<16x2x8xf32>, %vc: tensor<16x2x8xf32>, %p: tensor<i64>) {
  // expected-error @+1 {{with a KV cache the new keys must match the queries: expected operand #1 dim 0 (3) to match operand #0 dim 0 (2)}}
  %0:3 = "kforge.attention"(%q, %k, %v, %kc, %vc, %p) {causal = true, scale = 0.35 : f32, operandSegmentSizes = array<i32: 1, 1, 1, 1, 1, 1>}
    : (tensor<2x4x8xf32>, tensor<3x2x8xf32>, tensor<3x2x8xf32>, tensor<16x2x8xf32>, tensor<16x2x8xf32>, tensor<i64>)
    -> (tensor<2x4x8xf32>, tensor<16x2x8xf32>, tensor<16x2x8xf32>)
  return
}

// -----

// Tests that the caches are [C, Hkv, D] (or [B, C, Hkv, D], one slot per row).
// (The two updated caches are declared with one type: IRDL gives both results
// one constraint variable.)
func.func @attention_cache_rank(%q: tensor<2x4x8xf32>, %k: tensor<2x2x8xf32>, %v: tensor<2x2x8xf32>, %kc: tensor<16x16xf32>, %vc: tensor<16x2x8xf32>, %p: tensor<i64>) {
  // expected-error @+1 {{expected operand #3 rank (2) to be 3 or 4}}
  %0:3 = "kforge.attention"(%q, %k, %v, %kc, %vc, %p) {causal = true, scale = 0.35 : f32, operandSegmentSizes = array<i32: 1, 1, 1, 1, 1, 1>}
    : (tensor<2x4x8xf32>, tensor<2x2x8xf32>, tensor<2x2x8xf32>, tensor<16x16xf32>, tensor<16x2x8xf32>, tensor<i64>)
    -> (tensor<2x4x8xf32>, tensor<16x2x8xf32>, tensor<16x2x8xf32>)
  return
}

// -----

// Tests that the caches share the queries' element type.
func.func @attention_cache_element(%q: tensor<2x4x8xf32>, %k: tensor<2x2x8xf32>, %v: tensor<2x2x8xf32>, %kc: tensor<16x2x8xf16>, %vc: tensor<16x2x8xf16>, %p: tensor<i64>) {
  // expected-error @+1 {{expected operand #3 element type (f16) to match operand #0 (f32)}}
  %0:3 = "kforge.attention"(%q, %k, %v, %kc, %vc, %p) {causal = true, scale = 0.35 : f32, operandSegmentSizes = array<i32: 1, 1, 1, 1, 1, 1>}
    : (tensor<2x4x8xf32>, tensor<2x2x8xf32>, tensor<2x2x8xf32>, tensor<16x2x8xf16>, tensor<16x2x8xf16>, tensor<i64>)
    -> (tensor<2x4x8xf32>, tensor<16x2x8xf16>, tensor<16x2x8xf16>)
  return
}

// -----

// Tests that the caches have the key/value head count.
func.func @attention_cache_heads(%q: tensor<2x4x8xf32>, %k: tensor<2x2x8xf32>, %v: tensor<2x2x8xf32>, %kc: tensor<16x4x8xf32>, %vc: tensor<16x4x8xf32>, %p: tensor<i64>) {
  // expected-error @+1 {{expected operand #3 dim 1 (4) to match operand #1 dim 1 (2)}}
  %0:3 = "kforge.attention"(%q, %k, %v, %kc, %vc, %p) {causal = true, scale = 0.35 : f32, operandSegmentSizes = array<i32: 1, 1, 1, 1, 1, 1>}
    : (tensor<2x4x8xf32>, tensor<2x2x8xf32>, tensor<2x2x8xf32>, tensor<16x4x8xf32>, tensor<16x4x8xf32>, tensor<i64>)
    -> (tensor<2x4x8xf32>, tensor<16x4x8xf32>, tensor<16x4x8xf32>)
  return
}

// -----

// Tests that the value cache has the head dim.
func.func @attention_cache_head_dim(%q: tensor<2x4x8xf32>, %k: tensor<2x2x8xf32>, %v: tensor<2x2x8xf32>, %kc: tensor<16x2x8xf32>, %vc: tensor<16x2x4xf32>, %p: tensor<i64>) {
  // expected-error @+1 {{expected operand #4 dim 2 (4) to match operand #1 dim 2 (8)}}
  %0:3 = "kforge.attention"(%q, %k, %v, %kc, %vc, %p) {causal = true, scale = 0.35 : f32, operandSegmentSizes = array<i32: 1, 1, 1, 1, 1, 1>}
    : (tensor<2x4x8xf32>, tensor<2x2x8xf32>, tensor<2x2x8xf32>, tensor<16x2x8xf32>, tensor<16x2x4xf32>, tensor<i64>)
    -> (tensor<2x4x8xf32>, tensor<16x2x8xf32>, tensor<16x2x8xf32>)
  return
}

// -----

// Tests that the two caches have the same capacity.
func.func @attention_cache_capacity(%q: tensor<2x4x8xf32>, %k: tensor<2x2x8xf32>, %v: tensor<2x2x8xf32>, %kc: tensor<16x2x8xf32>, %vc: tensor<8x2x8xf32>, %p: tensor<i64>) {
  // expected-error @+1 {{expected operand #4 dim 0 (8) to match operand #3 dim 0 (16)}}
  %0:3 = "kforge.attention"(%q, %k, %v, %kc, %vc, %p) {causal = true, scale = 0.35 : f32, operandSegmentSizes = array<i32: 1, 1, 1, 1, 1, 1>}
    : (tensor<2x4x8xf32>, tensor<2x2x8xf32>, tensor<2x2x8xf32>, tensor<16x2x8xf32>, tensor<8x2x8xf32>, tensor<i64>)
    -> (tensor<2x4x8xf32>, tensor<16x2x8xf32>, tensor<16x2x8xf32>)
  return
}

// -----

// Tests that the position is a rank-0 tensor.
func.func @attention_position_rank(%q: tensor<2x4x8xf32>, %k: tensor<2x2x8xf32>, %v: tensor<2x2x8xf32>, %kc: tensor<16x2x8xf32>, %vc: tensor<16x2x8xf32>, %p: tensor<1xi64>) {
  // expected-error @+1 {{expected operand #5 rank (1) to be 0}}
  %0:3 = "kforge.attention"(%q, %k, %v, %kc, %vc, %p) {causal = true, scale = 0.35 : f32, operandSegmentSizes = array<i32: 1, 1, 1, 1, 1, 1>}
    : (tensor<2x4x8xf32>, tensor<2x2x8xf32>, tensor<2x2x8xf32>, tensor<16x2x8xf32>, tensor<16x2x8xf32>, tensor<1xi64>)
    -> (tensor<2x4x8xf32>, tensor<16x2x8xf32>, tensor<16x2x8xf32>)
  return
}

// -----

// Tests that the position is an integer.
func.func @attention_position_float(%q: tensor<2x4x8xf32>, %k: tensor<2x2x8xf32>, %v: tensor<2x2x8xf32>, %kc: tensor<16x2x8xf32>, %vc: tensor<16x2x8xf32>, %p: tensor<f32>) {
  // expected-error @+1 {{expected operand #5 to have an integer element type (i64 or i32), got f32}}
  %0:3 = "kforge.attention"(%q, %k, %v, %kc, %vc, %p) {causal = true, scale = 0.35 : f32, operandSegmentSizes = array<i32: 1, 1, 1, 1, 1, 1>}
    : (tensor<2x4x8xf32>, tensor<2x2x8xf32>, tensor<2x2x8xf32>, tensor<16x2x8xf32>, tensor<16x2x8xf32>, tensor<f32>)
    -> (tensor<2x4x8xf32>, tensor<16x2x8xf32>, tensor<16x2x8xf32>)
  return
}

// -----

// Tests that attention with a cache returns the updated caches too.
func.func @attention_cache_results(%q: tensor<2x4x8xf32>, %k: tensor<2x2x8xf32>, %v: tensor<2x2x8xf32>, %kc: tensor<16x2x8xf32>, %vc: tensor<16x2x8xf32>, %p: tensor<i64>) {
  // expected-error @+1 {{expected 3 result(s), got 1}}
  %0 = "kforge.attention"(%q, %k, %v, %kc, %vc, %p) {causal = true, scale = 0.35 : f32, operandSegmentSizes = array<i32: 1, 1, 1, 1, 1, 1>}
    : (tensor<2x4x8xf32>, tensor<2x2x8xf32>, tensor<2x2x8xf32>, tensor<16x2x8xf32>, tensor<16x2x8xf32>, tensor<i64>) -> tensor<2x4x8xf32>
  return
}

// -----

// Tests that the updated caches have the caches' types.
func.func @attention_cache_result_type(%q: tensor<2x4x8xf32>, %k: tensor<2x2x8xf32>, %v: tensor<2x2x8xf32>, %kc: tensor<16x2x8xf32>, %vc: tensor<16x2x8xf32>, %p: tensor<i64>) {
  // expected-error @+1 {{expected result #1 type tensor<16x2x8xf32> (from the operands), got tensor<18x2x8xf32>}}
  %0:3 = "kforge.attention"(%q, %k, %v, %kc, %vc, %p) {causal = true, scale = 0.35 : f32, operandSegmentSizes = array<i32: 1, 1, 1, 1, 1, 1>}
    : (tensor<2x4x8xf32>, tensor<2x2x8xf32>, tensor<2x2x8xf32>, tensor<16x2x8xf32>, tensor<16x2x8xf32>, tensor<i64>)
    -> (tensor<2x4x8xf32>, tensor<18x2x8xf32>, tensor<18x2x8xf32>)
  return
}

// -----

// Tests that `causal` must be a boolean, not any integer.
func.func @attention_causal_not_boolean(%q: tensor<2x1x4xf32>) {
  // expected-error @+1 {{'kforge.attention' op expected 'causal' to be a boolean (true or false), got 7}}
  %0 = "kforge.attention"(%q, %q, %q) {causal = 7, scale = 1.0 : f32, operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0>}
    : (tensor<2x1x4xf32>, tensor<2x1x4xf32>, tensor<2x1x4xf32>) -> tensor<2x1x4xf32>
  return
}

// -----

// Tests that a `scale` beyond the element type's range is rejected (the
// lowering scales in that type).
func.func @attention_scale_overflows_f16(%q: tensor<2x1x4xf16>) {
  // expected-error @+1 {{expected 'scale' (100000) to be finite in the element type f16}}
  %0 = "kforge.attention"(%q, %q, %q) {causal = false, scale = 1.0e5 : f32, operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0>}
    : (tensor<2x1x4xf16>, tensor<2x1x4xf16>, tensor<2x1x4xf16>) -> tensor<2x1x4xf16>
  return
}

// -----

// Tests that with a cache slot per row the positions are one per row, not one
// scalar for the whole batch.
func.func @attention_slots_scalar_position(%q: tensor<2x4x8xf32>, %k: tensor<2x2x8xf32>, %v: tensor<2x2x8xf32>, %kc: tensor<2x16x2x8xf32>, %vc: tensor<2x16x2x8xf32>, %p: tensor<i64>) {
  // expected-error @+1 {{with a cache slot per row (rank-4 caches) the positions are one per row: expected operand #5 rank (0) to be 1}}
  %0:3 = "kforge.attention"(%q, %k, %v, %kc, %vc, %p) {causal = true, scale = 0.35 : f32, operandSegmentSizes = array<i32: 1, 1, 1, 1, 1, 1>}
    : (tensor<2x4x8xf32>, tensor<2x2x8xf32>, tensor<2x2x8xf32>, tensor<2x16x2x8xf32>, tensor<2x16x2x8xf32>, tensor<i64>)
    -> (tensor<2x4x8xf32>, tensor<2x16x2x8xf32>, tensor<2x16x2x8xf32>)
  return
}

// -----

// Tests that there is one cache slot per row.
func.func @attention_slots_count(%q: tensor<2x4x8xf32>, %k: tensor<2x2x8xf32>, %v: tensor<2x2x8xf32>, %kc: tensor<3x16x2x8xf32>, %vc: tensor<3x16x2x8xf32>, %p: tensor<2xi64>) {
  // expected-error @+1 {{expected operand #3 dim 0 (3) to match operand #0 dim 0 (2)}}
  %0:3 = "kforge.attention"(%q, %k, %v, %kc, %vc, %p) {causal = true, scale = 0.35 : f32, operandSegmentSizes = array<i32: 1, 1, 1, 1, 1, 1>}
    : (tensor<2x4x8xf32>, tensor<2x2x8xf32>, tensor<2x2x8xf32>, tensor<3x16x2x8xf32>, tensor<3x16x2x8xf32>, tensor<2xi64>)
    -> (tensor<2x4x8xf32>, tensor<3x16x2x8xf32>, tensor<3x16x2x8xf32>)
  return
}

// -----

// Tests that there is one position per row.
func.func @attention_slots_positions(%q: tensor<2x4x8xf32>, %k: tensor<2x2x8xf32>, %v: tensor<2x2x8xf32>, %kc: tensor<2x16x2x8xf32>, %vc: tensor<2x16x2x8xf32>, %p: tensor<3xi64>) {
  // expected-error @+1 {{expected operand #5 dim 0 (3) to match operand #0 dim 0 (2)}}
  %0:3 = "kforge.attention"(%q, %k, %v, %kc, %vc, %p) {causal = true, scale = 0.35 : f32, operandSegmentSizes = array<i32: 1, 1, 1, 1, 1, 1>}
    : (tensor<2x4x8xf32>, tensor<2x2x8xf32>, tensor<2x2x8xf32>, tensor<2x16x2x8xf32>, tensor<2x16x2x8xf32>, tensor<3xi64>)
    -> (tensor<2x4x8xf32>, tensor<2x16x2x8xf32>, tensor<2x16x2x8xf32>)
  return
}

// -----

// Tests that the key and value caches are both per row or both not.
func.func @attention_slots_mixed(%q: tensor<2x4x8xf32>, %k: tensor<2x2x8xf32>, %v: tensor<2x2x8xf32>, %kc: tensor<2x16x2x8xf32>, %vc: tensor<16x2x8xf32>, %p: tensor<2xi64>) {
  // expected-error @+1 {{expected operand #4 rank (3) to match operand #3 (4)}}
  %0:3 = "kforge.attention"(%q, %k, %v, %kc, %vc, %p) {causal = true, scale = 0.35 : f32, operandSegmentSizes = array<i32: 1, 1, 1, 1, 1, 1>}
    : (tensor<2x4x8xf32>, tensor<2x2x8xf32>, tensor<2x2x8xf32>, tensor<2x16x2x8xf32>, tensor<16x2x8xf32>, tensor<2xi64>)
    -> (tensor<2x4x8xf32>, tensor<2x16x2x8xf32>, tensor<2x16x2x8xf32>)
  return
}
