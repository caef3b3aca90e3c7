// Fixed bug: the verifier accepted tensors of any size, e.g.
// tensor<4294967296x4294967296xf32> (2^64 elements); the GPU lowering then
// panicked on a multiply overflow in gpu/src/spec.rs. Tensors now hold at most
// 2^47 bytes (dialect/OPS.md), checked for every operand, result and function
// argument, with the value's type and both sizes in the error.
// RUN: kforge-opt %s --split-input-file --verify-diagnostics
// RUN: not kforge-opt %s --split-input-file --lower-to-gpu 2>&1 | FileCheck %s
// RUN: not kforge-opt %S/Inputs/tensor-size-beyond-limit-gpu.mlir --lower-to-gpu --emit=wgsl 2>&1 | FileCheck %s --check-prefix=GPU

// Tests that a verified tensor too large for the GPU is an error of the kernel
// spec (sizes computed with checked arithmetic) at the op, not a panic.
// GPU-NOT: panicked
// GPU: tensor-size-beyond-limit-gpu.mlir:4:8: error: 'kforge.silu' op invalid kernel spec `silu_35184372088832`: binding 'x' (35184372088832 elements of 4 bytes) is larger than 2 GiB

// Tests that an operand of 2^64 elements is an error at the op.
// CHECK-NOT: panicked
// CHECK-DAG: tensor-size-beyond-limit.mlir:[[@LINE+3]]:1: error: 'func.func' op expected argument #0 (tensor<4294967296x4294967296xf32>) size (73786976294838206464 bytes) to be at most 140737488355328 bytes (2^47)
// CHECK-DAG: tensor-size-beyond-limit.mlir:[[@LINE+4]]:8: error: 'kforge.silu' op expected operand #0
// expected-error @+1 {{'func.func' op expected argument #0 (tensor<4294967296x4294967296xf32>) size (73786976294838206464 bytes) to be at most 140737488355328 bytes (2^47)}}
func.func @operand(%x: tensor<4294967296x4294967296xf32>) -> tensor<4294967296x4294967296xf32> {
  // expected-error @+1 {{'kforge.silu' op expected operand #0 (tensor<4294967296x4294967296xf32>) size (73786976294838206464 bytes) to be at most 140737488355328 bytes (2^47)}}
  %0 = "kforge.silu"(%x) : (tensor<4294967296x4294967296xf32>) -> tensor<4294967296x4294967296xf32>
  return %0 : tensor<4294967296x4294967296xf32>
}

// -----

// Tests that a result beyond the limit from operands within it (a broadcast of
// 2^48 elements) is an error.
func.func @result(%a: tensor<16777216x1xf32>, %b: tensor<1x16777216xf32>) -> tensor<16777216x16777216xf32> {
  // expected-error @+1 {{'kforge.add' op expected result #0 (tensor<16777216x16777216xf32>) size (1125899906842624 bytes) to be at most 140737488355328 bytes (2^47)}}
  %0 = "kforge.add"(%a, %b) : (tensor<16777216x1xf32>, tensor<1x16777216xf32>) -> tensor<16777216x16777216xf32>
  return %0 : tensor<16777216x16777216xf32>
}

// -----

// Tests that a weight beyond the limit is an error, and that dims only a
// product overflows (three dims of 2^62) are reported, not wrapped.
func.func @weight() -> tensor<4611686018427387904x4611686018427387904x4611686018427387904xi8> {
  // expected-error @+1 {{'kforge.weight' op expected result #0 (tensor<4611686018427387904x4611686018427387904x4611686018427387904xi8>) size (more than 2^128 bytes) to be at most 140737488355328 bytes (2^47)}}
  %0 = "kforge.weight"() {name = "w"} : () -> tensor<4611686018427387904x4611686018427387904x4611686018427387904xi8>
  return %0 : tensor<4611686018427387904x4611686018427387904x4611686018427387904xi8>
}

// -----

// Tests that the largest tensor allowed (2^47 bytes) verifies, and dynamic
// dims count as 1.
func.func @limit(%x: tensor<35184372088832xf32>, %y: tensor<?x35184372088832xf32>) -> (tensor<35184372088832xf32>, tensor<?x35184372088832xf32>) {
  %0 = "kforge.silu"(%x) : (tensor<35184372088832xf32>) -> tensor<35184372088832xf32>
  %1 = "kforge.silu"(%y) : (tensor<?x35184372088832xf32>) -> tensor<?x35184372088832xf32>
  return %0, %1 : tensor<35184372088832xf32>, tensor<?x35184372088832xf32>
}
