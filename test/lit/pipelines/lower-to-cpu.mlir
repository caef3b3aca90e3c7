// RUN: kforge-opt %s --lower-to-cpu --split-input-file | FileCheck %s
// RUN: kforge-opt %s --lower-to-cpu --split-input-file | %mlir-translate --mlir-to-llvmir --split-input-file | FileCheck %s --check-prefix=LLVM
// RUN: kforge-opt %s --lower-to-cpu --split-input-file | FileCheck %s --check-prefix=ONLY-LLVM

// The whole output is LLVM dialect: no op of any other dialect survives
// (kforge.weights is an attribute the runtime reads, not an op).
// ONLY-LLVM-NOT: linalg.
// ONLY-LLVM-NOT: tensor.
// ONLY-LLVM-NOT: "kforge.
// ONLY-LLVM-NOT: {{^ *(%[^ ]+ = )?(arith|math|memref|scf|cf|func|affine|bufferization|vector|index)\.}}
// ONLY-LLVM-NOT: builtin.unrealized_conversion_cast

// Tests that a function with a weight becomes an llvm.func with the weight as
// a trailing memref argument, keeps `kforge.weights` and gets a C interface
// wrapper `_mlir_ciface_<name>`.
// CHECK-LABEL: llvm.func @linear(
// CHECK-SAME: attributes {kforge.weights = ["proj"], llvm.emit_c_interface}
// CHECK: llvm.return
// CHECK-LABEL: llvm.func @_mlir_ciface_linear(
// CHECK-SAME: %arg0: !llvm.ptr, %arg1: !llvm.ptr, %arg2: !llvm.ptr)
// CHECK: llvm.call @linear(
// LLVM-LABEL: define void @_mlir_ciface_linear(ptr %0, ptr %1, ptr %2)
func.func @linear(%x: tensor<2x8xf32>) -> tensor<2x4xf32> {
  %w = "kforge.weight"() {name = "proj"} : () -> tensor<4x8xf32>
  %y = "kforge.linear"(%x, %w) : (tensor<2x8xf32>, tensor<4x8xf32>) -> tensor<2x4xf32>
  return %y : tensor<2x4xf32>
}

// -----

// Tests that a pointwise graph (broadcast add, silu, erf-gelu, softmax) lowers
// to loops over llvm ops, with math lowered to LLVM intrinsics or libm.
// CHECK-LABEL: llvm.func @pointwise(
// CHECK-NOT: llvm.call @kforge_ukernel
// CHECK: llvm.intr.exp
// CHECK-LABEL: llvm.func @_mlir_ciface_pointwise(
// LLVM-LABEL: define void @_mlir_ciface_pointwise(
func.func @pointwise(%x: tensor<4x8xf32>, %b: tensor<8xf32>) -> tensor<4x8xf32> {
  %0 = "kforge.add"(%x, %b) : (tensor<4x8xf32>, tensor<8xf32>) -> tensor<4x8xf32>
  %1 = "kforge.silu"(%0) : (tensor<4x8xf32>) -> tensor<4x8xf32>
  %2 = "kforge.gelu"(%1) {approximate = "none"} : (tensor<4x8xf32>) -> tensor<4x8xf32>
  %3 = "kforge.softmax"(%2) {axis = -1 : i64} : (tensor<4x8xf32>) -> tensor<4x8xf32>
  return %3 : tensor<4x8xf32>
}

// -----

