// Fixed bug: integer attributes wider than 64 bits are read with
// mlirIntegerAttrGetValueInt, which truncates: axis = 2^64 + 1 : i128 is read
// as 1 and accepted, axis = 2^64 - 1 : ui64 as -1. Out-of-range values should
// be errors like any other bad axis.
// RUN: kforge-opt %s --split-input-file --verify-diagnostics

// Tests that a 128-bit axis beyond i64 is rejected.
func.func @wide(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{'axis'}}
  %0 = "kforge.softmax"(%x) {axis = 18446744073709551617 : i128} : (tensor<4x8xf32>) -> tensor<4x8xf32>
  return
}

// -----

// Tests that an unsigned axis of 2^64 - 1 is not read as -1.
func.func @unsigned(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{'axis'}}
  %0 = "kforge.softmax"(%x) {axis = 18446744073709551615 : ui64} : (tensor<4x8xf32>) -> tensor<4x8xf32>
  return
}
