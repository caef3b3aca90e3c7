//! `--kforge-emit-c-interface`: marks public functions `llvm.emit_c_interface`.
//!
//! **Matches** every public `func.func` with a body (no `sym_visibility`, or
//! `public` spelled out). **Emits** the unit attribute `llvm.emit_c_interface`,
//! so the LLVM lowering also generates `_mlir_ciface_<name>`, which takes
//! memref descriptors by pointer — the entry point the runtime's JIT calls.
//!
//! Before: `func.func @f(%a: tensor<4xf32>) -> tensor<4xf32>`
//! After: `func.func @f(%a: tensor<4xf32>) -> tensor<4xf32> attributes {llvm.emit_c_interface}`
use crate::rewrite::{parse_attribute, set_attribute};
use kforge_dialect::ir::{collect_ops, is_public, op_name};
use mlir_sys::*;

/// Marks every public function under `root`.
#[allow(
    clippy::result_unit_err,
    reason = "the signature of every pass in the registry; the error is already emitted"
)]
pub fn emit_c_interface(
    root: MlirOperation,
    _options: &crate::registry::PassOptions,
) -> Result<(), ()> {
    for func in collect_ops(root, "func.func") {
        if op_name(func) != "func.func" || !is_public_definition(func) {
            continue;
        }
        let unit = parse_attribute(func, "unit").ok_or(())?;
        set_attribute(func, "llvm.emit_c_interface", unit);
    }
    Ok(())
}

/// A function with a body whose `sym_visibility` is absent or `"public"`.
fn is_public_definition(func: MlirOperation) -> bool {
    // SAFETY: live op; attribute and region accessors are read-only.
    unsafe {
        let body = mlirRegionGetFirstBlock(mlirOperationGetRegion(func, 0));
        if body.ptr.is_null() {
            return false;
        }
        is_public(func)
    }
}
