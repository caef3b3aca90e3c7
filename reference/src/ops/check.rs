//! Operand checks shared by the op kernels; each returns the error an op reports.

use crate::error::{ExpectedRank, ReferenceError};
use crate::tensor::{checked_numel, ElementType, Tensor};

/// The `f32` elements of operand `operand` of `op`.
pub(super) fn f32_operand<'a>(
    op: &'static str,
    operand: usize,
    t: &'a Tensor,
) -> Result<&'a [f32], ReferenceError> {
    t.as_f32()
        .map_err(|_| element_type_error(op, operand, t, ElementType::F32))
}

/// The `i64` elements of operand `operand` of `op`.
pub(super) fn i64_operand<'a>(
    op: &'static str,
    operand: usize,
    t: &'a Tensor,
) -> Result<&'a [i64], ReferenceError> {
    t.as_i64()
        .map_err(|_| element_type_error(op, operand, t, ElementType::I64))
}

fn element_type_error(
    op: &'static str,
    operand: usize,
    t: &Tensor,
    expected: ElementType,
) -> ReferenceError {
    ReferenceError::OperandElementType {
        op,
        operand,
        expected,
        actual: t.element_type(),
    }
}

/// Fails unless operand `operand` of `op` has a rank admitted by `expected`.
pub(super) fn rank(
    op: &'static str,
    operand: usize,
    t: &Tensor,
    expected: ExpectedRank,
) -> Result<(), ReferenceError> {
    if expected.admits(t.rank()) {
        Ok(())
    } else {
        Err(ReferenceError::Rank {
            op,
            operand,
            expected,
            actual: t.rank(),
        })
    }
}

/// One dim of one operand: `(operand index, tensor, dim index)`.
pub(super) type Dim<'a> = (usize, &'a Tensor, usize);

/// Fails unless the two dims have the same size; the first is reported as the
/// one expected to match the second. The dim indices must be in range (the
/// caller checks ranks first).
pub(super) fn dims_match(
    op: &'static str,
    this: Dim<'_>,
    other: Dim<'_>,
) -> Result<(), ReferenceError> {
    let (operand, t, dim) = this;
    let (other_operand, other_t, other_dim) = other;
    let (size, other_size) = (t.shape()[dim], other_t.shape()[other_dim]);
    if size == other_size {
        return Ok(());
    }
    Err(ReferenceError::DimMismatch {
        op,
        operand,
        dim,
        size,
        other_operand,
        other_dim,
        other_size,
    })
}

/// Fails unless every dim of `this` matches the same dim of `other` (equal
/// ranks are checked by the caller).
pub(super) fn shapes_match(
    op: &'static str,
    this: (usize, &Tensor),
    other: (usize, &Tensor),
) -> Result<(), ReferenceError> {
    (0..this.1.rank()).try_for_each(|d| dims_match(op, (this.0, this.1, d), (other.0, other.1, d)))
}

/// The number of rows (the product of the leading dims) and the last dim of
/// a tensor of rank ≥ 1. `[R, 0]` has `R` rows of nothing.
pub(super) fn rows_and_last(t: &Tensor) -> Result<(usize, usize), ReferenceError> {
    let (last, leading) = t
        .shape()
        .split_last()
        .map_or((1, &[][..]), |(&l, lead)| (l, lead));
    Ok((output_len(leading)?, last))
}

/// The element count of a result shape, which (unlike an operand's) need not
/// fit in memory: `[2^40, 0] × [0, 2^40]` is a valid matmul.
pub(super) fn output_len(shape: &[usize]) -> Result<usize, ReferenceError> {
    checked_numel(shape).ok_or_else(|| ReferenceError::ShapeOverflow {
        shape: shape.to_vec(),
    })
}
