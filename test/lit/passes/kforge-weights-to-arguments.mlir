// RUN: kforge-opt %s --kforge-weights-to-arguments --split-input-file | FileCheck %s

// Tests that a kforge.weight becomes a trailing function argument of its type,
// named in the `kforge.weights` function attribute.
// CHECK-LABEL: func.func @one_weight
// CHECK-SAME: (%arg0: tensor<2x8xf32>, %arg1: tensor<4x8xf32>) -> tensor<2x4xf32>
// CHECK-SAME: attributes {kforge.weights = ["proj"]}
// CHECK-NOT: kforge.weight"
// CHECK: %[[Y:.*]] = "kforge.linear"(%arg0, %arg1) : (tensor<2x8xf32>, tensor<4x8xf32>) -> tensor<2x4xf32>
// CHECK: return %[[Y]]
func.func @one_weight(%x: tensor<2x8xf32>) -> tensor<2x4xf32> {
  %w = "kforge.weight"() {name = "proj"} : () -> tensor<4x8xf32>
  %y = "kforge.linear"(%x, %w) : (tensor<2x8xf32>, tensor<4x8xf32>) -> tensor<2x4xf32>
  return %y : tensor<2x4xf32>
}

// -----

// Tests that a weight name used twice (tied embeddings) is one argument, and
// that arguments follow the order in which names first appear.
// CHECK-LABEL: func.func @tied
// CHECK-SAME: (%arg0: tensor<2x8xf32>, %arg1: tensor<8xf32>, %arg2: tensor<8xf32>) -> tensor<2x8xf32>
// CHECK-SAME: attributes {kforge.weights = ["b", "a"]}
// CHECK-NOT: kforge.weight"
// CHECK: %[[S:.*]] = "kforge.add"(%arg0, %arg1)
// CHECK: %[[M:.*]] = "kforge.mul"(%[[S]], %arg2)
// CHECK: "kforge.add"(%[[M]], %arg1)
func.func @tied(%x: tensor<2x8xf32>) -> tensor<2x8xf32> {
  %b = "kforge.weight"() {name = "b"} : () -> tensor<8xf32>
  %a = "kforge.weight"() {name = "a"} : () -> tensor<8xf32>
  %b2 = "kforge.weight"() {name = "b"} : () -> tensor<8xf32>
  %0 = "kforge.add"(%x, %b) : (tensor<2x8xf32>, tensor<8xf32>) -> tensor<2x8xf32>
  %1 = "kforge.mul"(%0, %a) : (tensor<2x8xf32>, tensor<8xf32>) -> tensor<2x8xf32>
  %2 = "kforge.add"(%1, %b2) : (tensor<2x8xf32>, tensor<8xf32>) -> tensor<2x8xf32>
  return %2 : tensor<2x8xf32>
}

// -----

// Tests that weights of several element types and ranks keep their types.
// CHECK-LABEL: func.func @types
// CHECK-SAME: (%arg0: tensor<3xi64>, %arg1: tensor<10x8xbf16>, %arg2: tensor<8xbf16>) -> tensor<3x8xbf16>
// CHECK-SAME: attributes {kforge.weights = ["embed_tokens.weight", "norm.weight"]}
// CHECK: "kforge.embedding"(%arg0, %arg1) : (tensor<3xi64>, tensor<10x8xbf16>) -> tensor<3x8xbf16>
// CHECK: "kforge.rms_norm"(%{{.*}}, %arg2)
func.func @types(%ids: tensor<3xi64>) -> tensor<3x8xbf16> {
  %t = "kforge.weight"() {name = "embed_tokens.weight"} : () -> tensor<10x8xbf16>
  %n = "kforge.weight"() {name = "norm.weight"} : () -> tensor<8xbf16>
  %0 = "kforge.embedding"(%ids, %t) : (tensor<3xi64>, tensor<10x8xbf16>) -> tensor<3x8xbf16>
  %1 = "kforge.rms_norm"(%0, %n) {epsilon = 1.0e-6 : f32} : (tensor<3x8xbf16>, tensor<8xbf16>) -> tensor<3x8xbf16>
  return %1 : tensor<3x8xbf16>
}

// -----

