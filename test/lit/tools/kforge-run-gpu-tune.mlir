// RUN: rm -f %t.json %t.bad.json*
// RUN: kforge-run %s --target gpu --random-inputs --check --tune-cache %t.json 2>&1 | FileCheck %s --check-prefix=FIRST
// RUN: kforge-run %s --target gpu --random-inputs --check --tune-cache %t.json 2>&1 | FileCheck %s --check-prefix=AGAIN
// RUN: FileCheck %s --check-prefix=CACHE < %t.json
// RUN: kforge-run %s --target gpu --random-inputs --check --no-tune 2>&1 | FileCheck %s --check-prefix=DEFAULT
// RUN: echo 'not json' > %t.bad.json
// RUN: kforge-run %s --target gpu --random-inputs --check --tune-cache %t.bad.json 2>&1 | FileCheck %s --check-prefix=BAD
// RUN: FileCheck %s --check-prefix=KEPT < %t.bad.json

// Tests that `--target gpu` tiles the matmul kernel with the autotuner's tile: measured on the adapter (GPU
// timestamps) and saved on the first run, read from the cache on the second; `--no-tune` takes the per-shape tile;
// a corrupt cache of the user's is left untouched with a warning, and the tile is tuned in memory. Every run is
// checked against the reference interpreter.
// FIRST: kforge-run: tuned 1 GPU matmul tile in {{.*}} s (cache '{{.*}}.json')
// FIRST: 1 kernel(s) in one command buffer
// FIRST-NEXT: matmul_64x48x32_t{{[0-9]+x[0-9]+x[0-9]+_[48]x[48]}}
// FIRST: check result0: {{.*}} (within tolerance 1e-5)
// AGAIN-NOT: tuned
// AGAIN: check result0: {{.*}} (within tolerance 1e-5)
// CACHE: "gpu": "{{.*}}; wgsl {{[0-9a-f]+}}"
// CACHE: "gpu_matmul f32 64x48x32 t0 @
// DEFAULT-NOT: tuned
// DEFAULT: matmul_64x48x32_t64x64x16_4x4
// DEFAULT: check result0: {{.*}} (within tolerance 1e-5)
// BAD: kforge-run: warning: tune cache '{{.*}}.bad.json' is not valid ({{.*}}); left it untouched: measured parameters are kept in memory only
// BAD: kforge-run: tuned 1 GPU matmul tile
// BAD: check result0: {{.*}} (within tolerance 1e-5)
// KEPT: not json
func.func @mm(%a: tensor<64x32xf32>, %b: tensor<32x48xf32>) -> tensor<64x48xf32> {
  %c = "kforge.matmul"(%a, %b) : (tensor<64x32xf32>, tensor<32x48xf32>) -> tensor<64x48xf32>
  return %c : tensor<64x48xf32>
}
