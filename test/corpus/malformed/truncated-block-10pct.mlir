func.func @block(%ids: tensor<8xi64>, %pos: tensor<8xi64>) -> tensor<8x64xf32> {
  %table = "kforge.weight"() {name = "embed_tokens.w