// The inputs of test/corpus/known-bugs.txt: kforge-opt crashes on them, fails
// without a diagnostic, or accepts them (each line there names the bug). This
// test expects all of them to be rejected cleanly. The list is empty now; when
// a new bug is listed there, mark this test as expected to fail (lit XFAIL)
// until it is fixed.
// RUN: python3 %S/../../corpus/run_corpus.py kforge-opt --only-known-bugs | FileCheck %s
// CHECK-NOT: FAIL:
// CHECK: {{^[0-9]+}} passed, 0 failed
