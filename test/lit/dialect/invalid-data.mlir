// RUN: kforge-opt %s --split-input-file --verify-diagnostics

// Tests that kforge.embedding's ids are integers.
func.func @embedding_float_ids(%ids: tensor<3xf32>, %t: tensor<10x8xf32>) {
  // expected-error @+1 {{expected operand #0 to have an integer element type (i64 or i32), got f32}}
  %0 = "kforge.embedding"(%ids, %t) : (tensor<3xf32>, tensor<10x8xf32>) -> tensor<3x8xf32>
  return
}

// -----

// Tests that kforge.embedding's ids are rank 1.
func.func @embedding_ids_rank(%ids: tensor<1x3xi64>, %t: tensor<10x8xf32>) {
  // expected-error @+1 {{expected operand #0 rank (2) to be 1}}
  %0 = "kforge.embedding"(%ids, %t) : (tensor<1x3xi64>, tensor<10x8xf32>) -> tensor<1x3x8xf32>
  return
}

// -----

// Tests that kforge.embedding's table is a float tensor.
func.func @embedding_integer_table(%ids: tensor<3xi64>, %t: tensor<10x8xi64>) {
  // expected-error @+1 {{expected operand #1 to have a float element type (f32, f16 or bf16), got i64}}
  %0 = "kforge.embedding"(%ids, %t) : (tensor<3xi64>, tensor<10x8xi64>) -> tensor<3x8xi64>
  return
}

// -----

// Tests that kforge.embedding's table is [V, D].
func.func @embedding_table_rank(%ids: tensor<3xi64>, %t: tensor<80xf32>) {
  // expected-error @+1 {{expected operand #1 rank (1) to be 2}}
  %0 = "kforge.embedding"(%ids, %t) : (tensor<3xi64>, tensor<80xf32>) -> tensor<3x8xf32>
  return
}

// -----

// Tests that kforge.embedding's result is [S, D].
func.func @embedding_result(%ids: tensor<3xi64>, %t: tensor<10x8xf32>) {
  // expected-error @+1 {{expected result #0 type tensor<3x8xf32> (from the operands), got tensor<3x10xf32>}}
  %0 = "kforge.embedding"(%ids, %t) : (tensor<3xi64>, tensor<10x8xf32>) -> tensor<3x10xf32>
  return
}

// -----

// The empty-name case (expected a non-empty 'name') is in
// test/lit/regression/empty-string-attribute-crash.mlir: it aborts today.

// Tests that kforge.weight's type is static (the data has a fixed size).
func.func @weight_dynamic() {
  // expected-error @+1 {{expected a static result shape, got tensor<?x8xf32>}}
  %0 = "kforge.weight"() {name = "w"} : () -> tensor<?x8xf32>
  return
}

// -----

// Tests that kforge.reshape works on static shapes only.
func.func @reshape_dynamic(%x: tensor<?x4xf32>) {
  // expected-error @+1 {{expected static shapes, or a dynamic leading dim only (kept as is), got tensor<?x4xf32> -> tensor<8xf32>}}
  %0 = "kforge.reshape"(%x) : (tensor<?x4xf32>) -> tensor<8xf32>
  return
}

// -----

// Tests that kforge.reshape's result must be static too.
func.func @reshape_dynamic_result(%x: tensor<2x4xf32>) {
  // expected-error @+1 {{expected static shapes, or a dynamic leading dim only (kept as is), got tensor<2x4xf32> -> tensor<?xf32>}}
  %0 = "kforge.reshape"(%x) : (tensor<2x4xf32>) -> tensor<?xf32>
  return
}

// -----

// Tests that kforge.reshape keeps the element count.
func.func @reshape_count(%x: tensor<2x4xf32>) {
  // expected-error @+1 {{expected the result to hold the operand's 8 elements of f32, got tensor<9xf32>}}
  %0 = "kforge.reshape"(%x) : (tensor<2x4xf32>) -> tensor<9xf32>
  return
}

// -----

// Tests that kforge.reshape keeps the element type.
func.func @reshape_element(%x: tensor<2x4xf32>) {
  // expected-error @+1 {{expected the result to hold the operand's 8 elements of f32, got tensor<8xf16>}}
  %0 = "kforge.reshape"(%x) : (tensor<2x4xf32>) -> tensor<8xf16>
  return
}

// -----

// Tests that a dynamic leading dim must keep the same trailing element count.
func.func @reshape_dynamic_tail_mismatch(%x: tensor<?x576xf32>) -> tensor<?x9x32xf32> {
  // expected-error @+1 {{'kforge.reshape' op expected the result's trailing dims to hold the operand's (tensor<?x576xf32> -> tensor<?x9x32xf32>)}}
  %0 = "kforge.reshape"(%x) : (tensor<?x576xf32>) -> tensor<?x9x32xf32>
  return %0 : tensor<?x9x32xf32>
}
