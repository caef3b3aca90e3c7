// Fixed bug: --kforge-weights-to-arguments appends weight arguments to a function
// but leaves its call sites alone, so any module where a function with weights
// is called (a model split into layer functions) becomes invalid:
// "'func.call' op incorrect number of operands for callee". The weights should
// be threaded through the callers (or the pass should refuse with a clear
// error); this test expects threading: the caller gains the weight argument
// and passes it on.
// RUN: kforge-opt %s --kforge-weights-to-arguments | FileCheck %s

// Tests that a caller passes the callee's weights.
// CHECK-LABEL: func.func @layer
// CHECK-SAME: (%arg0: tensor<8xf32>, %arg1: tensor<8xf32>) -> tensor<8xf32> attributes {kforge.weights = ["w"]}
// CHECK-LABEL: func.func @main
// CHECK-SAME: (%arg0: tensor<8xf32>, %arg1: tensor<8xf32>) -> tensor<8xf32> attributes {kforge.weights = ["w"]}
// CHECK: call @layer(%arg0, %arg1)
func.func @layer(%x: tensor<8xf32>) -> tensor<8xf32> {
  %w = "kforge.weight"() {name = "w"} : () -> tensor<8xf32>
  %0 = "kforge.add"(%x, %w) : (tensor<8xf32>, tensor<8xf32>) -> tensor<8xf32>
  return %0 : tensor<8xf32>
}
func.func @main(%x: tensor<8xf32>) -> tensor<8xf32> {
  %0 = func.call @layer(%x) : (tensor<8xf32>) -> tensor<8xf32>
  return %0 : tensor<8xf32>
}
