//! `kforge.softmax` along one axis.

use super::check;
use crate::error::ReferenceError;
use crate::tensor::Tensor;

const SOFTMAX: &str = "kforge.softmax";

/// `kforge.softmax`: `y_i = e^(x_i − max x) / Σ_j e^(x_j − max x)` along
/// `axis`, which counts from the end when negative (`-1` is the last dim).
pub fn softmax(x: &Tensor, axis: i64) -> Result<Tensor, ReferenceError> {
    let xs = check::f32_operand(SOFTMAX, 0, x)?;
    let axis = normalize_axis(SOFTMAX, axis, x.rank())?;
    let mut out = vec![0.0; xs.len()];
    if out.is_empty() {
        return Tensor::f32(x.shape(), out);
    }
    // View x as [outer, n, inner]: the softmax runs over the middle index.
    let n = x.shape()[axis];
    let inner: usize = x.shape()[axis + 1..].iter().product();
    let mut row = vec![0.0f64; n];
    for outer in 0..xs.len() / (n * inner) {
        for i in 0..inner {
            let at = |j: usize| outer * n * inner + j * inner + i;
            for (j, r) in row.iter_mut().enumerate() {
                *r = f64::from(xs[at(j)]);
            }
            softmax_in_place(&mut row);
            for (j, &r) in row.iter().enumerate() {
                out[at(j)] = r as f32;
            }
        }
    }
    Tensor::f32(x.shape(), out)
}

/// Softmax of `row` in place, shifted by its maximum for stability.
pub(super) fn softmax_in_place(row: &mut [f64]) {
    let max = row.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let mut sum = 0.0;
    for r in row.iter_mut() {
        *r = (*r - max).exp();
        sum += *r;
    }
    for r in row.iter_mut() {
        *r /= sum;
    }
}

/// `axis` as an index in `[0, rank)`, counting from the end when negative.
fn normalize_axis(op: &'static str, axis: i64, rank: usize) -> Result<usize, ReferenceError> {
    let signed_rank = i64::try_from(rank).unwrap_or(i64::MAX);
    let index = if axis < 0 { axis + signed_rank } else { axis };
    usize::try_from(index)
        .ok()
        .filter(|&i| i < rank)
        .ok_or(ReferenceError::Axis { op, axis, rank })
}