// Tests that a whole decoder block (rms_norm, projections, reshape, rope,
// grouped-query attention with a KV cache, swiglu mlp, residual adds) lowers to
// one LLVM entry point with the seven weights as trailing arguments, the f32
// projections becoming calls to the runtime's microkernels (the MLP's down
// projection with its fused residual add to the linear epilogue microkernel),
// and the updated caches (arguments 3 and 4) no longer returned.
// CHECK-LABEL: llvm.func @block(
// CHECK-SAME: attributes {kforge.result_arguments = array<i64: -1, 3, 4>, kforge.weights = ["ln.weight", "q.weight", "k.weight", "v.weight", "gate.weight", "up.weight", "down.weight"], llvm.emit_c_interface}
// CHECK: llvm.call @kforge_ukernel_linear_epilogue_f32(
// CHECK-LABEL: llvm.func @_mlir_ciface_block(
// LLVM-DAG: declare void @_mlir_ciface_kforge_ukernel_linear_epilogue_f32(ptr, ptr, ptr, ptr, ptr, ptr, ptr, i64)
// LLVM-DAG: define void @_mlir_ciface_block(
func.func @block(%x: tensor<2x16xf32>, %pos: tensor<2xi64>, %p: tensor<i64>, %kc: tensor<8x2x4xf32>, %vc: tensor<8x2x4xf32>)
    -> (tensor<2x16xf32>, tensor<8x2x4xf32>, tensor<8x2x4xf32>) {
  %nw = "kforge.weight"() {name = "ln.weight"} : () -> tensor<16xf32>
  %wq = "kforge.weight"() {name = "q.weight"} : () -> tensor<16x16xf32>
  %wk = "kforge.weight"() {name = "k.weight"} : () -> tensor<8x16xf32>
  %wv = "kforge.weight"() {name = "v.weight"} : () -> tensor<8x16xf32>
  %wg = "kforge.weight"() {name = "gate.weight"} : () -> tensor<32x16xf32>
  %wu = "kforge.weight"() {name = "up.weight"} : () -> tensor<32x16xf32>
  %wd = "kforge.weight"() {name = "down.weight"} : () -> tensor<16x32xf32>
  %h = "kforge.rms_norm"(%x, %nw) {epsilon = 1.0e-5 : f32} : (tensor<2x16xf32>, tensor<16xf32>) -> tensor<2x16xf32>
  %q = "kforge.linear"(%h, %wq) : (tensor<2x16xf32>, tensor<16x16xf32>) -> tensor<2x16xf32>
  %k = "kforge.linear"(%h, %wk) : (tensor<2x16xf32>, tensor<8x16xf32>) -> tensor<2x8xf32>
  %v = "kforge.linear"(%h, %wv) : (tensor<2x16xf32>, tensor<8x16xf32>) -> tensor<2x8xf32>
  %q3 = "kforge.reshape"(%q) : (tensor<2x16xf32>) -> tensor<2x4x4xf32>
  %k3 = "kforge.reshape"(%k) : (tensor<2x8xf32>) -> tensor<2x2x4xf32>
  %v3 = "kforge.reshape"(%v) : (tensor<2x8xf32>) -> tensor<2x2x4xf32>
  %qr = "kforge.rope"(%q3, %pos) {theta = 10000.0 : f32} : (tensor<2x4x4xf32>, tensor<2xi64>) -> tensor<2x4x4xf32>
  %kr = "kforge.rope"(%k3, %pos) {theta = 10000.0 : f32} : (tensor<2x2x4xf32>, tensor<2xi64>) -> tensor<2x2x4xf32>
  %o, %kc2, %vc2 = "kforge.attention"(%qr, %kr, %v3, %kc, %vc, %p) {causal = true, scale = 0.5 : f32, operandSegmentSizes = array<i32: 1, 1, 1, 1, 1, 1>}
    : (tensor<2x4x4xf32>, tensor<2x2x4xf32>, tensor<2x2x4xf32>, tensor<8x2x4xf32>, tensor<8x2x4xf32>, tensor<i64>)
    -> (tensor<2x4x4xf32>, tensor<8x2x4xf32>, tensor<8x2x4xf32>)
  %o2 = "kforge.reshape"(%o) : (tensor<2x4x4xf32>) -> tensor<2x16xf32>
  %r = "kforge.add"(%x, %o2) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
  %m = "kforge.mlp"(%r, %wg, %wu, %wd) {activation = "swiglu"} : (tensor<2x16xf32>, tensor<32x16xf32>, tensor<32x16xf32>, tensor<16x32xf32>) -> tensor<2x16xf32>
  %y = "kforge.add"(%r, %m) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
  return %y, %kc2, %vc2 : tensor<2x16xf32>, tensor<8x2x4xf32>, tensor<8x2x4xf32>
}

