// Fixed bug: lowering grew cubically with the length of a chain of
// elementwise ops (250 ops 1.0 s, 500 ops 9.3 s, 1000 ops over 60 s). `cse`
// before `one-shot-bufferize` merged every op's `tensor.empty` into one value
// that all of them wrote into, and the bufferization's conflict analysis then
// compared every pair of writes (upstream mlir-opt 22 alike: 10.3 s for 500
// ops in OneShotBufferizePass). The pipeline now turns empties into
// `bufferization.alloc_tensor`s, which CSE keeps apart, first: 1000 ops lower
// in 1.6 s, 2000 in 4.5 s on a 2-core machine.
// RUN: python3 %S/Inputs/elementwise_chain.py 1000 > %t.mlir
// RUN: timeout 30 kforge-opt %t.mlir --lower-to-cpu | FileCheck %s

// Tests that a chain of 1000 elementwise ops lowers well within 30 seconds.
// CHECK-LABEL: llvm.func @chain(
// CHECK: llvm.return
