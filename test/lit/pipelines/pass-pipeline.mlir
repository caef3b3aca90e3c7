// RUN: kforge-opt %s --pass-pipeline='builtin.module(kforge-verify,canonicalize)' --split-input-file | FileCheck %s
// RUN: kforge-opt %s --pass-pipeline='builtin.module(kforge-verify, kforge-lower-to-linalg, canonicalize, cse)' --split-input-file | FileCheck %s --check-prefix=LINALG

// Tests that kforge passes and upstream passes mix in one --pass-pipeline:
// canonicalize folds the arith and tensor.cast ops around kforge ops and
// leaves the (verified) kforge ops and their attributes alone.
// CHECK-LABEL: func.func @mixed
// CHECK-DAG: %[[C3:.*]] = arith.constant 3 : index
// CHECK-DAG: %[[N:.*]] = "kforge.rms_norm"(%arg0, %arg1) {epsilon = 9.99999974E-6 : f32} : (tensor<2x8xf32>, tensor<8xf32>) -> tensor<2x8xf32>
// CHECK-NOT: tensor.cast
// CHECK-NOT: arith.addi
// CHECK: return %[[N]], %[[C3]] : tensor<2x8xf32>, index
// LINALG-LABEL: func.func @mixed
// LINALG-NOT: "kforge.
// LINALG: math.rsqrt
// LINALG: return
func.func @mixed(%x: tensor<2x8xf32>, %w: tensor<8xf32>) -> (tensor<2x8xf32>, index) {
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %s = arith.addi %c1, %c2 : index
  %0 = "kforge.rms_norm"(%x, %w) {epsilon = 1.0e-5 : f32} : (tensor<2x8xf32>, tensor<8xf32>) -> tensor<2x8xf32>
  %c = tensor.cast %0 : tensor<2x8xf32> to tensor<?x8xf32>
  %d = tensor.cast %c : tensor<?x8xf32> to tensor<2x8xf32>
  return %d, %s : tensor<2x8xf32>, index
}

// -----

// Tests that canonicalize keeps a dynamic-shaped kforge op valid for kforge-verify.
// CHECK-LABEL: func.func @dynamic
// CHECK: "kforge.add"(%arg0, %arg1) : (tensor<?x8xf32>, tensor<8xf32>) -> tensor<?x8xf32>
// LINALG-LABEL: func.func @dynamic
// LINALG: tensor.dim %arg0
// LINALG: linalg.generic
// LINALG-NOT: "kforge.
func.func @dynamic(%x: tensor<?x8xf32>, %b: tensor<8xf32>) -> tensor<?x8xf32> {
  %0 = "kforge.add"(%x, %b) : (tensor<?x8xf32>, tensor<8xf32>) -> tensor<?x8xf32>
  return %0 : tensor<?x8xf32>
}
