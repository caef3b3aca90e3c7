//! `kforge.reshape`: a row-major reinterpretation.

use crate::error::ReferenceError;
use crate::tensor::{checked_numel, Tensor};

const RESHAPE: &str = "kforge.reshape";

/// `kforge.reshape`: the elements of `x` in row-major order under `shape`,
/// which must hold the same number of elements. Works for `f32` and `i64`.
pub fn reshape(x: &Tensor, shape: &[usize]) -> Result<Tensor, ReferenceError> {
    let to_numel = checked_numel(shape).ok_or_else(|| ReferenceError::ShapeOverflow {
        shape: shape.to_vec(),
    })?;
    if to_numel != x.numel() {
        return Err(ReferenceError::ReshapeCount {
            op: RESHAPE,
            from: x.shape().to_vec(),
            from_numel: x.numel(),
            to: shape.to_vec(),
            to_numel,
        });
    }
    Tensor::new(shape, x.data().clone())
}
