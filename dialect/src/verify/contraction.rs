//! `kforge.matmul`, `kforge.batch_matmul`, `kforge.linear`.
use super::weights;
use super::Operands;
use super::VerifyError;
use crate::types::TensorType;
use kforge_abi::weight_format::WeightFormat;

/// `[M,K] x [K,N] -> [M,N]`.
pub(crate) fn infer_matmul(ops: &Operands) -> Result<Vec<TensorType>, VerifyError> {
    ops.expect_count(&[2])?;
    let a = ops.float(0, &[2])?;
    let b = ops.float(1, &[2])?;
    ops.same_element(&[0, 1])?;
    ops.same_dim(0, 1, 1, 0)?;
    Ok(vec![TensorType {
        shape: vec![a.shape[0], b.shape[1]],
        element: a.element,
    }])
}

/// `[B,M,K] x [B,K,N] -> [B,M,N]`.
pub(crate) fn infer_batch_matmul(ops: &Operands) -> Result<Vec<TensorType>, VerifyError> {
    ops.expect_count(&[2])?;
    let a = ops.float(0, &[3])?;
    let b = ops.float(1, &[3])?;
    ops.same_element(&[0, 1])?;
    let batch = ops.same_dim(0, 0, 1, 0)?;
    ops.same_dim(0, 2, 1, 1)?;
    Ok(vec![TensorType {
        shape: vec![batch, a.shape[1], b.shape[2]],
        element: a.element,
    }])
}

/// `x: [...,K]`, `w: [N,K]` (or its stored-format bytes, see
/// [`super::weights`]), optional `bias: [N]` -> `[...,N]`.
pub(crate) fn infer_linear(ops: &Operands) -> Result<Vec<TensorType>, VerifyError> {
    ops.expect_count(&[2, 3])?;
    let x = ops.float(0, &[1, 2, 3])?;
    let format = weights::format(ops)?;
    let k = *x.shape.last().expect("rank >= 1");
    let mut out_dim = weights::weight_rows(ops, format, 1, k, x.element)?;
    if format != WeightFormat::F32 {
        if ops.count() == 3 {
            return Err(ops.err(format!("expected no bias with a {format} weight")));
        }
    } else if ops.count() == 3 {
        ops.float(2, &[1])?;
        out_dim = ops.same_dim(1, 0, 2, 0)?;
        ops.same_element(&[0, 1, 2])?;
    } else {
        ops.same_element(&[0, 1])?;
    }
    let mut shape = x.shape.clone();
    *shape.last_mut().expect("rank >= 1") = out_dim;
    Ok(vec![TensorType {
        shape,
        element: x.element,
    }])
}
