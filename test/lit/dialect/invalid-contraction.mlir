// RUN: kforge-opt %s --split-input-file --verify-diagnostics

// Tests that kforge.matmul needs rank-2 operands.
func.func @matmul_rank(%a: tensor<2x2x3xf32>, %b: tensor<3x4xf32>) {
  // expected-error @+1 {{expected operand #0 rank (3) to be 2}}
  %0 = "kforge.matmul"(%a, %b) : (tensor<2x2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
  return
}

// -----

// Tests that kforge.matmul needs float operands.
func.func @matmul_integer(%a: tensor<2x3xf32>, %b: tensor<3x4xi64>) {
  // expected-error @+1 {{expected operand #1 to have a float element type (f32, f16 or bf16), got i64}}
  %0 = "kforge.matmul"(%a, %b) : (tensor<2x3xf32>, tensor<3x4xi64>) -> tensor<2x4xf32>
  return
}

// -----

// Tests that kforge.matmul's operands share one element type.
func.func @matmul_mixed_elements(%a: tensor<2x3xf32>, %b: tensor<3x4xf16>) {
  // expected-error @+1 {{expected operand #1 element type (f16) to match operand #0 (f32)}}
  %0 = "kforge.matmul"(%a, %b) : (tensor<2x3xf32>, tensor<3x4xf16>) -> tensor<2x4xf32>
  return
}

// -----

// Tests that kforge.matmul's contraction dims agree.
func.func @matmul_k(%a: tensor<2x3xf32>, %b: tensor<5x4xf32>) {
  // expected-error @+1 {{expected operand #1 dim 0 (5) to match operand #0 dim 1 (3)}}
  %0 = "kforge.matmul"(%a, %b) : (tensor<2x3xf32>, tensor<5x4xf32>) -> tensor<2x4xf32>
  return
}

// -----

// Tests that kforge.matmul's declared result must match [M, N].
func.func @matmul_result(%a: tensor<2x3xf32>, %b: tensor<3x4xf32>) {
  // expected-error @+1 {{expected result #0 type tensor<2x4xf32> (from the operands), got tensor<2x5xf32>}}
  %0 = "kforge.matmul"(%a, %b) : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x5xf32>
  return
}

// -----

// Tests that a declared result of another element type than the operands' is rejected.
func.func @matmul_result_f64(%a: tensor<2x3xf32>, %b: tensor<3x4xf32>) {
  // expected-error @+1 {{'kforge.matmul' op expected result #0 type tensor<2x4xf32> (from the operands), got tensor<2x4xf64>}}
  %0 = "kforge.matmul"(%a, %b) : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf64>
  return
}

// -----

// Tests that a declared result of an element type kforge does not know is named as such.
func.func @matmul_result_complex(%a: tensor<2x3xf32>, %b: tensor<3x4xf32>) {
  // expected-error @+1 {{expected result #0 to have a supported element type (f32, f16, bf16, f64, i64, i32, i16, i8, ui8, i1), got unsupported element type complex<f32>}}
  %0 = "kforge.matmul"(%a, %b) : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xcomplex<f32>>
  return
}

// -----

// Tests that kforge.batch_matmul needs rank-3 operands.
func.func @batch_matmul_rank(%a: tensor<5x2x3xf32>, %b: tensor<3x4xf32>) {
  // expected-error @+1 {{expected operand #1 rank (2) to be 3}}
  %0 = "kforge.batch_matmul"(%a, %b) : (tensor<5x2x3xf32>, tensor<3x4xf32>) -> tensor<5x2x4xf32>
  return
}

// -----

// Tests that kforge.batch_matmul's batch dims agree.
func.func @batch_matmul_batch(%a: tensor<5x2x3xf32>, %b: tensor<4x3x4xf32>) {
  // expected-error @+1 {{expected operand #1 dim 0 (4) to match operand #0 dim 0 (5)}}
  %0 = "kforge.batch_matmul"(%a, %b) : (tensor<5x2x3xf32>, tensor<4x3x4xf32>) -> tensor<5x2x4xf32>
  return
}

// -----

// Tests that kforge.batch_matmul's contraction dims agree.
func.func @batch_matmul_k(%a: tensor<5x2x3xf32>, %b: tensor<5x7x4xf32>) {
  // expected-error @+1 {{expected operand #1 dim 1 (7) to match operand #0 dim 2 (3)}}
  %0 = "kforge.batch_matmul"(%a, %b) : (tensor<5x2x3xf32>, tensor<5x7x4xf32>) -> tensor<5x2x4xf32>
  return
}

// -----

// Tests that a dynamic batch dim takes the static size of the other operand
// in the inferred result.
func.func @batch_matmul_result(%a: tensor<?x2x3xbf16>, %b: tensor<5x3x4xbf16>) {
  // expected-error @+1 {{expected result #0 type tensor<5x2x4xbf16> (from the operands), got tensor<6x2x4xbf16>}}
  %0 = "kforge.batch_matmul"(%a, %b) : (tensor<?x2x3xbf16>, tensor<5x3x4xbf16>) -> tensor<6x2x4xbf16>
  return
}

// -----

// Tests that kforge.linear's input has rank 1 to 3.
func.func @linear_input_rank(%x: tensor<1x2x3x8xf32>, %w: tensor<4x8xf32>) {
  // expected-error @+1 {{expected operand #0 rank (4) to be 1 or 2 or 3}}
  %0 = "kforge.linear"(%x, %w) : (tensor<1x2x3x8xf32>, tensor<4x8xf32>) -> tensor<1x2x3x4xf32>
  return
}

// -----

// Tests that kforge.linear's input must not be a scalar.
func.func @linear_input_scalar(%x: tensor<f32>, %w: tensor<4x8xf32>) {
  // expected-error @+1 {{expected operand #0 rank (0) to be 1 or 2 or 3}}
  %0 = "kforge.linear"(%x, %w) : (tensor<f32>, tensor<4x8xf32>) -> tensor<4xf32>
  return
}

// -----

// Tests that kforge.linear's weight is [N, K].
func.func @linear_weight_rank(%x: tensor<2x8xf32>, %w: tensor<8xf32>) {
  // expected-error @+1 {{expected operand #1 rank (1) to be 2}}
  %0 = "kforge.linear"(%x, %w) : (tensor<2x8xf32>, tensor<8xf32>) -> tensor<2x4xf32>
  return
}

// -----

// Tests that kforge.linear's weight is read transposed: w[n, k], so the input's
// last dim matches the weight's dim 1.
func.func @linear_k(%x: tensor<2x8xf32>, %w: tensor<8x4xf32>) {
  // expected-error @+1 {{expected operand #1 dim 1 (4) to match operand #0 dim 1 (8)}}
  %0 = "kforge.linear"(%x, %w) : (tensor<2x8xf32>, tensor<8x4xf32>) -> tensor<2x8xf32>
  return
}

// -----

// Tests that kforge.linear's input and weight share one element type.
func.func @linear_mixed_elements(%x: tensor<2x8xbf16>, %w: tensor<4x8xf32>) {
  // expected-error @+1 {{expected operand #1 element type (f32) to match operand #0 (bf16)}}
  %0 = "kforge.linear"(%x, %w) : (tensor<2x8xbf16>, tensor<4x8xf32>) -> tensor<2x4xbf16>
  return
}

// -----

// Tests that kforge.linear's bias is rank 1.
func.func @linear_bias_rank(%x: tensor<2x8xf32>, %w: tensor<4x8xf32>, %b: tensor<1x4xf32>) {
  // expected-error @+1 {{expected operand #2 rank (2) to be 1}}
  %0 = "kforge.linear"(%x, %w, %b) : (tensor<2x8xf32>, tensor<4x8xf32>, tensor<1x4xf32>) -> tensor<2x4xf32>
  return
}

// -----

// Tests that kforge.linear's bias has N elements.
func.func @linear_bias_size(%x: tensor<2x8xf32>, %w: tensor<4x8xf32>, %b: tensor<5xf32>) {
  // expected-error @+1 {{expected operand #2 dim 0 (5) to match operand #1 dim 0 (4)}}
  %0 = "kforge.linear"(%x, %w, %b) : (tensor<2x8xf32>, tensor<4x8xf32>, tensor<5xf32>) -> tensor<2x4xf32>
  return
}

// -----

// Tests that kforge.linear's bias shares the element type.
func.func @linear_bias_element(%x: tensor<2x8xf32>, %w: tensor<4x8xf32>, %b: tensor<4xf16>) {
  // expected-error @+1 {{expected operand #2 element type (f16) to match operand #0 (f32)}}
  %0 = "kforge.linear"(%x, %w, %b) : (tensor<2x8xf32>, tensor<4x8xf32>, tensor<4xf16>) -> tensor<2x4xf32>
  return
}

// -----

// Tests that kforge.linear's bias is a float tensor.
func.func @linear_bias_integer(%x: tensor<2x8xf32>, %w: tensor<4x8xf32>, %b: tensor<4xi32>) {
  // expected-error @+1 {{expected operand #2 to have a float element type (f32, f16 or bf16), got i32}}
  %0 = "kforge.linear"(%x, %w, %b) : (tensor<2x8xf32>, tensor<4x8xf32>, tensor<4xi32>) -> tensor<2x4xf32>
  return
}

// -----

// Tests that kforge.linear's result replaces the last dim by N.
func.func @linear_result(%x: tensor<2x3x8xf32>, %w: tensor<4x8xf32>) {
  // expected-error @+1 {{expected result #0 type tensor<2x3x4xf32> (from the operands), got tensor<6x4xf32>}}
  %0 = "kforge.linear"(%x, %w) : (tensor<2x3x8xf32>, tensor<4x8xf32>) -> tensor<6x4xf32>
  return
}
