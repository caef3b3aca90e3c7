//! `kforge.add`, `kforge.mul` (broadcasting), `kforge.silu`, `kforge.gelu`, `kforge.softmax`.
use super::Operands;
use super::VerifyError;
use crate::types::{Dim, TensorType};

/// numpy broadcasting of two operands.
pub(crate) fn infer_broadcast(ops: &Operands) -> Result<Vec<TensorType>, VerifyError> {
    ops.expect_count(&[2])?;
    let a = ops.float(0, &[])?;
    let b = ops.float(1, &[])?;
    ops.same_element(&[0, 1])?;
    let shape = broadcast_shapes(&a.shape, &b.shape).ok_or_else(|| {
        ops.err(format!(
            "expected broadcast-compatible shapes, got {a} and {b}"
        ))
    })?;
    Ok(vec![TensorType {
        shape,
        element: a.element,
    }])
}

/// The broadcast of two shapes (aligned at the trailing dim), if they are compatible.
pub fn broadcast_shapes(a: &[Dim], b: &[Dim]) -> Option<Vec<Dim>> {
    let rank = a.len().max(b.len());
    let mut out = vec![Dim::Static(1); rank];
    for (i, slot) in out.iter_mut().enumerate() {
        let da = dim_from_end(a, rank - 1 - i);
        let db = dim_from_end(b, rank - 1 - i);
        *slot = match (da, db) {
            (Dim::Static(1), d) | (d, Dim::Static(1)) => d,
            (Dim::Static(x), Dim::Static(y)) if x == y => Dim::Static(x),
            (Dim::Static(_), Dim::Static(_)) => return None,
            // A dynamic dim must be equal at run time (kforge does not broadcast `?`).
            (Dim::Dynamic, d) | (d, Dim::Dynamic) => d,
        };
    }
    Some(out)
}

fn dim_from_end(shape: &[Dim], from_end: usize) -> Dim {
    if from_end < shape.len() {
        shape[shape.len() - 1 - from_end]
    } else {
        Dim::Static(1)
    }
}

/// One float operand, result of the same type.
pub(crate) fn infer_unary(ops: &Operands) -> Result<Vec<TensorType>, VerifyError> {
    ops.expect_count(&[1])?;
    Ok(vec![ops.float(0, &[])?.clone()])
}

/// `approximate` is `"tanh"` or `"none"`.
pub(crate) fn infer_gelu(ops: &Operands) -> Result<Vec<TensorType>, VerifyError> {
    let approximate = ops.str_attr("approximate")?;
    if approximate != "tanh" && approximate != "none" {
        return Err(ops.err(format!(
            "expected 'approximate' to be \"tanh\" or \"none\", got \"{approximate}\""
        )));
    }
    infer_unary(ops)
}

/// `axis` within `[-rank, rank)`.
pub(crate) fn infer_softmax(ops: &Operands) -> Result<Vec<TensorType>, VerifyError> {
    let result = infer_unary(ops)?;
    let rank = ops.get(0).rank() as i64;
    let axis = ops.int_attr("axis")?;
    if rank == 0 || axis < -rank || axis >= rank {
        return Err(ops.err(format!(
            "expected 'axis' ({axis}) to be within [-{rank}, {rank})"
        )));
    }
    Ok(result)
}
