// RUN: kforge-opt %s --kforge-fuse-swiglu --kforge-fuse-projections --kforge-fuse-norm --kforge-fuse-epilogue -o %t.mlir
// RUN: kforge-run %t.mlir --entry decode --random-inputs --check --no-cache | FileCheck %s
// RUN: kforge-run %t.mlir --entry prefill --random-inputs --check --no-cache | FileCheck %s --check-prefix=PREFILL
// RUN: kforge-run %t.mlir --entry decode --target gpu --random-inputs --check --no-tune | FileCheck %s --check-prefix=GPU
// RUN: kforge-run %t.mlir --entry prefill --target gpu --random-inputs --check --no-tune | FileCheck %s --check-prefix=GPU-PREFILL

// Tests that weights in stored formats (q4_0, f16, q8_0, q4_1; random blocks, each scale finite) give, compiled
// for the CPU (the f32-activation stored kernels of a function run alone) and on the GPU (lavapipe in CI: kernels
// decoding the blocks in registers), the reference interpreter's results, which dequantize the same blocks: the
// fused projections of a decode step and a prefill's tiled matmul and embedding.
// CHECK-COUNT-3: check result{{[0-2]}}: {{.*}} (within tolerance 1e-5)
// PREFILL-COUNT-2: check result{{[0-1]}}: {{.*}} (within tolerance 1e-5)
// GPU: multi_gemv_1x64_32x64_q4_0
// GPU: swiglu_gemv_1x96x64_f16
// GPU: gemv_1x64x96_q8_0_add
// GPU-COUNT-3: check result{{[0-2]}}: {{.*}} (within tolerance 1e-5)
// GPU-PREFILL: linear_12x48x64_{{.*}}_q4_1
// GPU-PREFILL: embedding_12_100x64_q8_0
// GPU-PREFILL-COUNT-2: check result{{[0-1]}}: {{.*}} (within tolerance 1e-5)
func.func @decode(%x: tensor<1x64xf32>, %g: tensor<64xf32>, %wq: tensor<64x2x18xi8>, %wk: tensor<32x2x18xi8>, %wg: tensor<96x64x2xi8>, %wu: tensor<96x64x2xi8>, %wo: tensor<64x3x34xi8>, %r: tensor<1x64xf32>) -> (tensor<1x64xf32>, tensor<1x32xf32>, tensor<1x64xf32>) {
  %n = "kforge.rms_norm"(%x, %g) {epsilon = 1.0e-5 : f32} : (tensor<1x64xf32>, tensor<64xf32>) -> tensor<1x64xf32>
  %q = "kforge.linear"(%n, %wq) {weight_format = "q4_0"} : (tensor<1x64xf32>, tensor<64x2x18xi8>) -> tensor<1x64xf32>
  %k = "kforge.linear"(%n, %wk) {weight_format = "q4_0"} : (tensor<1x64xf32>, tensor<32x2x18xi8>) -> tensor<1x32xf32>
  %a = "kforge.linear"(%x, %wg) {weight_format = "f16"} : (tensor<1x64xf32>, tensor<96x64x2xi8>) -> tensor<1x96xf32>
  %b = "kforge.linear"(%x, %wu) {weight_format = "f16"} : (tensor<1x64xf32>, tensor<96x64x2xi8>) -> tensor<1x96xf32>
  %s = "kforge.silu"(%a) : (tensor<1x96xf32>) -> tensor<1x96xf32>
  %m = "kforge.mul"(%s, %b) : (tensor<1x96xf32>, tensor<1x96xf32>) -> tensor<1x96xf32>
  %y = "kforge.linear"(%m, %wo) {weight_format = "q8_0"} : (tensor<1x96xf32>, tensor<64x3x34xi8>) -> tensor<1x64xf32>
  %z = "kforge.add"(%y, %r) : (tensor<1x64xf32>, tensor<1x64xf32>) -> tensor<1x64xf32>
  return %q, %k, %z : tensor<1x64xf32>, tensor<1x32xf32>, tensor<1x64xf32>
}

func.func @prefill(%x: tensor<12x64xf32>, %w: tensor<48x2x20xi8>, %ids: tensor<12xi64>, %table: tensor<100x2x34xi8>) -> (tensor<12x48xf32>, tensor<12x64xf32>) {
  %y = "kforge.linear"(%x, %w) {weight_format = "q4_1"} : (tensor<12x64xf32>, tensor<48x2x20xi8>) -> tensor<12x48xf32>
  %e = "kforge.embedding"(%ids, %table) {weight_format = "q8_0"} : (tensor<12xi64>, tensor<100x2x34xi8>) -> tensor<12x64xf32>
  return %y, %e : tensor<12x48xf32>, tensor<12x64xf32>
}
