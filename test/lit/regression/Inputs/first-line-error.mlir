%0 = "kforge.nope"() : () -> tensor<2xf32>
