// Input of tensor-size-beyond-limit.mlir: the largest tensor the verifier
// allows (2^47 bytes) is too large for a GPU binding (2 GiB).
func.func @limit(%x: tensor<35184372088832xf32>) -> tensor<35184372088832xf32> {
  %0 = "kforge.silu"(%x) : (tensor<35184372088832xf32>) -> tensor<35184372088832xf32>
  return %0 : tensor<35184372088832xf32>
}
