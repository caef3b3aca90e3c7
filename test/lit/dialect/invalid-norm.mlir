// RUN: kforge-opt %s --split-input-file --verify-diagnostics

// Tests that kforge.rms_norm's input has rank 1 to 4.
func.func @rms_norm_rank(%x: tensor<1x1x2x3x8xf32>, %w: tensor<8xf32>) {
  // expected-error @+1 {{expected operand #0 rank (5) to be 1 or 2 or 3 or 4}}
  %0 = "kforge.rms_norm"(%x, %w) {epsilon = 1.0e-5 : f32} : (tensor<1x1x2x3x8xf32>, tensor<8xf32>) -> tensor<1x1x2x3x8xf32>
  return
}

// -----

// Tests that kforge.rms_norm's input must not be a scalar.
func.func @rms_norm_scalar(%x: tensor<f32>, %w: tensor<1xf32>) {
  // expected-error @+1 {{expected operand #0 rank (0) to be 1 or 2 or 3 or 4}}
  %0 = "kforge.rms_norm"(%x, %w) {epsilon = 1.0e-5 : f32} : (tensor<f32>, tensor<1xf32>) -> tensor<f32>
  return
}

// -----

// Tests that kforge.rms_norm's weight is rank 1.
func.func @rms_norm_weight_rank(%x: tensor<2x8xf32>, %w: tensor<1x8xf32>) {
  // expected-error @+1 {{expected operand #1 rank (2) to be 1}}
  %0 = "kforge.rms_norm"(%x, %w) {epsilon = 1.0e-5 : f32} : (tensor<2x8xf32>, tensor<1x8xf32>) -> tensor<2x8xf32>
  return
}

// -----

// Tests that kforge.rms_norm's weight has D elements.
func.func @rms_norm_weight_size(%x: tensor<2x8xf32>, %w: tensor<4xf32>) {
  // expected-error @+1 {{expected operand #1 dim 0 (4) to match operand #0 dim 1 (8)}}
  %0 = "kforge.rms_norm"(%x, %w) {epsilon = 1.0e-5 : f32} : (tensor<2x8xf32>, tensor<4xf32>) -> tensor<2x8xf32>
  return
}

// -----

// Tests that kforge.rms_norm's operands share one element type.
func.func @rms_norm_mixed_elements(%x: tensor<2x8xbf16>, %w: tensor<8xf32>) {
  // expected-error @+1 {{expected operand #1 element type (f32) to match operand #0 (bf16)}}
  %0 = "kforge.rms_norm"(%x, %w) {epsilon = 1.0e-5 : f32} : (tensor<2x8xbf16>, tensor<8xf32>) -> tensor<2x8xbf16>
  return
}

// -----

// Tests that kforge.rms_norm needs a float input.
func.func @rms_norm_integer(%x: tensor<2x8xi32>, %w: tensor<8xf32>) {
  // expected-error @+1 {{expected operand #0 to have a float element type (f32, f16 or bf16), got i32}}
  %0 = "kforge.rms_norm"(%x, %w) {epsilon = 1.0e-5 : f32} : (tensor<2x8xi32>, tensor<8xf32>) -> tensor<2x8xi32>
  return
}

// -----

// Tests that an f64 epsilon that overflows the f32 element type is rejected.
func.func @rms_norm_epsilon_overflows_f32(%x: tensor<2x8xf32>, %w: tensor<8xf32>) {
  // expected-error @+1 {{'kforge.rms_norm' op expected 'epsilon' (1000000000000000000000000000000000000000) to be finite in the element type f32}}
  %0 = "kforge.rms_norm"(%x, %w) {epsilon = 1.0e39 : f64} : (tensor<2x8xf32>, tensor<8xf32>) -> tensor<2x8xf32>
  return
}

// -----

// Tests that a negative epsilon is rejected.
func.func @rms_norm_negative_epsilon(%x: tensor<2x8xf32>, %w: tensor<8xf32>) {
  // expected-error @+1 {{expected 'epsilon' (-0.5) to be finite and non-negative}}
  %0 = "kforge.rms_norm"(%x, %w) {epsilon = -0.5 : f32} : (tensor<2x8xf32>, tensor<8xf32>) -> tensor<2x8xf32>
  return
}

// -----

