// Fixed bug: the verifier requires static head counts but not a static head dim D,
// and attention without a cache lowers fine with a dynamic D; with a KV cache
// the lowering writes the static sizes of the cache slices into the template
// (attention.rs: `unreachable!("verified static heads and head dim")` for the
// tensor.insert_slice sizes, and `?` printed into tensor.extract_slice sizes),
// so it panics ("internal error in kforge-lower-to-linalg: internal error:
// entered unreachable code"). Either read D with tensor.dim or have the
// verifier require a static D.
// RUN: kforge-opt %s --kforge-lower-to-linalg | FileCheck %s

// Tests that a dynamic head dim with a KV cache lowers.
// CHECK-LABEL: func.func @decode
// CHECK: tensor.insert_slice %arg1 into %arg3
// CHECK: tensor.insert_slice %arg2 into %arg4
// CHECK-NOT: "kforge.
func.func @decode(%q: tensor<1x4x?xf32>, %k: tensor<1x2x?xf32>, %v: tensor<1x2x?xf32>, %kc: tensor<16x2x?xf32>, %vc: tensor<16x2x?xf32>, %pos: tensor<i64>)
    -> (tensor<1x4x?xf32>, tensor<16x2x?xf32>, tensor<16x2x?xf32>) {
  %o, %kc2, %vc2 = "kforge.attention"(%q, %k, %v, %kc, %vc, %pos) {causal = true, scale = 0.125 : f32, operandSegmentSizes = array<i32: 1, 1, 1, 1, 1, 1>}
    : (tensor<1x4x?xf32>, tensor<1x2x?xf32>, tensor<1x2x?xf32>, tensor<16x2x?xf32>, tensor<16x2x?xf32>, tensor<i64>)
    -> (tensor<1x4x?xf32>, tensor<16x2x?xf32>, tensor<16x2x?xf32>)
  return %o, %kc2, %vc2 : tensor<1x4x?xf32>, tensor<16x2x?xf32>, tensor<16x2x?xf32>
}
