//! `kforge_ukernel_attention_f32`: causal grouped-query attention of `S`
//! queries over `T` keys/values, one pass per query row with an online softmax
//! (flash-attention style: running max and sum, no score matrix in memory).
//!
//! Query head `h` reads key/value head `h / (Hq / Hkv)` in place: K/V are never
//! repeated. Query `i` sees keys `j ≤ i + offset` when causal (all `T` keys
//! otherwise; a query that sees none gets the average of all values, as the
//! loop lowering gives). Rows `(i, h)` are split over rayon's pool; a decode
//! step (few rows, a long context) splits the keys instead (`split_attention`: split-K).
use rayon::prelude::*;

/// A rank-3 memref descriptor (any strides) as MLIR's C interface passes it.
#[repr(C)]
#[derive(Debug)]
pub struct MemRef3 {
    /// Base of the allocation.
    pub allocated: *mut f32,
    /// Aligned data pointer.
    pub aligned: *mut f32,
    /// Offset in elements.
    pub offset: i64,
    /// Sizes.
    pub sizes: [i64; 3],
    /// Strides in elements.
    pub strides: [i64; 3],
}

/// One strided rank-3 operand.
#[derive(Clone, Copy, Debug)]
pub struct View3 {
    /// Address of element `[0, 0, 0]`.
    pub base: usize,
    /// Sizes.
    pub sizes: [usize; 3],
    /// Strides in elements.
    pub strides: [usize; 3],
}

impl View3 {
    fn from_memref(m: &MemRef3) -> Self {
        // SAFETY: the offset lies within the allocation by MLIR's construction.
        let base = unsafe { m.aligned.offset(m.offset as isize) } as usize;
        Self {
            base,
            sizes: m.sizes.map(|s| s as usize),
            strides: m.strides.map(|s| s as usize),
        }
    }

    /// Address of row `[a, b, 0]` (the last dim must be contiguous).
    fn row(&self, a: usize, b: usize) -> *mut f32 {
        (self.base as *mut f32).wrapping_add(a * self.strides[0] + b * self.strides[1])
    }
}

/// C-interface entry point called by compiled code.
///
/// # Safety
/// `q, out: [S, Hq, D]`, `k, v: [T, Hkv, D]` with unit stride in `D`; `Hq` a
/// multiple of `Hkv`; for causal attention every query must see at least one
/// key (`offset ≥ 0`).
#[no_mangle]
pub unsafe extern "C" fn _mlir_ciface_kforge_ukernel_attention_f32(
    q: *const MemRef3,
    k: *const MemRef3,
    v: *const MemRef3,
    out: *mut MemRef3,
    offset: i64,
    causal: i64,
    scale: f32,
) {
    // SAFETY: guaranteed by the caller (compiled kforge code).
    let (q, k, v, out) = unsafe {
        (
            View3::from_memref(&*q),
            View3::from_memref(&*k),
            View3::from_memref(&*v),
            View3::from_memref(&*out),
        )
    };
    attention(&q, &k, &v, &out, offset, causal != 0, scale);
}

/// Runs attention over all rows `(i, h)`.
pub fn attention(
    q: &View3,
    k: &View3,
    v: &View3,
    out: &View3,
    offset: i64,
    causal: bool,
    scale: f32,
) {
    let (s, hq, d) = (q.sizes[0], q.sizes[1], q.sizes[2]);
    let (t, hkv) = (k.sizes[0], k.sizes[1]);
    if s == 0 || hq == 0 || hkv == 0 {
        return;
    }
    let rep = hq / hkv;
    if let Some(chunks) = split_keys(s, hkv, t, d, causal, offset) {
        split_attention(q, k, v, out, (offset, causal, scale), chunks);
        return;
    }
    let row = |index: usize| {
        let (i, h) = (index / hq, index % hq);
        let visible = if causal {
            ((i as i64 + offset + 1).clamp(0, t as i64)) as usize
        } else {
            t
        };
        // A query that sees no key (more queries than keys): every score is
        // masked alike, so, as in the loop lowering, it gets the plain average
        // of all values (dialect/OPS.md).
        let (visible, scale) = if visible == 0 {
            (t, 0.0)
        } else {
            (visible, scale)
        };
        // SAFETY: rows within the views' sizes; the last dim is contiguous.
        unsafe {
            #[cfg(target_arch = "x86_64")]
            if d % 16 == 0 && std::arch::is_x86_feature_detected!("avx512f") {
                return avx512::attend_row(
                    q.row(i, h),
                    k,
                    v,
                    h / rep,
                    visible,
                    d,
                    scale,
                    out.row(i, h),
                );
            }
            attend_row(q.row(i, h), k, v, h / rep, visible, d, scale, out.row(i, h))
        };
    };
    // Below ~1M multiply-adds (a decode step over a short context) a fork-join
    // costs more than it saves.
    if s * hq * t * d < 1024 * 1024 {
        (0..s * hq).for_each(row);
    } else {
        (0..s * hq).into_par_iter().for_each(row);
    }
}

