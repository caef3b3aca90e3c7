// Input of tile-contractions-zero-k.mlir: products with K = 0 through the
// tiled pipeline, printed.
func.func private @printMemrefF32(memref<*xf32>) attributes {llvm.emit_c_interface}
func.func @print(%t: tensor<2x3xf32>) {
  %m = bufferization.to_buffer %t : tensor<2x3xf32> to memref<2x3xf32>
  %u = memref.cast %m : memref<2x3xf32> to memref<*xf32>
  call @printMemrefF32(%u) : (memref<*xf32>) -> ()
  return
}
func.func @main() {
  %a = tensor.empty() : tensor<2x0xf32>
  %b = tensor.empty() : tensor<0x3xf32>
  %w = tensor.empty() : tensor<3x0xf32>
  %aa = tensor.empty() : tensor<1x2x0xf32>
  %bb = tensor.empty() : tensor<1x0x3xf32>
  %y = "kforge.matmul"(%a, %b) : (tensor<2x0xf32>, tensor<0x3xf32>) -> tensor<2x3xf32>
  %z = "kforge.linear"(%a, %w) : (tensor<2x0xf32>, tensor<3x0xf32>) -> tensor<2x3xf32>
  %c = "kforge.batch_matmul"(%aa, %bb) : (tensor<1x2x0xf32>, tensor<1x0x3xf32>) -> tensor<1x2x3xf32>
  %c2 = "kforge.reshape"(%c) : (tensor<1x2x3xf32>) -> tensor<2x3xf32>
  call @print(%y) : (tensor<2x3xf32>) -> ()
  call @print(%z) : (tensor<2x3xf32>) -> ()
  call @print(%c2) : (tensor<2x3xf32>) -> ()
  return
}
