//! Property tests: algebraic identities the kernels must satisfy on random input.

use proptest::prelude::*;

use super::f32s;
use crate::{
    add, allclose, attention, linear, matmul, mul, reshape, rms_norm, rope, softmax,
    AttentionAttrs, Tensor,
};

/// A broadcast output shape (rank 0–3, dims 1–4) and two operand shapes that
/// broadcast to it: each keeps or drops leading dims and keeps or ones each dim.
fn broadcast_pair() -> impl Strategy<Value = (Vec<usize>, Vec<usize>)> {
    prop::collection::vec(1usize..5, 0..4)
        .prop_flat_map(|out| {
            let rank = out.len();
            let operand = (0..=rank, prop::collection::vec(any::<bool>(), rank));
            (Just(out), operand.clone(), operand)
        })
        .prop_map(|(out, a, b)| (operand_shape(&out, a), operand_shape(&out, b)))
}

fn operand_shape(out: &[usize], (drop, ones): (usize, Vec<bool>)) -> Vec<usize> {
    out.iter()
        .zip(ones)
        .skip(drop)
        .map(|(&d, one)| if one { 1 } else { d })
        .collect()
}

/// Transposes a `[R, C]` tensor.
fn transpose(t: &Tensor) -> Tensor {
    let (r, c) = (t.shape()[0], t.shape()[1]);
    let x = t.as_f32().unwrap();
    let data: Vec<f32> = (0..r * c).map(|i| x[(i % r) * c + i / r]).collect();
    f32s(&[c, r], &data)
}

proptest! {
    // Tests that broadcast add and mul are commutative.
    #[test]
    fn broadcast_ops_commute((sa, sb) in broadcast_pair(), seed in any::<u64>()) {
        let (a, b) = (Tensor::random_f32(sa, seed), Tensor::random_f32(sb, seed ^ 1));
        prop_assert_eq!(add(&a, &b).unwrap(), add(&b, &a).unwrap());
        prop_assert_eq!(mul(&a, &b).unwrap(), mul(&b, &a).unwrap());
    }

    // Tests that broadcasting equals explicit expansion to the output shape first.
    #[test]
    fn broadcast_equals_explicit_expansion((sa, sb) in broadcast_pair(), seed in any::<u64>()) {
        let (a, b) = (Tensor::random_f32(sa, seed), Tensor::random_f32(sb, seed ^ 1));
        let y = add(&a, &b).unwrap();
        let zeros = Tensor::zeros(y.shape());
        let (a_full, b_full) = (add(&a, &zeros).unwrap(), add(&b, &zeros).unwrap());
        prop_assert_eq!(add(&a_full, &b_full).unwrap(), y);
    }

    // Tests that softmax rows are probabilities summing to 1 along any axis.
    #[test]
    fn softmax_rows_sum_to_one(dims in prop::collection::vec(1usize..5, 1..4), pick in any::<prop::sample::Index>(), seed in any::<u64>()) {
        let axis = pick.index(dims.len());
        let x = Tensor::random_f32(dims.clone(), seed);
        let scaled = mul(&x, &f32s(&[], &[30.0])).unwrap();
        let y = softmax(&scaled, axis as i64 - dims.len() as i64).unwrap();
        let ys = y.as_f32().unwrap();
        prop_assert!(ys.iter().all(|p| (0.0..=1.0).contains(p)));
        let inner: usize = dims[axis + 1..].iter().product();
        for outer in 0..ys.len() / (dims[axis] * inner) {
            for i in 0..inner {
                let sum: f64 = (0..dims[axis]).map(|j| f64::from(ys[(outer * dims[axis] + j) * inner + i])).sum();
                prop_assert!((sum - 1.0).abs() < 1e-6, "sum {}", sum);
            }
        }
    }

    // Tests that linear(x, w) equals matmul(x, wᵀ).
    #[test]
    fn linear_is_matmul_with_transposed_weight(m in 1usize..6, k in 0usize..40, n in 1usize..70, seed in any::<u64>()) {
        let (x, w) = (Tensor::random_f32([m, k], seed), Tensor::random_f32([n, k], seed ^ 1));
        let expected = matmul(&x, &transpose(&w)).unwrap();
        prop_assert!(allclose(&linear(&x, &w, None).unwrap(), &expected, 1e-6, 1e-6).unwrap());
    }

    // Tests that rms_norm (ε = 0) is invariant to scaling its input.
    #[test]
    fn rms_norm_is_scale_invariant(rows in 1usize..4, d in 1usize..32, scale in 0.01f32..100.0, seed in any::<u64>()) {
        let (x, w) = (Tensor::random_f32([rows, d], seed), Tensor::random_f32([d], seed ^ 1));
        let scaled = mul(&x, &f32s(&[], &[scale])).unwrap();
        let (y, y_scaled) = (rms_norm(&x, &w, 0.0).unwrap(), rms_norm(&scaled, &w, 0.0).unwrap());
        prop_assert!(allclose(&y_scaled, &y, 1e-5, 1e-6).unwrap());
    }

    // Tests that rope rotates: the norm of every (x[i], x[i+Dh/2]) pair is kept.
    #[test]
    fn rope_preserves_pair_norms(s in 1usize..4, half in 1usize..8, pos in -4096i64..4096, seed in any::<u64>()) {
        let x = Tensor::random_f32([s, 2, 2 * half], seed);
        let positions = Tensor::i64([s], (0..s as i64).map(|i| pos + i).collect()).unwrap();
        let y = rope(&x, &positions, 10_000.0).unwrap();
        let (xs, ys) = (x.as_f32().unwrap(), y.as_f32().unwrap());
        for head in 0..s * 2 {
            for i in 0..half {
                let (a, b) = (head * 2 * half + i, head * 2 * half + i + half);
                let norm = |v: &[f32]| f64::from(v[a]).hypot(f64::from(v[b]));
                prop_assert!((norm(xs) - norm(ys)).abs() < 1e-6);
            }
        }
    }

    // Tests that non-causal attention does not depend on the order of the keys.
    #[test]
    fn attention_ignores_key_order(sk in 1usize..6, rotate in 0usize..6, seed in any::<u64>()) {
        let q = Tensor::random_f32([2, 4, 8], seed);
        let (k, v) = (Tensor::random_f32([sk, 2, 8], seed ^ 1), Tensor::random_f32([sk, 2, 8], seed ^ 2));
        let rotated = |t: &Tensor| {
            let mut data = t.as_f32().unwrap().to_vec();
            data.rotate_left((rotate % sk) * 16);
            f32s(t.shape(), &data)
        };
        let attrs = AttentionAttrs { causal: false, scale: 0.35 };
        let y = attention(&q, &k, &v, attrs).unwrap();
        let y_rotated = attention(&q, &rotated(&k), &rotated(&v), attrs).unwrap();
        prop_assert!(allclose(&y_rotated, &y, 1e-6, 1e-7).unwrap());
    }

    // Tests that reshape round-trips and never changes the elements.
    #[test]
    fn reshape_round_trips(a in 1usize..6, b in 1usize..6, seed in any::<u64>()) {
        let x = Tensor::random_f32([a, b], seed);
        let flat = reshape(&x, &[a * b]).unwrap();
        prop_assert_eq!(flat.as_f32().unwrap(), x.as_f32().unwrap());
        prop_assert_eq!(reshape(&flat, &[a, b]).unwrap(), x);
    }
}
