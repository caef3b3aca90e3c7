//! kforge.attention, without and with a KV cache.

use super::{assert_close, error_text, f32s, i64s};
use crate::{attention, attention_with_cache, attention_with_cache_slots, AttentionAttrs, Tensor};

const FULL: AttentionAttrs = AttentionAttrs {
    causal: false,
    scale: 1.0,
};
const CAUSAL: AttentionAttrs = AttentionAttrs {
    causal: true,
    scale: 1.0,
};

/// Rows `[from, to)` of a `[S, H, D]` tensor.
fn rows(t: &Tensor, from: usize, to: usize) -> Tensor {
    let row: usize = t.shape()[1..].iter().product();
    let data = &t.as_f32().unwrap()[from * row..to * row];
    f32s(&[to - from, t.shape()[1], t.shape()[2]], data)
}

/// `a` and `b` stacked along dim 0.
fn concat(a: &Tensor, b: &Tensor) -> Tensor {
    let data = [a.as_f32().unwrap(), b.as_f32().unwrap()].concat();
    f32s(
        &[a.shape()[0] + b.shape()[0], a.shape()[1], a.shape()[2]],
        &data,
    )
}

/// Every head of a `[S, Hkv, D]` tensor repeated `times` times, as `[S, Hkv·times, D]`.
fn repeat_heads(t: &Tensor, times: usize) -> Tensor {
    let (s, h, d) = (t.shape()[0], t.shape()[1], t.shape()[2]);
    let data = t.as_f32().unwrap();
    let mut out = Vec::new();
    for i in 0..s {
        for g in 0..h * times {
            let head = g / times;
            out.extend_from_slice(&data[(i * h + head) * d..(i * h + head + 1) * d]);
        }
    }
    f32s(&[s, h * times, d], &out)
}

// Tests that attention over a single key returns its value whatever the query.
#[test]
fn one_key_returns_its_value() {
    let q = Tensor::random_f32([1, 1, 2], 1);
    let (k, v) = (
        Tensor::random_f32([1, 1, 2], 2),
        f32s(&[1, 1, 2], &[5.0, -3.0]),
    );
    assert_eq!(attention(&q, &k, &v, FULL).unwrap(), v);
}

// Tests two keys by hand: scores [1, 0] give p = [e/(e+1), 1/(e+1)].
#[test]
fn two_keys_by_hand() {
    let q = f32s(&[1, 1, 2], &[1.0, 0.0]);
    let k = f32s(&[2, 1, 2], &[1.0, 0.0, 0.0, 0.0]);
    let v = f32s(&[2, 1, 2], &[1.0, 0.0, 0.0, 1.0]);
    let expected = f32s(&[1, 1, 2], &[0.731_058_6, 0.268_941_43]);
    assert_close(&attention(&q, &k, &v, FULL).unwrap(), &expected, 1e-7);
    // The scale multiplies the scores: scale 2 gives p = [e²/(e²+1), 1/(e²+1)].
    let scaled = attention(
        &q,
        &k,
        &v,
        AttentionAttrs {
            causal: false,
            scale: 2.0,
        },
    )
    .unwrap();
    assert_close(
        &scaled,
        &f32s(&[1, 1, 2], &[0.880_797_1, 0.119_202_92]),
        1e-7,
    );
}

// Tests the causal mask: with zero queries a query averages the values it sees.
#[test]
fn causal_mask_without_cache() {
    let v = f32s(&[3, 1, 1], &[1.0, 10.0, 100.0]);
    let (q3, k3) = (Tensor::zeros([3, 1, 1]), Tensor::zeros([3, 1, 1]));
    assert_eq!(
        attention(&q3, &k3, &v, CAUSAL).unwrap(),
        f32s(&[3, 1, 1], &[1.0, 5.5, 37.0])
    );
    assert_eq!(
        attention(&q3, &k3, &v, FULL).unwrap(),
        f32s(&[3, 1, 1], &[37.0, 37.0, 37.0])
    );
    // Sq = 2 < Sk = 3: the queries are the last two positions, offset Sk − Sq = 1.
    let q2 = Tensor::zeros([2, 1, 1]);
    assert_eq!(
        attention(&q2, &k3, &v, CAUSAL).unwrap(),
        f32s(&[2, 1, 1], &[5.5, 37.0])
    );
}

