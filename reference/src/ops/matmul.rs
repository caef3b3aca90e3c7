//! `kforge.matmul` and `kforge.batch_matmul`.

use rayon::prelude::*;

use super::check;
use crate::error::{ExpectedRank, ReferenceError};
use crate::tensor::Tensor;

const MATMUL: &str = "kforge.matmul";
const BATCH_MATMUL: &str = "kforge.batch_matmul";

/// Output columns one task accumulates; wide enough to stream rows of `b`.
const COLUMN_BLOCK: usize = 512;

/// `kforge.matmul`: `y[m,n] = Σ_k a[m,k]·b[k,n]` for `a: [M,K]`, `b: [K,N]`.
pub fn matmul(a: &Tensor, b: &Tensor) -> Result<Tensor, ReferenceError> {
    let (x, y) = (
        check::f32_operand(MATMUL, 0, a)?,
        check::f32_operand(MATMUL, 1, b)?,
    );
    check::rank(MATMUL, 0, a, ExpectedRank::Exactly(2))?;
    check::rank(MATMUL, 1, b, ExpectedRank::Exactly(2))?;
    check::dims_match(MATMUL, (1, b, 0), (0, a, 1))?;
    let (m, k, n) = (a.shape()[0], a.shape()[1], b.shape()[1]);
    let mut out = vec![0.0; check::output_len(&[m, n])?];
    matmul_into(x, y, k, n, &mut out);
    Tensor::f32([m, n], out)
}

/// `kforge.batch_matmul`: `y[b,m,n] = Σ_k a[b,m,k]·b[b,k,n]` for
/// `a: [B,M,K]`, `b: [B,K,N]`.
pub fn batch_matmul(a: &Tensor, b: &Tensor) -> Result<Tensor, ReferenceError> {
    let op = BATCH_MATMUL;
    let (x, y) = (check::f32_operand(op, 0, a)?, check::f32_operand(op, 1, b)?);
    check::rank(op, 0, a, ExpectedRank::Exactly(3))?;
    check::rank(op, 1, b, ExpectedRank::Exactly(3))?;
    check::dims_match(op, (1, b, 0), (0, a, 0))?;
    check::dims_match(op, (1, b, 1), (0, a, 2))?;
    let (batch, m, k, n) = (a.shape()[0], a.shape()[1], a.shape()[2], b.shape()[2]);
    let mut out = vec![0.0; check::output_len(&[batch, m, n])?];
    if !out.is_empty() {
        let (a_len, b_len) = (m * k, k * n);
        for (i, out) in out.chunks_mut(m * n).enumerate() {
            let (a_i, b_i) = (
                &x[i * a_len..(i + 1) * a_len],
                &y[i * b_len..(i + 1) * b_len],
            );
            matmul_into(a_i, b_i, k, n, out);
        }
    }
    Tensor::f32([batch, m, n], out)
}

/// `out[m,n] = Σ_k a[m,k]·b[k,n]` with `f64` accumulation, for row-major
/// `a: [M,K]`, `b: [K,N]` and `out: [M,N]` (zero-filled by the caller).
/// Parallel over output rows and over blocks of output columns, so a single
/// row times a wide matrix (a decode step's LM head) still uses every core.
fn matmul_into(a: &[f32], b: &[f32], k: usize, n: usize, out: &mut [f32]) {
    if out.is_empty() || k == 0 {
        return;
    }
    out.par_chunks_mut(n)
        .enumerate()
        .for_each(|(row, out_row)| {
            let a_row = &a[row * k..(row + 1) * k];
            out_row
                .par_chunks_mut(COLUMN_BLOCK)
                .enumerate()
                .for_each(|(block, out_cols)| {
                    let first = block * COLUMN_BLOCK;
                    let mut acc = vec![0.0f64; out_cols.len()];
                    for (kk, &a_mk) in a_row.iter().enumerate() {
                        let a_mk = f64::from(a_mk);
                        let b_cols = &b[kk * n + first..kk * n + first + out_cols.len()];
                        for (acc, &b_kn) in acc.iter_mut().zip(b_cols) {
                            *acc += a_mk * f64::from(b_kn);
                        }
                    }
                    for (y, acc) in out_cols.iter_mut().zip(acc) {
                        *y = acc as f32;
                    }
                });
        });
}
