//! Small helpers over MLIR's C API for walking and editing IR where melior's
//! borrow-checked views get in the way of in-place rewriting.
use mlir_sys::*;
use std::ffi::c_void;

/// Calls `f` on every operation nested in `root` (post-order, `root` included).
pub fn walk_raw(root: MlirOperation, f: &mut dyn FnMut(MlirOperation)) {
    unsafe extern "C" fn trampoline(op: MlirOperation, data: *mut c_void) -> MlirWalkResult {
        // SAFETY: `data` is the `&mut &mut dyn FnMut` passed below, alive for the walk.
        let f = unsafe { &mut *(data as *mut &mut dyn FnMut(MlirOperation)) };
        f(op);
        MlirWalkResult_MlirWalkResultAdvance
    }
    let mut f = f;
    // SAFETY: `root` is a live operation; the callback only reads it.
    unsafe {
        mlirOperationWalk(
            root,
            Some(trampoline),
            &mut f as *mut &mut dyn FnMut(MlirOperation) as *mut c_void,
            MlirWalkOrder_MlirWalkPostOrder,
        )
    }
}

/// Collects every operation nested in `root` whose name starts with `prefix`.
pub fn collect_ops(root: MlirOperation, prefix: &str) -> Vec<MlirOperation> {
    let mut found = Vec::new();
    walk_raw(root, &mut |op| {
        if op_name(op).starts_with(prefix) {
            found.push(op);
        }
    });
    found
}

/// The name of an operation, e.g. `kforge.linear`.
pub fn op_name(op: MlirOperation) -> String {
    // SAFETY: `op` is live; the identifier's string lives in the context.
    unsafe {
        let id = mlirOperationGetName(op);
        string_ref(mlirIdentifierStr(id))
    }
}

/// Copies an `MlirStringRef` into a `String`.
///
/// # Safety
/// `s` must point at `s.length` readable bytes.
pub unsafe fn string_ref(s: MlirStringRef) -> String {
    if s.data.is_null() {
        return String::new();
    }
    // SAFETY: guaranteed by the caller.
    let bytes = unsafe { std::slice::from_raw_parts(s.data as *const u8, s.length) };
    String::from_utf8_lossy(bytes).into_owned()
}

/// Prints anything with an MLIR print callback into a `String`.
pub fn print_to_string(print: impl FnOnce(MlirStringCallback, *mut c_void)) -> String {
    unsafe extern "C" fn append(s: MlirStringRef, data: *mut c_void) {
        // SAFETY: `data` is the `String` below; `s` is valid for the call.
        unsafe { (*(data as *mut String)).push_str(&string_ref(s)) };
    }
    let mut out = String::new();
    print(Some(append), &mut out as *mut String as *mut c_void);
    out
}

/// Borrows `s` as an `MlirStringRef` (valid as long as `s` is).
pub fn str_ref(s: &str) -> MlirStringRef {
    MlirStringRef {
        data: s.as_ptr() as *const _,
        length: s.len(),
    }
}

/// The attribute `name` of `op`, when it is set.
pub fn attribute(op: MlirOperation, name: &str) -> Option<MlirAttribute> {
    // SAFETY: `op` is live; the lookup only reads it.
    let attr = unsafe { mlirOperationGetAttributeByName(op, str_ref(name)) };
    (!attr.ptr.is_null()).then_some(attr)
}

/// Whether a symbol's `sym_visibility` is absent or `"public"` (MLIR's rule:
/// an explicit `public` is public too).
pub fn is_public(op: MlirOperation) -> bool {
    match attribute(op, "sym_visibility") {
        None => true,
        // SAFETY: a live string attribute of `op`.
        Some(v) => unsafe {
            mlirAttributeIsAString(v) && string_ref(mlirStringAttrGetValue(v)) == "public"
        },
    }
}