// -----

// Tests that only public functions get a C interface wrapper: a private
// helper is lowered but has no `_mlir_ciface_` twin.
// CHECK-LABEL: llvm.func @helper(
// CHECK-NOT: llvm.func @_mlir_ciface_helper
// CHECK-LABEL: llvm.func @entry(
// CHECK: llvm.call @helper(
// CHECK-LABEL: llvm.func @_mlir_ciface_entry(
// LLVM-NOT: _mlir_ciface_helper
// LLVM: define void @_mlir_ciface_entry(
// LLVM-NOT: _mlir_ciface_helper
func.func private @helper(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = "kforge.silu"(%x) : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}
func.func @entry(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = func.call @helper(%x) : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// Tests that a module using every kforge op lowers to LLVM dialect that
// mlir-translate accepts, the KV cache coming back in place.
// CHECK-LABEL: llvm.func @all(
// CHECK-SAME: kforge.result_arguments = array<i64: -1, 4>
// CHECK-SAME: kforge.weights = ["w", "b", "table", "kk", "wg", "wd"]
// CHECK-LABEL: llvm.func @_mlir_ciface_all(
// LLVM-LABEL: define void @_mlir_ciface_all(
func.func @all(%x: tensor<4x8xf32>, %ids: tensor<4xi64>, %pos: tensor<4xi64>, %p: tensor<i64>, %kc: tensor<16x1x4xf32>, %vc: tensor<16x1x4xf32>) -> (tensor<4x8xf32>, tensor<16x1x4xf32>) {
  %w = "kforge.weight"() {name = "w"} : () -> tensor<8x8xf32>
  %b = "kforge.weight"() {name = "b"} : () -> tensor<8xf32>
  %tab = "kforge.weight"() {name = "table"} : () -> tensor<32x8xf32>
  %e = "kforge.embedding"(%ids, %tab) : (tensor<4xi64>, tensor<32x8xf32>) -> tensor<4x8xf32>
  %0 = "kforge.matmul"(%x, %w) : (tensor<4x8xf32>, tensor<8x8xf32>) -> tensor<4x8xf32>
  %1 = "kforge.linear"(%0, %w, %b) : (tensor<4x8xf32>, tensor<8x8xf32>, tensor<8xf32>) -> tensor<4x8xf32>
  %2 = "kforge.add"(%1, %b) : (tensor<4x8xf32>, tensor<8xf32>) -> tensor<4x8xf32>
  %3 = "kforge.mul"(%2, %e) : (tensor<4x8xf32>, tensor<4x8xf32>) -> tensor<4x8xf32>
  %4 = "kforge.silu"(%3) : (tensor<4x8xf32>) -> tensor<4x8xf32>
  %5 = "kforge.gelu"(%4) {approximate = "none"} : (tensor<4x8xf32>) -> tensor<4x8xf32>
  %6 = "kforge.softmax"(%5) {axis = 0 : i64} : (tensor<4x8xf32>) -> tensor<4x8xf32>
  %7 = "kforge.rms_norm"(%6, %b) {epsilon = 1.0e-5 : f32} : (tensor<4x8xf32>, tensor<8xf32>) -> tensor<4x8xf32>
  %8 = "kforge.layer_norm"(%7, %b, %b) {epsilon = 1.0e-5 : f32} : (tensor<4x8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<4x8xf32>
  %9 = "kforge.reshape"(%8) : (tensor<4x8xf32>) -> tensor<4x2x4xf32>
  %10 = "kforge.rope"(%9, %pos) {theta = 10000.0 : f32} : (tensor<4x2x4xf32>, tensor<4xi64>) -> tensor<4x2x4xf32>
  %k = "kforge.reshape"(%x) : (tensor<4x8xf32>) -> tensor<4x2x4xf32>
  %11 = "kforge.attention"(%10, %k, %k) {causal = true, scale = 0.5 : f32, operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0>} : (tensor<4x2x4xf32>, tensor<4x2x4xf32>, tensor<4x2x4xf32>) -> tensor<4x2x4xf32>
  %kv = "kforge.reshape"(%3) : (tensor<4x8xf32>) -> tensor<4x2x4xf32>
  %q1 = "kforge.reshape"(%0) : (tensor<4x8xf32>) -> tensor<4x2x4xf32>
  %kk = "kforge.weight"() {name = "kk"} : () -> tensor<4x1x4xf32>
  %12:3 = "kforge.attention"(%q1, %kk, %kk, %kc, %vc, %p) {causal = true, scale = 0.5 : f32, operandSegmentSizes = array<i32: 1, 1, 1, 1, 1, 1>} : (tensor<4x2x4xf32>, tensor<4x1x4xf32>, tensor<4x1x4xf32>, tensor<16x1x4xf32>, tensor<16x1x4xf32>, tensor<i64>) -> (tensor<4x2x4xf32>, tensor<16x1x4xf32>, tensor<16x1x4xf32>)
  %13 = "kforge.add"(%11, %12#0) : (tensor<4x2x4xf32>, tensor<4x2x4xf32>) -> tensor<4x2x4xf32>
  %14 = "kforge.reshape"(%13) : (tensor<4x2x4xf32>) -> tensor<4x8xf32>
  %wg = "kforge.weight"() {name = "wg"} : () -> tensor<16x8xf32>
  %wd = "kforge.weight"() {name = "wd"} : () -> tensor<8x16xf32>
  %15 = "kforge.mlp"(%14, %wg, %wg, %wd) {activation = "swiglu"} : (tensor<4x8xf32>, tensor<16x8xf32>, tensor<16x8xf32>, tensor<8x16xf32>) -> tensor<4x8xf32>
  %16 = "kforge.mlp"(%15, %wg, %wd) {activation = "gelu"} : (tensor<4x8xf32>, tensor<16x8xf32>, tensor<8x16xf32>) -> tensor<4x8xf32>
  %a3 = "kforge.reshape"(%16) : (tensor<4x8xf32>) -> tensor<2x2x8xf32>
  %b3 = "kforge.reshape"(%x) : (tensor<4x8xf32>) -> tensor<2x8x2xf32>
  %17 = "kforge.batch_matmul"(%a3, %b3) : (tensor<2x2x8xf32>, tensor<2x8x2xf32>) -> tensor<2x2x2xf32>
  %18 = "kforge.reshape"(%17) : (tensor<2x2x2xf32>) -> tensor<8xf32>
  %19 = "kforge.add"(%16, %18) : (tensor<4x8xf32>, tensor<8xf32>) -> tensor<4x8xf32>
  return %19, %12#1 : tensor<4x8xf32>, tensor<16x1x4xf32>
}

// -----

// Tests that attention with a cache slot per row updates both caches in place:
// the function returns its argument buffers (kforge.result_arguments), which
// needs the loop-carried caches folded before drop-equivalent-buffer-results.
// CHECK-LABEL: llvm.func @slots(
// CHECK-SAME: kforge.result_arguments = array<i64: -1, 3, 4>
func.func @slots(%q: tensor<?x4x8xf32>, %k: tensor<?x2x8xf32>, %v: tensor<?x2x8xf32>, %kc: tensor<?x?x2x8xf32>, %vc: tensor<?x?x2x8xf32>, %pos: tensor<?xi64>) -> (tensor<?x4x8xf32>, tensor<?x?x2x8xf32>, tensor<?x?x2x8xf32>) {
  %o, %kc2, %vc2 = "kforge.attention"(%q, %k, %v, %kc, %vc, %pos) {causal = true, scale = 0.35 : f32, operandSegmentSizes = array<i32: 1, 1, 1, 1, 1, 1>}
    : (tensor<?x4x8xf32>, tensor<?x2x8xf32>, tensor<?x2x8xf32>, tensor<?x?x2x8xf32>, tensor<?x?x2x8xf32>, tensor<?xi64>)
    -> (tensor<?x4x8xf32>, tensor<?x?x2x8xf32>, tensor<?x?x2x8xf32>)
  return %o, %kc2, %vc2 : tensor<?x4x8xf32>, tensor<?x?x2x8xf32>, tensor<?x?x2x8xf32>
}
