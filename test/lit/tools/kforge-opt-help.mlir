// RUN: kforge-opt --help | FileCheck %s
// RUN: kforge-opt -h | FileCheck %s
// RUN: kforge-opt --version | FileCheck %s --check-prefix=VERSION

// Tests that --help exits 0 and lists the tool's options, every registered
// kforge pass and every pipeline, each with its summary.
// CHECK: Usage: kforge-opt [OPTIONS] [input]
// CHECK-DAG: -o <output>
// CHECK-DAG: --split-input-file
// CHECK-DAG: --verify-diagnostics
// CHECK-DAG: --pass-pipeline <PIPELINE>
// CHECK-DAG: --print-ir-after-all
// CHECK-DAG: --allow-unregistered-dialect
// CHECK-DAG: -O <LEVEL>
// CHECK-DAG: --verify-each-numerics
// CHECK-DAG: --numerics-tolerance <REL>
// CHECK: Passes:
// CHECK-DAG: --kforge-emit-c-interface Mark public functions llvm.emit_c_interface
// CHECK-DAG: --kforge-fuse-elementwise Fuse chains of elementwise linalg.generic ops
// CHECK-DAG: --kforge-fuse-epilogue Fuse a kforge.linear/matmul and the bias add
// CHECK-DAG: --kforge-fuse-attention Fuse softmax(linear(q, k))·v
// CHECK-DAG: --kforge-fuse-norm Fold a kforge.rms_norm that only feeds projections
// CHECK-DAG: --kforge-fuse-projections Fuse 2-4 bias-free kforge.linear ops of one input
// CHECK-DAG: --kforge-fuse-swiglu Fuse silu(linear(x, wg)) * linear(x, wu)
// CHECK-DAG: --kforge-lower-to-linalg Lower every kforge op (but kforge.weight) to linalg
// CHECK-DAG: --kforge-verify Check kforge ops' ranks, shapes, element types and head counts
// CHECK-DAG: --kforge-weights-to-arguments Turn kforge.weight ops into trailing function arguments
// CHECK: Pipelines:
// CHECK-DAG: --kforge-fuse Every fusion pass in order
// CHECK-DAG: --lower-to-cpu kforge → linalg → bufferization → loops → LLVM dialect
// CHECK-DAG: --lower-to-cpu-unfused --lower-to-cpu without --kforge-fuse

// VERSION: kforge-opt {{[0-9]+\.[0-9]+\.[0-9]+}}
