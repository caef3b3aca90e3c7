// RUN: kforge-opt %s --kforge-weights-to-arguments --split-input-file --verify-diagnostics

// Tests that one weight name with two different types is rejected.
func.func @clash() -> (tensor<8xf32>, tensor<4xf32>) {
  %a = "kforge.weight"() {name = "w"} : () -> tensor<8xf32>
  // expected-error @+1 {{weight 'w' is used with two different types}}
  %b = "kforge.weight"() {name = "w"} : () -> tensor<4xf32>
  return %a, %b : tensor<8xf32>, tensor<4xf32>
}

// -----

// Tests that the element type is part of a weight's type.
func.func @clash_element() -> (tensor<8xf32>, tensor<8xf16>) {
  %a = "kforge.weight"() {name = "w"} : () -> tensor<8xf32>
  // expected-error @+1 {{weight 'w' is used with two different types}}
  %b = "kforge.weight"() {name = "w"} : () -> tensor<8xf16>
  return %a, %b : tensor<8xf32>, tensor<8xf16>
}

// -----

// Tests that a function that gets weight arguments may be called, but not
// referenced otherwise (the reference could not be updated).
func.func @g() -> tensor<2xf32> {
  %w = "kforge.weight"() {name = "w"} : () -> tensor<2xf32>
  return %w : tensor<2xf32>
}
func.func @h() {
  // expected-error @+1 {{'@g' gets weight arguments, but this use of it cannot be updated (only func.call is)}}
  %f = func.constant @g : () -> tensor<2xf32>
  return
}

// -----

// Tests that a caller with a weight of the callee's name but another type is rejected.
func.func @callee() -> tensor<2xf32> {
  %w = "kforge.weight"() {name = "w"} : () -> tensor<2xf32>
  return %w : tensor<2xf32>
}
func.func @caller() -> (tensor<2xf32>, tensor<4xf32>) {
  %w = "kforge.weight"() {name = "w"} : () -> tensor<4xf32>
  // expected-error @+1 {{weight 'w' is used with two different types (in this function and in the callee)}}
  %0 = func.call @callee() : () -> tensor<2xf32>
  return %0, %w : tensor<2xf32>, tensor<4xf32>
}
