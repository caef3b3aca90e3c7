//! `kforge.embedding`, `kforge.weight`, `kforge.reshape`.
use super::Operands;
use super::VerifyError;
use crate::types::{Dim, TensorType};

/// `ids: [S]` integers, `table: [V,D]` -> `[S,D]`.
pub(crate) fn infer_embedding(ops: &Operands) -> Result<Vec<TensorType>, VerifyError> {
    ops.expect_count(&[2])?;
    let ids = ops.integer(0, &[1])?;
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
        return Err(ops.err(format!("expected static shapes, got {x} -> {result}")));
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
