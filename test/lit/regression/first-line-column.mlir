// Fixed bug: columns on the first line of the input are off by 8. parse_module
// (dialect/src/source.rs) wraps the text as "module {" + text + "}" with the
// text starting on line 1 right after "module {", so an error at column 6 of
// line 1 is reported at column 14 (the caret is misplaced too). The same holds
// for the first chunk with --split-input-file.
// RUN: not kforge-opt %S/Inputs/first-line-error.mlir 2>&1 | FileCheck %s
// RUN: not kforge-opt %S/Inputs/first-line-error.mlir --split-input-file 2>&1 | FileCheck %s

// Tests that the op on line 1, column 6, is reported there.
// CHECK: first-line-error.mlir:1:6: error: unregistered operation 'kforge.nope'
// CHECK-NEXT: {{^}}%0 = "kforge.nope"() : () -> tensor<2xf32>
// CHECK-NEXT: {{^     \^$}}
