//! `kforge.rms_norm`, `kforge.layer_norm`.
use super::operands::last;
use super::Operands;
use super::VerifyError;
use crate::types::TensorType;

/// `epsilon` is finite, non-negative, and finite in the element type (the
/// lowering adds it in that type).
fn check_epsilon(ops: &Operands) -> Result<(), VerifyError> {
    let eps = ops.float_attr("epsilon")?;
    if !(eps >= 0.0 && eps.is_finite()) {
        return Err(ops.err(format!(
            "expected 'epsilon' ({eps}) to be finite and non-negative"
        )));
    }
    ops.finite_float_attr("epsilon", ops.get(0).element)?;
    Ok(())
}

/// `x: [...,D]`, `w: [D]`.
pub(crate) fn infer_rms_norm(ops: &Operands) -> Result<Vec<TensorType>, VerifyError> {
    ops.expect_count(&[2])?;
    let x = ops.float(0, &[1, 2, 3, 4])?;
    ops.float(1, &[1])?;
    ops.same_element(&[0, 1])?;
    ops.same_dim(0, x.rank() - 1, 1, 0)?;
    check_epsilon(ops)?;
    let _ = last(x);
    Ok(vec![x.clone()])
}

/// `x: [...,D]`, `gamma: [D]`, `beta: [D]`.
pub(crate) fn infer_layer_norm(ops: &Operands) -> Result<Vec<TensorType>, VerifyError> {
    ops.expect_count(&[3])?;
    let x = ops.float(0, &[1, 2, 3, 4])?;
    ops.float(1, &[1])?;
    ops.float(2, &[1])?;
    ops.same_element(&[0, 1, 2])?;
    ops.same_dim(0, x.rank() - 1, 1, 0)?;
    ops.same_dim(0, x.rank() - 1, 2, 0)?;
    check_epsilon(ops)?;
    Ok(vec![x.clone()])
}
