//! The decode variant: a few query rows over a long context split the keys
//! across threads instead of the rows (split-K, flash-decoding style).
use super::simd::{self, MAX_HEADS};
use super::View3;
use rayon::prelude::*;

/// Key chunks for the decode variant, when it applies: a few query rows
/// per head (a decode step has one) over a long context, with `d` a multiple
/// of the variant's vector lanes, and every query seeing at least one key. The keys are
/// split so that every worker gets four chunks (each chunk covers every kv
/// head, so the count is a multiple of the workers: 3 chunks on 2 workers
/// left one idle a third of the time).
pub(super) fn split_keys(s: usize, t: usize, d: usize, causal: bool, offset: i64) -> Option<usize> {
    const MIN_KEYS_PER_CHUNK: usize = 128;
    let threads = rayon::current_num_threads();
    let vectors = d.is_multiple_of(super::simd_lanes(kforge_abi::isa::active()));
    let sees_a_key = !causal || offset >= 0;
    if !vectors || !sees_a_key || t < 2 * MIN_KEYS_PER_CHUNK || s > MAX_HEADS {
        return None;
    }
    Some((4 * threads).min(t / MIN_KEYS_PER_CHUNK).max(1))
}

/// The decode variant (split-K, flash-decoding style): one task per key
/// chunk runs every query row over it, kv head by kv head (the query heads
/// that share one, GQA, in turn), so each chunk of K and V — all kv heads
/// interleaved in `[T, Hkv, D]` — is read from memory once, contiguously,
/// and its rows reused from cache. Each (row, chunk) leaves a partial
/// `(max, sum, acc)`, merged per row at the end ([`merge_partials`]).
pub(super) fn split_attention(
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
    let isa = kforge_abi::isa::active();
    let task = |c: usize| {
        let (j0, j1) = (c * per_chunk, ((c + 1) * per_chunk).min(t));
        // (end of the keys seen, query position, query head), refilled per kv head.
        let mut rows: Vec<(usize, usize, usize)> = Vec::with_capacity(s * rep);
        for g in 0..hkv {
            // The query rows of kv head g — its query heads (GQA) at every
            // query position — grouped by the keys of this chunk they see;
            // a few at a time then share each row of K and V.
            rows.clear();
            rows.extend(
                (0..s)
                    .flat_map(|i| (g * rep..(g + 1) * rep).map(move |h| (i, h)))
                    .map(|(i, h)| {
                        let visible = if causal {
                            ((i as i64 + offset + 1).clamp(0, t as i64)) as usize
                        } else {
                            t
                        };
                        (j1.min(visible).max(j0), i, h)
                    }),
            );
            rows.sort_unstable();
            let slot = |i: usize, h: usize| {
                (slots as *mut f32).wrapping_add(((i * hq + h) * chunks + c) * stride)
            };
            for same_end in rows.chunk_by(|a, b| a.0 == b.0) {
                let end = same_end[0].0;
                if end == j0 {
                    for &(_, i, h) in same_end {
                        // SAFETY: the slot holds d + 2 floats, written by this task alone.
                        unsafe {
                            *slot(i, h).add(d) = f32::NEG_INFINITY;
                            *slot(i, h).add(d + 1) = 0.0;
                        }
                    }
                    continue;
                }
                for batch in same_end.chunks(MAX_HEADS) {
                    let mut qs = [std::ptr::null::<f32>(); MAX_HEADS];
                    let mut outs = [std::ptr::null_mut::<f32>(); MAX_HEADS];
                    for (n, &(_, i, h)) in batch.iter().enumerate() {
                        (qs[n], outs[n]) = (q.row(i, h) as *const f32, slot(i, h));
                    }
                    let heads = simd::Heads {
                        qs: &qs[..batch.len()],
                        k,
                        v,
                        g,
                        keys: (j0, end),
                        d,
                        scale,
                        outs: &outs[..batch.len()],
                        normalize: false,
                    };
                    // SAFETY: `isa` runs here and `d` is a multiple of its
                    // lanes (`split_keys`); rows within the views; each
                    // (row, chunk) slot holds d + 2 floats, written by this
                    // task alone.
                    unsafe { simd::attend_heads(isa, heads) };
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