// Tests that grouped-query attention equals attention over explicitly repeated K/V heads.
#[test]
fn gqa_equals_repeated_heads() {
    let q = Tensor::random_f32([3, 6, 8], 30);
    let (k, v) = (
        Tensor::random_f32([5, 2, 8], 31),
        Tensor::random_f32([5, 2, 8], 32),
    );
    let (k_rep, v_rep) = (repeat_heads(&k, 3), repeat_heads(&v, 3));
    for attrs in [FULL, CAUSAL] {
        let expected = attention(&q, &k_rep, &v_rep, attrs).unwrap();
        assert_eq!(attention(&q, &k, &v, attrs).unwrap(), expected);
    }
}

// Tests that the cache variant writes rows [p, p+S) and equals the no-cache
// attention over the cached prefix followed by the new keys.
#[test]
fn cache_equals_concatenated_keys() {
    let (p, s, capacity) = (3, 2, 8);
    let q = Tensor::random_f32([s, 4, 8], 40);
    let (k, v) = (
        Tensor::random_f32([s, 2, 8], 41),
        Tensor::random_f32([s, 2, 8], 42),
    );
    let k_cache = Tensor::random_f32([capacity, 2, 8], 43);
    let v_cache = Tensor::random_f32([capacity, 2, 8], 44);
    let (k_all, v_all) = (
        concat(&rows(&k_cache, 0, p), &k),
        concat(&rows(&v_cache, 0, p), &v),
    );
    for attrs in [FULL, CAUSAL] {
        let position = Tensor::scalar_i64(p as i64);
        let (out, k_new, v_new) =
            attention_with_cache(&q, &k, &v, &k_cache, &v_cache, &position, attrs).unwrap();
        assert_eq!(out, attention(&q, &k_all, &v_all, attrs).unwrap());
        assert_eq!(rows(&k_new, 0, p + s), k_all);
        assert_eq!(rows(&v_new, 0, p + s), v_all);
        assert_eq!(
            rows(&k_new, p + s, capacity),
            rows(&k_cache, p + s, capacity)
        );
        assert_eq!(
            rows(&v_new, p + s, capacity),
            rows(&v_cache, p + s, capacity)
        );
    }
}

// Tests the causal mask with a cache: query i sees rows j ≤ p + i only, so
// stale rows past p + S are never read.
#[test]
fn causal_mask_with_cache() {
    let caches = f32s(&[4, 1, 1], &[1.0, 10.0, 1e6, 1e6]);
    let (q, k, v) = (
        Tensor::zeros([2, 1, 1]),
        Tensor::zeros([2, 1, 1]),
        f32s(&[2, 1, 1], &[100.0, 1000.0]),
    );
    let position = Tensor::scalar_i64(1);
    let (out, _, v_new) =
        attention_with_cache(&q, &k, &v, &caches, &caches, &position, CAUSAL).unwrap();
    assert_eq!(v_new, f32s(&[4, 1, 1], &[1.0, 100.0, 1000.0, 1e6]));
    assert_eq!(out, f32s(&[2, 1, 1], &[50.5, 367.0]));
}

// Tests the decode-step example of OPS.md: shapes of all three results.
#[test]
fn decode_step_shapes() {
    let (q, k, v) = (
        Tensor::zeros([1, 9, 64]),
        Tensor::zeros([1, 3, 64]),
        Tensor::zeros([1, 3, 64]),
    );
    let cache = Tensor::zeros([256, 3, 64]);
    let attrs = AttentionAttrs {
        causal: true,
        scale: 0.125,
    };
    let position = Tensor::scalar_i64(255);
    let (out, kc, vc) = attention_with_cache(&q, &k, &v, &cache, &cache, &position, attrs).unwrap();
    assert_eq!(
        (out.shape(), kc.shape(), vc.shape()),
        (&[1, 9, 64][..], &[256, 3, 64][..], &[256, 3, 64][..])
    );
}

