// RUN: kforge-opt %s --kforge-lower-to-gpu --split-input-file --verify-diagnostics

// Tests that an op without a GPU kernel is an error at the op.
func.func @layer_norm(%x: tensor<2x8xf32>, %g: tensor<8xf32>, %b: tensor<8xf32>) -> tensor<2x8xf32> {
  // expected-error @+1 {{'kforge.layer_norm' op has no GPU kernel yet}}
  %y = "kforge.layer_norm"(%x, %g, %b) {epsilon = 1.0e-5 : f32} : (tensor<2x8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<2x8xf32>
  return %y : tensor<2x8xf32>
}

// -----

// Tests that f16 ops are rejected: the GPU kernels compute in f32.
func.func @half(%a: tensor<4xf16>) -> tensor<4xf16> {
  // expected-error @+1 {{'kforge.silu' op runs on the GPU in f32 only (got f16)}}
  %y = "kforge.silu"(%a) : (tensor<4xf16>) -> tensor<4xf16>
  return %y : tensor<4xf16>
}
