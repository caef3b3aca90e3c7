//! `kforge.attention`: scaled dot-product attention with grouped-query heads,
//! without a cache or with a KV cache that the op updates.

use rayon::prelude::*;

use super::check;
use super::linear::dot;
use super::softmax::softmax_in_place;
use crate::error::{ExpectedRank, ReferenceError};
use crate::tensor::Tensor;

const ATTENTION: &str = "kforge.attention";

/// The attributes of `kforge.attention`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AttentionAttrs {
    /// Whether a query sees only keys at or before its own position.
    pub causal: bool,
    /// The factor applied to `q·k` before the softmax, usually `1/√D`.
    pub scale: f32,
}

/// `kforge.attention` without a cache, for `q: [Sq,Hq,D]`, `k, v: [Sk,Hkv,D]`
/// with `Hq % Hkv == 0`: query head `h` reads key/value head `h / (Hq/Hkv)`,
/// `s[h,i,j] = scale·Σ_d q[i,h,d]·k[j,h/(Hq/Hkv),d]`, a softmax over the keys
/// `i` sees, and `out[i,h,:] = Σ_j p[h,i,j]·v[j,h/(Hq/Hkv),:]`.
///
/// Causal: query `i` sees key `j` iff `j ≤ i + (Sk − Sq)` (the queries are the
/// last `Sq` positions). A query that sees no key is an error.
pub fn attention(
    q: &Tensor,
    k: &Tensor,
    v: &Tensor,
    attrs: AttentionAttrs,
) -> Result<Tensor, ReferenceError> {
    let (qs, ks, vs) = check_qkv(q, k, v)?;
    let (sq, sk) = (q.shape()[0], k.shape()[0]);
    let visible = |i: usize| {
        if attrs.causal {
            (i + sk + 1).saturating_sub(sq).min(sk)
        } else {
            sk
        }
    };
    every_query_sees_a_key(sq, visible)?;
    let out = attend(Heads::new(q, qs, k, ks, vs), visible, attrs.scale);
    Tensor::f32(q.shape(), out)
}

/// Attention of `q: [Sq,Hq,D]` over key/value rows `[0, kv_len)` of
/// `k, v: [R,Hkv,D]` (`kv_len` is clamped to `R`); when `attrs.causal`, query
/// `i` sees row `j` iff `j ≤ i + offset`. Heads are grouped as in
/// [`attention`]. Unlike `kforge.attention`, a query that sees no row is not an
/// error: it averages the values of all `kv_len` rows uniformly, as the GPU
/// attention kernel does for a fully masked row.
pub fn attention_with_offset(
    q: &Tensor,
    k: &Tensor,
    v: &Tensor,
    kv_len: usize,
    offset: i64,
    attrs: AttentionAttrs,
) -> Result<Tensor, ReferenceError> {
    let (qs, ks, vs) = check_qkv(q, k, v)?;
    let kv_len = kv_len.min(k.shape()[0]);
    let row_len = k.shape()[1] * k.shape()[2];
    let visible = |i: usize| {
        if attrs.causal {
            let seen = (i as i64).saturating_add(offset).saturating_add(1);
            usize::try_from(seen.max(0))
                .unwrap_or(usize::MAX)
                .min(kv_len)
        } else {
            kv_len
        }
    };
    let (keys, values) = (&ks[..kv_len * row_len], &vs[..kv_len * row_len]);
    let out = attend(Heads::new(q, qs, k, keys, values), visible, attrs.scale);
    Tensor::f32(q.shape(), out)
}

/// `kforge.attention` with a KV cache, for `q: [S,Hq,D]`, `k, v: [S,Hkv,D]`,
/// `k_cache, v_cache: [C,Hkv,D]` and a rank-0 `i64` `position = p`.
///
/// Returns `(out, k_cache', v_cache')`: copies of the caches with `k`, `v`
/// written at rows `[p, p+S)`, and the attention of `q` over cache rows
/// `[0, p+S)`; causal: query `i` (absolute position `p+i`) sees rows `j ≤ p+i`.
/// Heads are grouped as in [`attention`]. `p + S ≤ C` is required.
pub fn attention_with_cache(
    q: &Tensor,
    k: &Tensor,
    v: &Tensor,
    k_cache: &Tensor,
    v_cache: &Tensor,
    position: &Tensor,
    attrs: AttentionAttrs,
) -> Result<(Tensor, Tensor, Tensor), ReferenceError> {
    if k_cache.rank() == 4 {
        return attention_with_cache_slots(q, k, v, k_cache, v_cache, position, attrs);
    }
    let (qs, ks, vs) = check_qkv(q, k, v)?;
    let position = check_cache(q, k, k_cache, v_cache, position)?;
    let s = q.shape()[0];
    let row_len = k.shape()[1] * k.shape()[2];
    let rows = position..position + s;
    let write = |cache: &Tensor, new: &[f32]| -> Result<Vec<f32>, ReferenceError> {
        let mut data = cache.as_f32()?.to_vec();
        data[rows.start * row_len..rows.end * row_len].copy_from_slice(new);
        Ok(data)
    };
    let (new_k, new_v) = (write(k_cache, ks)?, write(v_cache, vs)?);
    let visible = |i: usize| {
        if attrs.causal {
            position + i + 1
        } else {
            position + s
        }
    };
    let (keys, values) = (&new_k[..rows.end * row_len], &new_v[..rows.end * row_len]);
    every_query_sees_a_key(s, visible)?;
    let out = attend(Heads::new(q, qs, k, keys, values), visible, attrs.scale);
    Ok((
        Tensor::f32(q.shape(), out)?,
        Tensor::f32(k_cache.shape(), new_k)?,
        Tensor::f32(v_cache.shape(), new_v)?,
    ))
}

