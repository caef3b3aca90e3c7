func.func @decode(%q: tensor<1x9x64xf32>, %k: tensor<1x3x64xf32>, %v: tensor<1x3x64xf32>,
                  %kc: tensor<256x3x64xf32>, %vc: tensor<256x3x64xf32>, %pos: tensor<i64>)
    -> (tensor<1x9x64xf32>, tensor<256x3x64