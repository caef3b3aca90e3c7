//! In-place IR rewriting shared by the passes: parse a function from text in
//! an op's context and inline it in place of the op, emit diagnostics, edit
//! function signatures.
use kforge_dialect::ir::{op_name, str_ref, walk_raw};
use mlir_sys::*;
use std::ffi::CString;

/// Emits an error diagnostic at `op`'s location.
pub fn emit_error(op: MlirOperation, message: &str) {
    let message = CString::new(message.replace('\0', " ")).unwrap_or_default();
    // SAFETY: `op` is live; the message is NUL-terminated.
    unsafe { mlirEmitError(mlirOperationGetLocation(op), message.as_ptr()) };
}

/// Parses `text` in `op`'s context and replaces `op` by the body of its last
/// function: the function's arguments become `op`'s operands and its returned
/// values replace `op`'s results. The new ops take `op`'s location. Functions
/// before it are declarations the body calls: they are moved into `op`'s
/// module unless a symbol of that name is already there.
#[allow(
    clippy::result_unit_err,
    reason = "as the passes that call it: the error is already emitted at `op`"
)]
pub fn inline_function_text(op: MlirOperation, text: &str) -> Result<(), ()> {
    let wrapped = format!("module {{\n{text}\n}}");
    // SAFETY: all handles below come from live IR; the parsed module is
    // destroyed after its body has been moved out of it.
    unsafe {
        let context = mlirOperationGetContext(op);
        let module = mlirOperationCreateParse(
            context,
            str_ref(&wrapped),
            str_ref("kforge-lowering-template"),
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
        let mut func = mlirBlockGetFirstOperation(module_block);
        while !mlirOperationGetNextInBlock(func).ptr.is_null() {
            let next = mlirOperationGetNextInBlock(func);
            hoist_declaration(op, func);
            func = next;
        }
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
    unsafe { mlirOperationSetAttributeByName(op, str_ref(name), attr) }
}

/// Parses an attribute in `op`'s context.
pub fn parse_attribute(op: MlirOperation, text: &str) -> Option<MlirAttribute> {
    // SAFETY: live op; the returned attribute is checked for null.
    unsafe {
        let attr = mlirAttributeParseGet(mlirOperationGetContext(op), str_ref(text));
        (!attr.ptr.is_null()).then_some(attr)
    }
}

/// Moves the declaration `decl` into the module enclosing `op`, unless that
/// module already has the symbol.
unsafe fn hoist_declaration(op: MlirOperation, decl: MlirOperation) {
    // SAFETY: live ops, guaranteed by the caller.
    unsafe {
        let mut module = mlirOperationGetParentOperation(op);
        while !module.ptr.is_null() && op_name(module) != "builtin.module" {
            module = mlirOperationGetParentOperation(module);
        }
        if module.ptr.is_null() {
            return;
        }
        let key = str_ref("sym_name");
        let name = mlirStringAttrGetValue(mlirOperationGetAttributeByName(decl, key));
        let body = mlirRegionGetFirstBlock(mlirOperationGetRegion(module, 0));
        let mut existing = mlirBlockGetFirstOperation(body);
        while !existing.ptr.is_null() {
            let attr = mlirOperationGetAttributeByName(existing, key);
            if !attr.ptr.is_null() && mlirStringRefEqual(mlirStringAttrGetValue(attr), name) {
                return;
            }
            existing = mlirOperationGetNextInBlock(existing);
        }
        mlirOperationRemoveFromParent(decl);
        mlirBlockInsertOwnedOperation(body, 0, decl);
    }
}
