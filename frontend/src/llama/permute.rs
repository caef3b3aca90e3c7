//! The GGUF Q/K RoPE row permutation and its inverse.
//!
//! llama.cpp's converter stores each head's rows interleaved for its pairwise RoPE:
//! Hugging Face row `j * (head_dim / 2) + i` (half `j` ∈ {0, 1}, pair `i`) is GGUF row
//! `2 * i + j`. In numpy terms, per head: GGUF = HF reshaped
//! `(n_head, 2, head_dim/2, in)` → swap axes 1, 2 → reshape back; undoing it reshapes
//! `(n_head, head_dim/2, 2, in)` → swap axes 1, 2 → reshape back.

use crate::tensor::Tensor;

/// Undoes the GGUF permutation: GGUF-order rows → Hugging Face (rotate-half) order.
///
/// `t` is `[n_heads * head_dim, in]` (or a 1-D `[n_heads * head_dim]` bias); returns
/// `None` when its rows are not `n_heads` times an even `head_dim`.
pub fn unpermute_rope_rows(t: &Tensor, n_heads: usize) -> Option<Tensor> {
    permute_rows(
        t,
        n_heads,
        |half, pair, half_len| half * half_len + pair,
        |half, pair, _| 2 * pair + half,
    )
}

/// Applies the GGUF permutation: Hugging Face order → GGUF (interleaved) order; the
/// inverse of [`unpermute_rope_rows`].
pub fn permute_rope_rows(t: &Tensor, n_heads: usize) -> Option<Tensor> {
    permute_rows(
        t,
        n_heads,
        |half, pair, _| 2 * pair + half,
        |half, pair, half_len| half * half_len + pair,
    )
}

/// Copies row `src(half, pair)` of each head to row `dst(half, pair)`.
fn permute_rows(
    t: &Tensor,
    n_heads: usize,
    dst: impl Fn(usize, usize, usize) -> usize,
    src: impl Fn(usize, usize, usize) -> usize,
) -> Option<Tensor> {
    let rows = *t.shape.first()?;
    let cols = t.shape[1..].iter().product::<usize>();
    if n_heads == 0 || rows % n_heads != 0 || !(rows / n_heads).is_multiple_of(2) {
        return None;
    }
    let head_dim = rows / n_heads;
    let half_len = head_dim / 2;
    let mut out = vec![0.0f32; t.data.len()];
    for head in 0..n_heads {
        let base = head * head_dim;
        for half in 0..2 {
            for pair in 0..half_len {
                let to = (base + dst(half, pair, half_len)) * cols;
                let from = (base + src(half, pair, half_len)) * cols;
                out[to..to + cols].copy_from_slice(&t.data[from..from + cols]);
            }
        }
    }
    Some(Tensor::new(t.shape.clone(), out))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Row `r` of a 1-column tensor holds `r`, so the output lists source rows.
    fn rows(n: usize) -> Tensor {
        Tensor::new(vec![n, 1], (0..n).map(|r| r as f32).collect())
    }

    #[test]
    fn unpermute_gathers_even_then_odd_rows_per_head() {
        // Two heads of head_dim 4: GGUF rows [0 1 2 3 | 4 5 6 7] hold HF rows
        // [0 2 1 3 | 4 6 5 7], so HF order takes GGUF rows [0 2 1 3 | 4 6 5 7].
        let hf = unpermute_rope_rows(&rows(8), 2).unwrap();
        assert_eq!(hf.data, vec![0., 2., 1., 3., 4., 6., 5., 7.]);
        // head_dim 6: [0 2 4 1 3 5].
        let hf = unpermute_rope_rows(&rows(6), 1).unwrap();
        assert_eq!(hf.data, vec![0., 2., 4., 1., 3., 5.]);
    }

    #[test]
    fn permute_inverts_unpermute_with_columns() {
        let t = Tensor::new(vec![12, 3], (0..36).map(|x| x as f32).collect());
        let there = permute_rope_rows(&t, 2).unwrap();
        assert_ne!(there, t);
        assert_eq!(unpermute_rope_rows(&there, 2).unwrap(), t);
    }

    #[test]
    fn rejects_rows_that_do_not_split_into_even_heads() {
        assert!(unpermute_rope_rows(&rows(6), 4).is_none());
        assert!(unpermute_rope_rows(&rows(6), 2).is_none());
        assert!(unpermute_rope_rows(&rows(6), 0).is_none());
    }
}
