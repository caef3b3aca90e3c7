//! `kforge_ukernel_attention_f32`: causal grouped-query attention of `S`
//! queries over `T` keys/values, one pass per query row with an online softmax
//! (flash-attention style: running max and sum, no score matrix in memory).
//!
//! Query head `h` reads key/value head `h / (Hq / Hkv)` in place: K/V are never
//! repeated. Query `i` sees keys `j ≤ i + offset` when causal (all `T` keys
//! otherwise; a query that sees none gets the average of all values, as the
//! loop lowering gives). Query positions × kv heads are split over rayon's
//! pool, the query heads of one kv head going together through one kernel
//! written over [`crate::simd::Simd`] for every ISA (`simd.rs`); a decode step
//! (few rows, a long context) splits the keys instead (`split_attention`: split-K).
use super::MemRef3;
use rayon::prelude::*;
use split::{split_attention, split_keys};

mod simd;
mod split;

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
        Self {
            base: m.data() as usize,
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
    if let Some(chunks) = split_keys(s, t, d, causal, offset) {
        split_attention(q, k, v, out, (offset, causal, scale), chunks);
        return;
    }
    by_rows(q, k, v, out, offset, causal, scale);
}

/// Attention with the rows split over the pool: one task per query
/// position and kv head, whose query heads (GQA) see the same keys and go
/// through [`simd::attend_heads`] together, up to [`simd::MAX_HEADS`] at a
/// time.
fn by_rows(q: &View3, k: &View3, v: &View3, out: &View3, offset: i64, causal: bool, scale: f32) {
    let (s, hq, d) = (q.sizes[0], q.sizes[1], q.sizes[2]);
    let (t, hkv) = (k.sizes[0], k.sizes[1]);
    let rep = hq / hkv;
    let isa = kforge_abi::isa::active();
    let vectors = d.is_multiple_of(simd_lanes(isa));
    let group = |index: usize| {
        let (i, g) = (index / hkv, index % hkv);
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
        let heads = g * rep..(g + 1) * rep;
        if !vectors {
            for h in heads {
                // SAFETY: rows within the views' sizes; the last dim is contiguous.
                unsafe { attend_row(q.row(i, h), k, v, g, visible, d, scale, out.row(i, h)) };
            }
            return;
        }
        let mut h0 = heads.start;
        while h0 < heads.end {
            let h1 = (h0 + simd::MAX_HEADS).min(heads.end);
            let mut qs = [std::ptr::null::<f32>(); simd::MAX_HEADS];
            let mut outs = [std::ptr::null_mut::<f32>(); simd::MAX_HEADS];
            for (n, h) in (h0..h1).enumerate() {
                (qs[n], outs[n]) = (q.row(i, h) as *const f32, out.row(i, h));
            }
            let heads = simd::Heads {
                qs: &qs[..h1 - h0],
                k,
                v,
                g,
                keys: (0, visible),
                d,
                scale,
                outs: &outs[..h1 - h0],
                normalize: true,
            };
            // SAFETY: `isa` runs here and `d` is a multiple of its lanes;
            // rows within the views' sizes, `visible ≤ T`.
            unsafe { simd::attend_heads(isa, heads) };
            h0 = h1;
        }
    };
    // Below ~1M multiply-adds (a decode step over a short context) a fork-join
    // costs more than it saves.
    if s * hq * t * d < 1024 * 1024 {
        (0..s * hkv).for_each(group);
    } else {
        (0..s * hkv).into_par_iter().for_each(group);
    }
}

/// Lanes of the variant's vectors: `d` a multiple of them runs the vector kernels.
/// (The `Simd` instances' `LANES`: the x86 ones exist on x86-64 only.)
fn simd_lanes(isa: kforge_abi::isa::Isa) -> usize {
    match isa {
        kforge_abi::isa::Isa::Avx512 => 16,
        kforge_abi::isa::Isa::Avx2 | kforge_abi::isa::Isa::Portable => 8,
    }
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
    use kforge_reference::{self as r, AttentionAttrs, Tensor};

    /// A contiguous tensor as a view.
    pub(super) fn view(t: &Tensor) -> View3 {
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
            // Query rows batched per kv head: 8 heads in two batches, d 128;
            // d 48 (no batched kernel: one row at a time).
            (1, 600, 16, 2, 128, true),
            (2, 512, 6, 2, 48, true),
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
mod prefill_timing {
    use super::tests::view;
    use super::*;
    use kforge_reference::Tensor;

    /// Causal attention over a prompt, SmolLM2's 9/3 heads of 64:
    /// `cargo test -p kforge-kernels --lib -- --ignored --nocapture attention_prefill_timing`
    /// (`KF_PROMPT`: prompt lengths, comma-separated; default 115,345).
    #[test]
    #[ignore]
    fn attention_prefill_timing() {
        let prompts = std::env::var("KF_PROMPT").unwrap_or_else(|_| "115,345".into());
        for t in prompts
            .split(',')
            .filter_map(|p| p.trim().parse::<usize>().ok())
        {
            let (hq, hkv, d) = (9, 3, 64);
            let q = Tensor::random_f32([t, hq, d], 1);
            let k = Tensor::random_f32([t, hkv, d], 2);
            let v = Tensor::random_f32([t, hkv, d], 3);
            let out = Tensor::zeros([t, hq, d]);
            let mut times = Vec::new();
            for _ in 0..7 {
                let reps = (2_000_000 / (t * t)).max(3);
                let start = std::time::Instant::now();
                for _ in 0..reps {
                    attention(&view(&q), &view(&k), &view(&v), &view(&out), 0, true, 0.125);
                }
                times.push(start.elapsed().as_secs_f64() / reps as f64);
            }
            times.sort_by(f64::total_cmp);
            let flops = 2.0 * 2.0 * (t * (t + 1) / 2 * hq * d) as f64;
            println!(
                "prefill t{t} hq{hq} hkv{hkv} d{d}: median {:.1} us, {:.1} GFLOP/s",
                times[3] * 1e6,
                flops / times[3] / 1e9
            );
        }
    }
}

#[cfg(test)]
mod timing {
    use super::tests::view;
    use super::*;
    use kforge_reference::Tensor;

    /// `cargo test -p kforge-kernels --lib -- --ignored --nocapture attention_decode_timing`
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
            for split in [true, false] {
                let reps = 400;
                let start = std::time::Instant::now();
                for r in 0..reps {
                    let (k, v) = &kvs[r % copies as usize];
                    if split {
                        attention(&view(&q), &view(k), &view(v), &view(&out), 0, false, 0.1);
                    } else {
                        by_rows(&view(&q), &view(k), &view(v), &view(&out), 0, false, 0.1);
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