// Tests that an infinite epsilon is rejected.
func.func @rms_norm_infinite_epsilon(%x: tensor<2x8xf32>, %w: tensor<8xf32>) {
  // expected-error @+1 {{expected 'epsilon' (inf) to be finite and non-negative}}
  %0 = "kforge.rms_norm"(%x, %w) {epsilon = 0x7F800000 : f32} : (tensor<2x8xf32>, tensor<8xf32>) -> tensor<2x8xf32>
  return
}

// -----

// Tests that kforge.rms_norm keeps the input's type.
func.func @rms_norm_result(%x: tensor<2x8xf32>, %w: tensor<8xf32>) {
  // expected-error @+1 {{expected result #0 type tensor<2x8xf32> (from the operands), got tensor<2x4xf32>}}
  %0 = "kforge.rms_norm"(%x, %w) {epsilon = 1.0e-5 : f32} : (tensor<2x8xf32>, tensor<8xf32>) -> tensor<2x4xf32>
  return
}

// -----

// Tests that kforge.layer_norm's input has rank 1 to 4.
func.func @layer_norm_rank(%x: tensor<1x1x2x3x8xf32>, %g: tensor<8xf32>, %b: tensor<8xf32>) {
  // expected-error @+1 {{expected operand #0 rank (5) to be 1 or 2 or 3 or 4}}
  %0 = "kforge.layer_norm"(%x, %g, %b) {epsilon = 1.0e-5 : f32} : (tensor<1x1x2x3x8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<1x1x2x3x8xf32>
  return
}

// -----

// Tests that kforge.layer_norm's beta is rank 1.
func.func @layer_norm_beta_rank(%x: tensor<2x8xf32>, %g: tensor<8xf32>, %b: tensor<2x8xf32>) {
  // expected-error @+1 {{expected operand #2 rank (2) to be 1}}
  %0 = "kforge.layer_norm"(%x, %g, %b) {epsilon = 1.0e-5 : f32} : (tensor<2x8xf32>, tensor<8xf32>, tensor<2x8xf32>) -> tensor<2x8xf32>
  return
}

// -----

// Tests that kforge.layer_norm's gamma has D elements.
func.func @layer_norm_gamma_size(%x: tensor<2x8xf32>, %g: tensor<7xf32>, %b: tensor<8xf32>) {
  // expected-error @+1 {{expected operand #1 dim 0 (7) to match operand #0 dim 1 (8)}}
  %0 = "kforge.layer_norm"(%x, %g, %b) {epsilon = 1.0e-5 : f32} : (tensor<2x8xf32>, tensor<7xf32>, tensor<8xf32>) -> tensor<2x8xf32>
  return
}

// -----

// Tests that kforge.layer_norm's beta has D elements.
func.func @layer_norm_beta_size(%x: tensor<2x8xf32>, %g: tensor<8xf32>, %b: tensor<9xf32>) {
  // expected-error @+1 {{expected operand #2 dim 0 (9) to match operand #0 dim 1 (8)}}
  %0 = "kforge.layer_norm"(%x, %g, %b) {epsilon = 1.0e-5 : f32} : (tensor<2x8xf32>, tensor<8xf32>, tensor<9xf32>) -> tensor<2x8xf32>
  return
}

// -----

// Tests that kforge.layer_norm's operands share one element type.
func.func @layer_norm_mixed_elements(%x: tensor<2x8xf16>, %g: tensor<8xf16>, %b: tensor<8xf32>) {
  // expected-error @+1 {{expected operand #2 element type (f32) to match operand #0 (f16)}}
  %0 = "kforge.layer_norm"(%x, %g, %b) {epsilon = 1.0e-5 : f32} : (tensor<2x8xf16>, tensor<8xf16>, tensor<8xf32>) -> tensor<2x8xf16>
  return
}

// -----

// Tests that a NaN epsilon is rejected.
func.func @layer_norm_nan_epsilon(%x: tensor<2x8xf32>, %g: tensor<8xf32>, %b: tensor<8xf32>) {
  // expected-error @+1 {{expected 'epsilon' (NaN) to be finite and non-negative}}
  %0 = "kforge.layer_norm"(%x, %g, %b) {epsilon = 0x7FC00000 : f32} : (tensor<2x8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<2x8xf32>
  return
}
