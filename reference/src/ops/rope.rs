//! `kforge.rope`: rotary position embedding, rotate-half (Hugging Face) layout.

use super::check;
use crate::error::{ExpectedRank, ReferenceError};
use crate::tensor::Tensor;

const ROPE: &str = "kforge.rope";

/// `kforge.rope` for `x: [S,H,Dh]` (`Dh` even) and `positions: [S]` (`i64`):
/// for `i < Dh/2`, `f_i = θ^(−2i/Dh)` and `a = pos·f_i`,
/// `y[i] = x[i]·cos a − x[i+Dh/2]·sin a`, `y[i+Dh/2] = x[i+Dh/2]·cos a + x[i]·sin a`.
/// Angles are computed in `f64`.
pub fn rope(x: &Tensor, positions: &Tensor, theta: f32) -> Result<Tensor, ReferenceError> {
    let xs = check::f32_operand(ROPE, 0, x)?;
    let ps = check::i64_operand(ROPE, 1, positions)?;
    check::rank(ROPE, 0, x, ExpectedRank::Exactly(3))?;
    check::rank(ROPE, 1, positions, ExpectedRank::Exactly(1))?;
    check::dims_match(ROPE, (1, positions, 0), (0, x, 0))?;
    let head_dim = x.shape()[2];
    if head_dim % 2 == 1 {
        return Err(ReferenceError::OddDim {
            op: ROPE,
            operand: 0,
            dim: 2,
            size: head_dim,
        });
    }
    let mut out = vec![0.0; xs.len()];
    if out.is_empty() {
        return Tensor::f32(x.shape(), out);
    }
    let half = head_dim / 2;
    let frequencies: Vec<f64> = (0..half)
        .map(|i| f64::from(theta).powf(-2.0 * i as f64 / head_dim as f64))
        .collect();
    let token_len = x.shape()[1] * head_dim;
    for ((token, out_token), &pos) in xs.chunks(token_len).zip(out.chunks_mut(token_len)).zip(ps) {
        let (sin, cos): (Vec<f64>, Vec<f64>) = frequencies
            .iter()
            .map(|f| (pos as f64 * f).sin_cos())
            .unzip();
        for (head, out_head) in token.chunks(head_dim).zip(out_token.chunks_mut(head_dim)) {
            for i in 0..half {
                let (lo, hi) = (f64::from(head[i]), f64::from(head[i + half]));
                out_head[i] = (lo * cos[i] - hi * sin[i]) as f32;
                out_head[i + half] = (hi * cos[i] + lo * sin[i]) as f32;
            }
        }
    }
    Tensor::f32(x.shape(), out)
}
