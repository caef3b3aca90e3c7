func.func @half(%a: tensor<4xf16>) -> tensor<4xf16> {
  %y = "kforge.silu"(%a) : (tensor<4xf16>) -> tensor<4xf16>
  return %y : tensor<4xf16>
}
