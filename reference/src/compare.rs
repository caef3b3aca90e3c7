//! Element-wise comparison of a computed tensor against a reference tensor.
//!
//! In every helper `actual` is the tensor under test (a compiled kernel's
//! output) and `expected` is the reference; both must be `f32` tensors of the
//! same shape. A NaN in either tensor makes the comparison fail: the maximum
//! errors are NaN and [`allclose`] is `false`. Equal infinities compare equal.

use super::error::ReferenceError;
use super::tensor::Tensor;

/// The largest `|actual_i − expected_i|`, computed in `f64`; `0` for empty
/// tensors, NaN if any element is NaN.
pub fn max_abs_diff(actual: &Tensor, expected: &Tensor) -> Result<f64, ReferenceError> {
    let (a, e) = paired_f32(actual, expected)?;
    Ok(nan_max(a.iter().zip(e).map(|(&a, &e)| abs_diff(a, e))))
}

/// The normwise relative error
/// `max_i |actual_i − expected_i| / max(max_i |expected_i|, f32::MIN_POSITIVE)`.
///
/// Dividing by the largest reference magnitude (not element by element) keeps
/// near-zero reference elements from blowing the error up; the floor only
/// guards an all-zero reference.
pub fn max_rel_error(actual: &Tensor, expected: &Tensor) -> Result<f64, ReferenceError> {
    let (a, e) = paired_f32(actual, expected)?;
    Ok(max_rel_error_f32(a, e))
}

/// [`max_rel_error`] of plain `f32` slices: infinite when the lengths differ.
pub fn max_rel_error_f32(actual: &[f32], expected: &[f32]) -> f64 {
    if actual.len() != expected.len() {
        return f64::INFINITY;
    }
    let diff = nan_max(actual.iter().zip(expected).map(|(&a, &e)| abs_diff(a, e)));
    let scale = nan_max(expected.iter().map(|&e| f64::from(e.abs())));
    diff / scale.max(f64::from(f32::MIN_POSITIVE))
}

/// Whether `|actual_i − expected_i| ≤ atol + rtol·|expected_i|` for every
/// element (numpy's `allclose` with the reference as `b`, NaN never close).
pub fn allclose(
    actual: &Tensor,
    expected: &Tensor,
    rtol: f64,
    atol: f64,
) -> Result<bool, ReferenceError> {
    let (a, e) = paired_f32(actual, expected)?;
    Ok(a.iter()
        .zip(e)
        .all(|(&a, &e)| a == e || abs_diff(a, e) <= atol + rtol * f64::from(e.abs())))
}

fn paired_f32<'a>(
    actual: &'a Tensor,
    expected: &'a Tensor,
) -> Result<(&'a [f32], &'a [f32]), ReferenceError> {
    if actual.shape() != expected.shape() {
        return Err(ReferenceError::CompareShape {
            actual: actual.shape().to_vec(),
            expected: expected.shape().to_vec(),
        });
    }
    Ok((actual.as_f32()?, expected.as_f32()?))
}

/// `|a − b|` in `f64`, `0` for equal values (so equal infinities match).
fn abs_diff(a: f32, b: f32) -> f64 {
    if a == b {
        0.0
    } else {
        (f64::from(a) - f64::from(b)).abs()
    }
}

/// The maximum of non-negative values, NaN if any is NaN (`f64::max` would
/// silently drop it).
fn nan_max(values: impl Iterator<Item = f64>) -> f64 {
    values.fold(0.0, |m, v| if v.is_nan() || v > m { v } else { m })
}
