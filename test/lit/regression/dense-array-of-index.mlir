// Fixed bug (hostile campaign, issue 12): a dense array of `index` elements,
// `array<index: …>` (directly or through a type alias of `index`), killed
// kforge-opt and kforge-run with SIGSEGV inside MLIR's parser, which asks
// `index` for a bit width (mlir-opt crashes too). The source check refuses it
// before MLIR parses anything.
// RUN: not kforge-opt %s --split-input-file 2>&1 | FileCheck %s
// RUN: not kforge-run %s --random-inputs --no-cache 2>&1 | FileCheck %s --check-prefix=JIT

// Tests that the array's element type is reported at its line and column.
// CHECK: dense-array-of-index.mlir:[[@LINE+2]]:38: error: dense arrays of 'index' elements are not supported (array<index: ...>): use i64
// JIT: dense-array-of-index.mlir:[[@LINE+1]]:38: error: dense arrays of 'index' elements are not supported
func.func @f() attributes {a = array<index: 1, 0>} {
  return
}

// -----

// Tests that an alias of `index` is seen through.
// CHECK: dense-array-of-index.mlir:[[@LINE+2]]:38: error: dense arrays of 'index' elements are not supported
!i = index
func.func @g() attributes {a = array<!i: 1>} {
  return
}

