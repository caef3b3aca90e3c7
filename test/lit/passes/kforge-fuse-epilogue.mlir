// RUN: kforge-opt %s --kforge-fuse-epilogue --split-input-file | FileCheck %s
// RUN: kforge-opt %s --verify-each-numerics --split-input-file --kforge-verify --kforge-fuse-epilogue --kforge-verify -o /dev/null
// RUN: not kforge-opt %s --verify-each-numerics --split-input-file --pass-pipeline='builtin.module(kforge-fuse-epilogue{test-miscompile=true})' -o /dev/null 2>&1 | FileCheck %s --check-prefix=MISCOMPILE
// The fused code, JIT-compiled by --lower-to-cpu (linear: the epilogue microkernel, applying it on each register tile; matmul: its microkernel + an in-place epilogue generic), agrees with the reference interpreter on the unfused ops:
// RUN: kforge-run %s --entry linear_bias_gelu_residual_scale --random-inputs --check --no-cache | FileCheck %s --check-prefix=JIT
// RUN: kforge-run %s --entry matmul_bias_silu --random-inputs --check --no-cache | FileCheck %s --check-prefix=JIT
// RUN: kforge-run %s --entry linear_gelu_then_softmax --random-inputs --check --no-cache | FileCheck %s --check-prefix=JIT
// RUN: kforge-run %s --entry five_operands --random-inputs --check --no-cache | FileCheck %s --check-prefix=JIT
// JIT: check result0: {{.*}} (within tolerance
// JIT-NOT: BEYOND

// MISCOMPILE: error: --verify-each-numerics: pass 'kforge-fuse-epilogue' changed the numerics of @linear_bias_gelu_residual_scale result #0: max abs difference {{.*}}, max rel difference {{.*}} (tolerance 1.0e-5 relative)

// Tests that a linear with bias, an exact GELU, a residual add (chain value on
// the right) and a scaling by a broadcast scalar become one kforge.fused_linear.
// CHECK-LABEL: func.func @linear_bias_gelu_residual_scale
// CHECK-NOT: "kforge.linear"
// CHECK: %[[F:.*]] = "kforge.fused_linear"(%arg0, %arg1, %arg2, %arg3, %arg4) {epilogue = "add,gelu,add,mul", kind = "linear", operandSegmentSizes = array<i32: 1, 1, 1, 1, 1, 0>}
// CHECK-NOT: "kforge.
// CHECK: return %[[F]]
func.func @linear_bias_gelu_residual_scale(%x: tensor<4x8xf32>, %w: tensor<6x8xf32>, %b: tensor<6xf32>, %r: tensor<4x6xf32>, %s: tensor<1xf32>) -> tensor<4x6xf32> {
  %0 = "kforge.linear"(%x, %w, %b) : (tensor<4x8xf32>, tensor<6x8xf32>, tensor<6xf32>) -> tensor<4x6xf32>
  %1 = "kforge.gelu"(%0) {approximate = "none"} : (tensor<4x6xf32>) -> tensor<4x6xf32>
  %2 = "kforge.add"(%r, %1) : (tensor<4x6xf32>, tensor<4x6xf32>) -> tensor<4x6xf32>
  %3 = "kforge.mul"(%2, %s) : (tensor<4x6xf32>, tensor<1xf32>) -> tensor<4x6xf32>
  return %3 : tensor<4x6xf32>
}

// -----

// Tests that a matmul followed by a bias add and SiLU fuses, and that an
// unrelated op between the chain's ops does not stop it.
// CHECK-LABEL: func.func @matmul_bias_silu
// CHECK: %[[G:.*]] = "kforge.gelu"
// CHECK: %[[F:.*]] = "kforge.fused_linear"(%arg0, %arg1, %arg2) {epilogue = "add,silu", kind = "matmul", operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0>}
// CHECK: return %[[F]], %[[G]]
func.func @matmul_bias_silu(%a: tensor<3x5xf32>, %b: tensor<5x7xf32>, %c: tensor<7xf32>) -> (tensor<3x7xf32>, tensor<7xf32>) {
  %0 = "kforge.matmul"(%a, %b) : (tensor<3x5xf32>, tensor<5x7xf32>) -> tensor<3x7xf32>
  %1 = "kforge.add"(%0, %c) : (tensor<3x7xf32>, tensor<7xf32>) -> tensor<3x7xf32>
  %g = "kforge.gelu"(%c) {approximate = "tanh"} : (tensor<7xf32>) -> tensor<7xf32>
  %2 = "kforge.silu"(%1) : (tensor<3x7xf32>) -> tensor<3x7xf32>
  return %2, %g : tensor<3x7xf32>, tensor<7xf32>
}

