//! Two passes per query row on AVX-512: scores (16-lane dots), then one
//! vectorized `exp` over them, then the weighted sum of values.
use super::View3;
use crate::vmath::exp16;
use std::arch::x86_64::*;
use std::cell::RefCell;

/// Every lane. Loads and stores go through the masked intrinsics and
/// pointers advance with `wrapping_add`: in the dev profile (debug
/// assertions on) `add` and `loadu`/`storeu` are checked on every use,
/// which ran this kernel at a third of its speed (as in `tile.rs`).
const ALL: __mmask16 = 0xFFFF;

/// Rows of K (scores pass) and V (values pass) prefetched ahead: a row
/// takes a few nanoseconds, a miss to memory ~100, and a decode step
/// reads each K/V chunk from memory once (the rows of the other query
/// heads then hit in cache). Measured here (`attention_decode_timing`,
/// SmolLM2's 9/3 heads at context 2048, 2 threads): 516 → 400 µs.
const PREFETCH: usize = 16;

/// Prefetches the `d` floats at `row` into L1 (every 64-byte line). The
/// address may lie past the tensor: a prefetch never faults.
#[inline(always)]
fn prefetch_row(row: *const f32, d: usize) {
    let mut at = 0;
    while at < d {
        // SAFETY: a prefetch is a hint; it never faults.
        unsafe { _mm_prefetch::<_MM_HINT_T0>(row.wrapping_add(at) as *const i8) };
        at += 16;
    }
}

thread_local! {
    /// Scores of the row being computed (reused across calls).
    static SCORES: RefCell<Vec<f32>> = const { RefCell::new(Vec::new()) };
}

/// One query row (`d` a multiple of 16).
#[allow(clippy::too_many_arguments)]
#[target_feature(enable = "avx512f")]
pub unsafe fn attend_row(
    q: *const f32,
    k: &View3,
    v: &View3,
    g: usize,
    visible: usize,
    d: usize,
    scale: f32,
    out: *mut f32,
) {
    // SAFETY: forwarded from the caller.
    unsafe { attend_range(q, k, v, g, (0, visible), d, scale, out, true) };
}

/// One query row over keys `[j0, j1)` (`d` a multiple of 16, at most 128
/// or any multiple of 16): writes `Σ_j e^(s_j − max)·v_j` to `out`,
/// divided by the sum when `normalize`, and returns `(max, sum)` — the
/// partial state a split over keys merges ([`super::split`]).
#[allow(clippy::too_many_arguments)]
#[target_feature(enable = "avx512f")]
pub unsafe fn attend_range(
    q: *const f32,
    k: &View3,
    v: &View3,
    g: usize,
    (j0, j1): (usize, usize),
    d: usize,
    scale: f32,
    out: *mut f32,
    normalize: bool,
) -> (f32, f32) {
    let visible = j1 - j0;
    SCORES.with(|cell| {
        let mut scores = cell.borrow_mut();
        scores.resize(visible.max(1), 0.0);
        // The body is its own `target_feature` function: a closure does
        // not inherit the feature, and its intrinsics would not inline.
        // SAFETY: forwarded from the caller.
        unsafe { range_body(q, k, v, g, (j0, j1), d, scale, out, normalize, &mut scores) }
    })
}

