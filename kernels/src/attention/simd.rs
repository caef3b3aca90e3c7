//! Query rows of attention written once over [`Simd`], for every ISA
//! variant: up to [`MAX_HEADS`] rows that read the same kv head over the
//! same keys (the query heads GQA groups on it, at one position or several)
//! go together, so each row of K and V is loaded once for all of them and
//! the arithmetic of every row overlaps that stream.
//!
//! Two passes per group, then the values:
//! - scores: one row of K, every row's `LANES`-wide dot product with it;
//! - `e^(s − max)` over each row's scores, vectorized, and their sums;
//! - values: one row of V, every row's weighted sum, `C` vectors of columns
//!   at a time with the `H × C` accumulators in registers (`C` the largest
//!   that fits the variant's register file beside a row of V).
//!
//! K and V rows are prefetched [`PREFETCH`] keys ahead: a decode step
//! reads each chunk of K/V from memory once (measured on AVX-512,
//! `attention_decode_timing`, SmolLM2's 9/3 heads at context 2048, 2 threads:
//! 516 → 400 µs).
use super::View3;
use crate::simd::{Kernel, Simd};
use std::cell::RefCell;

/// Most query rows one pass carries.
pub(super) const MAX_HEADS: usize = 4;

/// Keys ahead whose K and V rows are prefetched.
const PREFETCH: usize = 16;

thread_local! {
    /// Scores of the rows being computed (`H × keys`, reused across calls).
    static SCORES: RefCell<Vec<f32>> = const { RefCell::new(Vec::new()) };
}

/// Query rows `qs` (1 to [`MAX_HEADS`]), all of kv head `g`, over keys `[j0, j1)`.
pub(super) struct Heads<'a> {
    /// Each row's `d` queries.
    pub qs: &'a [*const f32],
    pub k: &'a View3,
    pub v: &'a View3,
    pub g: usize,
    /// `[j0, j1)`, `j0 < j1`: the keys every row sees (or a split's chunk of them).
    pub keys: (usize, usize),
    /// A multiple of the variant's lanes.
    pub d: usize,
    pub scale: f32,
    /// Each row's output: `d` floats when `normalize`; else `d + 2`:
    /// `Σ e^(s − max)·v`, then `max` and `sum` (the partial state a split
    /// over keys merges, [`super::split`]).
    pub outs: &'a [*mut f32],
    /// Divide by the sum (whole rows) or leave the partial state.
    pub normalize: bool,
}

/// Runs `heads` on `isa` with this thread's scores scratch. The scratch is
/// borrowed here, outside the kernel: a closure inside the
/// `#[target_feature]` entry point would be compiled without its features
/// (every intrinsic a call).
///
/// # Safety
/// `isa` runs on this CPU; the rows, views and outputs as [`Heads`] says
/// (`j1 ≤ T`, rows of `d` floats in bounds).
pub(super) unsafe fn attend_heads(isa: kforge_abi::isa::Isa, heads: Heads) {
    debug_assert!((1..=MAX_HEADS).contains(&heads.qs.len()) && heads.qs.len() == heads.outs.len());
    SCORES.with(|cell| {
        let mut scores = cell.borrow_mut();
        scores.resize(heads.qs.len() * (heads.keys.1 - heads.keys.0).max(1), 0.0);
        let kernel = WithScores {
            heads,
            scores: &mut scores,
        };
        // SAFETY: forwarded from the caller.
        unsafe { crate::simd::dispatch(isa, kernel) }
    })
}

/// The rows and their scratch: the [`Kernel`].
struct WithScores<'a, 's> {
    heads: Heads<'a>,
    scores: &'s mut [f32],
}

impl Kernel for WithScores<'_, '_> {
    type Output = ();
    #[inline(always)]
    unsafe fn run<S: Simd>(self) {
        let (r, scores) = (&self.heads, self.scores);
        // SAFETY (every arm): forwarded from the caller of `dispatch`; the
        // const row count matches `qs.len()`.
        unsafe {
            match r.qs.len() {
                1 => group::<S, 1>(r, scores),
                2 => group::<S, 2>(r, scores),
                3 => group::<S, 3>(r, scores),
                _ => group::<S, 4>(r, scores),
            }
        }
    }
}

