// Tool-level errors: each exits non-zero (`not` also fails on a crash) and
// says what is wrong. The inputs are in Inputs/.

// Tests that an unknown flag is an error.
// RUN: not kforge-opt %S/Inputs/valid.mlir --no-such-flag 2>&1 | FileCheck %s --check-prefix=FLAG
// FLAG: error: unexpected argument '--no-such-flag' found
// FLAG: Usage: kforge-opt

// Tests that an unknown kforge pass in --pass-pipeline is reported by name.
// RUN: not kforge-opt %S/Inputs/valid.mlir --pass-pipeline='builtin.module(kforge-verify,kforge-nope)' 2>&1 | FileCheck %s --check-prefix=KFORGE-PASS
// KFORGE-PASS: kforge-opt: error: invalid pass pipeline 'builtin.module(kforge-verify,kforge-nope)': unknown kforge pass 'kforge-nope'

// Tests that an unknown upstream pass is reported by MLIR's pipeline parser.
// RUN: not kforge-opt %S/Inputs/valid.mlir --pass-pipeline='builtin.module(no-such-pass)' 2>&1 | FileCheck %s --check-prefix=UPSTREAM-PASS
// UPSTREAM-PASS: kforge-opt: error: {{.*}}'no-such-pass' does not refer to a registered pass or pass pipeline

// Tests that an unbalanced pipeline is a syntax error.
// RUN: not kforge-opt %S/Inputs/valid.mlir --pass-pipeline='builtin.module(cse' 2>&1 | FileCheck %s --check-prefix=UNBALANCED
// UNBALANCED: kforge-opt: error: invalid pass pipeline 'builtin.module(cse': missing ')'

// Tests that a pipeline must be anchored on builtin.module.
// RUN: not kforge-opt %S/Inputs/valid.mlir --pass-pipeline='gpu.module(cse)' 2>&1 | FileCheck %s --check-prefix=ANCHOR
// ANCHOR: kforge-opt: error: invalid pass pipeline 'gpu.module(cse)': expected the anchor 'builtin.module(...)'

// Tests that pass flags and --pass-pipeline do not mix.
// RUN: not kforge-opt %S/Inputs/valid.mlir --kforge-verify --pass-pipeline='builtin.module(cse)' 2>&1 | FileCheck %s --check-prefix=MIX
// MIX: kforge-opt: error: --pass-pipeline cannot be combined with pass flags

// Tests that a bad value of a kforge pass option lists the allowed values.
// RUN: not kforge-opt %S/Inputs/valid.mlir --pass-pipeline='builtin.module(kforge-lower-to-linalg{linear-kernel=fast})' 2>&1 | FileCheck %s --check-prefix=OPTION-VALUE
// OPTION-VALUE: error: {{.*}}option 'linear-kernel' of pass 'kforge-lower-to-linalg' must be one of loops, ukernel, tiled, got 'fast'

// Tests that an unknown kforge pass option lists the known ones.
// RUN: not kforge-opt %S/Inputs/valid.mlir --pass-pipeline='builtin.module(kforge-verify{strict=true})' 2>&1 | FileCheck %s --check-prefix=OPTION-NAME
// OPTION-NAME: error: {{.*}}unknown option 'strict' of pass 'kforge-verify' (options: none)

// Tests that malformed MLIR is reported as file:line:col with the source
// line and a caret under the column.
// RUN: not kforge-opt %S/Inputs/syntax-error.mlir 2>&1 | FileCheck %s --check-prefix=SYNTAX
// SYNTAX: syntax-error.mlir:3:27: error: expected '>' in tensor type
// SYNTAX-NEXT: {{^}}  return %0 : tensor<4xf32{{$}}
// SYNTAX-NEXT: {{^                          \^$}}

// Tests that kforge verifier errors carry file:line:col too.
// RUN: not kforge-opt %S/Inputs/verifier-error.mlir 2>&1 | FileCheck %s --check-prefix=VERIFY
// VERIFY: verifier-error.mlir:2:8: error: {{.*}}expected operand #1 dim 0 (5) to match operand #0 dim 1 (3)

// Tests that with --split-input-file every failing chunk is reported, with
// line numbers of the whole file, and nothing is printed on stdout.
// RUN: not kforge-opt %S/Inputs/two-chunks.mlir --split-input-file 2>%t.stderr >%t.stdout
// RUN: FileCheck %s --check-prefix=CHUNKS < %t.stderr
// RUN: count 0 < %t.stdout
// CHUNKS: two-chunks.mlir:2:8: error: {{.*}}expected operand #1 dim 0 (5) to match operand #0 dim 1 (3)
// CHUNKS: two-chunks.mlir:11:8: error: {{.*}}expected 'axis' (2) to be within [-2, 2)

// Tests that a missing input file is an error naming the file.
// RUN: not kforge-opt %t.does-not-exist.mlir 2>&1 | FileCheck %s --check-prefix=MISSING
// MISSING: kforge-opt: error: cannot read '{{.*}}does-not-exist.mlir': No such file or directory

// Tests that input that is not UTF-8 is rejected with the offset of the first bad byte.
// RUN: not kforge-opt %S/Inputs/invalid-utf8.mlir 2>&1 | FileCheck %s --check-prefix=UTF8
// UTF8: kforge-opt: error: {{.*}}invalid-utf8.mlir: input is not valid UTF-8 (first bad byte at offset 26)

// Tests that an output file in a missing directory is an error and that
// nothing is printed instead.
// RUN: not kforge-opt %S/Inputs/valid.mlir -o %t.no-such-dir/out.mlir 2>&1 | FileCheck %s --check-prefix=OUTPUT
// OUTPUT: kforge-opt: error: cannot write '{{.*}}no-such-dir{{.*}}': No such file or directory

// Tests that --verify-diagnostics fails when an expected error is not produced.
// RUN: not kforge-opt %S/Inputs/unmet-expectation.mlir --verify-diagnostics 2>&1 | FileCheck %s --check-prefix=UNMET
// UNMET: unmet-expectation.mlir:2: error: expected error "this error is never produced" on line 3 was not produced

// Tests that --verify-diagnostics fails on an error nobody expected.
// RUN: not kforge-opt %S/Inputs/verifier-error.mlir --verify-diagnostics 2>&1 | FileCheck %s --check-prefix=UNEXPECTED
// UNEXPECTED: unexpected error: {{.*}}verifier-error.mlir:2:8: error: {{.*}}expected operand #1 dim 0 (5) to match operand #0 dim 1 (3)

// Tests that a failing pass makes the tool fail and prints no output.
// RUN: not kforge-opt %S/Inputs/weight-clash.mlir --kforge-weights-to-arguments 2>%t.pass.stderr >%t.pass.stdout
// RUN: FileCheck %s --check-prefix=PASS-FAILS < %t.pass.stderr
// RUN: count 0 < %t.pass.stdout
// PASS-FAILS: weight-clash.mlir:3:8: error: weight 'w' is used with two different types
