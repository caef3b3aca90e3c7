func.func @decode(%q: tensor<1x9x64xf32>, %k: tensor<1x3x64xf32>, %v: tensor<1x3x64xf32>,
                  %kc: tensor<256x3x64xf32>, %vc: tensor<256x3x64xf32>, %pos: tensor<i64>)
    -> (tensor<1x9x64xf32>, tensor<256x3x64xf32>, tensor<256x3x64xf32>) {
  %o, %kc2, %vc2 = "kforge.attention"(%q, %k, %v, %kc, %vc, %pos) {causal = true, scale = 0.125 : f32,
      operandSegmentSizes = array<i32: 1, 1, 1, 1, 1, 1>}
    : (tensor<1x9x64xf32>, tensor<1x3x64xf32>, tensor<1x3x64xf32>, tensor<256x3x64xf32>, tensor<256x3x64xf32>, 