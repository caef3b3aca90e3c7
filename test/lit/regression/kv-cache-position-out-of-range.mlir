// Fixed bug: a KV-cache position equal to the cache's row count (or negative)
// passed to kforge.attention through `kforge-run --inputs` corrupted the heap
// ("double free or corruption (out)", SIGSEGV) or panicked with a multiply
// overflow in the attention kernel: compiled code writes rows [p, p+S) of the
// cache unchecked. kforge-run now checks every position before the call.
// RUN: python3 %S/Inputs/write_tensors.py %t.ok.safetensors arg0=f32:3x4x8:0.5 arg1=f32:3x2x8:0.25 arg2=f32:3x2x8:1 arg3=f32:16x2x8:0 arg4=f32:16x2x8:0 arg5=i64::13
// RUN: kforge-run %s --inputs %t.ok.safetensors --no-tune --no-cache | FileCheck %s --check-prefix=OK
// RUN: python3 %S/Inputs/write_tensors.py %t.end.safetensors arg0=f32:3x4x8:0.5 arg1=f32:3x2x8:0.25 arg2=f32:3x2x8:1 arg3=f32:16x2x8:0 arg4=f32:16x2x8:0 arg5=i64::16
// RUN: not kforge-run %s --inputs %t.end.safetensors --no-tune --no-cache 2>&1 | FileCheck %s --check-prefix=END
// RUN: python3 %S/Inputs/write_tensors.py %t.neg.safetensors arg0=f32:3x4x8:0.5 arg1=f32:3x2x8:0.25 arg2=f32:3x2x8:1 arg3=f32:16x2x8:0 arg4=f32:16x2x8:0 arg5=i64::-1
// RUN: not kforge-run %s --inputs %t.neg.safetensors --no-tune --no-cache 2>&1 | FileCheck %s --check-prefix=NEG

// Tests that the last position that fits runs, and that one past it or a
// negative one is an error naming the op, the range and the value.
// OK: result1: [16, 2, 8]
// END: kv-cache-position-out-of-range.mlir:{{[0-9]+}}:{{[0-9]+}}: kforge.attention: expected the KV-cache position (operand #5) in [0, 13] (3 new rows into a cache of 16 rows), got 16
// NEG: kforge.attention: expected the KV-cache position (operand #5) in [0, 13] (3 new rows into a cache of 16 rows), got -1
// END-NOT: panicked
// NEG-NOT: panicked
func.func @attend(%q: tensor<3x4x8xf32>, %k: tensor<3x2x8xf32>, %v: tensor<3x2x8xf32>, %kc: tensor<16x2x8xf32>, %vc: tensor<16x2x8xf32>, %pos: tensor<i64>) -> (tensor<3x4x8xf32>, tensor<16x2x8xf32>, tensor<16x2x8xf32>) {
  %r:3 = "kforge.attention"(%q, %k, %v, %kc, %vc, %pos) {causal = true, scale = 0.35 : f32, operandSegmentSizes = array<i32: 1, 1, 1, 1, 1, 1>} : (tensor<3x4x8xf32>, tensor<3x2x8xf32>, tensor<3x2x8xf32>, tensor<16x2x8xf32>, tensor<16x2x8xf32>, tensor<i64>) -> (tensor<3x4x8xf32>, tensor<16x2x8xf32>, tensor<16x2x8xf32>)
  return %r#0, %r#1, %r#2 : tensor<3x4x8xf32>, tensor<16x2x8xf32>, tensor<16x2x8xf32>
}
