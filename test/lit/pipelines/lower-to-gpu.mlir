// RUN: kforge-opt %s --lower-to-gpu --emit=wgsl --split-input-file | FileCheck %s

// Tests that an f32 matmul with the 128x128x8 8x8 tile (kept from the op by kforge-tile-gpu) prints the unrolled
// kernel: 16 named vec4 accumulators, A staged transposed in double-buffered workgroup memory, one barrier per K
// step, and masked stores for a shape the tile does not divide.
// CHECK-LABEL: // ===== @mm kforge.matmul → matmul_130x132x20_t128x128x8_8x8
// CHECK: // workgroups: [2, 2, 1]
// CHECK: @group(0) @binding(0) var<storage, read> a: array<vec4<f32>>;
// CHECK: @group(0) @binding(2) var<storage, read_write> c: array<vec4<f32>>;
// CHECK: var<workgroup> As: array<vec4<f32>, 512>;
// CHECK: @compute @workgroup_size(256)
// CHECK: var c7_1 = vec4<f32>(0.0);
// CHECK: c7_1 = fma(vec4<f32>(a1.w), b1, c7_1);
// CHECK: workgroupBarrier();
// CHECK: if (r < M && n < N) { c[(c_base + r * N + n) / 4u] = v; }
func.func @mm(%a: tensor<130x20xf32>, %b: tensor<20x132xf32>) -> tensor<130x132xf32> {
  %c = "kforge.matmul"(%a, %b) {kforge.gpu_tiles = ["128x128x8_8x8"]} : (tensor<130x20xf32>, tensor<20x132xf32>) -> tensor<130x132xf32>
  return %c : tensor<130x132xf32>
}

// -----

// Tests that the same product without a chosen tile gets the per-shape one (too few 128x128 workgroups: 64x64x16
// with 4x4 per thread): 9 workgroups of 256 threads, 4 accumulators, 16 K steps staged per barrier.
// CHECK-LABEL: // ===== @mm_default kforge.matmul → matmul_130x132x20_t64x64x16_4x4
// CHECK: // workgroups: [3, 3, 1]
// CHECK: var<workgroup> As: array<vec4<f32>, 512>;
// CHECK: @compute @workgroup_size(256)
// CHECK: var c3_0 = vec4<f32>(0.0);
// CHECK-NOT: var c4_0
// CHECK: c3_0 = fma(vec4<f32>(a0.w), b0, c3_0);
func.func @mm_default(%a: tensor<130x20xf32>, %b: tensor<20x132xf32>) -> tensor<130x132xf32> {
  %c = "kforge.matmul"(%a, %b) : (tensor<130x20xf32>, tensor<20x132xf32>) -> tensor<130x132xf32>
  return %c : tensor<130x132xf32>
}

// -----

// Tests that a decoder block's row ops print one kernel each, with the KV-cache position read at run time.
// CHECK-LABEL: // ===== @block kforge.rms_norm → rms_norm_1x576
// CHECK: fn reduce_sum(
// CHECK: inverseSqrt(
// CHECK-LABEL: // ===== @block kforge.rope → rope_1x9x64
// CHECK: let c = cos_sin[t];
// CHECK-LABEL: // ===== @block kforge.attention → kv_write_pair_1x192_into_128
// CHECK: k_cache[dst] = k_new[i];
// CHECK-NEXT: v_cache[dst] = v_new[i];
// CHECK-LABEL: // ===== @block kforge.attention → attention_split_1x9x64_kv128x3
// CHECK: const LOWEST: f32 = -3.4028235e38;
// CHECK: workgroupUniformLoad(&kv_len_s)
// CHECK: partial[at + DQ] = vec4<f32>(m, l, 0.0, 0.0);
// CHECK-LABEL: // ===== @block kforge.attention → attention_combine_9x64_b4
// CHECK: let wt = exp(ml.x - mx);
func.func @block(%x: tensor<1x576xf32>, %g: tensor<576xf32>, %q: tensor<1x9x64xf32>, %pos: tensor<1xi64>, %k: tensor<1x3x64xf32>, %v: tensor<1x3x64xf32>, %kc: tensor<128x3x64xf32>, %vc: tensor<128x3x64xf32>, %p: tensor<i64>) -> (tensor<1x576xf32>, tensor<1x9x64xf32>) {
  %n = "kforge.rms_norm"(%x, %g) {epsilon = 1.0e-5 : f32} : (tensor<1x576xf32>, tensor<576xf32>) -> tensor<1x576xf32>
  %r = "kforge.rope"(%q, %pos) {theta = 100000.0 : f32} : (tensor<1x9x64xf32>, tensor<1xi64>) -> tensor<1x9x64xf32>
  %o, %kc2, %vc2 = "kforge.attention"(%r, %k, %v, %kc, %vc, %p) {causal = true, scale = 0.125 : f32,
      operandSegmentSizes = array<i32: 1, 1, 1, 1, 1, 1>}
    : (tensor<1x9x64xf32>, tensor<1x3x64xf32>, tensor<1x3x64xf32>, tensor<128x3x64xf32>, tensor<128x3x64xf32>, tensor<i64>)
    -> (tensor<1x9x64xf32>, tensor<128x3x64xf32>, tensor<128x3x64xf32>)
  return %n, %o : tensor<1x576xf32>, tensor<1x9x64xf32>
}
