%0 = "kforge.silu"(%x) : (tensor<4xf32>) -> tensor<4xf32>