/// Key chunks for the decode variant, when it applies: a few query rows
/// per head (a decode step has one) over a long context, on AVX-512 with `d`
/// a multiple of 16, and every query seeing at least one key. The keys are
/// split so that every worker gets about four chunks.
fn split_keys(
    s: usize,
    hkv: usize,
    t: usize,
    d: usize,
    causal: bool,
    offset: i64,
) -> Option<usize> {
    const MIN_KEYS_PER_CHUNK: usize = 128;
    let threads = rayon::current_num_threads();
    let avx512 = super::tile::has_avx512() && d.is_multiple_of(16);
    let sees_a_key = !causal || offset >= 0;
    if !avx512 || !sees_a_key || t < 2 * MIN_KEYS_PER_CHUNK || s > 4 {
        return None;
    }
    Some(
        (4 * threads)
            .div_ceil(hkv)
            .min(t / MIN_KEYS_PER_CHUNK)
            .max(1),
    )
}

/// The decode variant (split-K, flash-decoding style): one task per key
/// chunk runs every query row over it, kv head by kv head (the query heads
/// that share one, GQA, in turn), so each chunk of K and V — all kv heads
/// interleaved in `[T, Hkv, D]` — is read from memory once, contiguously,
/// and its rows reused from cache. Each (row, chunk) leaves a partial
/// `(max, sum, acc)`, merged per row at the end ([`merge_partials`]).
fn split_attention(
    q: &View3,
    k: &View3,
    v: &View3,
    out: &View3,
    (offset, causal, scale): (i64, bool, f32),
    chunks: usize,
) {
    let (s, hq, d) = (q.sizes[0], q.sizes[1], q.sizes[2]);
    let (t, hkv) = (k.sizes[0], k.sizes[1]);
    let rep = hq / hkv;
    let per_chunk = t.div_ceil(chunks);
    // Partials of (row i·hq + h, chunk c): `d` accumulators, then max and sum.
    let stride = d + 2;
    let mut partials = vec![0.0f32; s * hq * chunks * stride];
    let slots = partials.as_mut_ptr() as usize;
    let task = |c: usize| {
        let (j0, j1) = (c * per_chunk, ((c + 1) * per_chunk).min(t));
        for (g, i) in (0..hkv).flat_map(|g| (0..s).map(move |i| (g, i))) {
            let visible = if causal {
                ((i as i64 + offset + 1).clamp(0, t as i64)) as usize
            } else {
                t
            };
            for h in g * rep..(g + 1) * rep {
                let at = ((i * hq + h) * chunks + c) * stride;
                let slot = (slots as *mut f32).wrapping_add(at);
                let end = j1.min(visible);
                let (max, sum) = if end > j0 {
                    #[cfg(target_arch = "x86_64")]
                    // SAFETY: AVX-512 checked by `split_keys`; rows within
                    // the views; each (row, chunk) slot is written by one task.
                    unsafe {
                        avx512::attend_range(q.row(i, h), k, v, g, (j0, end), d, scale, slot, false)
                    }
                    #[cfg(not(target_arch = "x86_64"))]
                    unreachable!("split_keys needs AVX-512")
                } else {
                    (f32::NEG_INFINITY, 0.0)
                };
                // SAFETY: the slot holds d + 2 floats.
                unsafe {
                    *slot.add(d) = max;
                    *slot.add(d + 1) = sum;
                }
            }
        }
    };
    (0..chunks).into_par_iter().for_each(task);
    for row in 0..s * hq {
        let (i, h) = (row / hq, row % hq);
        let parts = &partials[row * chunks * stride..(row + 1) * chunks * stride];
        // SAFETY: row (i, h) of `out` holds d floats.
        let o = unsafe { std::slice::from_raw_parts_mut(out.row(i, h), d) };
        merge_partials(parts, d, o);
    }
}

