func.func @f(%x: tensor<99999999999999999999x4xf32>) {
  %0 = "kforge.silu"(%x) : (tensor<99999999999999999999x4xf32>) -> tensor<99999999999999999999x4xf32>
  return
}
