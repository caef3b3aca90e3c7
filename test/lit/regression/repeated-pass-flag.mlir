// Fixed bug: a pass flag given twice is rejected ("the argument '--kforge-verify'
// cannot be used multiple times"); mlir-opt runs each occurrence in order (the
// clap args are SetTrue flags, so order and repetition are lost beyond the
// first). kforge-opt's own doc says pass flags run in command-line order.
// RUN: kforge-opt %s --kforge-verify --kforge-lower-to-linalg --kforge-verify | FileCheck %s

// Tests that repeated flags run in order.
// CHECK-LABEL: func.func @f
// CHECK: linalg.generic
func.func @f(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = "kforge.silu"(%x) : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}