// Tests that each function gets its own weight arguments, that a weight
// inside a nested region becomes an argument of the enclosing function, and
// that functions without weights and declarations are left alone.
// CHECK-LABEL: func.func @first
// CHECK-SAME: (%arg0: tensor<8xf32>, %arg1: tensor<8xf32>) -> tensor<8xf32> attributes {kforge.weights = ["w"]}
// CHECK-LABEL: func.func @nested
// CHECK-SAME: (%arg0: i1, %arg1: tensor<8xf32>, %arg2: tensor<8xf32>) -> tensor<8xf32> attributes {kforge.weights = ["w"]}
// CHECK: scf.if %arg0
// CHECK-NEXT: scf.yield %arg2 : tensor<8xf32>
// CHECK: func.func private @decl(tensor<8xf32>) -> tensor<8xf32>
// CHECK-NOT: kforge.weights
// CHECK-LABEL: func.func @no_weights
// CHECK-SAME: (%arg0: tensor<8xf32>) -> tensor<8xf32> {
func.func @first(%x: tensor<8xf32>) -> tensor<8xf32> {
  %w = "kforge.weight"() {name = "w"} : () -> tensor<8xf32>
  %0 = "kforge.add"(%x, %w) : (tensor<8xf32>, tensor<8xf32>) -> tensor<8xf32>
  return %0 : tensor<8xf32>
}
func.func @nested(%c: i1, %x: tensor<8xf32>) -> tensor<8xf32> {
  %0 = scf.if %c -> tensor<8xf32> {
    %w = "kforge.weight"() {name = "w"} : () -> tensor<8xf32>
    scf.yield %w : tensor<8xf32>
  } else {
    scf.yield %x : tensor<8xf32>
  }
  return %0 : tensor<8xf32>
}
func.func private @decl(tensor<8xf32>) -> tensor<8xf32>
func.func @no_weights(%x: tensor<8xf32>) -> tensor<8xf32> {
  return %x : tensor<8xf32>
}

// -----

// Tests that weight names with dots, slashes and quotes survive in the attribute.
// CHECK-LABEL: func.func @names
// CHECK-SAME: attributes {kforge.weights = ["model.layers.0/q_proj", "say \22hi\22"]}
func.func @names() -> (tensor<2xf32>, tensor<2xf32>) {
  %a = "kforge.weight"() {name = "model.layers.0/q_proj"} : () -> tensor<2xf32>
  %b = "kforge.weight"() {name = "say \"hi\""} : () -> tensor<2xf32>
  return %a, %b : tensor<2xf32>, tensor<2xf32>
}

// -----

// Tests that weights are threaded through calls, transitively: a caller gets
// the weight arguments of its callees that it lacks (after its own), and each
// call passes the callee's weights from the caller's arguments.
// CHECK-LABEL: func.func @layer
// CHECK-SAME: (%arg0: tensor<8xf32>, %arg1: tensor<8xf32>) -> tensor<8xf32> attributes {kforge.weights = ["w"]}
// CHECK-LABEL: func.func private @block
// CHECK-SAME: (%arg0: tensor<8xf32>, %arg1: tensor<8xf32>, %arg2: tensor<8xf32>) -> tensor<8xf32> attributes {kforge.weights = ["v", "w"]}
// CHECK: call @layer(%arg0, %arg2)
// CHECK: call @layer(%{{.*}}, %arg2)
// CHECK-LABEL: func.func @model
// CHECK-SAME: (%arg0: tensor<8xf32>, %arg1: tensor<8xf32>, %arg2: tensor<8xf32>) -> tensor<8xf32> attributes {kforge.weights = ["w", "v"]}
// CHECK: call @block(%{{.*}}, %arg2, %arg1)
func.func @layer(%x: tensor<8xf32>) -> tensor<8xf32> {
  %w = "kforge.weight"() {name = "w"} : () -> tensor<8xf32>
  %0 = "kforge.add"(%x, %w) : (tensor<8xf32>, tensor<8xf32>) -> tensor<8xf32>
  return %0 : tensor<8xf32>
}
func.func private @block(%x: tensor<8xf32>) -> tensor<8xf32> {
  %v = "kforge.weight"() {name = "v"} : () -> tensor<8xf32>
  %0 = func.call @layer(%x) : (tensor<8xf32>) -> tensor<8xf32>
  %1 = func.call @layer(%0) : (tensor<8xf32>) -> tensor<8xf32>
  %2 = "kforge.mul"(%1, %v) : (tensor<8xf32>, tensor<8xf32>) -> tensor<8xf32>
  return %2 : tensor<8xf32>
}
func.func @model(%x: tensor<8xf32>) -> tensor<8xf32> {
  %w = "kforge.weight"() {name = "w"} : () -> tensor<8xf32>
  %0 = "kforge.add"(%x, %w) : (tensor<8xf32>, tensor<8xf32>) -> tensor<8xf32>
  %1 = func.call @block(%0) : (tensor<8xf32>) -> tensor<8xf32>
  return %1 : tensor<8xf32>
}
