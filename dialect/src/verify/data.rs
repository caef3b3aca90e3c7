//! `kforge.embedding`, `kforge.weight`, `kforge.reshape`.
use super::weights;
use super::Operands;
use super::VerifyError;
use crate::types::{Dim, ElementType, TensorType};
use kforge_abi::weight_format::WeightFormat;

/// `ids: [S]` integers, `table: [V,D]` (or its stored-format bytes, see
/// [`super::weights`]; the result is then f32) -> `[S,D]`.
pub(crate) fn infer_embedding(ops: &Operands) -> Result<Vec<TensorType>, VerifyError> {
    ops.expect_count(&[2])?;
    let ids = ops.integer(0, &[1])?;
    let format = weights::format(ops)?;
    if format != WeightFormat::F32 {
        let d = weights::stored_row_len(ops, format, 1);
        let v = weights::weight_rows(ops, format, 1, d, ElementType::F32)?;
        if v == Dim::Static(0) {
            return Err(ops.err(
                "expected a non-empty table (operand #1 dim 0 is 0): ids are clamped to [0, V)",
            ));
        }
        return Ok(vec![TensorType {
            shape: vec![ids.shape[0], d],
            element: ElementType::F32,
        }]);
    }
    let table = ops.float(1, &[2])?;
    if table.shape[0] == Dim::Static(0) {
        return Err(ops
            .err("expected a non-empty table (operand #1 dim 0 is 0): ids are clamped to [0, V)"));
    }
    Ok(vec![TensorType {
        shape: vec![ids.shape[0], table.shape[1]],
        element: table.element,
    }])
}

/// No operands; a static result and a non-empty name.
pub(crate) fn infer_weight(ops: &Operands) -> Result<Vec<TensorType>, VerifyError> {
    ops.expect_count(&[0])?;
    if ops.str_attr("name")?.is_empty() {
        return Err(ops.err("expected a non-empty 'name'"));
    }
    let result = ops.declared_result(0)?;
    if result.static_shape().is_none() {
        return Err(ops.err(format!("expected a static result shape, got {result}")));
    }
    Ok(vec![result.clone()])
}

/// A static result with the operand's element type and element count.
pub(crate) fn infer_reshape(ops: &Operands) -> Result<Vec<TensorType>, VerifyError> {
    ops.expect_count(&[1])?;
    let x = ops.get(0);
    let result = ops.declared_result(0)?;
    if x.static_shape().is_none() || result.static_shape().is_none() {
        return infer_dynamic_reshape(ops, x, result);
    }
    let count = |t: &TensorType, what: &str| {
        t.num_elements().ok_or_else(|| {
            ops.err(format!(
                "expected the element count of the {what} ({t}) to fit in 64 bits"
            ))
        })
    };
    let n_in = count(x, "operand")?;
    let n_out = count(result, "result")?;
    if n_in != n_out || x.element != result.element {
        return Err(ops.err(format!(
            "expected the result to hold the operand's {n_in} elements of {}, got {result}",
            x.element
        )));
    }
    Ok(vec![result.clone()])
}

/// A reshape with a dynamic leading dim (a sequence length): `[?, a…] → [?, b…]`
/// with every other dim static and `Π a = Π b`, so the dynamic dim maps to itself.
fn infer_dynamic_reshape(
    ops: &Operands,
    x: &TensorType,
    result: &TensorType,
) -> Result<Vec<TensorType>, VerifyError> {
    use crate::types::Dim;
    let leading_only = |t: &TensorType| {
        t.rank() >= 1
            && t.shape[0] == Dim::Dynamic
            && t.shape[1..].iter().all(|d| d.size().is_some())
    };
    if !leading_only(x) || !leading_only(result) {
        return Err(ops.err(format!(
            "expected static shapes, or a dynamic leading dim only (kept as is), got {x} -> {result}"
        )));
    }
    let tail = |t: &TensorType| {
        t.shape[1..]
            .iter()
            .try_fold(1u64, |acc, d| acc.checked_mul(d.size().unwrap_or(0)))
    };
    if tail(x) != tail(result) || tail(x).is_none() || x.element != result.element {
        return Err(ops.err(format!(
            "expected the result's trailing dims to hold the operand's ({x} -> {result})"
        )));
    }
    Ok(vec![result.clone()])
}
