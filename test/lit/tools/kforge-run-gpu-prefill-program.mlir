// RUN: kforge-run %s --target gpu --gpu-program %t.json --gpu-prefill-len 4 2>&1 | FileCheck %s
// RUN: FileCheck %s --check-prefix=JSON < %t.json
// RUN: not kforge-run %S/Inputs/layer-norm.mlir --target gpu --gpu-program %t.no.json --gpu-prefill-len 4 2>&1 | FileCheck %s --check-prefix=NOPRE
// RUN: not kforge-run %s --target gpu --gpu-program %t.zero.json --gpu-prefill-len 0 2>&1 | FileCheck %s --check-prefix=ZERO
// RUN: not kforge-run %s --gpu-prefill-len 4 2>&1 | FileCheck %s --check-prefix=ALONE

// Tests that `--gpu-prefill-len N` writes the `@prefill` program with the prompt's dynamic dims set to N (ids of
// 4, an embedding of 4 rows), and that a module without `@prefill`, a length of 0 and the flag without
// `--gpu-program` are refused.
// CHECK: [kforge] @prefill: 1 ops, 1 kernels per run
// JSON: {"name":"prefill","values":[{"Int":{"len":4}},{"Float":{"len":400}},{"Float":{"len":32}}]
// JSON-SAME: "output_shapes":{{\[}}[4,8]]
// JSON-SAME: {"Embedding":{"seq":4,"vocab":50,"dim":8}}
// NOPRE: kforge-run: error: no function @prefill
// ZERO: error: invalid value '0' for '--gpu-prefill-len <TOKENS>'
// ALONE: error: the following required arguments were not provided:
// ALONE: --gpu-program <FILE>
func.func @prefill(%ids: tensor<?xi64>, %tab: tensor<50x8xf32>) -> tensor<?x8xf32> {
  %e = "kforge.embedding"(%ids, %tab) : (tensor<?xi64>, tensor<50x8xf32>) -> tensor<?x8xf32>
  return %e : tensor<?x8xf32>
}
