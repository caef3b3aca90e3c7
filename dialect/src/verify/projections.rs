//! `kforge.multi_linear` and `kforge.swiglu_linear`: projections of one
//! input, with an optional RMSNorm prologue.
use super::{weights, Operands, VerifyError};
use crate::projections::{segment_sizes, ProjectionLayout, MAX_PROJECTIONS};
use crate::signature::OpSignature;
use crate::types::TensorType;
use kforge_abi::weight_format::WeightFormat;

/// `x: [...,K]` (rank 1–3), optional `norm: [K]` (then `epsilon`), weights
/// `w_i: [N_i,K]` → `y_i: [...,N_i]`, one result per weight (its
/// `resultSegmentSizes` matching).
pub(crate) fn infer_multi_linear(
    sig: &OpSignature,
    ops: &Operands,
) -> Result<Vec<TensorType>, VerifyError> {
    let layout = layout(sig, ops)?;
    if layout.weights == 0 {
        return Err(ops.err("expected at least one weight, got 0"));
    }
    let want: Vec<i64> = (0..MAX_PROJECTIONS)
        .map(|i| (i < layout.weights) as i64)
        .collect();
    let results = segment_sizes(sig, "resultSegmentSizes");
    if results.as_ref() != Some(&want) {
        return Err(ops.err(format!(
            "expected 'resultSegmentSizes' {want:?} (one result per weight), got {results:?}"
        )));
    }
    (0..layout.weights)
        .map(|i| projection(ops, layout.first_weight() + i))
        .collect()
}

/// `x`, optional `norm`, `w_gate: [F,K]`, `w_up: [F,K]` → `[...,F]`.
pub(crate) fn infer_swiglu_linear(
    sig: &OpSignature,
    ops: &Operands,
) -> Result<Vec<TensorType>, VerifyError> {
    let layout = layout(sig, ops)?;
    if layout.weights != 2 {
        return Err(ops.err(format!(
            "expected 2 weights (gate, up), got {}",
            layout.weights
        )));
    }
    let gate = layout.first_weight();
    let y = projection(ops, gate)?;
    let up = projection(ops, gate + 1)?;
    if !y.compatible(&up) {
        return Err(ops.err(format!(
            "expected the up projection ({up}) to match the gate projection ({y})"
        )));
    }
    Ok(vec![y])
}

/// The layout, the input and the norm prologue checked.
fn layout(sig: &OpSignature, ops: &Operands) -> Result<ProjectionLayout, VerifyError> {
    let layout = ProjectionLayout::of(sig).map_err(|m| ops.err(m))?;
    let x = ops.float(0, &[1, 2, 3])?;
    let epsilon = sig.attributes.contains_key("epsilon");
    match (layout.has_norm, epsilon) {
        (true, true) => {
            ops.float(1, &[1])?;
            ops.same_dim(0, x.rank() - 1, 1, 0)?;
            ops.same_element(&[0, 1])?;
            ops.finite_float_attr("epsilon", x.element)?;
        }
        (true, false) => return Err(ops.err("expected attribute 'epsilon' with a norm operand")),
        (false, true) => {
            return Err(ops.err("expected no attribute 'epsilon' without a norm operand"))
        }
        (false, false) => {}
    }
    Ok(layout)
}

/// The result of `x·w_iᵀ` for the weight at operand `i` (every weight of
/// the op in the op's `weight_format`, see [`super::weights`]).
fn projection(ops: &Operands, i: usize) -> Result<TensorType, VerifyError> {
    let x = ops.get(0).clone();
    let format = weights::format(ops)?;
    let k = *x.shape.last().expect("rank >= 1");
    let n = weights::weight_rows(ops, format, i, k, x.element)?;
    if format == WeightFormat::F32 {
        ops.same_element(&[0, i])?;
    }
    let mut shape = x.shape.clone();
    *shape.last_mut().expect("rank >= 1") = n;
    Ok(TensorType {
        shape,
        element: x.element,
    })
}
