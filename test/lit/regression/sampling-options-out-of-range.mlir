// Fixed bug: `--temperature` NaN, inf or -1 and `--top-p` 2 or NaN were
// accepted (NaN gave garbage text). Each is now a clap error naming the range.
// RUN: not kforge-run %s --prompt hi --temperature NaN 2>&1 | FileCheck %s --check-prefix=NAN
// RUN: not kforge-run %s --prompt hi --temperature inf 2>&1 | FileCheck %s --check-prefix=INF
// RUN: not kforge-run %s --prompt hi --temperature -1 2>&1 | FileCheck %s --check-prefix=NEG
// RUN: not kforge-run %s --prompt hi --top-p 2 2>&1 | FileCheck %s --check-prefix=TOP
// RUN: not kforge-run %s --prompt hi --top-p NaN 2>&1 | FileCheck %s --check-prefix=TOPNAN

// Tests that each value is named with the expected range.
// NAN: error: invalid value 'NaN' for '--temperature <TEMPERATURE>': expected a finite temperature >= 0 (0: greedy), got NaN
// INF: expected a finite temperature >= 0 (0: greedy), got inf
// NEG: expected a finite temperature >= 0 (0: greedy), got -1
// TOP: error: invalid value '2' for '--top-p <TOP_P>': expected a top-p in (0, 1], got 2
// TOPNAN: expected a top-p in (0, 1], got NaN
func.func @f(%x: tensor<2xf32>) -> tensor<2xf32> {
  return %x : tensor<2xf32>
}
