// RUN: not kforge-opt %s --split-input-file 2>&1 | FileCheck %s

// Errors found by the IRDL definition (dialect/kforge.irdl.mlir) while parsing:
// operand and result counts, base types, required attributes and their kinds,
// unknown ops. They are checked here with FileCheck, which pins the
// file:line:col of each error as printed (--verify-diagnostics works for them
// too since it ignores MLIR's "see current operation" notes; see
// test/lit/regression/verify-diagnostics-op-note.mlir).

// Tests that kforge.matmul needs exactly two operands.
func.func @matmul_one_operand(%a: tensor<2x3xf32>) {
  // CHECK: invalid-irdl.mlir:[[@LINE+1]]:8: error: op expects exactly 2 operands, but got 1
  %0 = "kforge.matmul"(%a) : (tensor<2x3xf32>) -> tensor<2x4xf32>
  return
}

// -----

// Tests that kforge.batch_matmul rejects a third operand.
func.func @batch_matmul_three_operands(%a: tensor<5x2x3xf32>) {
  // CHECK: invalid-irdl.mlir:[[@LINE+1]]:8: error: op expects exactly 2 operands, but got 3
  %0 = "kforge.batch_matmul"(%a, %a, %a) : (tensor<5x2x3xf32>, tensor<5x2x3xf32>, tensor<5x2x3xf32>) -> tensor<5x2x3xf32>
  return
}

// -----

// Tests that kforge.linear needs an input and a weight.
func.func @linear_one_operand(%x: tensor<2x8xf32>) {
  // CHECK: invalid-irdl.mlir:[[@LINE+1]]:8: error: op expects at least 2 operands, but got 1
  %0 = "kforge.linear"(%x) : (tensor<2x8xf32>) -> tensor<2x8xf32>
  return
}

// -----