/// Prefetches the `d` floats at `row` (every 64-byte line); the address may
/// lie past the tensor: a prefetch never faults.
#[inline(always)]
unsafe fn prefetch_row<S: Simd>(row: *const f32, d: usize) {
    let mut at = 0;
    while at < d {
        // SAFETY: a prefetch is a hint; it never faults.
        unsafe { S::prefetch(row.wrapping_add(at)) };
        at += 16;
    }
}

/// `H` rows: scores, exponentials, then the values in column blocks.
///
/// # Safety
/// As [`attend_heads`], on `S`; `scores` holds `H × (j1 − j0)` floats.
#[inline(always)]
unsafe fn group<S: Simd, const H: usize>(r: &Heads, scores: &mut [f32]) {
    let (lanes, d) = (S::LANES, r.d);
    let vectors = d / lanes;
    let n = r.keys.1 - r.keys.0;
    // SAFETY (whole body): rows of `d` floats within the views, `j1 ≤ T`,
    // `scores` of `H·n` floats, outputs as `Heads` says.
    unsafe {
        let mut qs = [std::ptr::null::<f32>(); H];
        qs.copy_from_slice(r.qs);
        // The dot products unrolled for the common head sizes (d = 2, 4 or
        // 8 vectors), so the queries stay in registers where they fit.
        let max = match vectors {
            2 => scores_pass::<S, H, 2>(r, &qs, scores),
            4 => scores_pass::<S, H, 4>(r, &qs, scores),
            8 => scores_pass::<S, H, 8>(r, &qs, scores),
            _ => scores_pass::<S, H, 0>(r, &qs, scores),
        };
        let mut inv = [S::zero(); H];
        for h in 0..H {
            let sum = exponentials::<S>(scores.as_mut_ptr().wrapping_add(h * n), n, max[h]);
            if !r.normalize {
                *r.outs[h].add(d) = max[h];
                *r.outs[h].add(d + 1) = sum;
            }
            inv[h] = S::splat(match (r.normalize, sum > 0.0) {
                (false, _) => 1.0,
                (true, true) => 1.0 / sum,
                (true, false) => 0.0,
            });
        }
        // The largest column block whose `H × C` accumulators fit beside a
        // row's vector and the `H` weights.
        let fits = |c: usize| vectors.is_multiple_of(c) && H * c + H < S::REGISTERS;
        match [8, 4, 2].into_iter().find(|&c| fits(c)).unwrap_or(1) {
            8 => values::<S, H, 8>(r, scores, &inv),
            4 => values::<S, H, 4>(r, scores, &inv),
            2 => values::<S, H, 2>(r, scores, &inv),
            _ => values::<S, H, 1>(r, scores, &inv),
        }
    }
}

