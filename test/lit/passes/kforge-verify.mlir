// RUN: kforge-opt %s --kforge-verify --split-input-file | FileCheck %s

// Tests that kforge-verify accepts a valid graph and leaves it unchanged.
// CHECK-LABEL: func.func @unchanged
// CHECK-NEXT: %[[H:.*]] = "kforge.rms_norm"(%arg0, %arg1) {epsilon = 9.99999974E-6 : f32} : (tensor<4x16xf32>, tensor<16xf32>) -> tensor<4x16xf32>
// CHECK-NEXT: %[[Y:.*]] = "kforge.linear"(%[[H]], %arg2) : (tensor<4x16xf32>, tensor<8x16xf32>) -> tensor<4x8xf32>
// CHECK-NEXT: return %[[Y]] : tensor<4x8xf32>
func.func @unchanged(%x: tensor<4x16xf32>, %w: tensor<16xf32>, %p: tensor<8x16xf32>) -> tensor<4x8xf32> {
  %h = "kforge.rms_norm"(%x, %w) {epsilon = 1.0e-5 : f32} : (tensor<4x16xf32>, tensor<16xf32>) -> tensor<4x16xf32>
  %y = "kforge.linear"(%h, %p) : (tensor<4x16xf32>, tensor<8x16xf32>) -> tensor<4x8xf32>
  return %y : tensor<4x8xf32>
}

// -----

// Tests that dynamic dims are compatible with static ones where the rules
// compare dims (here K of a matmul and the broadcast dims of an add).
// CHECK-LABEL: func.func @dynamic_dims
// CHECK: "kforge.matmul"(%arg0, %arg1) : (tensor<?x?xf32>, tensor<3x4xf32>) -> tensor<?x4xf32>
// CHECK: "kforge.add"(%{{.*}}, %arg2) : (tensor<?x4xf32>, tensor<4xf32>) -> tensor<?x4xf32>
func.func @dynamic_dims(%a: tensor<?x?xf32>, %b: tensor<3x4xf32>, %c: tensor<4xf32>) -> tensor<?x4xf32> {
  %0 = "kforge.matmul"(%a, %b) : (tensor<?x?xf32>, tensor<3x4xf32>) -> tensor<?x4xf32>
  %1 = "kforge.add"(%0, %c) : (tensor<?x4xf32>, tensor<4xf32>) -> tensor<?x4xf32>
  return %1 : tensor<?x4xf32>
}

// -----

// Tests that a declared result may be less static than the inferred one.
// CHECK-LABEL: func.func @less_static_result
// CHECK: "kforge.silu"(%arg0) : (tensor<2x8xf16>) -> tensor<?x8xf16>
func.func @less_static_result(%x: tensor<2x8xf16>) -> tensor<?x8xf16> {
  %0 = "kforge.silu"(%x) : (tensor<2x8xf16>) -> tensor<?x8xf16>
  return %0 : tensor<?x8xf16>
}

// -----

// Tests that kforge ops nested in other ops' regions are verified and kept.
// CHECK-LABEL: func.func @nested
// CHECK: scf.if
// CHECK: "kforge.gelu"(%arg1) {approximate = "tanh"}
func.func @nested(%c: i1, %x: tensor<8xbf16>) -> tensor<8xbf16> {
  %0 = scf.if %c -> tensor<8xbf16> {
    %g = "kforge.gelu"(%x) {approximate = "tanh"} : (tensor<8xbf16>) -> tensor<8xbf16>
    scf.yield %g : tensor<8xbf16>
  } else {
    scf.yield %x : tensor<8xbf16>
  }
  return %0 : tensor<8xbf16>
}
