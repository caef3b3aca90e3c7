//! Semantic verification of kforge ops: what IRDL cannot express.
//!
//! Each op family has a file with an `infer_*` function that computes the
//! result types from the operand types and attributes, or says what is wrong.
//! The verifier compares the inferred types with the declared ones; the
//! [`crate::builder`] uses the same functions to type the ops it creates.
//! Diagnostics follow MLIR's style: `'kforge.matmul' op` and a lowercase
//! message, expected vs actual in parentheses ([`VerifyError`]'s `Display`).
mod attention;
mod contraction;
mod data;
mod elementwise;
mod fused;
mod mlp;
mod norm;
mod operands;
mod projections;
mod weights;

use crate::ops::KforgeOp;
use crate::signature::OpSignature;
use crate::types::TensorType;
use melior::ir::{operation::OperationLike, Module};
use mlir_sys::{
    mlirBlockGetArgument, mlirBlockGetNumArguments, mlirEmitError, mlirOperationGetNumRegions,
    mlirOperationGetRegion, mlirRegionGetFirstBlock, mlirValueGetType, MlirOperation,
};
use std::ffi::CString;

pub(crate) use operands::Operands;

/// A semantic error in one op.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("'{op}' op {message}")]
pub struct VerifyError {
    /// Op name.
    pub op: String,
    /// What is wrong, expected vs actual.
    pub message: String,
}

impl VerifyError {
    pub(crate) fn new(op: &str, message: impl Into<String>) -> Self {
        Self {
            op: op.to_string(),
            message: message.into(),
        }
    }
}

/// Result types of a kforge op, inferred from its operands and attributes.
/// `kforge.weight` and `kforge.reshape` take their result type from the
/// declaration (checked for consistency).
pub fn infer_result_types(sig: &OpSignature) -> Result<Vec<TensorType>, VerifyError> {
    let ops = Operands::new(sig)?;
    let inferred = infer_family(sig, &ops)?;
    for (i, t) in inferred.iter().enumerate() {
        check_size(&sig.name, &format!("result #{i}"), t)?;
    }
    Ok(inferred)
}

/// The rules of `sig`'s op family.
fn infer_family(sig: &OpSignature, ops: &Operands) -> Result<Vec<TensorType>, VerifyError> {
    let Some(op) = KforgeOp::from_name(&sig.name) else {
        return Err(VerifyError::new(&sig.name, "is not a kforge op"));
    };
    match op {
        KforgeOp::Matmul => contraction::infer_matmul(ops),
        KforgeOp::BatchMatmul => contraction::infer_batch_matmul(ops),
        KforgeOp::Linear => contraction::infer_linear(ops),
        KforgeOp::FusedLinear => fused::infer_fused_linear(sig, ops),
        KforgeOp::MultiLinear => projections::infer_multi_linear(sig, ops),
        KforgeOp::SwigluLinear => projections::infer_swiglu_linear(sig, ops),
        KforgeOp::Add | KforgeOp::Mul => elementwise::infer_broadcast(ops),
        KforgeOp::Silu => elementwise::infer_unary(ops),
        KforgeOp::Gelu => elementwise::infer_gelu(ops),
        KforgeOp::Softmax => elementwise::infer_softmax(ops),
        KforgeOp::RmsNorm => norm::infer_rms_norm(ops),
        KforgeOp::LayerNorm => norm::infer_layer_norm(ops),
        KforgeOp::Rope => attention::infer_rope(ops),
        KforgeOp::Attention => attention::infer_attention(ops),
        KforgeOp::Mlp => mlp::infer_mlp(ops),
        KforgeOp::Embedding => data::infer_embedding(ops),
        KforgeOp::Weight => data::infer_weight(ops),
        KforgeOp::Reshape => data::infer_reshape(ops),
    }
}