// Tests the errors shared by both variants: ranks, dims, head grouping, empty rows.
#[test]
fn attention_errors() {
    let (q, k) = (Tensor::zeros([1, 2, 4]), Tensor::zeros([3, 1, 4]));
    assert_eq!(
        error_text(attention(&Tensor::zeros([2, 4]), &k, &k, FULL)),
        "kforge.attention: expected operand #0 rank (3), got 2"
    );
    assert_eq!(
        error_text(attention(&q, &Tensor::zeros([3, 1, 8]), &k, FULL)),
        "kforge.attention: expected operand #1 dim 2 (8) to match operand #0 dim 2 (4)"
    );
    assert_eq!(
        error_text(attention(&q, &k, &Tensor::zeros([2, 1, 4]), FULL)),
        "kforge.attention: expected operand #2 dim 0 (2) to match operand #1 dim 0 (3)"
    );
    assert_eq!(
        error_text(attention(
            &Tensor::zeros([1, 9, 4]),
            &Tensor::zeros([1, 2, 4]),
            &Tensor::zeros([1, 2, 4]),
            FULL
        )),
        "kforge.attention: expected query heads (9) to be a multiple of key/value heads (2)"
    );
    assert_eq!(
        error_text(attention(
            &Tensor::zeros([3, 1, 4]),
            &Tensor::zeros([2, 1, 4]),
            &Tensor::zeros([2, 1, 4]),
            CAUSAL
        )),
        "kforge.attention: query 0 attends to no keys"
    );
    assert_eq!(
        error_text(attention(
            &q,
            &Tensor::zeros([0, 1, 4]),
            &Tensor::zeros([0, 1, 4]),
            FULL
        )),
        "kforge.attention: query 0 attends to no keys"
    );
    assert_eq!(
        error_text(attention(&q, &i64s(&[3, 1, 4], &[0; 12]), &k, FULL)),
        "kforge.attention: expected operand #1 element type (f32), got i64"
    );
}

// Tests the errors of the cache operands: shapes, position type and range.
#[test]
fn attention_cache_errors() {
    let (q, k) = (Tensor::zeros([8, 4, 2]), Tensor::zeros([8, 2, 2]));
    let cache = Tensor::zeros([256, 2, 2]);
    let at = |p: i64| Tensor::scalar_i64(p);
    let run = |q: &Tensor, k: &Tensor, kc: &Tensor, vc: &Tensor, p: &Tensor| {
        error_text(attention_with_cache(q, k, k, kc, vc, p, CAUSAL))
    };
    assert_eq!(
        run(&q, &k, &cache, &cache, &at(250)),
        "kforge.attention: position 250 + 8 new rows exceeds cache capacity 256"
    );
    assert_eq!(
        run(&q, &k, &cache, &cache, &at(i64::MAX)),
        "kforge.attention: position 9223372036854775807 + 8 new rows exceeds cache capacity 256"
    );
    assert_eq!(
        run(&q, &k, &cache, &cache, &at(-1)),
        "kforge.attention: position -1 is negative"
    );
    assert_eq!(
        run(&Tensor::zeros([2, 4, 2]), &k, &cache, &cache, &at(0)),
        "kforge.attention: expected operand #1 dim 0 (8) to match operand #0 dim 0 (2)"
    );
    assert_eq!(
        run(&q, &k, &Tensor::zeros([256, 3, 2]), &cache, &at(0)),
        "kforge.attention: expected operand #3 dim 1 (3) to match operand #1 dim 1 (2)"
    );
    assert_eq!(
        run(&q, &k, &Tensor::zeros([256, 2, 4]), &cache, &at(0)),
        "kforge.attention: expected operand #3 dim 2 (4) to match operand #1 dim 2 (2)"
    );
    assert_eq!(
        run(&q, &k, &cache, &Tensor::zeros([128, 2, 2]), &at(0)),
        "kforge.attention: expected operand #4 dim 0 (128) to match operand #3 dim 0 (256)"
    );
    assert_eq!(
        run(&q, &k, &Tensor::zeros([256, 2]), &cache, &at(0)),
        "kforge.attention: expected operand #3 rank (3), got 2"
    );
    assert_eq!(
        run(&q, &k, &cache, &cache, &i64s(&[1], &[0])),
        "kforge.attention: expected operand #5 rank (0), got 1"
    );
    assert_eq!(
        run(&q, &k, &cache, &cache, &Tensor::zeros(Vec::new())),
        "kforge.attention: expected operand #5 element type (i64), got f32"
    );
    assert_eq!(
        run(&q, &k, &cache, &i64s(&[256, 2, 2], &[0; 1024]), &at(0)),
        "kforge.attention: expected operand #4 element type (f32), got i64"
    );
}

