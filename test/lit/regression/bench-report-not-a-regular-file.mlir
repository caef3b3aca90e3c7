// Fixed bug (issue 12): `kforge-bench diff`/`plot` read a report without a size
// limit and from any path (a device such as /dev/zero never ends). Reports are
// read only from regular files, at most 64 MiB.
// RUN: rm -rf %t.dir && mkdir -p %t.dir && ln -sf /dev/zero %t.dir/zero.json
// RUN: not kforge-bench diff %t.dir/zero.json %S/../tools/Inputs/bench-after.json 2>&1 | FileCheck %s --check-prefix=DEVICE
// RUN: not kforge-bench diff %t.dir %S/../tools/Inputs/bench-after.json 2>&1 | FileCheck %s --check-prefix=FOLDER
// RUN: not kforge-bench diff %t.dir/missing.json %S/../tools/Inputs/bench-after.json 2>&1 | FileCheck %s --check-prefix=MISSING

// Tests that each is a clean error naming the path.
// DEVICE: kforge-bench: error: cannot read {{.*}}zero.json: {{.*}}not a regular file
// FOLDER: kforge-bench: error: cannot read {{.*}}.dir: {{.*}}not a regular file
// MISSING: kforge-bench: error: cannot read {{.*}}missing.json: no such file
