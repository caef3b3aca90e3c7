// RUN: kforge-opt %s --kforge-fuse-swiglu --kforge-fuse-projections --kforge-fuse-norm --kforge-fuse-epilogue --split-input-file | FileCheck %s
// RUN: kforge-opt %s --verify-each-numerics --split-input-file --kforge-verify --kforge-fuse-swiglu --kforge-fuse-projections --kforge-fuse-norm --kforge-fuse-epilogue --kforge-verify -o /dev/null

// Tests that projections of one input and one stored format become one
// multi_linear carrying the format, with the norm moved in.
// CHECK-LABEL: func.func @same_format
// CHECK: "kforge.multi_linear"(%arg0, %arg1, %arg2, %arg3)
// CHECK-SAME: weight_format = "q4_1"
func.func @same_format(%x: tensor<1x64xf32>, %g: tensor<64xf32>, %wq: tensor<64x2x20xi8>, %wk: tensor<32x2x20xi8>) -> (tensor<1x64xf32>, tensor<1x32xf32>) {
  %n = "kforge.rms_norm"(%x, %g) {epsilon = 1.0e-5 : f32} : (tensor<1x64xf32>, tensor<64xf32>) -> tensor<1x64xf32>
  %q = "kforge.linear"(%n, %wq) {weight_format = "q4_1"} : (tensor<1x64xf32>, tensor<64x2x20xi8>) -> tensor<1x64xf32>
  %k = "kforge.linear"(%n, %wk) {weight_format = "q4_1"} : (tensor<1x64xf32>, tensor<32x2x20xi8>) -> tensor<1x32xf32>
  return %q, %k : tensor<1x64xf32>, tensor<1x32xf32>
}

// -----

// Tests that projections of different formats are not joined.
// CHECK-LABEL: func.func @mixed_formats
// CHECK-NOT: multi_linear
// CHECK: "kforge.linear"{{.*}}weight_format = "q4_1"
// CHECK: "kforge.linear"{{.*}}weight_format = "q8_0"
func.func @mixed_formats(%x: tensor<1x64xf32>, %wq: tensor<64x2x20xi8>, %wk: tensor<32x2x34xi8>) -> (tensor<1x64xf32>, tensor<1x32xf32>) {
  %q = "kforge.linear"(%x, %wq) {weight_format = "q4_1"} : (tensor<1x64xf32>, tensor<64x2x20xi8>) -> tensor<1x64xf32>
  %k = "kforge.linear"(%x, %wk) {weight_format = "q8_0"} : (tensor<1x64xf32>, tensor<32x2x34xi8>) -> tensor<1x32xf32>
  return %q, %k : tensor<1x64xf32>, tensor<1x32xf32>
}

// -----

// Tests that gate and up of one format become a swiglu_linear carrying it.
// CHECK-LABEL: func.func @swiglu
// CHECK: "kforge.swiglu_linear"(%arg0, %arg1, %arg2)
// CHECK-SAME: weight_format = "q8_0"
func.func @swiglu(%x: tensor<1x64xf32>, %wg: tensor<96x2x34xi8>, %wu: tensor<96x2x34xi8>) -> tensor<1x96xf32> {
  %a = "kforge.linear"(%x, %wg) {weight_format = "q8_0"} : (tensor<1x64xf32>, tensor<96x2x34xi8>) -> tensor<1x96xf32>
  %b = "kforge.linear"(%x, %wu) {weight_format = "q8_0"} : (tensor<1x64xf32>, tensor<96x2x34xi8>) -> tensor<1x96xf32>
  %s = "kforge.silu"(%a) : (tensor<1x96xf32>) -> tensor<1x96xf32>
  %m = "kforge.mul"(%s, %b) : (tensor<1x96xf32>, tensor<1x96xf32>) -> tensor<1x96xf32>
  return %m : tensor<1x96xf32>
}

// -----

// Tests that an epilogue is fused onto a stored-format linear, which keeps
// its format.
// CHECK-LABEL: func.func @epilogue
// CHECK: "kforge.fused_linear"(%arg0, %arg1, %arg2)
// CHECK-SAME: epilogue = "add"
// CHECK-SAME: kind = "linear"
// CHECK-SAME: weight_format = "q4_1"
// CHECK-NOT: "kforge.add"
func.func @epilogue(%x: tensor<1x64xf32>, %w: tensor<64x2x20xi8>, %r: tensor<1x64xf32>) -> tensor<1x64xf32> {
  %y = "kforge.linear"(%x, %w) {weight_format = "q4_1"} : (tensor<1x64xf32>, tensor<64x2x20xi8>) -> tensor<1x64xf32>
  %z = "kforge.add"(%y, %r) : (tensor<1x64xf32>, tensor<1x64xf32>) -> tensor<1x64xf32>
  return %z : tensor<1x64xf32>
}
