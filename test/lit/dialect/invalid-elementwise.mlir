// RUN: kforge-opt %s --split-input-file --verify-diagnostics

// Tests that kforge.add needs float operands.
func.func @add_integer(%a: tensor<4xi64>, %b: tensor<4xf32>) {
  // expected-error @+1 {{expected operand #0 to have a float element type (f32, f16 or bf16), got i64}}
  %0 = "kforge.add"(%a, %b) : (tensor<4xi64>, tensor<4xf32>) -> tensor<4xf32>
  return
}

// -----

// Tests that kforge.add's operands share one element type.
func.func @add_mixed_elements(%a: tensor<4xf32>, %b: tensor<4xbf16>) {
  // expected-error @+1 {{expected operand #1 element type (bf16) to match operand #0 (f32)}}
  %0 = "kforge.add"(%a, %b) : (tensor<4xf32>, tensor<4xbf16>) -> tensor<4xf32>
  return
}

// -----

// Tests that kforge.add rejects shapes that do not broadcast.
func.func @add_not_broadcastable(%a: tensor<4x8xf32>, %b: tensor<3xf32>) {
  // expected-error @+1 {{expected broadcast-compatible shapes, got tensor<4x8xf32> and tensor<3xf32>}}
  %0 = "kforge.add"(%a, %b) : (tensor<4x8xf32>, tensor<3xf32>) -> tensor<4x8xf32>
  return
}

// -----

// Tests that kforge.add's result is the broadcast shape.
func.func @add_result(%a: tensor<4x1xf32>, %b: tensor<8xf32>) {
  // expected-error @+1 {{expected result #0 type tensor<4x8xf32> (from the operands), got tensor<4x1xf32>}}
  %0 = "kforge.add"(%a, %b) : (tensor<4x1xf32>, tensor<8xf32>) -> tensor<4x1xf32>
  return
}

// -----

// Tests that kforge.mul needs float operands.
func.func @mul_integer(%a: tensor<4xf16>, %b: tensor<4xi32>) {
  // expected-error @+1 {{expected operand #1 to have a float element type (f32, f16 or bf16), got i32}}
  %0 = "kforge.mul"(%a, %b) : (tensor<4xf16>, tensor<4xi32>) -> tensor<4xf16>
  return
}

// -----

// Tests that kforge.mul rejects shapes that do not broadcast (leading dims).
func.func @mul_not_broadcastable(%a: tensor<2x3x4xf32>, %b: tensor<5x3x4xf32>) {
  // expected-error @+1 {{expected broadcast-compatible shapes, got tensor<2x3x4xf32> and tensor<5x3x4xf32>}}
  %0 = "kforge.mul"(%a, %b) : (tensor<2x3x4xf32>, tensor<5x3x4xf32>) -> tensor<2x3x4xf32>
  return
}

// -----

// Tests that kforge.mul's result has the broadcast rank.
func.func @mul_result_rank(%a: tensor<4xf32>, %b: tensor<4xf32>) {
  // expected-error @+1 {{expected result #0 type tensor<4xf32> (from the operands), got tensor<1x4xf32>}}
  %0 = "kforge.mul"(%a, %b) : (tensor<4xf32>, tensor<4xf32>) -> tensor<1x4xf32>
  return
}

// -----

// Tests that kforge.silu needs a float operand.
func.func @silu_integer(%x: tensor<4xi64>) {
  // expected-error @+1 {{expected operand #0 to have a float element type (f32, f16 or bf16), got i64}}
  %0 = "kforge.silu"(%x) : (tensor<4xi64>) -> tensor<4xi64>
  return
}

// -----

// Tests that kforge.silu keeps the operand's type.
func.func @silu_result(%x: tensor<4xf32>) {
  // expected-error @+1 {{expected result #0 type tensor<4xf32> (from the operands), got tensor<4xf16>}}
  %0 = "kforge.silu"(%x) : (tensor<4xf32>) -> tensor<4xf16>
  return
}

// -----

// Tests that kforge.gelu's approximate is "tanh" or "none".
func.func @gelu_approximate(%x: tensor<4xf32>) {
  // expected-error @+1 {{expected 'approximate' to be "tanh" or "none", got "exact"}}
  %0 = "kforge.gelu"(%x) {approximate = "exact"} : (tensor<4xf32>) -> tensor<4xf32>
  return
}

// -----

// Tests that kforge.gelu keeps the operand's shape.
func.func @gelu_result(%x: tensor<4xf32>) {
  // expected-error @+1 {{expected result #0 type tensor<4xf32> (from the operands), got tensor<5xf32>}}
  %0 = "kforge.gelu"(%x) {approximate = "none"} : (tensor<4xf32>) -> tensor<5xf32>
  return
}

// -----

// Tests that kforge.softmax's axis is below the rank.
func.func @softmax_axis_high(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{expected 'axis' (2) to be within [-2, 2)}}
  %0 = "kforge.softmax"(%x) {axis = 2 : i64} : (tensor<4x8xf32>) -> tensor<4x8xf32>
  return
}

// -----

// Tests that a negative kforge.softmax axis counts at most rank dims back.
func.func @softmax_axis_low(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{expected 'axis' (-3) to be within [-2, 2)}}
  %0 = "kforge.softmax"(%x) {axis = -3 : i64} : (tensor<4x8xf32>) -> tensor<4x8xf32>
  return
}

// -----

// Tests that kforge.softmax has no axis on a rank-0 tensor.
func.func @softmax_scalar(%x: tensor<f32>) {
  // expected-error @+1 {{expected 'axis' (0) to be within [-0, 0)}}
  %0 = "kforge.softmax"(%x) {axis = 0 : i64} : (tensor<f32>) -> tensor<f32>
  return
}

// -----

// Tests that kforge.softmax needs a float operand.
func.func @softmax_integer(%x: tensor<4xi32>) {
  // expected-error @+1 {{expected operand #0 to have a float element type (f32, f16 or bf16), got i32}}
  %0 = "kforge.softmax"(%x) {axis = 0 : i64} : (tensor<4xi32>) -> tensor<4xi32>
  return
}
