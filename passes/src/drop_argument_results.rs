//! `--kforge-drop-argument-results`: public functions stop returning buffers
//! that are their own arguments.
//!
//! **Matches** public `func.func`s on buffers (after bufferization) whose
//! `func.return` operands include entry-block arguments — typically KV caches
//! updated in place. **Emits** the function without those results and the
//! attribute `kforge.result_arguments = array<i64: …>`, one entry per original
//! result: the argument it was, or -1 for a result still returned. The runtime
//! reads it to hand back the argument buffers. Without it every such result
//! would travel back through a huge result struct (slow to compile, needless at
//! run time); upstream `drop-equivalent-buffer-results` only does this for
//! private functions.
//!
//! Before:
//! ```mlir
//! func.func @step(%x: memref<4xf32>, %cache: memref<?x4xf32>) -> (memref<4xf32>, memref<?x4xf32>) {
//!   …
//!   return %y, %cache : memref<4xf32>, memref<?x4xf32>
//! }
//! ```
//! After:
//! ```mlir
//! func.func @step(%x: memref<4xf32>, %cache: memref<?x4xf32>) -> memref<4xf32>
//!     attributes {kforge.result_arguments = array<i64: -1, 1>} {
//!   …
//!   return %y : memref<4xf32>
//! }
//! ```
use crate::rewrite::set_attribute;
use kforge_dialect::ir::{collect_ops, is_public, op_name, str_ref};
use mlir_sys::*;

/// Rewrites every public function under `root`.
#[allow(
    clippy::result_unit_err,
    reason = "the signature of every pass in the registry; the error is already emitted"
)]
pub fn drop_argument_results(
    root: MlirOperation,
    _options: &crate::registry::PassOptions,
) -> Result<(), ()> {
    for func in collect_ops(root, "func.func") {
        // SAFETY: live ops; edits keep the function and its terminator consistent.
        unsafe {
            if op_name(func) != "func.func" {
                continue;
            }
            if !is_public(func) {
                continue;
            }
            let body = mlirRegionGetFirstBlock(mlirOperationGetRegion(func, 0));
            if body.ptr.is_null() {
                continue;
            }
            let ret = mlirBlockGetTerminator(body);
            if ret.ptr.is_null() || op_name(ret) != "func.return" {
                continue;
            }
            let mut mapping = Vec::new();
            let mut kept = Vec::new();
            for i in 0..mlirOperationGetNumOperands(ret) {
                let v = mlirOperationGetOperand(ret, i);
                if mlirValueIsABlockArgument(v) && mlirBlockArgumentGetOwner(v).ptr == body.ptr {
                    mapping.push(mlirBlockArgumentGetArgNumber(v) as i64);
                } else {
                    mapping.push(-1);
                    kept.push(v);
                }
            }
            if kept.len() == mapping.len() {
                continue;
            }
            mlirOperationSetOperands(ret, kept.len() as isize, kept.as_ptr());
            let old = mlirTypeAttrGetValue(mlirOperationGetAttributeByName(
                func,
                str_ref("function_type"),
            ));
            let inputs: Vec<MlirType> = (0..mlirFunctionTypeGetNumInputs(old))
                .map(|i| mlirFunctionTypeGetInput(old, i))
                .collect();
            let results: Vec<MlirType> = kept.iter().map(|v| mlirValueGetType(*v)).collect();
            let context = mlirOperationGetContext(func);
            let new = mlirFunctionTypeGet(
                context,
                inputs.len() as isize,
                inputs.as_ptr(),
                results.len() as isize,
                results.as_ptr(),
            );
            mlirOperationSetAttributeByName(func, str_ref("function_type"), mlirTypeAttrGet(new));
            let attr = mlirDenseI64ArrayGet(context, mapping.len() as isize, mapping.as_ptr());
            set_attribute(func, "kforge.result_arguments", attr);
        }
    }
    Ok(())
}
