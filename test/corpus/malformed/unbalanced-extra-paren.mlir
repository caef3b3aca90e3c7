func.func @proj(%x: tensor<4x576xf32>) -> tensor<4x1536xf32> {
  %w = "kforge.weight"() {name = "model.layers.0.mlp.up_proj.weight"} : () -> tensor<1536x576xf32>
  %n = "kforge.weight"() {name = "model.layers.0.post_attention_layernorm.weight"} : () -> tensor<576xf32>
  %h = "kforge.rms_norm"(%x, %n) {epsilon = 1.0e-5 : f32} : (tensor<4x576xf32>, tensor<576xf32>) -> tensor<4x576xf32>
  %y = "kforge.linear"(%h, %w)) : (tensor<4x576xf32>, tensor<1536x576xf32>) -> tensor<4x1536xf32>
  return %y : tensor<4x1536xf32>
}
