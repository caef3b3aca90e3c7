//! `kforge.linear`, and the row-times-weight kernel `kforge.mlp` reuses.

use rayon::prelude::*;

use super::check;
use crate::error::{ExpectedRank, ReferenceError};
use crate::tensor::Tensor;

const LINEAR: &str = "kforge.linear";

/// Output features one task computes; small dot products are not worth a task each.
const MIN_FEATURES_PER_TASK: usize = 64;

/// `kforge.linear`: `y[...,n] = Σ_k x[...,k]·w[n,k] (+ bias[n])` for
/// `x: [...,K]` of rank 1 to 3, `w: [N,K]` and an optional `bias: [N]`.
pub fn linear(x: &Tensor, w: &Tensor, bias: Option<&Tensor>) -> Result<Tensor, ReferenceError> {
    let xs = check::f32_operand(LINEAR, 0, x)?;
    let ws = check::f32_operand(LINEAR, 1, w)?;
    check::rank(LINEAR, 0, x, ExpectedRank::Between(1, 3))?;
    check::rank(LINEAR, 1, w, ExpectedRank::Exactly(2))?;
    check::dims_match(LINEAR, (1, w, 1), (0, x, x.rank() - 1))?;
    let bs = match bias {
        Some(b) => {
            let bs = check::f32_operand(LINEAR, 2, b)?;
            check::rank(LINEAR, 2, b, ExpectedRank::Exactly(1))?;
            check::dims_match(LINEAR, (2, b, 0), (1, w, 0))?;
            Some(bs)
        }
        None => None,
    };
    let (rows, k) = check::rows_and_last(x)?;
    let n = w.shape()[0];
    check::output_len(&[rows, n])?;
    let mut shape = x.shape().to_vec();
    shape.pop();
    shape.push(n);
    Tensor::f32(shape, linear_rows(xs, rows, k, ws, n, bs))
}

/// `y[r,n] = Σ_k x[r,k]·w[n,k] (+ bias[n])` with `f64` accumulation, for
/// row-major `x: [rows,K]`, `w: [N,K]`; parallel over rows and features.
/// The caller checks that `rows·N` fits in `usize`.
pub(super) fn linear_rows(
    x: &[f32],
    rows: usize,
    k: usize,
    w: &[f32],
    n: usize,
    bias: Option<&[f32]>,
) -> Vec<f32> {
    let mut out = vec![0.0; rows * n];
    if out.is_empty() {
        return out;
    }
    out.par_chunks_mut(n).enumerate().for_each(|(r, out_row)| {
        let x_row = &x[r * k..(r + 1) * k];
        out_row
            .par_iter_mut()
            .enumerate()
            .with_min_len(MIN_FEATURES_PER_TASK)
            .for_each(|(j, y)| {
                let b = bias.map_or(0.0, |b| f64::from(b[j]));
                *y = (dot(x_row, &w[j * k..(j + 1) * k]) + b) as f32;
            });
    });
    out
}

/// `Σ_i a[i]·b[i]` in `f64`, over slices of equal length. Eight independent
/// partial sums let the compiler vectorize what a single running sum cannot.
pub(super) fn dot(a: &[f32], b: &[f32]) -> f64 {
    const LANES: usize = 8;
    let mut partial = [0.0f64; LANES];
    let (a_chunks, b_chunks) = (a.chunks_exact(LANES), b.chunks_exact(LANES));
    let tail: f64 = a_chunks
        .remainder()
        .iter()
        .zip(b_chunks.remainder())
        .map(|(&x, &y)| f64::from(x) * f64::from(y))
        .sum();
    for (x, y) in a_chunks.zip(b_chunks) {
        for ((p, &x), &y) in partial.iter_mut().zip(x).zip(y) {
            *p += f64::from(x) * f64::from(y);
        }
    }
    partial.iter().sum::<f64>() + tail
}
