// RUN: kforge-opt %s --split-input-file --verify-diagnostics

// Tests that an unknown weight format names the supported ones.
func.func @unknown(%x: tensor<2x64xf32>, %w: tensor<4x2x20xi8>) {
  // expected-error @+1 {{expected 'weight_format' to be one of f32, f16, bf16, q8_0, q4_0, q4_1, got "q5_k"}}
  %0 = "kforge.linear"(%x, %w) {weight_format = "q5_k"} : (tensor<2x64xf32>, tensor<4x2x20xi8>) -> tensor<2x4xf32>
  return
}

// -----

// Tests that K must be a whole number of blocks.
func.func @partial_block(%x: tensor<2x48xf32>, %w: tensor<4x1x34xi8>) {
  // expected-error @+1 {{expected K (48) to be a multiple of the q8_0 block (32 weights)}}
  %0 = "kforge.linear"(%x, %w) {weight_format = "q8_0"} : (tensor<2x48xf32>, tensor<4x1x34xi8>) -> tensor<2x4xf32>
  return
}

// -----

// Tests that the blocks must hold exactly K weights.
func.func @wrong_blocks(%x: tensor<2x64xf32>, %w: tensor<4x3x20xi8>) {
  // expected-error @+1 {{expected operand #1 dim 1 (3 blocks of 32) to hold K (64) weights}}
  %0 = "kforge.linear"(%x, %w) {weight_format = "q4_1"} : (tensor<2x64xf32>, tensor<4x3x20xi8>) -> tensor<2x4xf32>
  return
}

// -----

// Tests that the last dim is the format's block size in bytes.
func.func @wrong_block_bytes(%x: tensor<2x64xf32>, %w: tensor<4x2x18xi8>) {
  // expected-error @+1 {{expected operand #1 dim 2 (18) to be the q4_1 block size in bytes (20)}}
  %0 = "kforge.linear"(%x, %w) {weight_format = "q4_1"} : (tensor<2x64xf32>, tensor<4x2x18xi8>) -> tensor<2x4xf32>
  return
}

// -----

// Tests that a stored-format weight is raw i8 bytes.
func.func @float_weight(%x: tensor<2x64xf32>, %w: tensor<4x64xf32>) {
  // expected-error @+1 {{expected operand #1 to be the q4_1 bytes [N, K/32, 20] x i8, got tensor<4x64xf32>}}
  %0 = "kforge.linear"(%x, %w) {weight_format = "q4_1"} : (tensor<2x64xf32>, tensor<4x64xf32>) -> tensor<2x4xf32>
  return
}

// -----

// Tests that a fused matmul refuses a weight format (only a linear's weight
// has one).
func.func @fused(%a: tensor<2x64xf32>, %b: tensor<64x4xf32>) {
  // expected-error @+1 {{expected no 'weight_format' on a fused "matmul" (only a linear's weight has one)}}
  %0 = "kforge.fused_linear"(%a, %b) {kind = "matmul", epilogue = "silu", weight_format = "q4_1", operandSegmentSizes = array<i32: 1, 1, 0, 0, 0, 0>} : (tensor<2x64xf32>, tensor<64x4xf32>) -> tensor<2x4xf32>
  return
}
