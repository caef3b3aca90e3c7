// RUN: kforge-opt %s --kforge-lower-to-gpu --split-input-file --verify-diagnostics

// Tests that f16 ops are rejected: the GPU kernels compute in f32.
func.func @half(%a: tensor<4xf16>) -> tensor<4xf16> {
  // expected-error @+1 {{'kforge.silu' op runs on the GPU in f32 only (got f16)}}
  %y = "kforge.silu"(%a) : (tensor<4xf16>) -> tensor<4xf16>
  return %y : tensor<4xf16>
}

// -----

// Tests that a tile label the generator cannot emit is an error at the op, with the reason.
func.func @bad_tile(%a: tensor<64x32xf32>, %b: tensor<32x64xf32>) -> tensor<64x64xf32> {
  // expected-error @+1 {{'kforge.matmul' op kforge.gpu_tiles: tile '64x64x8_4x4': 128 and 128 vec4 loads of the A and B tiles do not split over 256 threads}}
  %c = "kforge.matmul"(%a, %b) {kforge.gpu_tiles = ["64x64x8_4x4"]} : (tensor<64x32xf32>, tensor<32x64xf32>) -> tensor<64x64xf32>
  return %c : tensor<64x64xf32>
}

// -----

// Tests that one tile per tiled kernel is required.
func.func @tile_count(%a: tensor<64x32xf32>, %b: tensor<32x64xf32>) -> tensor<64x64xf32> {
  // expected-error @+1 {{'kforge.matmul' op has 1 tiled matmul kernel(s) but kforge.gpu_tiles gives 2 tile(s)}}
  %c = "kforge.matmul"(%a, %b) {kforge.gpu_tiles = ["64x64x16_4x4", "64x64x16_4x4"]} : (tensor<64x32xf32>, tensor<32x64xf32>) -> tensor<64x64xf32>
  return %c : tensor<64x64xf32>
}

// -----

// Tests that the attribute must be an array of strings.
func.func @tile_type(%a: tensor<64x32xf32>, %b: tensor<32x64xf32>) -> tensor<64x64xf32> {
  // expected-error @+1 {{'kforge.matmul' op kforge.gpu_tiles must be an array of strings}}
  %c = "kforge.matmul"(%a, %b) {kforge.gpu_tiles = 3 : i64} : (tensor<64x32xf32>, tensor<32x64xf32>) -> tensor<64x64xf32>
  return %c : tensor<64x64xf32>
}

// -----

// Tests that a stored format whose rows are not whole units of the GEMV is an error at the op, with the reason.
func.func @f16_row(%x: tensor<1x12xf32>, %w: tensor<4x12x2xi8>) -> tensor<1x4xf32> {
  // expected-error @+1 {{'kforge.linear' op invalid kernel spec `gemv_1x4x12_f16`: f16 weights need K a multiple of 8 on the GPU (got 12)}}
  %y = "kforge.linear"(%x, %w) {weight_format = "f16"} : (tensor<1x12xf32>, tensor<4x12x2xi8>) -> tensor<1x4xf32>
  return %y : tensor<1x4xf32>
}
