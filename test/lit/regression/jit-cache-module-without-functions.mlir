// Fixed bug (hostile campaign, issue 12): kforge-run on a module without
// functions (an empty file, a `model.mlir` that is empty or a link to
// /dev/null, `module {}`) died of SIGSEGV when the module cache stored the
// compiled module: nothing was looked up, so nothing was compiled, and MLIR's
// SimpleObjectCache::dumpToObjectFile dereferenced its empty map. The JIT no
// longer stores a module without public functions.
// RUN: rm -rf %t.modules
// RUN: not env KFORGE_CACHE_DIR=%t.modules kforge-run %s --random-inputs 2>&1 | FileCheck %s
// RUN: not kforge-run %s --random-inputs --no-cache 2>&1 | FileCheck %s

// Tests that a module without functions is a clean error with or without the cache.
// CHECK: kforge-run: error: the module has 0 public functions
// CHECK-NOT: Segmentation
module {
}
