//! One query row of attention written once over [`Simd`]: the AVX2 and
//! portable variants (AVX-512 keeps its own kernels, `avx512.rs`, with
//! prefetching and the multi-head decode variant).
//!
//! Two passes, as on AVX-512: the scores (one `LANES`-wide dot product per
//! key), then one vectorized `e^(s − max)` over them and their sum, then the
//! weighted sum of the value rows with the `D / LANES` accumulators in
//! registers (up to 8 of them; wider heads take one column block at a time).
use super::View3;
use crate::simd::{Kernel, Simd};
use std::cell::RefCell;

thread_local! {
    /// Scores of the row being computed (reused across calls).
    static SCORES: RefCell<Vec<f32>> = const { RefCell::new(Vec::new()) };
}

/// Runs `row` on `isa` with this thread's scores scratch and returns the
/// row's `(max, sum)` (see [`AttendRow::normalize`]). The scratch is borrowed
/// here, outside the kernel: a closure inside the `#[target_feature]` entry
/// point would be compiled without its features (every intrinsic a call).
///
/// # Safety
/// As [`body`]; `isa` runs on this CPU.
pub(super) unsafe fn attend_row(isa: kforge_abi::isa::Isa, row: AttendRow) -> (f32, f32) {
    SCORES.with(|cell| {
        let mut scores = cell.borrow_mut();
        scores.resize((row.keys.1 - row.keys.0).max(1), 0.0);
        let kernel = WithScores {
            row,
            scores: &mut scores,
        };
        // SAFETY: forwarded from the caller.
        unsafe { crate::simd::dispatch(isa, kernel) }
    })
}

/// One query row over keys `[j0, j1)` of kv head `g` (see [`super::attend_row`]).
pub(super) struct AttendRow<'a> {
    pub q: *const f32,
    pub k: &'a View3,
    pub v: &'a View3,
    pub g: usize,
    /// `[j0, j1)`: the keys this row sees (or a split's chunk of them).
    pub keys: (usize, usize),
    pub d: usize,
    pub scale: f32,
    pub out: *mut f32,
    /// Divide by the sum (a whole row) or leave `Σ e^(s − max)·v` for a
    /// split over keys to merge ([`super::split`]).
    pub normalize: bool,
}

/// A row and its scratch: the [`Kernel`].
struct WithScores<'a, 's> {
    row: AttendRow<'a>,
    scores: &'s mut [f32],
}

impl Kernel for WithScores<'_, '_> {
    type Output = (f32, f32);
    #[inline(always)]
    unsafe fn run<S: Simd>(self) -> (f32, f32) {
        // SAFETY: forwarded from the caller of `dispatch`.
        unsafe { body::<S>(&self.row, self.scores) }
    }
}

/// The row with the scores' scratch (`scores.len() ≥ j1 − j0`); returns
/// the scores' `(max, sum)`.
///
/// # Safety
/// `S`'s features are present; `q`/`out` rows of `d` floats, `d` a multiple
/// of `S::LANES`; `j0 < j1 ≤ T` keys of kv head `g` in the views.
#[inline(always)]
unsafe fn body<S: Simd>(r: &AttendRow, scores: &mut [f32]) -> (f32, f32) {
    let lanes = S::LANES;
    let vectors = r.d / lanes;
    let (j0, visible) = (r.keys.0, r.keys.1 - r.keys.0);
    // SAFETY (whole body): rows of `d` floats within the views; `scores`
    // holds `visible` floats, and its tail vector touches only valid lanes.
    unsafe {
        let mut max = f32::NEG_INFINITY;
        for (j, s) in scores.iter_mut().enumerate().take(visible) {
            let kr = r.k.row(j0 + j, r.g);
            let mut acc = S::zero();
            for l in 0..vectors {
                acc = S::mul_add(
                    S::load(r.q.wrapping_add(l * lanes)),
                    S::load(kr.wrapping_add(l * lanes)),
                    acc,
                );
            }
            *s = S::reduce_add(acc) * r.scale;
            max = max.max(*s);
        }
        let m = S::splat(max);
        let p = scores.as_mut_ptr();
        let mut j = 0;
        while j + lanes <= visible {
            S::store(p.add(j), S::exp(S::sub(S::load(p.add(j)), m)));
            j += lanes;
        }
        if j < visible {
            let rest = visible - j;
            S::store_first(
                p.add(j),
                S::exp(S::sub(S::load_first(p.add(j), rest), m)),
                rest,
            );
        }
        let sum: f32 = scores[..visible].iter().sum();
        let inv = S::splat(match (r.normalize, sum > 0.0) {
            (false, _) => 1.0,
            (true, true) => 1.0 / sum,
            (true, false) => 0.0,
        });
        const MAX_VECTORS: usize = 8;
        let mut col = 0;
        while col < vectors {
            let block = (vectors - col).min(MAX_VECTORS);
            let mut acc = [S::zero(); MAX_VECTORS];
            for (jj, w) in scores.iter().enumerate().take(visible) {
                let (pv, row) = (
                    S::splat(*w),
                    r.v.row(j0 + jj, r.g).wrapping_add(col * lanes),
                );
                for (l, a) in acc.iter_mut().enumerate().take(block) {
                    *a = S::mul_add(pv, S::load(row.wrapping_add(l * lanes)), *a);
                }
            }
            for (l, a) in acc.iter().enumerate().take(block) {
                S::store(r.out.wrapping_add((col + l) * lanes), S::mul(*a, inv));
            }
            col += block;
        }
        (max, sum)
    }
}
