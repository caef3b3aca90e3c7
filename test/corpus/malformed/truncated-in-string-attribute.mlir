func.func @proj(%x: tensor<4x576xf32>) -> tensor<4x1536xf32> {
  %w = "kforge.weight"() {name = "model.layers.0.mlp.up