/// Merges the partials of one row (`[acc; d], max, sum` per chunk):
/// `M = max_c m_c`, `out = Σ_c e^(m_c − M)·acc_c / Σ_c e^(m_c − M)·sum_c`.
fn merge_partials(parts: &[f32], d: usize, out: &mut [f32]) {
    let stride = d + 2;
    let max = parts
        .chunks(stride)
        .map(|p| p[d])
        .fold(f32::NEG_INFINITY, f32::max);
    out.iter_mut().for_each(|o| *o = 0.0);
    let mut sum = 0.0f32;
    for p in parts.chunks(stride) {
        if p[d + 1] == 0.0 {
            continue;
        }
        let w = (p[d] - max).exp();
        sum += w * p[d + 1];
        for (o, a) in out.iter_mut().zip(&p[..d]) {
            *o += w * a;
        }
    }
    let inv = if sum > 0.0 { 1.0 / sum } else { 0.0 };
    out.iter_mut().for_each(|o| *o *= inv);
}

/// One query row over `visible` keys of kv head `g`; writes `d` outputs.
#[allow(clippy::too_many_arguments)]
unsafe fn attend_row(
    q: *const f32,
    k: &View3,
    v: &View3,
    g: usize,
    visible: usize,
    d: usize,
    scale: f32,
    out: *mut f32,
) {
    // SAFETY: the caller guarantees `q`/`out` rows of `d` floats and `visible ≤ T` keys.
    unsafe {
        let q = std::slice::from_raw_parts(q, d);
        let out = std::slice::from_raw_parts_mut(out, d);
        let mut acc = vec![0.0f32; d];
        let (mut max, mut sum) = (f32::NEG_INFINITY, 0.0f32);
        for j in 0..visible {
            let kr = std::slice::from_raw_parts(k.row(j, g), d);
            let score = dot(q, kr) * scale;
            let vr = std::slice::from_raw_parts(v.row(j, g), d);
            if score > max {
                // Rescale what was accumulated under the old maximum.
                let correction = (max - score).exp();
                sum *= correction;
                acc.iter_mut().for_each(|a| *a *= correction);
                max = score;
            }
            let p = (score - max).exp();
            sum += p;
            axpy(p, vr, &mut acc);
        }
        let inv = if sum > 0.0 { 1.0 / sum } else { 0.0 };
        for (o, a) in out.iter_mut().zip(&acc) {
            *o = a * inv;
        }
    }
}

fn dot(a: &[f32], b: &[f32]) -> f32 {
    let mut lanes = [0.0f32; 16];
    let chunks = a.len() / 16;
    for c in 0..chunks {
        for l in 0..16 {
            lanes[l] += a[c * 16 + l] * b[c * 16 + l];
        }
    }
    let mut total: f32 = lanes.iter().sum();
    for i in chunks * 16..a.len() {
        total += a[i] * b[i];
    }
    total
}

fn axpy(alpha: f32, x: &[f32], y: &mut [f32]) {
    for (yi, xi) in y.iter_mut().zip(x) {
        *yi += alpha * xi;
    }
}

#[cfg(target_arch = "x86_64")]
mod avx512 {
    //! Two passes per query row on AVX-512: scores (16-lane dots), then one
    //! vectorized `exp` over them, then the weighted sum of values.
    use super::View3;
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

    /// `e^x` for 16 lanes: `2^n · p(r)`, `x = n·ln2 + r`, `|r| ≤ ln2/2`,
    /// `p` the degree-7 Taylor polynomial (truncation error < 6e-9, below
    /// f32 rounding). Inputs here are `score − max ≤ 0`; `scalef` flushes
    /// very negative ones to 0.
    #[target_feature(enable = "avx512f")]
    fn exp16(x: __m512) -> __m512 {
        let x = _mm512_max_ps(x, _mm512_set1_ps(-104.0));
        let n = _mm512_roundscale_ps::<0x08>(_mm512_mul_ps(
            x,
            _mm512_set1_ps(std::f32::consts::LOG2_E),
        ));
        let r = _mm512_fnmadd_ps(n, _mm512_set1_ps(0.693_359_4), x);
        let r = _mm512_fnmadd_ps(n, _mm512_set1_ps(-2.121_944_4e-4), r);
        let mut p = _mm512_set1_ps(1.0 / 5040.0);
        for c in [
            1.0 / 720.0,
            1.0 / 120.0,
            1.0 / 24.0,
            1.0 / 6.0,
            0.5,
            1.0,
            1.0,
        ] {
            p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(c));
        }
        _mm512_scalef_ps(p, n)
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
    /// partial state a split over keys merges ([`super::merge_partials`]).
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
}