/// The body of [`attend_range`] with the scores' scratch.
#[allow(clippy::too_many_arguments)]
#[target_feature(enable = "avx512f")]
unsafe fn range_body(
    q: *const f32,
    k: &View3,
    v: &View3,
    g: usize,
    (j0, j1): (usize, usize),
    d: usize,
    scale: f32,
    out: *mut f32,
    normalize: bool,
    scores: &mut [f32],
) -> (f32, f32) {
    let visible = j1 - j0;
    {
        // SAFETY (whole body): rows of `d` floats within the views, `j1 ≤ T`.
        unsafe {
            let lanes = d / 16;
            let mut max = f32::NEG_INFINITY;
            for (j, s) in scores.iter_mut().enumerate().take(visible) {
                let kr = k.row(j0 + j, g);
                prefetch_row(k.row(j0 + j + PREFETCH, g), d);
                let mut acc = _mm512_setzero_ps();
                for l in 0..lanes {
                    acc = _mm512_fmadd_ps(
                        _mm512_maskz_loadu_ps(ALL, q.wrapping_add(16 * l)),
                        _mm512_maskz_loadu_ps(ALL, kr.wrapping_add(16 * l)),
                        acc,
                    );
                }
                *s = _mm512_reduce_add_ps(acc) * scale;
                max = max.max(*s);
            }
            let mut sum = 0.0f32;
            let mut j = 0;
            let m = _mm512_set1_ps(max);
            while j < visible {
                let count = (visible - j).min(16);
                let mask: __mmask16 = if count == 16 {
                    0xFFFF
                } else {
                    ((1u32 << count) - 1) as u16
                };
                let x = _mm512_maskz_loadu_ps(mask, scores.as_ptr().wrapping_add(j));
                let e = _mm512_maskz_mov_ps(mask, exp16(_mm512_sub_ps(x, m)));
                _mm512_mask_storeu_ps(scores.as_mut_ptr().wrapping_add(j), mask, e);
                sum += _mm512_reduce_add_ps(e);
                j += 16;
            }
            let inv = match (normalize, sum > 0.0) {
                (false, _) => 1.0,
                (true, true) => 1.0 / sum,
                (true, false) => 0.0,
            };
            if lanes <= 8 {
                // One pass over the values: each row read once, whole.
                let mut acc = [_mm512_setzero_ps(); 8];
                for (jj, p) in scores.iter().enumerate().take(visible) {
                    let (pv, row) = (_mm512_set1_ps(*p), v.row(j0 + jj, g));
                    prefetch_row(v.row(j0 + jj + PREFETCH, g), d);
                    for (l, a) in acc.iter_mut().enumerate().take(lanes) {
                        *a = _mm512_fmadd_ps(
                            pv,
                            _mm512_maskz_loadu_ps(ALL, row.wrapping_add(16 * l)),
                            *a,
                        );
                    }
                }
                for (l, a) in acc.iter().enumerate().take(lanes) {
                    _mm512_mask_storeu_ps(
                        out.wrapping_add(16 * l),
                        ALL,
                        _mm512_mul_ps(*a, _mm512_set1_ps(inv)),
                    );
                }
                return (max, sum);
            }
            for l in 0..lanes {
                let mut acc = _mm512_setzero_ps();
                for (jj, p) in scores.iter().enumerate().take(visible) {
                    acc = _mm512_fmadd_ps(
                        _mm512_set1_ps(*p),
                        _mm512_maskz_loadu_ps(ALL, v.row(j0 + jj, g).wrapping_add(16 * l)),
                        acc,
                    );
                }
                _mm512_mask_storeu_ps(
                    out.wrapping_add(16 * l),
                    ALL,
                    _mm512_mul_ps(acc, _mm512_set1_ps(inv)),
                );
            }
            (max, sum)
        }
    }
}

/// Most query heads [`attend_heads_range`] carries in one pass: their value
/// accumulators (`heads × d/16` vectors) stay in registers beside a row of V.
pub const MAX_HEADS: usize = 4;

/// Query rows `qs` (at most [`MAX_HEADS`], all reading kv head `g`: the
/// query heads GQA groups on it, at one or more positions) over keys
/// `[j0, j1)`, with each row of K and V loaded once
/// for all of them: a decode step's heads of one group then cost one stream
/// of their K/V chunk, and the arithmetic of every head overlaps it. For
/// head `h`, writes `Σ_j e^(s_j − max)·v_j` to `slots[h][..d]` and the
/// partial state `max`, `sum` to `slots[h][d]`, `slots[h][d + 1]`.
///
/// # Safety
/// AVX-512F; `d` a multiple of 16; `qs[h]` rows of `d` floats; `slots[h]`
/// room for `d + 2`; `j0 < j1 ≤ T`.
#[allow(clippy::too_many_arguments)]
#[target_feature(enable = "avx512f")]
pub unsafe fn attend_heads_range(
    qs: &[*const f32],
    k: &View3,
    v: &View3,
    g: usize,
    keys: (usize, usize),
    d: usize,
    scale: f32,
    slots: &[*mut f32],
) {
    let n = keys.1 - keys.0;
    SCORES.with(|cell| {
        let mut scores = cell.borrow_mut();
        scores.resize(qs.len() * n, 0.0);
        let scores = &mut scores[..];
        // SAFETY (every arm): forwarded from the caller; the const
        // parameters match `d / 16` and `qs.len()`.
        unsafe {
            match (d / 16, qs.len()) {
                (4, 1) => heads_body::<4, 1>(qs, k, v, g, keys, scale, slots, scores),
                (4, 2) => heads_body::<4, 2>(qs, k, v, g, keys, scale, slots, scores),
                (4, 3) => heads_body::<4, 3>(qs, k, v, g, keys, scale, slots, scores),
                (4, 4) => heads_body::<4, 4>(qs, k, v, g, keys, scale, slots, scores),
                (8, 1) => heads_body::<8, 1>(qs, k, v, g, keys, scale, slots, scores),
                (8, 2) => heads_body::<8, 2>(qs, k, v, g, keys, scale, slots, scores),
                (8, 3) => heads_body::<8, 3>(qs, k, v, g, keys, scale, slots, scores),
                (2, 1) => heads_body::<2, 1>(qs, k, v, g, keys, scale, slots, scores),
                (2, 2) => heads_body::<2, 2>(qs, k, v, g, keys, scale, slots, scores),
                (2, 3) => heads_body::<2, 3>(qs, k, v, g, keys, scale, slots, scores),
                (2, 4) => heads_body::<2, 4>(qs, k, v, g, keys, scale, slots, scores),
                // Other head sizes: one head at a time.
                _ => {
                    for (&q, &slot) in qs.iter().zip(slots) {
                        let (max, sum) =
                            range_body(q, k, v, g, keys, d, scale, slot, false, &mut scores[..n]);
                        *slot.add(d) = max;
                        *slot.add(d + 1) = sum;
                    }
                }
            }
        }
    })
}

