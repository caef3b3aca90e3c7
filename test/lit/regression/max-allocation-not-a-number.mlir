// Fixed bug (hostile campaign, issue 12): an unparsable KFORGE_MAX_ALLOCATION
// ("bogus", "-1", 2^64) was ignored without a word. It is now a warning and
// the machine's limit applies.
// RUN: env KFORGE_MAX_ALLOCATION=bogus kforge-run %s --random-inputs 2>&1 | FileCheck %s
// RUN: env KFORGE_MAX_ALLOCATION=18446744073709551616 kforge-run %s --random-inputs 2>&1 | FileCheck %s

// Tests that the value is named and the run goes on.
// CHECK: kforge: warning: KFORGE_MAX_ALLOCATION='{{.*}}' is not a byte count (expected an integer in [0, 2^64)); using the machine's limit
// CHECK: result0: [2]
func.func @f(%x: tensor<2xf32>) -> tensor<2xf32> {
  return %x : tensor<2xf32>
}
