//! In-place IR rewriting shared by the passes: parse a function from text in
//! an op's context and inline it in place of the op, emit diagnostics, edit
//! function signatures.
use kforge_dialect::ir::{op_name, walk_raw};
use mlir_sys::*;
use std::ffi::CString;

/// Emits an error diagnostic at `op`'s location.
pub fn emit_error(op: MlirOperation, message: &str) {
    let message = CString::new(message.replace('\0', " ")).unwrap_or_default();
    // SAFETY: `op` is live; the message is NUL-terminated.
    unsafe { mlirEmitError(mlirOperationGetLocation(op), message.as_ptr()) };
}

fn string_ref(s: &str) -> MlirStringRef {
    MlirStringRef {
        data: s.as_ptr() as *const _,
        length: s.len(),
    }
}

/// Parses `text` (one `func.func`) in `op`'s context and replaces `op` by the
/// function's body: the function's arguments become `op`'s operands and its
/// returned values replace `op`'s results. The new ops take `op`'s location.
pub fn inline_function_text(op: MlirOperation, text: &str) -> Result<(), ()> {
    let wrapped = format!("module {{\n{text}\n}}");
    // SAFETY: all handles below come from live IR; the parsed module is
    // destroyed after its body has been moved out of it.
    unsafe {
        let context = mlirOperationGetContext(op);
        let module = mlirOperationCreateParse(
            context,
            string_ref(&wrapped),
            string_ref("kforge-lowering-template"),
        );
        if module.ptr.is_null() {
            emit_error(
                op,
                &format!(
                    "internal error: the lowering template of '{}' does not parse:\n{text}",
                    op_name(op)
                ),
            );
            return Err(());
        }
        let module_block = mlirRegionGetFirstBlock(mlirOperationGetRegion(module, 0));
        let func = mlirBlockGetFirstOperation(module_block);
        let body = mlirRegionGetFirstBlock(mlirOperationGetRegion(func, 0));
        for i in 0..mlirBlockGetNumArguments(body) {
            mlirValueReplaceAllUsesOfWith(
                mlirBlockGetArgument(body, i),
                mlirOperationGetOperand(op, i),
            );
        }
        let location = mlirOperationGetLocation(op);
        let mut inner = mlirBlockGetFirstOperation(body);
        while !inner.ptr.is_null() {
            let next = mlirOperationGetNextInBlock(inner);
            if next.ptr.is_null() {
                // The terminator: its operands are the op's replacements.
                for i in 0..mlirOperationGetNumResults(op) {
                    mlirValueReplaceAllUsesOfWith(
                        mlirOperationGetResult(op, i),
                        mlirOperationGetOperand(inner, i),
                    );
                }
                break;
            }
            mlirOperationMoveBefore(inner, op);
            walk_raw(inner, &mut |nested| {
                mlirOperationSetLocation(nested, location)
            });
            inner = next;
        }
        mlirOperationDestroy(op);
        mlirOperationDestroy(module);
    }
    Ok(())
}

/// Sets `name` to `attr` on `op` (inherent or discardable, as MLIR decides).
pub fn set_attribute(op: MlirOperation, name: &str, attr: MlirAttribute) {
    // SAFETY: live op and attribute of the same context.
    unsafe { mlirOperationSetAttributeByName(op, string_ref(name), attr) }
}

/// Parses an attribute in `op`'s context.
pub fn parse_attribute(op: MlirOperation, text: &str) -> Option<MlirAttribute> {
    // SAFETY: live op; the returned attribute is checked for null.
    unsafe {
        let attr = mlirAttributeParseGet(mlirOperationGetContext(op), string_ref(text));
        (!attr.ptr.is_null()).then_some(attr)
    }
}