/// Checks one op: operands are ranked tensors, the rules of its family hold,
/// and the declared result types match the inferred ones.
pub fn verify_signature(sig: &OpSignature) -> Result<(), VerifyError> {
    let inferred = infer_result_types(sig)?;
    if inferred.len() != sig.results.len() {
        return Err(VerifyError::new(
            &sig.name,
            format!(
                "expected {} result(s), got {}",
                inferred.len(),
                sig.results.len()
            ),
        ));
    }
    for (i, (declared, expected)) in sig.results.iter().zip(&inferred).enumerate() {
        match declared {
            Ok(declared) if declared.compatible(expected) => {
                check_size(&sig.name, &format!("result #{i}"), declared)?;
            }
            Ok(declared) => {
                return Err(VerifyError::new(
                    &sig.name,
                    format!(
                        "expected result #{i} type {expected} (from the operands), got {declared}"
                    ),
                ))
            }
            Err(text) => {
                return Err(VerifyError::new(
                    &sig.name,
                    operands::not_a_tensor(&format!("result #{i}"), text),
                ))
            }
        }
    }
    Ok(())
}

/// Checks that `value` (`operand #0`, `result #1`, `argument #2`) of type `t`
/// holds at most [`crate::types::MAX_TENSOR_BYTES`].
pub(crate) fn check_size(op: &str, value: &str, t: &TensorType) -> Result<(), VerifyError> {
    t.check_size()
        .map_err(|size| VerifyError::new(op, format!("expected {value} ({t}) {size}")))
}

/// Verifies every kforge op nested in `module`, reporting each error through
/// MLIR's diagnostics at the op's location. Returns the number of errors.
pub fn verify_module(module: &Module) -> usize {
    verify_operation(module.as_operation().to_raw())
}

/// [`verify_module`] for any operation (a pass's anchor).
pub fn verify_operation(root: MlirOperation) -> usize {
    let mut errors = 0;
    crate::ir::walk_raw(root, &mut |op| {
        // SAFETY: `op` is a live operation reached by the walk.
        let op_ref = unsafe { melior::ir::OperationRef::from_raw(op) };
        if let Err(e) = check_argument_sizes(op) {
            errors += 1;
            emit(&op_ref, &e);
        }
        let sig = OpSignature::from_operation(&op_ref);
        if !sig.name.starts_with("kforge.") {
            return;
        }
        // A panic must not unwind into MLIR's walk (that aborts the process).
        let outcome = std::panic::catch_unwind(|| verify_signature(&sig)).unwrap_or_else(|_| {
            Err(VerifyError::new(
                &sig.name,
                "internal error: the kforge verifier panicked on this op",
            ))
        });
        if let Err(e) = outcome {
            errors += 1;
            emit(&op_ref, &e);
        }
    });
    errors
}

/// Reports `e` at `op`'s location, in MLIR's own form (`'kforge.matmul' op expected …`).
fn emit(op: &melior::ir::OperationRef, e: &VerifyError) {
    let message = CString::new(e.to_string().replace('\0', "\\0")).unwrap_or_default();
    // SAFETY: location of a live op; the message is NUL-terminated.
    unsafe { mlirEmitError(op.location().to_raw(), message.as_ptr()) };
}

/// The tensor arguments of the entry blocks of `op`'s regions (a function's
/// arguments) hold at most [`crate::types::MAX_TENSOR_BYTES`] each: any op, so
/// that a function's inputs are checked even where no kforge op reads them.
fn check_argument_sizes(op: MlirOperation) -> Result<(), VerifyError> {
    // SAFETY: a live op; the accessors only read its regions' entry blocks.
    unsafe {
        for r in 0..mlirOperationGetNumRegions(op) {
            let block = mlirRegionGetFirstBlock(mlirOperationGetRegion(op, r));
            if block.ptr.is_null() {
                continue;
            }
            for i in 0..mlirBlockGetNumArguments(block) {
                let ty = mlirValueGetType(mlirBlockGetArgument(block, i));
                let Some(t) = TensorType::from_mlir(melior::ir::Type::from_raw(ty)) else {
                    continue;
                };
                if t.check_size().is_err() {
                    let name = crate::ir::op_name(op);
                    check_size(&name, &format!("argument #{i}"), &t)?;
                }
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests;
