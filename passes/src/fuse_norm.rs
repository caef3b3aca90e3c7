//! `--kforge-fuse-norm`: an RMSNorm whose result only feeds projections →
//! the norm computed in the projections' prologue.
//!
//! **Matches** a `kforge.rms_norm` whose every use is the input (operand #0)
//! of a projection without a prologue: a bias-free `kforge.linear`, a
//! `kforge.multi_linear` or a `kforge.swiglu_linear`. Run after
//! `--kforge-fuse-projections` and `--kforge-fuse-swiglu`, this is the
//! decoder's input norm before q/k/v, its norm before the MLP and the final
//! norm before the LM head.
//! **Does not fuse** a norm with any other user (the residual stream, an
//! add, a linear with a bias, a use as a weight), or a `kforge.layer_norm`
//! (its prologue would need the mean and a bias too; not done).
//! **Emits** for each user the same op with the norm operand and `epsilon`
//! (a `kforge.linear` becomes a one-weight `kforge.multi_linear`), then erases
//! the norm. The microkernels compute each row's `1/√(mean(x²)+ε)` once per
//! call and scale the rows into a small per-task scratch (`M×K` floats; one
//! 2.3 KB row at decode) as they run: no normalized tensor is written to or
//! read back from memory, and the norm's own loop nests disappear.
//!
//! Before:
//! ```mlir
//! %n = "kforge.rms_norm"(%x, %g) {epsilon = 1.0e-05 : f32} : (tensor<1x576xf32>, tensor<576xf32>) -> tensor<1x576xf32>
//! %y = "kforge.swiglu_linear"(%n, %wg, %wu) {operandSegmentSizes = array<i32: 1, 0, 1, 1>} : … -> tensor<1x1536xf32>
//! ```
//! After:
//! ```mlir
//! %y = "kforge.swiglu_linear"(%x, %g, %wg, %wu) {epsilon = 1.0e-05 : f32,
//!        operandSegmentSizes = array<i32: 1, 1, 1, 1>} : … -> tensor<1x1536xf32>
//! ```
use crate::fusion_ir::{
    create_before, operand, operand_count, replace_and_erase, result, type_of, users,
    weight_format_attr,
};
use crate::rewrite::emit_error;
use kforge_dialect::ir::{attribute, collect_ops, op_name};
use kforge_dialect::projections::{
    multi_linear_operand_segments, multi_linear_result_segments, swiglu_linear_operand_segments,
    ProjectionLayout,
};
use kforge_dialect::OpSignature;
use melior::ir::OperationRef;
use mlir_sys::*;

/// A norm and the projections it feeds.
#[derive(Debug)]
pub struct NormedProjections {
    /// The `kforge.rms_norm`.
    pub norm: MlirOperation,
    /// Its users, each a projection without a prologue reading it as input.
    pub users: Vec<MlirOperation>,
}

/// The projections fed only by `norm`, if every use of it can take the prologue.
pub fn match_norm(norm: MlirOperation) -> Option<NormedProjections> {
    if op_name(norm) != "kforge.rms_norm" || attribute(norm, "epsilon").is_none() {
        return None;
    }
    let value = result(norm, 0);
    let users = users(value);
    let fusable = |user: &MlirOperation| {
        // SAFETY: live op and value.
        let is_input = unsafe { mlirValueEqual(operand(*user, 0), value) };
        let reads_once = (0..operand_count(*user))
            .filter(|i| unsafe { mlirValueEqual(operand(*user, *i), value) })
            .count()
            == 1;
        is_input && reads_once && takes_prologue(*user)
    };
    (!users.is_empty() && users.iter().all(fusable)).then_some(NormedProjections { norm, users })
}

/// Whether `op` is a projection without a prologue.
fn takes_prologue(op: MlirOperation) -> bool {
    match op_name(op).as_str() {
        "kforge.linear" => operand_count(op) == 2,
        "kforge.multi_linear" | "kforge.swiglu_linear" => {
            // SAFETY: a live op.
            let sig = OpSignature::from_operation(&unsafe { OperationRef::from_raw(op) });
            ProjectionLayout::of(&sig).is_ok_and(|l| !l.has_norm)
        }
        _ => false,
    }
}

/// Moves `matched.norm` into each of its users and erases it.
pub fn rewrite_norm(matched: &NormedProjections) -> Result<(), String> {
    let (x, gamma) = (operand(matched.norm, 0), operand(matched.norm, 1));
    let epsilon = attribute(matched.norm, "epsilon").ok_or("internal error: no epsilon")?;
    // SAFETY: a live attribute.
    let epsilon = unsafe { melior::ir::Attribute::from_raw(epsilon) }.to_string();
    for user in &matched.users {
        let name = op_name(*user);
        let weights: Vec<MlirValue> = (1..operand_count(*user))
            .map(|i| operand(*user, i))
            .collect();
        let results: Vec<MlirType> = (0..unsafe { mlirOperationGetNumResults(*user) } as usize)
            .map(|i| type_of(result(*user, i)))
            .collect();
        let mut operands = vec![x, gamma];
        operands.extend(&weights);
        let mut attributes = vec![("epsilon", epsilon.clone())];
        attributes.extend(weight_format_attr(*user));
        let fused_name = if name == "kforge.swiglu_linear" {
            attributes.push(("operandSegmentSizes", swiglu_linear_operand_segments(true)));
            "kforge.swiglu_linear"
        } else {
            attributes.push((
                "operandSegmentSizes",
                multi_linear_operand_segments(true, weights.len()),
            ));
            attributes.push((
                "resultSegmentSizes",
                multi_linear_result_segments(weights.len()),
            ));
            "kforge.multi_linear"
        };
        let fused = create_before(*user, fused_name, &operands, &results, &attributes)?;
        let replacements: Vec<MlirValue> = (0..results.len()).map(|i| result(fused, i)).collect();
        replace_and_erase(*user, &replacements);
    }
    replace_and_erase(matched.norm, &[]);
    Ok(())
}

/// Fuses every matched norm under `root`.
#[allow(
    clippy::result_unit_err,
    reason = "the signature of every pass in the registry; the error is already emitted"
)]
pub fn fuse_norm(root: MlirOperation, _options: &crate::registry::PassOptions) -> Result<(), ()> {
    for norm in collect_ops(root, "kforge.rms_norm") {
        let Some(matched) = match_norm(norm) else {
            continue;
        };
        if let Err(message) = rewrite_norm(&matched) {
            emit_error(norm, &format!("kforge-fuse-norm: {message}"));
            return Err(());
        }
    }
    Ok(())
}
