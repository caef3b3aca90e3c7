// Fixed bug: kforge.reshape's verifier multiplies the dims in u64
// (TensorType::num_elements, `iter::product`), which overflows for
// 2^32 x 2^32 and panics; the panic cannot unwind through MLIR's walk callback
// and kforge-opt aborts (exit 134) instead of reporting an error.
// RUN: not kforge-opt %s 2>&1 | FileCheck %s

// Tests that an element count beyond u64 is a diagnostic at the op.
// CHECK-NOT: panicked
// CHECK: reshape-element-count-overflow.mlir:[[@LINE+2]]:8: error:
func.func @overflow(%x: tensor<4294967296x4294967296xf32>) -> tensor<4xf32> {
  %0 = "kforge.reshape"(%x) : (tensor<4294967296x4294967296xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}
