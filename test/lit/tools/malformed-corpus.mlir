// RUN: python3 %S/../../corpus/run_corpus.py kforge-opt --skip-known-bugs | FileCheck %s
// RUN: python3 %S/../../corpus/make_malformed.py --check | FileCheck %s --check-prefix=FRESH

// Tests that kforge-opt rejects every malformed input of test/corpus/malformed/
// with a diagnostic and exit code 1, with and without --lower-to-cpu: no crash,
// no hang (20 s each), no panic or internal error; empty and comment-only
// files are accepted as an empty module. Inputs listed in
// test/corpus/known-bugs.txt are left out here and covered by
// malformed-corpus-known-bugs.mlir.
// CHECK-NOT: FAIL:
// CHECK: {{^[0-9]+}} passed, 0 failed

// Tests that the committed corpus is what make_malformed.py generates.
// FRESH: {{^[0-9]+}} files, 0 stale
