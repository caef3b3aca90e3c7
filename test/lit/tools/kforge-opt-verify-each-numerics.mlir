// RUN: kforge-opt %s --verify-each-numerics --lower-to-cpu -o /dev/null 2>&1 | FileCheck %s
// RUN: kforge-opt %s --verify-each-numerics --numerics-tolerance=0 --kforge-verify --kforge-weights-to-arguments 2>&1 | FileCheck %s --check-prefix=KFORGE
// RUN: not kforge-opt %s --verify-each-numerics --numerics-tolerance=-1 2>&1 | FileCheck %s --check-prefix=BADTOL

// Tests that --verify-each-numerics compares the public functions after every
// kforge-level pass, stops (with a note) at the first pass that leaves the
// kforge level, skips functions the interpreter cannot run, and passes.

// CHECK: note: --verify-each-numerics: @calls is not compared: {{.*}}unsupported op 'func.call'
// CHECK: note: --verify-each-numerics: 1 function(s) compared through pass 'kforge-fuse-norm'; pass 'kforge-lower-to-linalg' leaves the kforge level
// CHECK-NOT: error

// KFORGE: note: --verify-each-numerics: @calls is not compared
// KFORGE-NOT: leaves the kforge level
// KFORGE-LABEL: func.func @block
// KFORGE-SAME: kforge.weights = ["proj.weight"]

// BADTOL: invalid value '-1' for '--numerics-tolerance <REL>': expected a finite non-negative number

func.func @block(%x: tensor<4x8xf32>, %b: tensor<8xf32>) -> tensor<4x8xf32> {
  %w = "kforge.weight"() {name = "proj.weight"} : () -> tensor<8x8xf32>
  %0 = "kforge.linear"(%x, %w) : (tensor<4x8xf32>, tensor<8x8xf32>) -> tensor<4x8xf32>
  %1 = "kforge.add"(%0, %b) : (tensor<4x8xf32>, tensor<8xf32>) -> tensor<4x8xf32>
  %2 = "kforge.silu"(%1) : (tensor<4x8xf32>) -> tensor<4x8xf32>
  return %2 : tensor<4x8xf32>
}

func.func @calls(%x: tensor<2xf32>) -> tensor<2xf32> {
  %0 = func.call @id(%x) : (tensor<2xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

func.func private @id(%x: tensor<2xf32>) -> tensor<2xf32> {
  return %x : tensor<2xf32>
}
