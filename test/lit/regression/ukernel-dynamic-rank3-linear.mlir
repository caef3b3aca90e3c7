
// Bug: with linear-kernel=ukernel (what --lower-to-cpu uses), a rank-3
// kforge.linear with a dynamic leading dim writes `output_shape [?, 3, 4]`
// into tensor.expand_shape, which does not parse: "internal error: the
// lowering template of 'kforge.linear' does not parse". The dynamic size has
// to be computed (tensor.dim of the input). The loop lowering handles it.
// RUN: kforge-opt %s --pass-pipeline='builtin.module(kforge-lower-to-linalg{linear-kernel=ukernel})' | FileCheck %s
// RUN: kforge-opt %s --lower-to-cpu | FileCheck %s --check-prefix=CPU

// Tests that the microkernel path handles a dynamic batch of rank-3 inputs.
// CHECK-LABEL: func.func @linear
// CHECK: call @kforge_ukernel_linear_f32
// CHECK: tensor.expand_shape %{{.*}} {{\[}}[0, 1], [2]] output_shape [%{{.*}}, 3, 4] : tensor<?x4xf32> into tensor<?x3x4xf32>
// CPU: llvm.func @_mlir_ciface_linear(
func.func @linear(%x: tensor<?x3x8xf32>, %w: tensor<4x8xf32>) -> tensor<?x3x4xf32> {
  %0 = "kforge.linear"(%x, %w) : (tensor<?x3x8xf32>, tensor<4x8xf32>) -> tensor<?x3x4xf32>
  return %0 : tensor<?x3x4xf32>
}
