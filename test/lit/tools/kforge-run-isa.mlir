// Tests the ISA layer's selection (issue 11): `--isa list` names the variants
// this CPU runs, the default first and portable last; `KFORGE_ISA` forces a
// lower one, and the forced kernels (and the JIT's code, compiled without the
// higher variants' features) agree with the reference interpreter; an
// unknown name is an error that lists the supported ones, before any work.
// RUN: kforge-run --isa list | FileCheck %s --check-prefix=LIST
// RUN: env KFORGE_ISA=portable kforge-run %s --random-inputs --check --no-cache | FileCheck %s --check-prefix=FORCED
// RUN: env KFORGE_ISA=AVX1024 not kforge-run %s --random-inputs 2>&1 | FileCheck %s --check-prefix=UNKNOWN
// RUN: env KFORGE_ISA=sse9 not kforge-opt %s --lower-to-cpu-tiled 2>&1 | FileCheck %s --check-prefix=OPT
// RUN: env KFORGE_ISA= kforge-run %s --random-inputs --check --no-cache | FileCheck %s --check-prefix=FORCED

// LIST: {{^portable$}}
// LIST-NOT: {{.}}

// FORCED: check result0: {{.*}}(within tolerance

// UNKNOWN: kforge-run: error: KFORGE_ISA='AVX1024' is not an ISA variant (expected one of: {{.*}}portable)
// UNKNOWN-NOT: result0

// OPT: kforge-opt: error: KFORGE_ISA='sse9' is not an ISA variant (expected one of: {{.*}}portable)
func.func @f(%x: tensor<5x64xf32>, %w: tensor<40x64xf32>) -> tensor<5x40xf32> {
  %r = "kforge.linear"(%x, %w) : (tensor<5x64xf32>, tensor<40x64xf32>) -> tensor<5x40xf32>
  return %r : tensor<5x40xf32>
}
