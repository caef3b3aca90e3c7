// RUN: kforge-run %s --target gpu --random-inputs --seed 3 --check | FileCheck %s
// RUN: kforge-run %S/Inputs/layer-norm.mlir --target gpu --random-inputs --seed 5 --check | FileCheck %s --check-prefix=LN
// RUN: not kforge-run %S/Inputs/gpu-f16.mlir --target gpu --random-inputs 2>&1 | FileCheck %s --check-prefix=ERR
// RUN: not kforge-run %s --target gpu --random-inputs --device no-such-adapter 2>&1 | FileCheck %s --check-prefix=DEV

// Tests that a function of norm, projection, activation, RoPE, cached attention, embedding and softmax runs as
// GPU kernels (lavapipe in CI) in one command buffer and matches the reference interpreter.
// CHECK: @block: 5 result(s), 8 kernel(s) in one command buffer
// CHECK: attention_3x4x16_kv32x2
// CHECK-COUNT-5: check result{{[0-4]}}: {{.*}} (within tolerance 1e-5)
// LN: layer_norm_2x8
// LN: check result0: {{.*}} (within tolerance 1e-5)
// ERR: kforge-run: error: {{.*}}gpu-f16.mlir:2:8: error: 'kforge.silu' op runs on the GPU in f32 only (got f16)
// DEV: kforge-run: error: no adapter matches `no-such-adapter` (available: [0]
func.func @block(%x: tensor<3x64xf32>, %g: tensor<64xf32>, %w: tensor<96x64xf32>, %q: tensor<3x4x16xf32>, %pos: tensor<3xi64>, %k: tensor<3x2x16xf32>, %v: tensor<3x2x16xf32>, %kc: tensor<32x2x16xf32>, %vc: tensor<32x2x16xf32>, %p: tensor<i64>, %ids: tensor<3xi64>, %tab: tensor<50x64xf32>) -> (tensor<3x96xf32>, tensor<3x4x16xf32>, tensor<32x2x16xf32>, tensor<3x64xf32>, tensor<3x96xf32>) {
  %n = "kforge.rms_norm"(%x, %g) {epsilon = 1.0e-5 : f32} : (tensor<3x64xf32>, tensor<64xf32>) -> tensor<3x64xf32>
  %y = "kforge.linear"(%n, %w) : (tensor<3x64xf32>, tensor<96x64xf32>) -> tensor<3x96xf32>
  %s = "kforge.silu"(%y) : (tensor<3x96xf32>) -> tensor<3x96xf32>
  %r = "kforge.rope"(%q, %pos) {theta = 10000.0 : f32} : (tensor<3x4x16xf32>, tensor<3xi64>) -> tensor<3x4x16xf32>
  %o, %kc2, %vc2 = "kforge.attention"(%r, %k, %v, %kc, %vc, %p) {causal = true, scale = 0.25 : f32,
      operandSegmentSizes = array<i32: 1, 1, 1, 1, 1, 1>}
    : (tensor<3x4x16xf32>, tensor<3x2x16xf32>, tensor<3x2x16xf32>, tensor<32x2x16xf32>, tensor<32x2x16xf32>, tensor<i64>)
    -> (tensor<3x4x16xf32>, tensor<32x2x16xf32>, tensor<32x2x16xf32>)
  %e = "kforge.embedding"(%ids, %tab) : (tensor<3xi64>, tensor<50x64xf32>) -> tensor<3x64xf32>
  %sm = "kforge.softmax"(%y) {axis = -1 : i64} : (tensor<3x96xf32>) -> tensor<3x96xf32>
  return %s, %o, %kc2, %e, %sm : tensor<3x96xf32>, tensor<3x4x16xf32>, tensor<32x2x16xf32>, tensor<3x64xf32>, tensor<3x96xf32>
}
