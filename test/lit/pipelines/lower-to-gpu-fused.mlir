// RUN: kforge-opt %s --lower-to-gpu --emit=wgsl --split-input-file | FileCheck %s
// RUN: kforge-opt %s -O0 --lower-to-gpu --emit=wgsl --split-input-file | FileCheck %s --check-prefix=O0
// RUN: kforge-opt %s --lower-to-gpu --split-input-file | FileCheck %s --check-prefix=IR

// Tests that a decode step's normalized q/k/v projections fuse into one kforge.multi_linear that runs as one
// GEMV dispatch over the three weights (branches per weight) with the RMS norm inside (γ applied to x on the
// way, Σx² reduced beside the dot products, the results scaled), and that -O0 keeps one GEMV per projection.
// CHECK-LABEL: // ===== @qkv kforge.multi_linear → rms_multi_gemv_1x64_32_32x64
// CHECK: // workgroups: [32, 1, 1]
// CHECK: @group(0) @binding(1) var<storage, read> norm: array<vec4<f32>>;
// CHECK: @group(0) @binding(2) var<storage, read> w0: array<vec4<f32>>;
// CHECK: @group(0) @binding(7) var<storage, read_write> y2: array<f32>;
// CHECK: if (g < 16u) {
// CHECK: sq = sq + dot(xv, xv);
// CHECK-NEXT: xv = xv * norm[kk];
// CHECK: ssq[t] = ssq[t] + ssq[t + s];
// CHECK: let sc = inverseSqrt(ssq[0] / 64.0 + 1e-5);
// CHECK: } else if (g < 24u) {
// CHECK: let c0 = (g - 16u) * 4u;
// CHECK: y1[r * 32u + col] = red0[base][q] * sc;
// CHECK: } else {
// CHECK: y2[r * 32u + col] = red0[base][q] * sc;
// O0-LABEL: // ===== @qkv kforge.rms_norm → rms_norm_1x64
// O0: // ===== @qkv kforge.linear → gemv_1x64x64
// O0: // ===== @qkv kforge.linear → gemv_1x32x64
// O0-NOT: multi_gemv
// IR-LABEL: func.func @qkv
// IR: "kforge.multi_linear"({{.*}}kforge.gpu_kernels = ["rms_multi_gemv_1x64_32_32x64"]
func.func @qkv(%x: tensor<1x64xf32>, %g: tensor<64xf32>, %wq: tensor<64x64xf32>, %wk: tensor<32x64xf32>, %wv: tensor<32x64xf32>) -> (tensor<1x64xf32>, tensor<1x32xf32>, tensor<1x32xf32>) {
  %n = "kforge.rms_norm"(%x, %g) {epsilon = 1.0e-5 : f32} : (tensor<1x64xf32>, tensor<64xf32>) -> tensor<1x64xf32>
  %q = "kforge.linear"(%n, %wq) : (tensor<1x64xf32>, tensor<64x64xf32>) -> tensor<1x64xf32>
  %k = "kforge.linear"(%n, %wk) : (tensor<1x64xf32>, tensor<32x64xf32>) -> tensor<1x32xf32>
  %v = "kforge.linear"(%n, %wv) : (tensor<1x64xf32>, tensor<32x64xf32>) -> tensor<1x32xf32>
  return %q, %k, %v : tensor<1x64xf32>, tensor<1x32xf32>, tensor<1x32xf32>
}

// -----

