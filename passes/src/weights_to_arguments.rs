//! `--kforge-weights-to-arguments`: each `kforge.weight` becomes a function argument.
//!
//! **Matches** `kforge.weight` ops inside `func.func` bodies. **Emits** one
//! trailing argument per distinct weight name (a weight used twice, such as tied
//! embeddings, is one argument) and records the names, in argument order, in
//! the function attribute `kforge.weights`. The runtime binds memory-mapped
//! tensors to these arguments, so weights never enter the IR.
//!
//! Before:
//! ```mlir
//! func.func @f(%x: tensor<2x8xf32>) -> tensor<2x4xf32> {
//!   %w = "kforge.weight"() {name = "proj"} : () -> tensor<4x8xf32>
//!   %y = "kforge.linear"(%x, %w) : (tensor<2x8xf32>, tensor<4x8xf32>) -> tensor<2x4xf32>
//! ```
//! After:
//! ```mlir
//! func.func @f(%x: tensor<2x8xf32>, %w: tensor<4x8xf32>) -> tensor<2x4xf32> attributes {kforge.weights = ["proj"]} {
//!   %y = "kforge.linear"(%x, %w) : (tensor<2x8xf32>, tensor<4x8xf32>) -> tensor<2x4xf32>
//! ```
use crate::rewrite::{emit_error, parse_attribute, set_attribute};
use kforge_dialect::ir::{collect_ops, op_name};
use kforge_dialect::OpSignature;
use melior::ir::OperationRef;
use mlir_sys::*;

/// Rewrites every function under `root`.
pub fn weights_to_arguments(
    root: MlirOperation,
    _options: &crate::registry::PassOptions,
) -> Result<(), ()> {
    for func in collect_ops(root, "func.func") {
        if op_name(func) == "func.func" {
            rewrite_function(func)?;
        }
    }
    Ok(())
}

fn rewrite_function(func: MlirOperation) -> Result<(), ()> {
    let weights = collect_ops(func, "kforge.weight");
    if weights.is_empty() {
        return Ok(());
    }
    // SAFETY: `func` and its ops are live; each weight op is erased once after
    // its uses moved to the new argument.
    unsafe {
        let body = mlirRegionGetFirstBlock(mlirOperationGetRegion(func, 0));
        let mut names: Vec<String> = Vec::new();
        let mut args: Vec<MlirValue> = Vec::new();
        for w in weights {
            let sig = OpSignature::from_operation(&OperationRef::from_raw(w));
            let name = sig.str_attr("name").unwrap_or_default().to_string();
            let result = mlirOperationGetResult(w, 0);
            let ty = mlirValueGetType(result);
            let arg = match names.iter().position(|n| *n == name) {
                Some(i) => {
                    if !mlirTypeEqual(mlirValueGetType(args[i]), ty) {
                        emit_error(
                            w,
                            &format!("weight '{name}' is used with two different types"),
                        );
                        return Err(());
                    }
                    args[i]
                }
                None => {
                    let arg = mlirBlockAddArgument(body, ty, mlirOperationGetLocation(w));
                    names.push(name);
                    args.push(arg);
                    arg
                }
            };
            mlirValueReplaceAllUsesOfWith(result, arg);
            mlirOperationDestroy(w);
        }
        update_function_type(func, body)?;
        let list: Vec<String> = names.iter().map(|n| format!("{n:?}")).collect();
        let attr = parse_attribute(func, &format!("[{}]", list.join(", "))).ok_or(())?;
        set_attribute(func, "kforge.weights", attr);
    }
    Ok(())
}

/// Rebuilds `function_type` from the entry block's arguments.
unsafe fn update_function_type(func: MlirOperation, body: MlirBlock) -> Result<(), ()> {
    // SAFETY: guaranteed by the caller: live func and its entry block.
    unsafe {
        let name = "function_type";
        let key = MlirStringRef {
            data: name.as_ptr() as *const _,
            length: name.len(),
        };
        let old = mlirTypeAttrGetValue(mlirOperationGetAttributeByName(func, key));
        let inputs: Vec<MlirType> = (0..mlirBlockGetNumArguments(body))
            .map(|i| mlirValueGetType(mlirBlockGetArgument(body, i)))
            .collect();
        let results: Vec<MlirType> = (0..mlirFunctionTypeGetNumResults(old))
            .map(|i| mlirFunctionTypeGetResult(old, i))
            .collect();
        let new = mlirFunctionTypeGet(
            mlirOperationGetContext(func),
            inputs.len() as isize,
            inputs.as_ptr(),
            results.len() as isize,
            results.as_ptr(),
        );
        mlirOperationSetAttributeByName(func, key, mlirTypeAttrGet(new));
    }
    Ok(())
}
