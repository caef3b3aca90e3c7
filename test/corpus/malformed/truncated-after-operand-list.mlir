func.func @block(%ids: tensor<8xi64>, %pos: tensor<8xi64>) -> tensor<8x64xf32> {
  %table = "kforge.weight"() {name = "embed_tokens.weight"} : () -> tensor<100x64xf32>
  %x = "kforge.embedding"(%ids, %table) : (tensor<8xi64>, tensor<100x64xf32>) -> tensor<8x64xf32>
  %x3 = "kforge.reshape"(%x) : (tensor<8x64xf32>) -> tensor<8x4x16xf32>
  %r = "kforge.rope"(%x3, %pos) {theta = 10000.0 : f32} : (tensor<8x4x16xf32>, tensor<8xi64>) -> tensor<8x4x16xf32>
  %a = "kforge.attention"(%r, %r, %r) {causal = true, scale = 0.25 : f32, operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0>}
    : (tensor<8x4x16xf32>, tensor<8x4x16xf32>, tensor<8x4x16xf32>) -> tensor<8x4x16xf32>
  %a2 = "kforge.reshape"(%a) : (tensor<8x4x16xf32>) -> tensor<8x64xf32>
  %g = "kforge.weight"() {name = "gate.weight"} : () -> tensor<128x64xf32>
  %u = "kforge.weight"() {name = "up.weight"} : () -> tensor<128x64xf32>
  %d = "kforge.weight"() {name = "down.weight"} : () -> tensor<64x128xf32>
  %m = "kforge.mlp"(%a2, %g, %u, %d)