/// `kforge.attention` with a cache slot per row (batched decode): `q: [B,Hq,D]`,
/// `k, v: [B,Hkv,D]`, `k_cache, v_cache: [B,C,Hkv,D]`, `position: [B]` (i64).
/// Row `b` is the one-token step of its own sequence: [`attention_with_cache`]
/// of row `b` over slot `b` at `position[b]` (`position[b] < C` for every row).
pub fn attention_with_cache_slots(
    q: &Tensor,
    k: &Tensor,
    v: &Tensor,
    k_cache: &Tensor,
    v_cache: &Tensor,
    position: &Tensor,
    attrs: AttentionAttrs,
) -> Result<(Tensor, Tensor, Tensor), ReferenceError> {
    let op = ATTENTION;
    let (qs, ks, vs) = check_qkv(q, k, v)?;
    let (kcs, vcs) = (
        check::f32_operand(op, 3, k_cache)?,
        check::f32_operand(op, 4, v_cache)?,
    );
    let positions = check::i64_operand(op, 5, position)?;
    check::rank(op, 3, k_cache, ExpectedRank::Exactly(4))?;
    check::rank(op, 4, v_cache, ExpectedRank::Exactly(4))?;
    check::rank(op, 5, position, ExpectedRank::Exactly(1))?;
    check::dims_match(op, (1, k, 0), (0, q, 0))?;
    check::dims_match(op, (3, k_cache, 0), (0, q, 0))?;
    check::dims_match(op, (5, position, 0), (0, q, 0))?;
    check::dims_match(op, (3, k_cache, 2), (1, k, 1))?;
    check::dims_match(op, (3, k_cache, 3), (1, k, 2))?;
    check::shapes_match(op, (4, v_cache), (3, k_cache))?;
    let [rows, capacity, kv_heads, dim] = k_cache.shape()[..] else {
        unreachable!("rank checked")
    };
    let q_row = q.shape()[1] * q.shape()[2];
    let kv_row = kv_heads * dim;
    let slot = capacity * kv_row;
    let (mut out, mut new_k, mut new_v) = (Vec::new(), Vec::new(), Vec::new());
    for b in 0..rows {
        let one = |data: &[f32], len: usize, shape: &[usize]| {
            Tensor::f32(shape, data[b * len..(b + 1) * len].to_vec())
        };
        let (o, kc, vc) = attention_with_cache(
            &one(qs, q_row, &[1, q.shape()[1], q.shape()[2]])?,
            &one(ks, kv_row, &[1, kv_heads, dim])?,
            &one(vs, kv_row, &[1, kv_heads, dim])?,
            &one(kcs, slot, &[capacity, kv_heads, dim])?,
            &one(vcs, slot, &[capacity, kv_heads, dim])?,
            &Tensor::scalar_i64(positions[b]),
            attrs,
        )?;
        out.extend(o.into_f32_vec()?);
        new_k.extend(kc.into_f32_vec()?);
        new_v.extend(vc.into_f32_vec()?);
    }
    Ok((
        Tensor::f32(q.shape(), out)?,
        Tensor::f32(k_cache.shape(), new_k)?,
        Tensor::f32(v_cache.shape(), new_v)?,
    ))
}

/// One attention problem: queries `[Sq,Hq,D]` over key and value rows
/// `[rows,Hkv,D]`.
struct Heads<'a> {
    queries: &'a [f32],
    keys: &'a [f32],
    values: &'a [f32],
    q_heads: usize,
    kv_heads: usize,
    dim: usize,
}

impl<'a> Heads<'a> {
    /// The problem of the checked `q` and `k`, over the rows `keys`, `values`.
    fn new(q: &Tensor, queries: &'a [f32], k: &Tensor, keys: &'a [f32], values: &'a [f32]) -> Self {
        let (q_heads, dim) = (q.shape()[1], q.shape()[2]);
        Self {
            queries,
            keys,
            values,
            q_heads,
            kv_heads: k.shape()[1],
            dim,
        }
    }

    /// The elements of key/value row `j`, head `g`.
    fn kv_range(&self, j: usize, g: usize) -> std::ops::Range<usize> {
        let start = (j * self.kv_heads + g) * self.dim;
        start..start + self.dim
    }
}

/// The elements of `q`, `k` and `v`.
type QkvData<'a> = (&'a [f32], &'a [f32], &'a [f32]);

