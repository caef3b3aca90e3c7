func.func @f(%x: tensor<4294967296x4294967296xf32>) {
  %0 = "kforge.reshape"(%x) : (tensor<4294967296x4294967296xf32>) -> tensor<4xf32>
  return
}
