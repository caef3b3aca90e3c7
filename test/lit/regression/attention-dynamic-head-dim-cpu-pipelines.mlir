// Fixed bug (hostile campaign, issue 12): attention with a dynamic head dim D
// (and a KV cache) lowered to linalg, but not through the CPU pipelines: the
// microkernel call's output buffer (attend_ukernel) got no dynamic size for D
// ("internal error: the lowering template of 'kforge.attention' does not
// parse": 'memref.alloc' op incorrect number of dynamic sizes), and the tiled
// P·V (weighted_values) gave no size source for D, which panicked
// ("templates give a source for every dynamic dim").
// RUN: kforge-opt %s --lower-to-cpu | FileCheck %s
// RUN: kforge-opt %s --lower-to-cpu-tiled | FileCheck %s
// RUN: python3 %S/Inputs/write_tensors.py %t.safetensors arg0=f32:1x4x8:0.5 arg1=f32:1x2x8:0.25 arg2=f32:1x2x8:1 arg3=f32:2x2x8:0 arg4=f32:2x2x8:0 arg5=i64::1
// RUN: kforge-run %s --inputs %t.safetensors --check --no-tune --no-cache | FileCheck %s --check-prefix=JIT

// Tests that both CPU pipelines lower it and that it runs as the reference does.
// CHECK-LABEL: llvm.func @decode(
// CHECK-NOT: kforge.attention
// JIT: check result0: {{.*}}(within tolerance
func.func @decode(%q: tensor<1x4x?xf32>, %k: tensor<1x2x?xf32>, %v: tensor<1x2x?xf32>, %kc: tensor<2x2x?xf32>, %vc: tensor<2x2x?xf32>, %pos: tensor<i64>)
    -> (tensor<1x4x?xf32>, tensor<2x2x?xf32>, tensor<2x2x?xf32>) {
  %o, %kc2, %vc2 = "kforge.attention"(%q, %k, %v, %kc, %vc, %pos) {causal = true, scale = 0.125 : f32, operandSegmentSizes = array<i32: 1, 1, 1, 1, 1, 1>}
    : (tensor<1x4x?xf32>, tensor<1x2x?xf32>, tensor<1x2x?xf32>, tensor<2x2x?xf32>, tensor<2x2x?xf32>, tensor<i64>)
    -> (tensor<1x4x?xf32>, tensor<2x2x?xf32>, tensor<2x2x?xf32>)
  return %o, %kc2, %vc2 : tensor<1x4x?xf32>, tensor<2x2x?xf32>, tensor<2x2x?xf32>
}