/// Checks operands #0–#2 (shared by both forms) and returns their elements.
fn check_qkv<'a>(
    q: &'a Tensor,
    k: &'a Tensor,
    v: &'a Tensor,
) -> Result<QkvData<'a>, ReferenceError> {
    let op = ATTENTION;
    let qs = check::f32_operand(op, 0, q)?;
    let (ks, vs) = (check::f32_operand(op, 1, k)?, check::f32_operand(op, 2, v)?);
    for (i, t) in [q, k, v].into_iter().enumerate() {
        check::rank(op, i, t, ExpectedRank::Exactly(3))?;
    }
    check::dims_match(op, (1, k, 2), (0, q, 2))?;
    check::shapes_match(op, (2, v), (1, k))?;
    let (q_heads, kv_heads) = (q.shape()[1], k.shape()[1]);
    if kv_heads == 0 || q_heads % kv_heads != 0 {
        return Err(ReferenceError::HeadGrouping {
            op,
            q_heads,
            kv_heads,
        });
    }
    Ok((qs, ks, vs))
}

/// Checks the cache operands #3–#5 against the already checked q, k, v and
/// returns the position as an index with `position + S ≤ C`.
fn check_cache(
    q: &Tensor,
    k: &Tensor,
    k_cache: &Tensor,
    v_cache: &Tensor,
    position: &Tensor,
) -> Result<usize, ReferenceError> {
    let op = ATTENTION;
    check::f32_operand(op, 3, k_cache)?;
    check::f32_operand(op, 4, v_cache)?;
    let p = check::i64_operand(op, 5, position)?;
    check::rank(op, 3, k_cache, ExpectedRank::Exactly(3))?;
    check::rank(op, 4, v_cache, ExpectedRank::Exactly(3))?;
    check::rank(op, 5, position, ExpectedRank::Exactly(0))?;
    check::dims_match(op, (1, k, 0), (0, q, 0))?;
    check::dims_match(op, (3, k_cache, 1), (1, k, 1))?;
    check::dims_match(op, (3, k_cache, 2), (1, k, 2))?;
    check::shapes_match(op, (4, v_cache), (3, k_cache))?;
    let p = p[0];
    let start =
        usize::try_from(p).map_err(|_| ReferenceError::NegativePosition { op, position: p })?;
    let (rows, capacity) = (k.shape()[0], k_cache.shape()[0]);
    if start.checked_add(rows).is_none_or(|end| end > capacity) {
        return Err(ReferenceError::CacheOverflow {
            op,
            position: p,
            rows,
            capacity,
        });
    }
    Ok(start)
}

/// Fails for the first of `q_len` queries that sees no key: `kforge.attention`
/// leaves such a query undefined.
fn every_query_sees_a_key(
    q_len: usize,
    visible: impl Fn(usize) -> usize,
) -> Result<(), ReferenceError> {
    match (0..q_len).find(|&i| visible(i) == 0) {
        Some(query) => Err(ReferenceError::NoVisibleKeys {
            op: ATTENTION,
            query,
        }),
        None => Ok(()),
    }
}

/// The attention output `[Sq,Hq,D]` where query `i` sees key/value rows
/// `[0, visible(i))`, or averages every row uniformly where it sees none;
/// parallel over `(query, head)` pairs.
fn attend(heads: Heads<'_>, visible: impl Fn(usize) -> usize + Sync, scale: f32) -> Vec<f32> {
    let mut out = vec![0.0; heads.queries.len()];
    if !out.is_empty() {
        out.par_chunks_mut(heads.dim)
            .enumerate()
            .for_each(|(row, out_row)| {
                let i = row / heads.q_heads;
                attend_row(&heads, row, visible(i), f64::from(scale), out_row);
            });
    }
    out
}

/// `out_row` of query row `row` (query `row / Hq`, head `h = row % Hq`) over
/// the first `visible` keys of head `h / (Hq/Hkv)` (every row, uniformly
/// weighted, when `visible` is 0); scores, softmax and the weighted sum in `f64`.
fn attend_row(heads: &Heads<'_>, row: usize, visible: usize, scale: f64, out_row: &mut [f32]) {
    let h = row % heads.q_heads;
    let g = h / (heads.q_heads / heads.kv_heads);
    let q_row = &heads.queries[row * heads.dim..(row + 1) * heads.dim];
    let p: Vec<f64> = if visible == 0 {
        let rows = heads.keys.len() / (heads.kv_heads * heads.dim).max(1);
        vec![1.0 / rows as f64; rows]
    } else {
        let mut scores: Vec<f64> = (0..visible)
            .map(|j| scale * dot(q_row, &heads.keys[heads.kv_range(j, g)]))
            .collect();
        softmax_in_place(&mut scores);
        scores
    };
    let mut acc = vec![0.0f64; heads.dim];
    for (j, &p_j) in p.iter().enumerate() {
        for (a, &v) in acc.iter_mut().zip(&heads.values[heads.kv_range(j, g)]) {
            *a += p_j * f64::from(v);
        }
    }
    for (y, a) in out_row.iter_mut().zip(acc) {
        *y = a as f32;
    }
}
