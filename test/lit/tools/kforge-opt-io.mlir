// Tests of kforge-opt's input and output conventions (mlir-opt's).

// Tests that `-` reads standard input and that the input file defaults to it.
// RUN: kforge-opt - < %S/Inputs/valid.mlir | FileCheck %s
// RUN: kforge-opt < %S/Inputs/valid.mlir | FileCheck %s
// CHECK-LABEL: func.func @valid
// CHECK: "kforge.silu"

// Tests that -o writes the output file (and nothing to stdout).
// RUN: kforge-opt %S/Inputs/valid.mlir -o %t.out > %t.stdout
// RUN: FileCheck %s < %t.out
// RUN: count 0 < %t.stdout

// Tests that diagnostics from standard input are located in <stdin>.
// RUN: not kforge-opt - < %S/Inputs/verifier-error.mlir 2>&1 | FileCheck %s --check-prefix=STDIN
// STDIN: <stdin>:2:8: error:

// Tests that with --split-input-file the chunks' outputs are separated by
// `// -----`, each a module.
// RUN: kforge-opt %S/Inputs/three-chunks.mlir --split-input-file | FileCheck %s --check-prefix=SPLIT
// SPLIT: module {
// SPLIT: func.func @one
// SPLIT: // -----
// SPLIT-NEXT: module {
// SPLIT: func.func @two
// SPLIT: // -----
// SPLIT-NEXT: module {
// SPLIT: func.func @three

// Tests that without --split-input-file the separators are plain comments.
// RUN: kforge-opt %S/Inputs/three-chunks.mlir | FileCheck %s --check-prefix=NOSPLIT
// NOSPLIT: module {
// NOSPLIT: func.func @one
// NOSPLIT: func.func @two
// NOSPLIT: func.func @three
// NOSPLIT-NOT: // -----

// Tests that an explicit top-level module is kept (not wrapped in another).
// RUN: kforge-opt %S/Inputs/explicit-module.mlir | FileCheck %s --check-prefix=MODULE
// MODULE: module @named attributes {kforge.test} {
// MODULE-NOT: module
// MODULE: func.func @inside

// Tests that an empty input is an empty module (as in mlir-opt).
// RUN: kforge-opt %S/Inputs/empty.mlir | FileCheck %s --check-prefix=EMPTY
// EMPTY: module {
// EMPTY-NEXT: }
