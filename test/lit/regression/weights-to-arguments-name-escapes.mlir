// Fixed bug: --kforge-weights-to-arguments builds `kforge.weights` by printing the
// names with Rust's `{:?}` and parsing the text as an MLIR attribute. Rust
// escapes (\r, \u{1}, \0) are not MLIR escapes, so a name with a carriage
// return fails the pass ("unknown escape in string literal", reported at a
// location in the fake file `["cr\rname"]`), and a name that is not UTF-8 is
// silently replaced by U+FFFD characters (from_utf8_lossy), so the runtime
// would look up a different tensor. Build the attribute with
// mlirStringAttrGet/mlirArrayAttrGet on the raw bytes instead.
// RUN: kforge-opt %s --kforge-weights-to-arguments | FileCheck %s

// Tests that names keep their exact bytes.
// CHECK-LABEL: func.func @names
// CHECK-SAME: attributes {kforge.weights = ["cr\0Dname", "tab\09name", "\FF\FEname"]}
func.func @names() -> (tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) {
  %a = "kforge.weight"() {name = "cr\0Dname"} : () -> tensor<2xf32>
  %b = "kforge.weight"() {name = "tab\09name"} : () -> tensor<2xf32>
  %c = "kforge.weight"() {name = "\FF\FEname"} : () -> tensor<2xf32>
  return %a, %b, %c : tensor<2xf32>, tensor<2xf32>, tensor<2xf32>
}