/// `(symbol, address)` of the attention microkernel.
pub fn symbol() -> (&'static str, *mut ()) {
    (
        "_mlir_ciface_kforge_ukernel_attention_f32",
        _mlir_ciface_kforge_ukernel_attention_f32 as *mut (),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reference::{self as r, AttentionAttrs, Tensor};

    fn view(t: &Tensor) -> View3 {
        let s = t.shape();
        View3 {
            base: t.as_f32().unwrap().as_ptr() as usize,
            sizes: [s[0], s[1], s[2]],
            strides: [s[1] * s[2], s[2], 1],
        }
    }

    #[test]
    fn matches_reference_gqa_causal_and_not() {
        for (sq, sk, hq, hkv, d, causal) in [
            (5, 7, 4, 2, 8, true),
            (5, 7, 4, 2, 8, false),
            (1, 40, 9, 3, 64, true),
            (3, 3, 2, 2, 17, true),
            // Decode over a long context: the split-K variant.
            (1, 2048, 9, 3, 64, true),
            (1, 2048, 9, 3, 64, false),
            (3, 1000, 1, 1, 64, false),
            (2, 777, 4, 1, 32, true),
        ] {
            let q = Tensor::random_f32([sq, hq, d], 1);
            let k = Tensor::random_f32([sk, hkv, d], 2);
            let v = Tensor::random_f32([sk, hkv, d], 3);
            let out = Tensor::zeros([sq, hq, d]);
            attention(
                &view(&q),
                &view(&k),
                &view(&v),
                &view(&out),
                (sk - sq) as i64,
                causal,
                0.3,
            );
            let want = r::attention(&q, &k, &v, AttentionAttrs { causal, scale: 0.3 }).unwrap();
            let err = r::max_rel_error(&out, &want).unwrap();
            assert!(
                err < 1e-5,
                "{sq}x{sk}x{hq}/{hkv}x{d} causal={causal}: {err}"
            );
        }
    }
}

#[cfg(test)]
mod timing {
    use super::*;
    use crate::reference::Tensor;

    /// `cargo test -p kforge-runtime --lib -- --ignored --nocapture attention_decode_timing`
    #[test]
    #[ignore]
    fn attention_decode_timing() {
        for (s, hq, hkv, t) in [(3usize, 1usize, 1usize, 2048usize), (1, 9, 3, 2048)] {
            let d = 64;
            let copies: u64 = std::env::var("KF_COPIES")
                .ok()
                .and_then(|v| v.parse().ok())
                .unwrap_or(64);
            let kvs: Vec<(Tensor, Tensor)> = (0..copies)
                .map(|c| {
                    (
                        Tensor::random_f32([t, hkv, d], 2 * c),
                        Tensor::random_f32([t, hkv, d], 2 * c + 1),
                    )
                })
                .collect();
            let q = Tensor::random_f32([s, hq, d], 99);
            let out = Tensor::zeros([s, hq, d]);
            let view = |x: &Tensor| {
                let sh = x.shape();
                View3 {
                    base: x.as_f32().unwrap().as_ptr() as usize,
                    sizes: [sh[0], sh[1], sh[2]],
                    strides: [sh[1] * sh[2], sh[2], 1],
                }
            };
            for split in [true, false] {
                let reps = 400;
                let start = std::time::Instant::now();
                for r in 0..reps {
                    let (k, v) = &kvs[r % copies as usize];
                    if split {
                        attention(&view(&q), &view(k), &view(v), &view(&out), 0, false, 0.1);
                    } else {
                        let rows = s * hq;
                        (0..rows).into_par_iter().for_each(|row| unsafe {
                            let (i, h) = (row / hq, row % hq);
                            avx512::attend_row(
                                view(&q).row(i, h),
                                &view(k),
                                &view(v),
                                h / (hq / hkv),
                                t,
                                d,
                                0.1,
                                view(&out).row(i, h),
                            );
                        });
                    }
                }
                let secs = start.elapsed().as_secs_f64() / reps as f64;
                let bytes = (2 * t * hkv * d * 4) as f64;
                println!(
                    "s{s} hq{hq} hkv{hkv} t{t} split={split}: {:.1} us, {:.1} GB/s of K+V",
                    secs * 1e6,
                    bytes / secs / 1e9
                );
            }
        }
    }
}
