// The linear epilogue microkernel (kforge_ukernel_linear_epilogue_f32, the
// epilogue applied to each register tile), JIT-compiled by --lower-to-cpu,
// agrees with the reference interpreter: every step kind, bias/residual/
// scalar/per-row broadcasts, rank 3, n not a multiple of the 32-column
// panel and m not a multiple of the tile's rows, and the generic fallbacks.
// RUN: kforge-run %s --entry bias_gelu_residual_scale --random-inputs --check --no-cache | FileCheck %s
// RUN: kforge-run %s --entry rank3_mul_add_silu --random-inputs --check --no-cache | FileCheck %s
// RUN: kforge-run %s --entry gelu_tanh_odd --random-inputs --check --no-cache | FileCheck %s
// RUN: kforge-run %s --entry fallbacks --random-inputs --check --no-cache | FileCheck %s
// CHECK: check result0: {{.*}} (within tolerance
// CHECK-NOT: BEYOND

func.func @bias_gelu_residual_scale(%x: tensor<13x40xf32>, %w: tensor<67x40xf32>, %b: tensor<67xf32>, %r: tensor<13x67xf32>, %s: tensor<1xf32>) -> tensor<13x67xf32> {
  %0 = "kforge.fused_linear"(%x, %w, %b, %r, %s) {epilogue = "add,gelu,add,mul", kind = "linear", operandSegmentSizes = array<i32: 1, 1, 1, 1, 1, 0>} : (tensor<13x40xf32>, tensor<67x40xf32>, tensor<67xf32>, tensor<13x67xf32>, tensor<1xf32>) -> tensor<13x67xf32>
  return %0 : tensor<13x67xf32>
}

func.func @rank3_mul_add_silu(%x: tensor<2x7x24xf32>, %w: tensor<33x24xf32>, %r: tensor<2x7x33xf32>, %s: tensor<2x7x1xf32>) -> tensor<2x7x33xf32> {
  %0 = "kforge.fused_linear"(%x, %w, %s, %r) {epilogue = "mul,add,silu", kind = "linear", operandSegmentSizes = array<i32: 1, 1, 1, 1, 0, 0>} : (tensor<2x7x24xf32>, tensor<33x24xf32>, tensor<2x7x1xf32>, tensor<2x7x33xf32>) -> tensor<2x7x33xf32>
  return %0 : tensor<2x7x33xf32>
}

func.func @gelu_tanh_odd(%x: tensor<1x17xf32>, %w: tensor<9x17xf32>) -> tensor<1x9xf32> {
  %0 = "kforge.fused_linear"(%x, %w) {epilogue = "gelu_tanh", kind = "linear", operandSegmentSizes = array<i32: 1, 1, 0, 0, 0, 0>} : (tensor<1x17xf32>, tensor<9x17xf32>) -> tensor<1x9xf32>
  return %0 : tensor<1x9xf32>
}

func.func @fallbacks(%x: tensor<2x3x8xf32>, %w: tensor<4x8xf32>, %r: tensor<3x4xf32>, %a: tensor<4x8xf32>, %b: tensor<8x4xf32>) -> (tensor<2x3x4xf32>, tensor<4x4xf32>) {
  %0 = "kforge.fused_linear"(%x, %w, %r) {epilogue = "add", kind = "linear", operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0>} : (tensor<2x3x8xf32>, tensor<4x8xf32>, tensor<3x4xf32>) -> tensor<2x3x4xf32>
  %1 = "kforge.fused_linear"(%a, %b) {epilogue = "silu", kind = "matmul", operandSegmentSizes = array<i32: 1, 1, 0, 0, 0, 0>} : (tensor<4x8xf32>, tensor<8x4xf32>) -> tensor<4x4xf32>
  return %0, %1 : tensor<2x3x4xf32>, tensor<4x4xf32>
}
