// Fixed bug: an empty string attribute on any kforge op aborts kforge-opt (exit 134):
// dialect/src/signature.rs attr_value builds a slice with
// slice::from_raw_parts(s.data, s.length) from mlirStringAttrGetValue, whose
// data pointer is null for "" (use kforge_dialect::ir::string_ref, which
// checks for null).
// RUN: kforge-opt %s --split-input-file --verify-diagnostics

// Tests that an empty weight name is the verifier's error, not a crash.
func.func @empty_name() {
  // expected-error @+1 {{expected a non-empty 'name'}}
  %0 = "kforge.weight"() {name = ""} : () -> tensor<4xf32>
  return
}

// -----

// Tests that an empty `approximate` is rejected like any other unknown value.
func.func @empty_approximate(%x: tensor<4xf32>) {
  // expected-error @+1 {{expected 'approximate' to be "tanh" or "none", got ""}}
  %0 = "kforge.gelu"(%x) {approximate = ""} : (tensor<4xf32>) -> tensor<4xf32>
  return
}

// -----

// Tests that an empty `activation` is rejected like any other unknown value.
func.func @empty_activation(%x: tensor<2x8xf32>, %u: tensor<16x8xf32>, %d: tensor<8x16xf32>) {
  // expected-error @+1 {{expected 'activation' to be "swiglu" or "gelu", got ""}}
  %0 = "kforge.mlp"(%x, %u, %d) {activation = ""} : (tensor<2x8xf32>, tensor<16x8xf32>, tensor<8x16xf32>) -> tensor<2x8xf32>
  return
}

// -----

// Tests that an empty discardable attribute on a kforge op is harmless.
func.func @empty_extra_attribute(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = "kforge.silu"(%x) {note = ""} : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}
