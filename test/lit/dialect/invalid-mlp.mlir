// RUN: kforge-opt %s --split-input-file --verify-diagnostics

// Tests that the activation is "swiglu" or "gelu".
func.func @mlp_activation(%x: tensor<2x8xf32>, %u: tensor<16x8xf32>, %d: tensor<8x16xf32>) {
  // expected-error @+1 {{expected 'activation' to be "swiglu" or "gelu", got "relu"}}
  %0 = "kforge.mlp"(%x, %u, %d) {activation = "relu"} : (tensor<2x8xf32>, tensor<16x8xf32>, tensor<8x16xf32>) -> tensor<2x8xf32>
  return
}

// -----

// Tests that swiglu takes three weights (gate, up, down).
func.func @mlp_swiglu_count(%x: tensor<2x8xf32>, %u: tensor<16x8xf32>, %d: tensor<8x16xf32>) {
  // expected-error @+1 {{expected 4 operands for activation "swiglu" (input and 3 weights), got 3}}
  %0 = "kforge.mlp"(%x, %u, %d) {activation = "swiglu"} : (tensor<2x8xf32>, tensor<16x8xf32>, tensor<8x16xf32>) -> tensor<2x8xf32>
  return
}

// -----

// Tests that gelu takes two weights (up, down).
func.func @mlp_gelu_count(%x: tensor<2x8xf32>, %g: tensor<16x8xf32>, %u: tensor<16x8xf32>, %d: tensor<8x16xf32>) {
  // expected-error @+1 {{expected 3 operands for activation "gelu" (input and 2 weights), got 4}}
  %0 = "kforge.mlp"(%x, %g, %u, %d) {activation = "gelu"} : (tensor<2x8xf32>, tensor<16x8xf32>, tensor<16x8xf32>, tensor<8x16xf32>) -> tensor<2x8xf32>
  return
}

// -----

// Tests that the input has rank 1 to 3.
func.func @mlp_input_rank(%x: tensor<1x2x3x8xf32>, %u: tensor<16x8xf32>, %d: tensor<8x16xf32>) {
  // expected-error @+1 {{expected operand #0 rank (4) to be 1 or 2 or 3}}
  %0 = "kforge.mlp"(%x, %u, %d) {activation = "gelu"} : (tensor<1x2x3x8xf32>, tensor<16x8xf32>, tensor<8x16xf32>) -> tensor<1x2x3x8xf32>
  return
}

// -----

// Tests that the weights are rank 2.
func.func @mlp_weight_rank(%x: tensor<2x8xf32>, %g: tensor<16x8xf32>, %u: tensor<128xf32>, %d: tensor<8x16xf32>) {
  // expected-error @+1 {{expected operand #2 rank (1) to be 2}}
  %0 = "kforge.mlp"(%x, %g, %u, %d) {activation = "swiglu"} : (tensor<2x8xf32>, tensor<16x8xf32>, tensor<128xf32>, tensor<8x16xf32>) -> tensor<2x8xf32>
  return
}

// -----

// Tests that the weights are float tensors.
func.func @mlp_integer_weight(%x: tensor<2x8xf32>, %u: tensor<16x8xi32>, %d: tensor<8x16xf32>) {
  // expected-error @+1 {{expected operand #1 to have a float element type (f32, f16 or bf16), got i32}}
  %0 = "kforge.mlp"(%x, %u, %d) {activation = "gelu"} : (tensor<2x8xf32>, tensor<16x8xi32>, tensor<8x16xf32>) -> tensor<2x8xf32>
  return
}

// -----

// Tests that all operands share one element type.
func.func @mlp_mixed_elements(%x: tensor<2x8xf32>, %g: tensor<16x8xf32>, %u: tensor<16x8xf32>, %d: tensor<8x16xf16>) {
  // expected-error @+1 {{expected operand #3 element type (f16) to match operand #0 (f32)}}
  %0 = "kforge.mlp"(%x, %g, %u, %d) {activation = "swiglu"} : (tensor<2x8xf32>, tensor<16x8xf32>, tensor<16x8xf32>, tensor<8x16xf16>) -> tensor<2x8xf32>
  return
}

// -----

// Tests that the gate weight is [F, D].
func.func @mlp_gate_d(%x: tensor<2x8xf32>, %g: tensor<16x7xf32>, %u: tensor<16x8xf32>, %d: tensor<8x16xf32>) {
  // expected-error @+1 {{expected operand #1 dim 1 (7) to match operand #0 dim 1 (8)}}
  %0 = "kforge.mlp"(%x, %g, %u, %d) {activation = "swiglu"} : (tensor<2x8xf32>, tensor<16x7xf32>, tensor<16x8xf32>, tensor<8x16xf32>) -> tensor<2x8xf32>
  return
}

// -----

// Tests that the up weight has the gate's hidden size F.
func.func @mlp_up_f(%x: tensor<2x8xf32>, %g: tensor<16x8xf32>, %u: tensor<32x8xf32>, %d: tensor<8x16xf32>) {
  // expected-error @+1 {{expected operand #2 dim 0 (32) to match operand #1 dim 0 (16)}}
  %0 = "kforge.mlp"(%x, %g, %u, %d) {activation = "swiglu"} : (tensor<2x8xf32>, tensor<16x8xf32>, tensor<32x8xf32>, tensor<8x16xf32>) -> tensor<2x8xf32>
  return
}

// -----

// Tests that the down weight is [D, F]: its dim 1 is the hidden size.
func.func @mlp_down_f(%x: tensor<2x8xf32>, %u: tensor<16x8xf32>, %d: tensor<8x32xf32>) {
  // expected-error @+1 {{expected operand #2 dim 1 (32) to match operand #1 dim 0 (16)}}
  %0 = "kforge.mlp"(%x, %u, %d) {activation = "gelu"} : (tensor<2x8xf32>, tensor<16x8xf32>, tensor<8x32xf32>) -> tensor<2x8xf32>
  return
}

// -----

// Tests that the down weight's dim 0 is the model size D.
func.func @mlp_down_d(%x: tensor<2x8xf32>, %u: tensor<16x8xf32>, %d: tensor<4x16xf32>) {
  // expected-error @+1 {{expected operand #2 dim 0 (4) to match operand #0 dim 1 (8)}}
  %0 = "kforge.mlp"(%x, %u, %d) {activation = "gelu"} : (tensor<2x8xf32>, tensor<16x8xf32>, tensor<4x16xf32>) -> tensor<2x8xf32>
  return
}

// -----

// Tests that the result has the input's type.
func.func @mlp_result(%x: tensor<2x8xf32>, %u: tensor<16x8xf32>, %d: tensor<8x16xf32>) {
  // expected-error @+1 {{expected result #0 type tensor<2x8xf32> (from the operands), got tensor<2x16xf32>}}
  %0 = "kforge.mlp"(%x, %u, %d) {activation = "gelu"} : (tensor<2x8xf32>, tensor<16x8xf32>, tensor<8x16xf32>) -> tensor<2x16xf32>
  return
}