/// Slot `b` of a `[B, C, H, D]` tensor as `[C, H, D]`.
fn slot(t: &Tensor, b: usize) -> Tensor {
    let shape = &t.shape()[1..];
    let len: usize = shape.iter().product();
    f32s(shape, &t.as_f32().unwrap()[b * len..(b + 1) * len])
}

// Tests the per-row form (batched decode): row b, at its own position, writes
// and reads only slot b, as the one-sequence form on that slot would; a row at
// position 0 sees only its own key.
#[test]
fn cache_slots_are_independent_sequences() {
    let (b, capacity) = (3, 6);
    let q = Tensor::random_f32([b, 4, 8], 50);
    let (k, v) = (
        Tensor::random_f32([b, 2, 8], 51),
        Tensor::random_f32([b, 2, 8], 52),
    );
    let k_cache = Tensor::random_f32([b, capacity, 2, 8], 53);
    let v_cache = Tensor::random_f32([b, capacity, 2, 8], 54);
    let positions = [4i64, 0, 5];
    let (out, k_new, v_new) = attention_with_cache_slots(
        &q,
        &k,
        &v,
        &k_cache,
        &v_cache,
        &i64s(&[b], &positions),
        CAUSAL,
    )
    .unwrap();
    for (row, &p) in positions.iter().enumerate() {
        let (o, kc, vc) = attention_with_cache(
            &rows(&q, row, row + 1),
            &rows(&k, row, row + 1),
            &rows(&v, row, row + 1),
            &slot(&k_cache, row),
            &slot(&v_cache, row),
            &Tensor::scalar_i64(p),
            CAUSAL,
        )
        .unwrap();
        assert_eq!(rows(&out, row, row + 1), o, "row {row}");
        assert_eq!(slot(&k_new, row), kc, "row {row}");
        assert_eq!(slot(&v_new, row), vc, "row {row}");
    }
    // Position 0: the row's own value, whatever the slot held.
    let own = rows(&v, 1, 2);
    let o = rows(&out, 1, 2);
    for h in 0..4 {
        let got = &o.as_f32().unwrap()[h * 8..(h + 1) * 8];
        let want = &own.as_f32().unwrap()[(h / 2) * 8..(h / 2 + 1) * 8];
        assert_close(&f32s(&[8], got), &f32s(&[8], want), 1e-6);
    }
}

// Tests the per-row form's errors: a position past its slot, positions and
// slots that are not one per row.
#[test]
fn cache_slots_errors() {
    let (q, k) = (Tensor::zeros([2, 4, 2]), Tensor::zeros([2, 2, 2]));
    let cache = Tensor::zeros([2, 16, 2, 2]);
    let run = |kc: &Tensor, p: &Tensor| {
        error_text(attention_with_cache_slots(&q, &k, &k, kc, kc, p, CAUSAL))
    };
    assert_eq!(
        run(&cache, &i64s(&[2], &[3, 16])),
        "kforge.attention: position 16 + 1 new rows exceeds cache capacity 16"
    );
    assert_eq!(
        run(&cache, &i64s(&[2], &[-1, 0])),
        "kforge.attention: position -1 is negative"
    );
    assert_eq!(
        run(&cache, &i64s(&[3], &[0, 0, 0])),
        "kforge.attention: expected operand #5 dim 0 (3) to match operand #0 dim 0 (2)"
    );
    assert_eq!(
        run(&Tensor::zeros([3, 16, 2, 2]), &i64s(&[2], &[0, 0])),
        "kforge.attention: expected operand #3 dim 0 (3) to match operand #0 dim 0 (2)"
    );
    assert_eq!(
        run(&cache, &Tensor::scalar_i64(0)),
        "kforge.attention: expected operand #5 rank (1), got 0"
    );
}