/// [`attend_heads_range`] for `L` vectors per row and `H` heads; `scores`
/// holds `H × (j1 − j0)` floats.
#[allow(clippy::too_many_arguments)]
#[target_feature(enable = "avx512f")]
unsafe fn heads_body<const L: usize, const H: usize>(
    qs: &[*const f32],
    k: &View3,
    v: &View3,
    g: usize,
    (j0, j1): (usize, usize),
    scale: f32,
    slots: &[*mut f32],
    scores: &mut [f32],
) {
    let n = j1 - j0;
    let d = 16 * L;
    // SAFETY (whole body): rows of `d` floats within the views, `j1 ≤ T`,
    // `scores` of `H·n` floats, slots of `d + 2` (the caller's contract).
    unsafe {
        let mut q = [[_mm512_setzero_ps(); L]; H];
        for (h, row) in q.iter_mut().enumerate() {
            for (l, x) in row.iter_mut().enumerate() {
                *x = _mm512_maskz_loadu_ps(ALL, qs[h].wrapping_add(16 * l));
            }
        }
        // Scores: one row of K, every head's dot with it.
        let mut max = [f32::NEG_INFINITY; H];
        for j in 0..n {
            let kr = k.row(j0 + j, g);
            prefetch_row(k.row(j0 + j + PREFETCH, g), d);
            let mut kv = [_mm512_setzero_ps(); L];
            for (l, x) in kv.iter_mut().enumerate() {
                *x = _mm512_maskz_loadu_ps(ALL, kr.wrapping_add(16 * l));
            }
            for h in 0..H {
                let mut acc = _mm512_mul_ps(q[h][0], kv[0]);
                for l in 1..L {
                    acc = _mm512_fmadd_ps(q[h][l], kv[l], acc);
                }
                let s = _mm512_reduce_add_ps(acc) * scale;
                *scores.get_unchecked_mut(h * n + j) = s;
                max[h] = max[h].max(s);
            }
        }
        // e^(s − max) in place, per head.
        let mut sum = [0.0f32; H];
        for h in 0..H {
            let row = scores.as_mut_ptr().wrapping_add(h * n);
            let m = _mm512_set1_ps(max[h]);
            let mut j = 0;
            while j < n {
                let count = (n - j).min(16);
                let mask: __mmask16 = if count == 16 {
                    0xFFFF
                } else {
                    ((1u32 << count) - 1) as u16
                };
                let x = _mm512_maskz_loadu_ps(mask, row.wrapping_add(j));
                let e = _mm512_maskz_mov_ps(mask, exp16(_mm512_sub_ps(x, m)));
                _mm512_mask_storeu_ps(row.wrapping_add(j), mask, e);
                sum[h] += _mm512_reduce_add_ps(e);
                j += 16;
            }
        }
        // Values: one row of V, every head's weighted sum.
        let mut acc = [[_mm512_setzero_ps(); L]; H];
        for j in 0..n {
            let vr = v.row(j0 + j, g);
            prefetch_row(v.row(j0 + j + PREFETCH, g), d);
            let mut vv = [_mm512_setzero_ps(); L];
            for (l, x) in vv.iter_mut().enumerate() {
                *x = _mm512_maskz_loadu_ps(ALL, vr.wrapping_add(16 * l));
            }
            for (h, acc_h) in acc.iter_mut().enumerate() {
                let p = _mm512_set1_ps(*scores.get_unchecked(h * n + j));
                for (a, x) in acc_h.iter_mut().zip(&vv) {
                    *a = _mm512_fmadd_ps(p, *x, *a);
                }
            }
        }
        for (h, acc_h) in acc.iter().enumerate() {
            for (l, a) in acc_h.iter().enumerate() {
                _mm512_mask_storeu_ps(slots[h].wrapping_add(16 * l), ALL, *a);
            }
            *slots[h].add(d) = max[h];
            *slots[h].add(d + 1) = sum[h];
        }
    }
}