// Tests that a SwiGLU MLP with its residual add fuses into kforge.swiglu_linear (one GEMV computing the gate and
// up dot products of each column, silu(g)·u stored) and a kforge.fused_linear whose add is applied in registers
// before the GEMV's store; -O0 keeps the unfused kforge.mlp kernels. Two rows: workgroups that read each weight element
// once for both rows, of 32 threads (k = 64 is 16 vec4 reads a row: no more threads than that, rounded up to 32).
// CHECK-LABEL: // ===== @mlp kforge.swiglu_linear → swiglu_gemv_2x96x64
// CHECK: @group(0) @binding(1) var<storage, read> w_gate: array<vec4<f32>>;
// CHECK: @group(0) @binding(2) var<storage, read> w_up: array<vec4<f32>>;
// CHECK: @workgroup_size(32)
// CHECK: let w0_0 = w_gate[o0 + kk];
// CHECK: let w1_0 = w_up[o0 + kk];
// CHECK: acc0_0 = acc0_0 + vec4<f32>(dot(xv, w0_0)
// CHECK: acc1_1 = acc1_1 + vec4<f32>(dot(xv, w1_0)
// CHECK: let sc = 1.0;
// CHECK: let gate = red0[base][q] * sc;
// CHECK: y[r * 96u + col] = gate / (1.0 + exp(-gate)) * (red1[base][q] * sc);
// CHECK-LABEL: // ===== @mlp kforge.fused_linear → gemv_2x64x96_add
// CHECK: @group(0) @binding(2) var<storage, read> e0: array<f32>;
// CHECK: var v = red0[base][q];
// CHECK-NEXT: v = v + e0[i];
// CHECK-NEXT: y[i] = v;
// O0-LABEL: // ===== @mlp kforge.mlp → gemv_2x96x64
// O0: // ===== @mlp kforge.mlp → silu_192
// O0: // ===== @mlp kforge.add → add_2x64
// O0-NOT: swiglu_gemv
func.func @mlp(%x: tensor<2x64xf32>, %wg: tensor<96x64xf32>, %wu: tensor<96x64xf32>, %wd: tensor<64x96xf32>) -> tensor<2x64xf32> {
  %y = "kforge.mlp"(%x, %wg, %wu, %wd) {activation = "swiglu"} : (tensor<2x64xf32>, tensor<96x64xf32>, tensor<96x64xf32>, tensor<64x96xf32>) -> tensor<2x64xf32>
  %r = "kforge.add"(%y, %x) : (tensor<2x64xf32>, tensor<2x64xf32>) -> tensor<2x64xf32>
  return %r : tensor<2x64xf32>
}

// -----

// Tests that a decode projection with bias, exact GELU and a row-broadcast scale keeps every step in the GEMV's
// registers, reading each operand at its broadcast index.
// CHECK-LABEL: // ===== @gemv_epilogue kforge.fused_linear → gemv_3x37x13_add_geluerf_mul
// CHECK: fn erf_approx(x: f32) -> f32 {
// CHECK: var v = red0[base][q];
// CHECK-NEXT: v = v + e0[(i % 37u)];
// CHECK-NEXT: v = 0.5 * v * (1.0 + erf_approx(v * 0.7071067811865476));
// CHECK-NEXT: v = v * e1[(i / 37u)];
// CHECK-NEXT: y[i] = v;
// O0-LABEL: // ===== @gemv_epilogue kforge.linear → gemv_3x37x13
// O0: // ===== @gemv_epilogue kforge.gelu → geluerf_111
func.func @gemv_epilogue(%x: tensor<3x13xf32>, %w: tensor<37x13xf32>, %b: tensor<37xf32>, %s: tensor<3x1xf32>) -> tensor<3x37xf32> {
  %l = "kforge.linear"(%x, %w) : (tensor<3x13xf32>, tensor<37x13xf32>) -> tensor<3x37xf32>
  %a = "kforge.add"(%l, %b) : (tensor<3x37xf32>, tensor<37xf32>) -> tensor<3x37xf32>
  %g = "kforge.gelu"(%a) {approximate = "none"} : (tensor<3x37xf32>) -> tensor<3x37xf32>
  %m = "kforge.mul"(%g, %s) : (tensor<3x37xf32>, tensor<3x1xf32>) -> tensor<3x37xf32>
  return %m : tensor<3x37xf32>
}

// -----

// Tests that a prefill projection (more rows than a GEMV takes) with a tanh-GELU epilogue runs as the tiled
// matmul into a scratch buffer, then one elementwise epilogue kernel.
// CHECK-LABEL: // ===== @prefill kforge.fused_linear → linear_12x48x32
// CHECK-LABEL: // ===== @prefill kforge.fused_linear → epilogue_12x48_add_gelutanh
// CHECK: var v = x[i];
// CHECK-NEXT: v = v + e0[(i % 48u)];
// CHECK-NEXT: v = 0.5 * v * (1.0 + tanh(
// CHECK-NEXT: y[i] = v;
// O0-LABEL: // ===== @prefill kforge.linear → linear_12x48x32
// O0: // ===== @prefill kforge.add → add_12x48
// O0: // ===== @prefill kforge.gelu → gelutanh_576
func.func @prefill(%x: tensor<12x32xf32>, %w: tensor<48x32xf32>, %b: tensor<48xf32>) -> tensor<12x48xf32> {
  %l = "kforge.linear"(%x, %w) : (tensor<12x32xf32>, tensor<48x32xf32>) -> tensor<12x48xf32>
  %a = "kforge.add"(%l, %b) : (tensor<12x48xf32>, tensor<48xf32>) -> tensor<12x48xf32>
  %g = "kforge.gelu"(%a) {approximate = "tanh"} : (tensor<12x48xf32>) -> tensor<12x48xf32>
  return %g : tensor<12x48xf32>
}
