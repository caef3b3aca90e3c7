// RUN: kforge-opt %s --kforge-fuse-epilogue -o %t.mlir
// RUN: kforge-run %t.mlir --target gpu --random-inputs --seed 5 --check --no-tune | FileCheck %s

// Tests that kforge.fused_linear runs on the GPU (lavapipe in CI) and matches the reference interpreter: a decode
// projection as one GEMV with its bias, exact GELU and row scale in registers, and a prefill projection as the
// tiled matmul and an epilogue kernel. (kforge.multi_linear and kforge.swiglu_linear, which the interpreter does
// not run, are checked against the CPU references in passes/src/lower_to_gpu/fused_tests.rs.)
// CHECK: @proj: 2 result(s), 3 kernel(s) in one command buffer
// CHECK: gemv_3x37x13_add_geluerf_mul
// CHECK: linear_12x48x32
// CHECK: epilogue_12x48_add_gelutanh
// CHECK-COUNT-2: check result{{[0-1]}}: {{.*}} (within tolerance 1e-5)
func.func @proj(%x: tensor<3x13xf32>, %w: tensor<37x13xf32>, %b: tensor<37xf32>, %s: tensor<3x1xf32>, %x8: tensor<12x32xf32>, %w8: tensor<48x32xf32>, %b8: tensor<48xf32>) -> (tensor<3x37xf32>, tensor<12x48xf32>) {
  %l = "kforge.linear"(%x, %w) : (tensor<3x13xf32>, tensor<37x13xf32>) -> tensor<3x37xf32>
  %a = "kforge.add"(%l, %b) : (tensor<3x37xf32>, tensor<37xf32>) -> tensor<3x37xf32>
  %g = "kforge.gelu"(%a) {approximate = "none"} : (tensor<3x37xf32>) -> tensor<3x37xf32>
  %m = "kforge.mul"(%g, %s) : (tensor<3x37xf32>, tensor<3x1xf32>) -> tensor<3x37xf32>
  %l8 = "kforge.linear"(%x8, %w8) : (tensor<12x32xf32>, tensor<48x32xf32>) -> tensor<12x48xf32>
  %a8 = "kforge.add"(%l8, %b8) : (tensor<12x48xf32>, tensor<48xf32>) -> tensor<12x48xf32>
  %g8 = "kforge.gelu"(%a8) {approximate = "tanh"} : (tensor<12x48xf32>) -> tensor<12x48xf32>
  return %m, %g8 : tensor<3x37xf32>, tensor<12x48xf32>
}
