// Tests that `kforge-bench diff` lists every case with both medians and the
// changes of the median and of the fastest call, marks a regression beyond the threshold (and beyond the runs' own
// noise), an improvement, a missing and a new case, judges a case with a control timed beside it relative to the
// control (a machine 60% slower for kforge and control alike is no regression), warns about another
// machine, and exits non-zero on a regression.
// RUN: not kforge-bench diff %S/Inputs/bench-before.json %S/Inputs/bench-after.json | FileCheck %s
// CHECK: warning: machine: CPU differs: Crafted CPU vs Other CPU
// CHECK: | case | before ms | after ms | change | vs control | fastest | allowance | verdict |
// CHECK: | rms_norm/64x576 | 0.0400 | 0.0520 | +30.0% | – | +30.0% | ±5.0% | REGRESSION |
// CHECK: | rope/64x9x64 | 0.0600 | 0.0450 | -25.0% | – | -25.0% | ±5.0% | improved |
// CHECK: | layer_norm/64x576 | 0.0700 | – | – | – | – | – | missing in the new report |
// CHECK: | noisy/64 | 1.0000 | 1.2500 | +25.0% | – | +25.0% | ±127.3% |  |
// CHECK: | slow-machine/64 | 1.0000 | 1.6000 | +60.0% | +0.0% | +0.0% | ±6.0% |  |
// CHECK: | mlp/1x576x1536 | – | 0.3000 | – | – | – | – | new |
// CHECK: 1 regressed, 1 improved, 2 unchanged, 1 missing, 1 new, 0 not comparable

// Tests that a higher threshold lets the same change pass.
// RUN: kforge-bench diff %S/Inputs/bench-before.json %S/Inputs/bench-after.json --threshold 40% | FileCheck %s --check-prefix=LOOSE
// LOOSE: | rms_norm/64x576 | 0.0400 | 0.0520 | +30.0% | – | +30.0% | ±40.0% |  |
// LOOSE: 0 regressed, 0 improved, 4 unchanged, 1 missing, 1 new

// Tests that a report compared with itself has no regression and no warning.
// RUN: kforge-bench diff %S/Inputs/bench-before.json %S/Inputs/bench-before.json | FileCheck %s --check-prefix=SAME
// SAME-NOT: warning
// SAME: 0 regressed, 0 improved, 5 unchanged, 0 missing, 0 new

// Tests that files that are not reports are named, with what is wrong.
// RUN: not kforge-bench diff %S/Inputs/bench-before.json %S/Inputs/bench-old-schema.json 2>&1 | FileCheck %s --check-prefix=SCHEMA
// SCHEMA: kforge-bench: error: {{.*}}bench-old-schema.json: report schema version 0 is not the version this kforge-bench reads (1)
// RUN: not kforge-bench diff %S/Inputs/bench-foreign.json %S/Inputs/bench-before.json 2>&1 | FileCheck %s --check-prefix=FOREIGN
// FOREIGN: kforge-bench: error: {{.*}}bench-foreign.json: not a kforge-bench report: no "schema" field
// RUN: not kforge-bench diff %S/Inputs/bench-before.json %S/Inputs/bench-truncated.json 2>&1 | FileCheck %s --check-prefix=TRUNCATED
// TRUNCATED: kforge-bench: error: {{.*}}bench-truncated.json: not valid JSON (is the file complete?): EOF while parsing
// RUN: not kforge-bench diff %S/Inputs/bench-before.json %S/Inputs/missing.json 2>&1 | FileCheck %s --check-prefix=MISSING
// MISSING: kforge-bench: error: cannot read {{.*}}missing.json: no such file