/// Every row's scores, `scale·q·k`, into `scores` (row `h` at `h·n`);
/// returns each row's maximum. `L` vectors per row (`0`: `d / LANES`, not
/// unrolled).
///
/// # Safety
/// As [`group`].
#[allow(
    clippy::needless_range_loop,
    reason = "indexes into arrays of registers: the loops unroll as written"
)]
#[inline(always)]
unsafe fn scores_pass<S: Simd, const H: usize, const L: usize>(
    r: &Heads,
    qs: &[*const f32; H],
    scores: &mut [f32],
) -> [f32; H] {
    let (lanes, d) = (S::LANES, r.d);
    let vectors = if L == 0 { d / lanes } else { L };
    let (j0, n) = (r.keys.0, r.keys.1 - r.keys.0);
    let mut max = [f32::NEG_INFINITY; H];
    // SAFETY: as the caller's.
    unsafe {
        // The queries in registers when they fit beside the accumulators
        // and a row's vector: the loads below would not leave the loop (the
        // compiler cannot tell `scores` from the queries).
        if L != 0 && H * L + H < S::REGISTERS {
            let mut qv = [[S::zero(); L]; H];
            for (row, q) in qv.iter_mut().zip(qs) {
                for (l, x) in row.iter_mut().enumerate() {
                    *x = S::load(q.wrapping_add(l * lanes));
                }
            }
            for j in 0..n {
                let kr = r.k.row(j0 + j, r.g);
                prefetch_row::<S>(r.k.row(j0 + j + PREFETCH, r.g), d);
                let mut acc = [S::zero(); H];
                for l in 0..L {
                    let kv = S::load(kr.wrapping_add(l * lanes));
                    for h in 0..H {
                        acc[h] = S::mul_add(qv[h][l], kv, acc[h]);
                    }
                }
                for h in 0..H {
                    let s = S::reduce_add(acc[h]) * r.scale;
                    *scores.get_unchecked_mut(h * n + j) = s;
                    max[h] = max[h].max(s);
                }
            }
            return max;
        }
        for j in 0..n {
            let kr = r.k.row(j0 + j, r.g);
            prefetch_row::<S>(r.k.row(j0 + j + PREFETCH, r.g), d);
            let mut acc = [S::zero(); H];
            for l in 0..vectors {
                let kv = S::load(kr.wrapping_add(l * lanes));
                for h in 0..H {
                    acc[h] = S::mul_add(S::load(qs[h].wrapping_add(l * lanes)), kv, acc[h]);
                }
            }
            for h in 0..H {
                let s = S::reduce_add(acc[h]) * r.scale;
                *scores.get_unchecked_mut(h * n + j) = s;
                max[h] = max[h].max(s);
            }
        }
    }
    max
}

/// `e^(s − max)` over the `n` scores at `p`, in place; returns their sum.
///
/// # Safety
/// On `S`; `p` holds `n` floats.
#[inline(always)]
unsafe fn exponentials<S: Simd>(p: *mut f32, n: usize, max: f32) -> f32 {
    let lanes = S::LANES;
    // SAFETY: within the `n` floats at `p`; the tail touches only its lanes.
    unsafe {
        let m = S::splat(max);
        let mut sum = S::zero();
        let mut j = 0;
        while j + lanes <= n {
            let e = S::exp(S::sub(S::load(p.add(j)), m));
            S::store(p.add(j), e);
            sum = S::add(sum, e);
            j += lanes;
        }
        if j < n {
            let rest = n - j;
            let e = S::exp(S::sub(S::load_first(p.add(j), rest), m));
            S::store_first(p.add(j), e, rest);
            sum = S::add(sum, S::load_first(p.add(j), rest));
        }
        S::reduce_add(sum)
    }
}

/// The weighted sums of the values, `C` vectors of columns at a time; each
/// row's output scaled by `inv`.
///
/// # Safety
/// As [`group`]; `C` divides `d / LANES`.
#[allow(
    clippy::needless_range_loop,
    reason = "indexes into arrays of registers: the loops unroll as written"
)]
#[inline(always)]
unsafe fn values<S: Simd, const H: usize, const C: usize>(
    r: &Heads,
    scores: &[f32],
    inv: &[S::V; H],
) {
    let (lanes, d) = (S::LANES, r.d);
    let (j0, n) = (r.keys.0, r.keys.1 - r.keys.0);
    let mut col = 0;
    // SAFETY (whole body): as the caller's.
    unsafe {
        while col < d {
            let mut acc = [[S::zero(); C]; H];
            for j in 0..n {
                let row = r.v.row(j0 + j, r.g).wrapping_add(col);
                if col == 0 {
                    prefetch_row::<S>(r.v.row(j0 + j + PREFETCH, r.g), d);
                }
                let mut w = [S::zero(); H];
                for (h, w) in w.iter_mut().enumerate() {
                    *w = S::broadcast(scores.as_ptr().add(h * n + j));
                }
                for c in 0..C {
                    let x = S::load(row.wrapping_add(c * lanes));
                    for h in 0..H {
                        acc[h][c] = S::mul_add(w[h], x, acc[h][c]);
                    }
                }
            }
            for h in 0..H {
                for (c, a) in acc[h].iter().enumerate() {
                    S::store(r.outs[h].wrapping_add(col + c * lanes), S::mul(*a, inv[h]));
                }
            }
            col += C * lanes;
        }
    }
}
