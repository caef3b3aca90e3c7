// RUN: kforge-opt %s --kforge-internalize --split-input-file | FileCheck %s
// RUN: kforge-opt %s --kforge-internalize --split-input-file | %mlir-translate --mlir-to-llvmir --split-input-file | FileCheck %s --check-prefix=LLVM

// Tests that a public function's body replaces the call in its C-interface
// wrapper: the entry block's arguments become the call's operands, the return
// a branch to the rest of the wrapper, and the function is gone.
// CHECK-NOT: llvm.func @scale(
// CHECK-LABEL: llvm.func @_mlir_ciface_scale(
// CHECK-SAME: %[[OUT:.*]]: !llvm.ptr, %[[IN:.*]]: !llvm.ptr)
// CHECK: %[[X:.*]] = llvm.load %[[IN]] : !llvm.ptr -> f32
// CHECK: %[[Y:.*]] = llvm.fmul %[[X]], %[[X]] : f32
// CHECK-NEXT: llvm.br ^[[REST:.*]](%[[Y]] : f32)
// CHECK-NEXT: ^[[REST]](%[[R:.*]]: f32):
// CHECK-NEXT: llvm.store %[[R]], %[[OUT]] : f32, !llvm.ptr
// CHECK-NEXT: llvm.return
// CHECK-NOT: llvm.call
// LLVM-NOT: define {{.*}} @scale(
// LLVM: define void @_mlir_ciface_scale(
llvm.func @scale(%x: f32) -> f32 attributes {llvm.emit_c_interface} {
  %y = llvm.fmul %x, %x : f32
  llvm.return %y : f32
}
llvm.func @_mlir_ciface_scale(%out: !llvm.ptr, %in: !llvm.ptr) attributes {llvm.emit_c_interface} {
  %x = llvm.load %in : !llvm.ptr -> f32
  %y = llvm.call @scale(%x) : (f32) -> f32
  llvm.store %y, %out : f32, !llvm.ptr
  llvm.return
}

// -----

// Tests that a body of several blocks moves whole: its blocks go between the
// wrapper's start and rest, and every return branches to the rest.
// CHECK-LABEL: llvm.func @_mlir_ciface_pick(
// CHECK: %[[C:.*]] = llvm.load
// CHECK-NEXT: llvm.cond_br %[[C]], ^[[A:.*]], ^[[B:.*]]
// CHECK: ^[[A]]:
// CHECK: llvm.br ^[[REST:[^(]*]](%{{.*}} : i64)
// CHECK: ^[[B]]:
// CHECK: llvm.br ^[[REST]](%{{.*}} : i64)
// CHECK: ^[[REST]](%[[R:.*]]: i64):
// CHECK-NEXT: llvm.store %[[R]]
// CHECK-NOT: llvm.func @pick(
llvm.func @pick(%c: i1) -> i64 attributes {llvm.emit_c_interface} {
  llvm.cond_br %c, ^a, ^b
^a:
  %one = llvm.mlir.constant(1 : i64) : i64
  llvm.return %one : i64
^b:
  %two = llvm.mlir.constant(2 : i64) : i64
  llvm.return %two : i64
}
llvm.func @_mlir_ciface_pick(%out: !llvm.ptr, %in: !llvm.ptr) attributes {llvm.emit_c_interface} {
  %c = llvm.load %in : !llvm.ptr -> i1
  %r = llvm.call @pick(%c) : (i1) -> i64
  llvm.store %r, %out : i64, !llvm.ptr
  llvm.return
}

// -----

// Tests that a function the body calls (a decoder's layer) is not inlined but
// gets internal linkage, so LLVM sees all its callers and the ExecutionEngine
// packs no wrapper for it; a function without results inlines too.
// CHECK-LABEL: llvm.func internal @layer(
// CHECK-LABEL: llvm.func @_mlir_ciface_step(
// CHECK: llvm.call @layer(
// CHECK-NEXT: llvm.call @layer(
// CHECK-NEXT: llvm.br ^[[REST:.*]]
// CHECK-NEXT: ^[[REST]]:
// CHECK-NEXT: llvm.return
// LLVM: define internal void @layer(
// LLVM: define void @_mlir_ciface_step(
llvm.func @layer(%p: !llvm.ptr) {
  %x = llvm.load %p : !llvm.ptr -> f32
  %y = llvm.fadd %x, %x : f32
  llvm.store %y, %p : f32, !llvm.ptr
  llvm.return
}
llvm.func @step(%p: !llvm.ptr) attributes {llvm.emit_c_interface} {
  llvm.call @layer(%p) : (!llvm.ptr) -> ()
  llvm.call @layer(%p) : (!llvm.ptr) -> ()
  llvm.return
}
llvm.func @_mlir_ciface_step(%p: !llvm.ptr) attributes {llvm.emit_c_interface} {
  llvm.call @step(%p) : (!llvm.ptr) -> ()
  llvm.return
}

// -----

// Tests that a public function used elsewhere too (here by another function)
// is not inlined: it stays, with internal linkage, and both calls remain.
// CHECK-LABEL: llvm.func internal @shared(
// CHECK-LABEL: llvm.func internal @other(
// CHECK: llvm.call @shared(
// CHECK-LABEL: llvm.func @_mlir_ciface_shared(
// CHECK: llvm.call @shared(
llvm.func @shared(%x: i64) -> i64 attributes {llvm.emit_c_interface} {
  llvm.return %x : i64
}
llvm.func @other(%x: i64) -> i64 {
  %y = llvm.call @shared(%x) : (i64) -> i64
  llvm.return %y : i64
}
llvm.func @_mlir_ciface_shared(%out: !llvm.ptr, %x: i64) attributes {llvm.emit_c_interface} {
  %y = llvm.call @shared(%x) : (i64) -> i64
  llvm.store %y, %out : i64, !llvm.ptr
  llvm.return
}

// -----

// Tests that declarations (the runtime's microkernels, malloc) stay external
// and a function with a linkage of its own keeps it.
// CHECK: llvm.func @malloc(i64) -> !llvm.ptr
// CHECK: llvm.func @_mlir_ciface_kforge_ukernel(!llvm.ptr)
// CHECK: llvm.func private @helper(
// CHECK: llvm.func linkonce @weak(
// LLVM: declare ptr @malloc(i64)
// LLVM: define private void @helper(
llvm.func @malloc(i64) -> !llvm.ptr
llvm.func @_mlir_ciface_kforge_ukernel(!llvm.ptr)
llvm.func private @helper(%p: !llvm.ptr) {
  llvm.call @_mlir_ciface_kforge_ukernel(%p) : (!llvm.ptr) -> ()
  llvm.return
}
llvm.func linkonce @weak() {
  llvm.return
}
