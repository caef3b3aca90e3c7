// Fixed bug: causal attention without a cache and with more queries than keys
// (Sq > Sk) lets the first queries see every key. The mask tests
// `j ule i + (Sk - Sq)` on index values: Sk - Sq is negative, the sum wraps
// to a huge unsigned number and the compare is true for every key. Per
// dialect/OPS.md query i sees key j iff j <= i + (Sk - Sq), so query 0 here
// (Sq = 3, Sk = 2) sees no key; the lowering's own rule for a fully masked
// row (finite lowest score) gives the uniform average of the values, 2.0,
// but it prints 1.00009 (softmax over both keys). The reference interpreter
// rejects the case (NoVisibleKeys); compiled code silently attends to the
// future. A signed compare (`sle`) fixes the mask.
// RUN: kforge-opt %s --lower-to-cpu-portable | %mlir-runner -e main -entry-point-result=void -shared-libs=%mlir-runner-utils,%mlir-c-runner-utils | FileCheck %s

// Tests the three rows: no visible key, key 0 only, both keys.
// CHECK: sizes = [3, 1, 1]
// CHECK-NEXT: {{\[\[\[}}2]],
// CHECK-NEXT: {{\[\[}}1]],
// CHECK-NEXT: {{\[\[}}1.00009]]]
func.func private @printMemrefF32(memref<*xf32>) attributes {llvm.emit_c_interface}
func.func @main() {
  %q = arith.constant dense<[[[1.0]], [[1.0]], [[1.0]]]> : tensor<3x1x1xf32>
  %k = arith.constant dense<[[[10.0]], [[0.0]]]> : tensor<2x1x1xf32>
  %v = arith.constant dense<[[[1.0]], [[3.0]]]> : tensor<2x1x1xf32>
  %o = "kforge.attention"(%q, %k, %v) {causal = true, scale = 1.0 : f32, operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0>}
    : (tensor<3x1x1xf32>, tensor<2x1x1xf32>, tensor<2x1x1xf32>) -> tensor<3x1x1xf32>
  %m = bufferization.to_buffer %o : tensor<3x1x1xf32> to memref<3x1x1xf32>
  %u = memref.cast %m : memref<3x1x1xf32> to memref<*xf32>
  call @printMemrefF32(%u) : (memref<*xf32>) -> ()
  return
}