// Tests that kforge.linear takes at most a bias after the weight.
func.func @linear_four_operands(%x: tensor<2x8xf32>, %w: tensor<4x8xf32>, %b: tensor<4xf32>) {
  // CHECK: invalid-irdl.mlir:[[@LINE+1]]:8: error: op expects at most 3 operands, but got 4
  %0 = "kforge.linear"(%x, %w, %b, %b) : (tensor<2x8xf32>, tensor<4x8xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<2x4xf32>
  return
}

// -----

// Tests that kforge ops take tensors, not memrefs.
func.func @matmul_memref(%a: tensor<2x3xf32>, %b: memref<3x4xf32>) {
  // CHECK: invalid-irdl.mlir:[[@LINE+1]]:8: error: expected base type 'builtin.tensor' but got 'builtin.memref'
  %0 = "kforge.matmul"(%a, %b) : (tensor<2x3xf32>, memref<3x4xf32>) -> tensor<2x4xf32>
  return
}

// -----

// Tests that kforge ops take ranked tensors.
func.func @matmul_unranked(%a: tensor<2x3xf32>, %b: tensor<*xf32>) {
  // CHECK: invalid-irdl.mlir:[[@LINE+1]]:8: error: expected base type 'builtin.tensor' but got 'builtin.unranked_tensor'
  %0 = "kforge.matmul"(%a, %b) : (tensor<2x3xf32>, tensor<*xf32>) -> tensor<2x4xf32>
  return
}

// -----

// Tests that a kforge op's result is a tensor too.
func.func @matmul_scalar_result(%a: tensor<2x3xf32>, %b: tensor<3x4xf32>) {
  // CHECK: invalid-irdl.mlir:[[@LINE+1]]:8: error: expected base type 'builtin.tensor' but got 'builtin.f32'
  %0 = "kforge.matmul"(%a, %b) : (tensor<2x3xf32>, tensor<3x4xf32>) -> f32
  return
}

// -----

// Tests that a kforge op must have its result.
func.func @matmul_no_result(%a: tensor<2x3xf32>, %b: tensor<3x4xf32>) {
  // CHECK: invalid-irdl.mlir:[[@LINE+1]]:3: error: op expects exactly 1 results, but got 0
  "kforge.matmul"(%a, %b) : (tensor<2x3xf32>, tensor<3x4xf32>) -> ()
  return
}

// -----

// Tests that kforge.add rejects vectors.
func.func @add_vector(%a: vector<4xf32>) {
  // CHECK: invalid-irdl.mlir:[[@LINE+1]]:8: error: expected base type 'builtin.tensor' but got 'builtin.vector'
  %0 = "kforge.add"(%a, %a) : (vector<4xf32>, vector<4xf32>) -> tensor<4xf32>
  return
}

// -----

// Tests that kforge ops have no regions.
func.func @silu_region(%x: tensor<4xf32>) {
  // CHECK: invalid-irdl.mlir:[[@LINE+1]]:8: error: 'kforge.silu' op unexpected number of regions: expected 0 but got 1
  %0 = "kforge.silu"(%x) ({
  ^bb0:
    "kforge.silu"(%x) : (tensor<4xf32>) -> tensor<4xf32>
  }) : (tensor<4xf32>) -> tensor<4xf32>
  return
}

// -----

// Tests that kforge.gelu requires `approximate`.
func.func @gelu_no_approximate(%x: tensor<4xf32>) {
  // CHECK: invalid-irdl.mlir:[[@LINE+1]]:8: error: 'kforge.gelu' op attribute "approximate" is expected but not provided
  %0 = "kforge.gelu"(%x) : (tensor<4xf32>) -> tensor<4xf32>
  return
}

// -----

// Tests that `approximate` is a string.
func.func @gelu_integer_approximate(%x: tensor<4xf32>) {
  // CHECK: invalid-irdl.mlir:[[@LINE+1]]:8: error: expected base attribute 'builtin.string' but got 'builtin.integer'
  %0 = "kforge.gelu"(%x) {approximate = 1 : i64} : (tensor<4xf32>) -> tensor<4xf32>
  return
}

// -----

// Tests that kforge.softmax requires `axis`.
func.func @softmax_no_axis(%x: tensor<4xf32>) {
  // CHECK: invalid-irdl.mlir:[[@LINE+1]]:8: error: 'kforge.softmax' op attribute "axis" is expected but not provided
  %0 = "kforge.softmax"(%x) : (tensor<4xf32>) -> tensor<4xf32>
  return
}

// -----

// Tests that `axis` is an integer.
func.func @softmax_float_axis(%x: tensor<4xf32>) {
  // CHECK: invalid-irdl.mlir:[[@LINE+1]]:8: error: expected base attribute 'builtin.integer' but got 'builtin.float'
  %0 = "kforge.softmax"(%x) {axis = 1.0 : f32} : (tensor<4xf32>) -> tensor<4xf32>
  return
}

// -----

// Tests that kforge.rms_norm requires `epsilon`.
func.func @rms_norm_no_epsilon(%x: tensor<2x8xf32>, %w: tensor<8xf32>) {
  // CHECK: invalid-irdl.mlir:[[@LINE+1]]:8: error: 'kforge.rms_norm' op attribute "epsilon" is expected but not provided
  %0 = "kforge.rms_norm"(%x, %w) : (tensor<2x8xf32>, tensor<8xf32>) -> tensor<2x8xf32>
  return
}

// -----

// Tests that `epsilon` is a float.
func.func @rms_norm_integer_epsilon(%x: tensor<2x8xf32>, %w: tensor<8xf32>) {
  // CHECK: invalid-irdl.mlir:[[@LINE+1]]:8: error: expected base attribute 'builtin.float' but got 'builtin.integer'
  %0 = "kforge.rms_norm"(%x, %w) {epsilon = 0 : i32} : (tensor<2x8xf32>, tensor<8xf32>) -> tensor<2x8xf32>
  return
}

// -----

// Tests that kforge.layer_norm needs gamma and beta.
func.func @layer_norm_two_operands(%x: tensor<2x8xf32>, %g: tensor<8xf32>) {
  // CHECK: invalid-irdl.mlir:[[@LINE+1]]:8: error: op expects exactly 3 operands, but got 2
  %0 = "kforge.layer_norm"(%x, %g) {epsilon = 1.0e-5 : f32} : (tensor<2x8xf32>, tensor<8xf32>) -> tensor<2x8xf32>
  return
}

// -----

// Tests that kforge.rope requires `theta`.
func.func @rope_no_theta(%x: tensor<3x2x8xf32>, %p: tensor<3xi64>) {
  // CHECK: invalid-irdl.mlir:[[@LINE+1]]:8: error: 'kforge.rope' op attribute "theta" is expected but not provided
  %0 = "kforge.rope"(%x, %p) : (tensor<3x2x8xf32>, tensor<3xi64>) -> tensor<3x2x8xf32>
  return
}

// -----

// Tests that `theta` is a float.
func.func @rope_string_theta(%x: tensor<3x2x8xf32>, %p: tensor<3xi64>) {
  // CHECK: invalid-irdl.mlir:[[@LINE+1]]:8: error: expected base attribute 'builtin.float' but got 'builtin.string'
  %0 = "kforge.rope"(%x, %p) {theta = "big"} : (tensor<3x2x8xf32>, tensor<3xi64>) -> tensor<3x2x8xf32>
  return
}

// -----

// Tests that kforge.attention needs operandSegmentSizes to tell its optional
// operands apart.
func.func @attention_no_segments(%q: tensor<2x4x8xf32>) {
  // CHECK: invalid-irdl.mlir:[[@LINE+1]]:8: error: 'operandSegmentSizes' attribute is expected but not provided
  %0 = "kforge.attention"(%q, %q, %q) {causal = true, scale = 1.0 : f32} : (tensor<2x4x8xf32>, tensor<2x4x8xf32>, tensor<2x4x8xf32>) -> tensor<2x4x8xf32>
  return
}

// -----

// Tests that operandSegmentSizes has one entry per operand group.
func.func @attention_short_segments(%q: tensor<2x4x8xf32>) {
  // CHECK: invalid-irdl.mlir:[[@LINE+1]]:8: error: 'operandSegmentSizes' attribute for specifying operand segments must have 6 elements, but got 5
  %0 = "kforge.attention"(%q, %q, %q) {causal = true, scale = 1.0 : f32, operandSegmentSizes = array<i32: 1, 1, 1, 0, 0>} : (tensor<2x4x8xf32>, tensor<2x4x8xf32>, tensor<2x4x8xf32>) -> tensor<2x4x8xf32>
  return
}

// -----

// Tests that a required operand group has exactly one operand.
func.func @attention_two_values(%q: tensor<2x4x8xf32>) {
  // CHECK: invalid-irdl.mlir:[[@LINE+1]]:8: error: element 2 in 'operandSegmentSizes' attribute must be equal to 1
  %0 = "kforge.attention"(%q, %q, %q) {causal = true, scale = 1.0 : f32, operandSegmentSizes = array<i32: 1, 1, 2, 0, 0, 0>} : (tensor<2x4x8xf32>, tensor<2x4x8xf32>, tensor<2x4x8xf32>) -> tensor<2x4x8xf32>
  return
}

// -----

// Tests that kforge.attention requires `causal`.
func.func @attention_no_causal(%q: tensor<2x4x8xf32>) {
  // CHECK: invalid-irdl.mlir:[[@LINE+1]]:8: error: 'kforge.attention' op attribute "causal" is expected but not provided
  %0 = "kforge.attention"(%q, %q, %q) {scale = 1.0 : f32, operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0>} : (tensor<2x4x8xf32>, tensor<2x4x8xf32>, tensor<2x4x8xf32>) -> tensor<2x4x8xf32>
  return
}

// -----

// Tests that kforge.attention requires `scale`.
func.func @attention_no_scale(%q: tensor<2x4x8xf32>) {
  // CHECK: invalid-irdl.mlir:[[@LINE+1]]:8: error: 'kforge.attention' op attribute "scale" is expected but not provided
  %0 = "kforge.attention"(%q, %q, %q) {causal = false, operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0>} : (tensor<2x4x8xf32>, tensor<2x4x8xf32>, tensor<2x4x8xf32>) -> tensor<2x4x8xf32>
  return
}

// -----

// Tests that `scale` is a float.
func.func @attention_integer_scale(%q: tensor<2x4x8xf32>) {
  // CHECK: invalid-irdl.mlir:[[@LINE+1]]:8: error: expected base attribute 'builtin.float' but got 'builtin.integer'
  %0 = "kforge.attention"(%q, %q, %q) {causal = true, scale = 1 : i32, operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0>} : (tensor<2x4x8xf32>, tensor<2x4x8xf32>, tensor<2x4x8xf32>) -> tensor<2x4x8xf32>
  return
}

// -----

// Tests that the two updated caches share one type (one IRDL constraint
// variable covers both results).
func.func @attention_cache_results_differ(%q: tensor<2x4x8xf32>, %k: tensor<2x2x8xf32>, %kc: tensor<16x2x8xf32>, %vc: tensor<8x2x8xf32>, %p: tensor<i64>) {
  // CHECK: invalid-irdl.mlir:[[@LINE+1]]:10: error: expected 'tensor<16x2x8xf32>' but got 'tensor<8x2x8xf32>'
  %0:3 = "kforge.attention"(%q, %k, %k, %kc, %vc, %p) {causal = true, scale = 0.35 : f32, operandSegmentSizes = array<i32: 1, 1, 1, 1, 1, 1>}
    : (tensor<2x4x8xf32>, tensor<2x2x8xf32>, tensor<2x2x8xf32>, tensor<16x2x8xf32>, tensor<8x2x8xf32>, tensor<i64>)
    -> (tensor<2x4x8xf32>, tensor<16x2x8xf32>, tensor<8x2x8xf32>)
  return
}

// -----

// Tests that kforge.mlp requires `activation`.
func.func @mlp_no_activation(%x: tensor<2x8xf32>, %u: tensor<16x8xf32>, %d: tensor<8x16xf32>) {
  // CHECK: invalid-irdl.mlir:[[@LINE+1]]:8: error: 'kforge.mlp' op attribute "activation" is expected but not provided
  %0 = "kforge.mlp"(%x, %u, %d) : (tensor<2x8xf32>, tensor<16x8xf32>, tensor<8x16xf32>) -> tensor<2x8xf32>
  return
}

// -----

// Tests that kforge.mlp needs at least an input and two weights.
func.func @mlp_two_operands(%x: tensor<2x8xf32>, %u: tensor<16x8xf32>) {
  // CHECK: invalid-irdl.mlir:[[@LINE+1]]:8: error: op expects at least 3 operands, but got 2
  %0 = "kforge.mlp"(%x, %u) {activation = "gelu"} : (tensor<2x8xf32>, tensor<16x8xf32>) -> tensor<2x8xf32>
  return
}

// -----

// Tests that kforge.embedding's result is a tensor.
func.func @embedding_memref_result(%ids: tensor<3xi64>, %t: tensor<10x8xf32>) {
  // CHECK: invalid-irdl.mlir:[[@LINE+1]]:8: error: expected base type 'builtin.tensor' but got 'builtin.memref'
  %0 = "kforge.embedding"(%ids, %t) : (tensor<3xi64>, tensor<10x8xf32>) -> memref<3x8xf32>
  return
}

// -----

// Tests that kforge.weight has no operands.
func.func @weight_operand(%x: tensor<4xf32>) {
  // CHECK: invalid-irdl.mlir:[[@LINE+1]]:8: error: op expects exactly 0 operands, but got 1
  %0 = "kforge.weight"(%x) {name = "w"} : (tensor<4xf32>) -> tensor<4xf32>
  return
}

// -----

// Tests that kforge.weight requires `name`.
func.func @weight_no_name() {
  // CHECK: invalid-irdl.mlir:[[@LINE+1]]:8: error: 'kforge.weight' op attribute "name" is expected but not provided
  %0 = "kforge.weight"() : () -> tensor<4xf32>
  return
}

// -----

// Tests that `name` is a string, not a symbol reference.
func.func @weight_symbol_name() {
  // CHECK: invalid-irdl.mlir:[[@LINE+1]]:8: error: expected base attribute 'builtin.string' but got 'builtin.symbol_ref'
  %0 = "kforge.weight"() {name = @w} : () -> tensor<4xf32>
  return
}

// -----

// Tests that kforge.reshape has one operand.
func.func @reshape_two_operands(%x: tensor<4xf32>) {
  // CHECK: invalid-irdl.mlir:[[@LINE+1]]:8: error: op expects exactly 1 operands, but got 2
  %0 = "kforge.reshape"(%x, %x) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return
}

// -----

// Tests that an op name the dialect does not define is rejected.
func.func @unknown_op(%x: tensor<4xf32>) {
  // CHECK: invalid-irdl.mlir:[[@LINE+1]]:8: error: unregistered operation 'kforge.nope' found in dialect ('kforge') that does not allow unknown operations
  %0 = "kforge.nope"(%x) : (tensor<4xf32>) -> tensor<4xf32>
  return
}

// -----

// Tests that --allow-unregistered-dialect does not open the kforge dialect
// (checked by the RUN line below with its own prefix).
// RUN: not kforge-opt %s --split-input-file --allow-unregistered-dialect 2>&1 | FileCheck %s --check-prefix=ALLOW
// ALLOW: error: unregistered operation 'kforge.nope' found in dialect ('kforge')
// ALLOW-NOT: error: unregistered operation 'other.op'
func.func @unknown_kforge_op_with_unregistered_allowed(%x: tensor<4xf32>) {
  %0 = "other.op"(%x) : (tensor<4xf32>) -> tensor<4xf32>
  return
}
