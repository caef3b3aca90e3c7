//! `kforge.rms_norm` and `kforge.layer_norm` over the last dim.

use super::check;
use crate::error::{ExpectedRank, ReferenceError};
use crate::tensor::Tensor;

const RMS_NORM: &str = "kforge.rms_norm";
const LAYER_NORM: &str = "kforge.layer_norm";

/// `kforge.rms_norm`: `y = x / √(mean_D(x²) + ε) · w` for `x: [...,D]`, `w: [D]`.
pub fn rms_norm(x: &Tensor, w: &Tensor, epsilon: f32) -> Result<Tensor, ReferenceError> {
    let (xs, ws) = (
        check::f32_operand(RMS_NORM, 0, x)?,
        check::f32_operand(RMS_NORM, 1, w)?,
    );
    check::rank(RMS_NORM, 0, x, ExpectedRank::AtLeast(1))?;
    check::rank(RMS_NORM, 1, w, ExpectedRank::Exactly(1))?;
    check::dims_match(RMS_NORM, (1, w, 0), (0, x, x.rank() - 1))?;
    let out = map_rows(x, xs, |row, out| {
        let mean_square = row.iter().map(|&v| f64::from(v).powi(2)).sum::<f64>() / len(row);
        let inv_rms = 1.0 / (mean_square + f64::from(epsilon)).sqrt();
        for ((y, &v), &g) in out.iter_mut().zip(row).zip(ws) {
            *y = (f64::from(v) * inv_rms * f64::from(g)) as f32;
        }
    });
    Tensor::f32(x.shape(), out)
}

/// `kforge.layer_norm`: `y = (x − μ) / √(σ² + ε) · γ + β` over the last dim,
/// with the biased variance `σ² = mean_D((x − μ)²)`, for `x: [...,D]`,
/// `gamma: [D]`, `beta: [D]`.
pub fn layer_norm(
    x: &Tensor,
    gamma: &Tensor,
    beta: &Tensor,
    epsilon: f32,
) -> Result<Tensor, ReferenceError> {
    let op = LAYER_NORM;
    let xs = check::f32_operand(op, 0, x)?;
    let (gs, bs) = (
        check::f32_operand(op, 1, gamma)?,
        check::f32_operand(op, 2, beta)?,
    );
    check::rank(op, 0, x, ExpectedRank::AtLeast(1))?;
    check::rank(op, 1, gamma, ExpectedRank::Exactly(1))?;
    check::rank(op, 2, beta, ExpectedRank::Exactly(1))?;
    check::dims_match(op, (1, gamma, 0), (0, x, x.rank() - 1))?;
    check::dims_match(op, (2, beta, 0), (0, x, x.rank() - 1))?;
    let out = map_rows(x, xs, |row, out| {
        let mean = row.iter().map(|&v| f64::from(v)).sum::<f64>() / len(row);
        let variance = row
            .iter()
            .map(|&v| (f64::from(v) - mean).powi(2))
            .sum::<f64>()
            / len(row);
        let inv_std = 1.0 / (variance + f64::from(epsilon)).sqrt();
        for (((y, &v), &g), &b) in out.iter_mut().zip(row).zip(gs).zip(bs) {
            *y = ((f64::from(v) - mean) * inv_std * f64::from(g) + f64::from(b)) as f32;
        }
    });
    Tensor::f32(x.shape(), out)
}

/// Applies `f(row, out_row)` to every last-dim row of `x`.
fn map_rows(x: &Tensor, xs: &[f32], f: impl Fn(&[f32], &mut [f32])) -> Vec<f32> {
    let mut out = vec![0.0; xs.len()];
    let d = x.shape().last().copied().unwrap_or(1);
    if !out.is_empty() {
        for (row, out_row) in xs.chunks(d).zip(out.chunks_mut(d)) {
            f(row, out_row);
        }
    }
    out
}

/// The length of a row as an `f64` divisor.
fn len(row: &[f32]) -> f64 {
    row.len() as f64
}
