// Fixed bug: an element type outside f32/f16/bf16/i64/i32/i1 makes
// TensorType::from_mlir return None, and the verifier then says the operand is
// not a ranked tensor ("expected operand #0 to be a ranked tensor, got
// tensor<2x3xf64>"), which it is. The message should name the element type, as
// it does for i32 in a float position.
// RUN: kforge-opt %s --split-input-file --verify-diagnostics

// Tests that an f64 operand is reported as a wrong element type.
func.func @matmul_f64(%a: tensor<2x3xf64>, %b: tensor<3x4xf64>) {
  // expected-error @+1 {{expected operand #0 to have a float element type (f32, f16 or bf16), got f64}}
  %0 = "kforge.matmul"(%a, %b) : (tensor<2x3xf64>, tensor<3x4xf64>) -> tensor<2x4xf64>
  return
}

// -----

// Tests that i16 positions are reported as a wrong integer type.
func.func @rope_i16(%x: tensor<3x2x8xf32>, %p: tensor<3xi16>) {
  // expected-error @+1 {{expected operand #1 to have an integer element type (i64 or i32), got i16}}
  %0 = "kforge.rope"(%x, %p) {theta = 10000.0 : f32} : (tensor<3x2x8xf32>, tensor<3xi16>) -> tensor<3x2x8xf32>
  return
}