// -----

// Tests that a rank-3 linear without bias takes a tanh GELU and ends the chain
// at an op that is not pointwise (softmax).
// CHECK-LABEL: func.func @linear_gelu_then_softmax
// CHECK: %[[F:.*]] = "kforge.fused_linear"(%arg0, %arg1) {epilogue = "gelu_tanh", kind = "linear", operandSegmentSizes = array<i32: 1, 1, 0, 0, 0, 0>}
// CHECK: "kforge.softmax"(%[[F]])
func.func @linear_gelu_then_softmax(%x: tensor<2x3x8xf32>, %w: tensor<4x8xf32>) -> tensor<2x3x4xf32> {
  %0 = "kforge.linear"(%x, %w) : (tensor<2x3x8xf32>, tensor<4x8xf32>) -> tensor<2x3x4xf32>
  %1 = "kforge.gelu"(%0) {approximate = "tanh"} : (tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
  %2 = "kforge.softmax"(%1) {axis = -1 : i64} : (tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
  return %2 : tensor<2x3x4xf32>
}

// -----

// Tests that a contraction whose result has two uses is not fused (the
// unfused value is needed), nor is a linear with only its bias.
// CHECK-LABEL: func.func @must_not_fuse
// CHECK: %[[L:.*]] = "kforge.linear"(%arg0, %arg1)
// CHECK: "kforge.silu"(%[[L]])
// CHECK: "kforge.add"(%[[L]], %{{.*}})
// CHECK: "kforge.linear"(%arg0, %arg1, %arg2)
// CHECK-NOT: kforge.fused_linear
func.func @must_not_fuse(%x: tensor<4x8xf32>, %w: tensor<6x8xf32>, %b: tensor<6xf32>) -> (tensor<4x6xf32>, tensor<4x6xf32>) {
  %0 = "kforge.linear"(%x, %w) : (tensor<4x8xf32>, tensor<6x8xf32>) -> tensor<4x6xf32>
  %1 = "kforge.silu"(%0) : (tensor<4x6xf32>) -> tensor<4x6xf32>
  %2 = "kforge.add"(%0, %1) : (tensor<4x6xf32>, tensor<4x6xf32>) -> tensor<4x6xf32>
  %3 = "kforge.linear"(%x, %w, %b) : (tensor<4x8xf32>, tensor<6x8xf32>, tensor<6xf32>) -> tensor<4x6xf32>
  return %2, %3 : tensor<4x6xf32>, tensor<4x6xf32>
}

// -----

// Tests that an add that widens the result (broadcasting the projection to a
// larger shape) and add(y, y) end the chain.
// CHECK-LABEL: func.func @widening_and_self_add
// CHECK: %[[L:.*]] = "kforge.linear"
// CHECK: "kforge.add"(%[[L]], %arg2) : (tensor<6xf32>, tensor<3x6xf32>) -> tensor<3x6xf32>
// CHECK: %[[M:.*]] = "kforge.matmul"
// CHECK: "kforge.add"(%[[M]], %[[M]])
// CHECK-NOT: kforge.fused_linear
func.func @widening_and_self_add(%x: tensor<8xf32>, %w: tensor<6x8xf32>, %r: tensor<3x6xf32>, %a: tensor<2x2xf32>) -> (tensor<3x6xf32>, tensor<2x2xf32>) {
  %0 = "kforge.linear"(%x, %w) : (tensor<8xf32>, tensor<6x8xf32>) -> tensor<6xf32>
  %1 = "kforge.add"(%0, %r) : (tensor<6xf32>, tensor<3x6xf32>) -> tensor<3x6xf32>
  %2 = "kforge.matmul"(%a, %a) : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
  %3 = "kforge.add"(%2, %2) : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
  return %1, %3 : tensor<3x6xf32>, tensor<2x2xf32>
}

// -----

// Tests that at most four add/mul operands are absorbed: the fifth add stays.
// CHECK-LABEL: func.func @five_operands
// CHECK: %[[F:.*]] = "kforge.fused_linear"{{.*}}epilogue = "add,add,add,add"
// CHECK: "kforge.add"(%[[F]], %arg2)
func.func @five_operands(%x: tensor<2x4xf32>, %w: tensor<3x4xf32>, %r: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = "kforge.linear"(%x, %w) : (tensor<2x4xf32>, tensor<3x4xf32>) -> tensor<2x3xf32>
  %1 = "kforge.add"(%0, %r) : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  %2 = "kforge.add"(%1, %r) : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  %3 = "kforge.add"(%2, %r) : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  %4 = "kforge.add"(%3, %r) : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  %5 = "kforge.add"(%4, %r) : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  return %5 : tensor<2x3xf32>
}
