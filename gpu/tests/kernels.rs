//! Every GPU kernel against its CPU reference on random shapes (lavapipe in CI).

mod common;

use common::{assert_close, gpu, random, rng};
use kforge_gpu::expected;
use kforge_gpu::runtime::{Gpu, Host};
use kforge_gpu::{
    AttentionSpec, BinaryOp, CoopMatmulSpec, CoopTile, KernelSpec, MatmulSpec, MatmulTile, UnaryOp,
    WeightFormat,
};
use rand::rngs::StdRng;
use rand::Rng;

#[test]
fn matmul_matches_reference_on_odd_and_tiled_shapes_with_every_tile() {
    let Some(g) = gpu() else { return };
    let mut r = rng(1);
    let tiles = MatmulTile::candidates();
    let shapes = [
        (1, 1, 1, 1, false, false),
        (1, 3, 5, 7, false, false),
        (1, 128, 128, 16, false, false),
        (2, 33, 20, 12, false, false),
        (1, 130, 129, 17, false, false),
        (1, 5, 130, 9, true, true),
        (1, 129, 132, 24, true, false),
        (1, 7, 6, 5, true, true),
    ];
    // Every tile of the autotuner's space meets every shape kind (odd, partial, whole tiles; A·B and A·Bᵀ).
    for (i, tile) in tiles.iter().enumerate() {
        let (batch, m, n, k, b_transposed, bias) = shapes[i % shapes.len()];
        let tiled = (tile.bm * (1 + i % 2), tile.bn * 2, tile.bk * 3, i % 2 == 0);
        for (batch, m, n, k, b_transposed, bias) in [
            (batch, m, n, k, b_transposed, bias),
            (1, tiled.0, tiled.1, tiled.2, tiled.3, false),
        ] {
            let spec = MatmulSpec::new(batch, m, n, k, b_transposed);
            check_matmul(g, &mut r, spec.with_bias(bias).with_tile(*tile));
        }
    }
    for (batch, m, n, k, b_transposed, bias) in shapes {
        let spec = MatmulSpec::new(batch, m, n, k, b_transposed);
        check_matmul(g, &mut r, spec.with_bias(bias));
    }
}

/// Runs one f32 matmul on random inputs against the reference.
fn check_matmul(g: &Gpu, r: &mut StdRng, s: MatmulSpec) {
    let MatmulSpec {
        batch,
        m,
        n,
        k,
        b_transposed,
        bias,
        ..
    } = s;
    let a = random(r, batch * m * k);
    let b = random(r, if b_transposed { n * k } else { batch * k * n });
    let bv = random(r, n);
    let mut inputs = vec![Host::F32(a.clone()), Host::F32(b.clone())];
    if bias {
        inputs.push(Host::F32(bv.clone()));
    }
    inputs.push(Host::Poison(batch * m * n));
    let got = g.run_once(&KernelSpec::Matmul(s), &inputs).unwrap();
    let want = expected::matmul(&s, &a, &b, bias.then_some(&bv[..])).unwrap();
    assert_close(&KernelSpec::Matmul(s).name(), &got[0], &want, 1e-5);
}

#[test]
fn coop_matmul_of_the_chosen_tile_matches_reference() {
    let Some(g) = gpu() else { return };
    if !g.has_coop_f16() {
        eprintln!(
            "SKIPPED: adapter `{}` offers no 16x16 f16 cooperative matrices",
            g.adapter().name
        );
        return;
    }
    let mut r = rng(11);
    // (m, n, k, the tile `for_shape` must pick): odd sizes fall back, multiples of 8 (partial tiles or whole)
    // take the fast tile.
    let cases = [
        (130, 68, 36, CoopTile::DEFAULT),
        (37, 104, 4100, CoopTile::DEFAULT),
        (130, 72, 40, CoopTile::FAST),
        (256, 256, 128, CoopTile::FAST),
    ];
    for (m, n, k, want_tile) in cases {
        let tile = CoopTile::for_shape(m, n, k);
        assert_eq!(tile, want_tile, "tile of {m}x{n}x{k}");
        let to16 =
            |v: Vec<f32>| -> Vec<half::f16> { v.into_iter().map(half::f16::from_f32).collect() };
        let (a16, b16) = (to16(random(&mut r, m * k)), to16(random(&mut r, k * n)));
        let spec = KernelSpec::CoopMatmul(CoopMatmulSpec { m, n, k, tile });
        let inputs = [
            Host::F16(a16.clone()),
            Host::F16(b16.clone()),
            Host::Poison(m * n),
        ];
        let got = g.run_once(&spec, &inputs).unwrap();
        let back = |v: &[half::f16]| -> Vec<f32> { v.iter().map(|x| x.to_f32()).collect() };
        let s = MatmulSpec::new(1, m, n, k, false);
        let want = expected::matmul(&s, &back(&a16), &back(&b16), None).unwrap();
        assert_close(&spec.name(), &got[0], &want, 1e-4);
    }
}

#[test]
fn gemv_matches_reference() {
    let Some(g) = gpu() else { return };
    let mut r = rng(2);
    for (m, n, k, bias) in [
        (1, 9, 16, false),
        (1, 37, 13, true),
        (3, 64, 576, true),
        (2, 5, 3, false),
        (8, 1536, 576, false), // a batched decode step's 8 rows
        (5, 37, 13, true),
    ] {
        let (x, w, b) = (
            random(&mut r, m * k),
            random(&mut r, n * k),
            random(&mut r, n),
        );
        let mut inputs = vec![Host::F32(x.clone()), Host::F32(w.clone())];
        if bias {
            inputs.push(Host::F32(b.clone()));
        }
        inputs.push(Host::Poison(m * n));
        let got = g
            .run_once(
                &KernelSpec::Gemv {
                    m,
                    n,
                    k,
                    bias,
                    format: WeightFormat::F32,
                },
                &inputs,
            )
            .unwrap();
        let s = MatmulSpec::new(1, m, n, k, true).with_bias(bias);
        assert_close(
            &format!("gemv {m}x{n}x{k}"),
            &got[0],
            &expected::matmul(&s, &x, &w, bias.then_some(&b[..])).unwrap(),
            1e-5,
        );
    }
}

#[test]
fn binary_ops_broadcast_like_numpy() {
    let Some(g) = gpu() else { return };
    let mut r = rng(3);
    let cases: [(&[usize], &[usize]); 5] = [
        (&[7], &[7]),
        (&[3, 4], &[4]),
        (&[2, 1, 5], &[3, 1]),
        (&[1], &[2, 3]),
        (&[4, 1, 3], &[1, 5, 1]),
    ];
    for op in [BinaryOp::Add, BinaryOp::Mul] {
        for (sa, sb) in cases {
            let out = kforge_gpu::spec::broadcast_shapes(sa, sb).unwrap();
            let a = random(&mut r, sa.iter().product());
            let b = random(&mut r, sb.iter().product());
            let spec = KernelSpec::Binary {
                op,
                a: sa.to_vec(),
                b: sb.to_vec(),
                out: out.clone(),
            };
            let inputs = [
                Host::F32(a.clone()),
                Host::F32(b.clone()),
                Host::Poison(out.iter().product()),
            ];
            let got = g.run_once(&spec, &inputs).unwrap();
            assert_close(
                &format!("{op:?} {sa:?} {sb:?}"),
                &got[0],
                &expected::binary(op, &a, sa, &b, sb).unwrap(),
                1e-6,
            );
        }
    }
}

#[test]
fn activations_match_reference() {
    let Some(g) = gpu() else { return };
    let mut r = rng(4);
    for op in [UnaryOp::Silu, UnaryOp::GeluTanh, UnaryOp::GeluErf] {
        let len = r.random_range(1..3000);
        let x: Vec<f32> = random(&mut r, len).iter().map(|v| v * 8.0).collect();
        let got = g
            .run_once(
                &KernelSpec::Unary { op, len },
                &[Host::F32(x.clone()), Host::Poison(len)],
            )
            .unwrap();
        assert_close(
            &format!("{op:?}"),
            &got[0],
            &expected::unary(op, &x).unwrap(),
            1e-5,
        );
    }
}

#[test]
fn softmax_over_any_axis() {
    let Some(g) = gpu() else { return };
    let mut r = rng(5);
    for (outer, axis, inner) in [(1, 1, 1), (3, 17, 1), (2, 300, 1), (4, 5, 3), (1, 1000, 2)] {
        let x: Vec<f32> = random(&mut r, outer * axis * inner)
            .iter()
            .map(|v| v * 10.0)
            .collect();
        let spec = KernelSpec::Softmax { outer, axis, inner };
        let got = g
            .run_once(&spec, &[Host::F32(x.clone()), Host::Poison(x.len())])
            .unwrap();
        assert_close(
            &spec.name(),
            &got[0],
            &expected::softmax(&x, outer, axis, inner).unwrap(),
            1e-5,
        );
    }
}

/// Layer norm against the reference, with rows off zero (a mean of 10: the centred variance keeps its
/// precision) and a constant row (zero variance: the result is β).
#[test]
fn layer_norm_matches_reference() {
    let Some(g) = gpu() else { return };
    let mut r = rng(16);
    for (rows, dim, offset) in [(1, 1, 0.0), (3, 576, 0.0), (5, 1000, 10.0), (2, 7, -3.0)] {
        let mut x: Vec<f32> = random(&mut r, rows * dim)
            .iter()
            .map(|v| v + offset)
            .collect();
        let (gamma, beta) = (random(&mut r, dim), random(&mut r, dim));
        if rows > 1 {
            x[..dim].fill(2.5);
        }
        let spec = KernelSpec::LayerNorm {
            rows,
            dim,
            eps: 1e-5,
        };
        let got = g
            .run_once(
                &spec,
                &[
                    Host::F32(x.clone()),
                    Host::F32(gamma.clone()),
                    Host::F32(beta.clone()),
                    Host::Poison(rows * dim),
                ],
            )
            .unwrap();
        assert_close(
            &spec.name(),
            &got[0],
            &expected::layer_norm(&x, &gamma, &beta, dim, 1e-5).unwrap(),
            1e-4,
        );
    }
}

#[test]
fn rms_norm_matches_reference() {
    let Some(g) = gpu() else { return };
    let mut r = rng(6);
    for (rows, dim) in [(1, 1), (3, 576), (5, 1000), (2, 7)] {
        let (x, w) = (random(&mut r, rows * dim), random(&mut r, dim));
        let spec = KernelSpec::RmsNorm {
            rows,
            dim,
            eps: 1e-5,
        };
        let got = g
            .run_once(
                &spec,
                &[
                    Host::F32(x.clone()),
                    Host::F32(w.clone()),
                    Host::Poison(rows * dim),
                ],
            )
            .unwrap();
        assert_close(
            &spec.name(),
            &got[0],
            &expected::rms_norm(&x, &w, dim, 1e-5).unwrap(),
            1e-5,
        );
    }
}

#[test]
fn rope_matches_reference_at_large_positions() {
    let Some(g) = gpu() else { return };
    let mut r = rng(7);
    for (seq, heads, head_dim, theta) in [
        (1, 1, 2, 10000.0),
        (5, 3, 64, 100000.0),
        (3, 2, 0, 10000.0),
        (4, 9, 64, 10000.0),
    ] {
        let x = random(&mut r, (seq * heads * head_dim).max(1));
        let pos: Vec<u32> = (0..seq).map(|_| r.random_range(0..8192)).collect();
        let spec = KernelSpec::Rope {
            seq,
            heads,
            head_dim,
            theta,
        };
        if head_dim == 0 {
            assert!(spec.validate().is_err(), "a zero-sized rope is rejected");
            continue;
        }
        let table = kforge_gpu::rope_table::rope_table(
            &pos.iter().map(|&p| i64::from(p)).collect::<Vec<_>>(),
            head_dim,
            theta,
        );
        let inputs = [
            Host::F32(x.clone()),
            Host::F32(table),
            Host::Poison(x.len()),
        ];
        let got = g.run_once(&spec, &inputs).unwrap();
        assert_close(
            &spec.name(),
            &got[0],
            &expected::rope(&x, &pos, heads, head_dim, theta).unwrap(),
            2e-5,
        );
    }
}

/// (sq, hq, hkv, d, kv_rows, kv_len, q_off, causal)
type AttentionCase = (usize, usize, usize, usize, usize, usize, i64, bool);

// Head dims 64, 16, 32, 8 take the vec4 form of the kernel; 130, 5 and 1 the scalar one.
const ATTENTION_CASES: [AttentionCase; 8] = [
    (1, 9, 3, 64, 256, 37, 36, true), // decode at position 36 over a cache
    (1, 9, 3, 64, 1024, 1000, 999, true), // a long cache: 32 key blocks in the split form, 8 per merge group
    (1, 2, 1, 16, 300, 300, 299, true),   // a full cache, more than two key chunks
    (6, 4, 2, 32, 6, 6, 0, true),         // causal prefill
    (5, 2, 2, 8, 3, 3, -2, true),         // Sq > Sk: the first queries see no key (uniform average)
    (3, 2, 1, 130, 9, 9, 6, false),       // head dim above one workgroup
    (4, 3, 3, 5, 200, 140, 100, true),    // prefill into a cache at position 100
    (2, 1, 1, 1, 1, 1, 0, false),
];

/// An attention of these shapes with the usual `1/√d` scale.
fn attention_spec(
    sq: usize,
    hq: usize,
    hkv: usize,
    d: usize,
    kv_rows: usize,
    causal: bool,
) -> AttentionSpec {
    AttentionSpec {
        sq,
        hq,
        hkv,
        d,
        kv_rows,
        causal,
        scale: 1.0 / (d as f32).sqrt(),
        per_row: false,
    }
}

#[test]
fn attention_matches_reference_for_decode_prefill_and_masked_rows() {
    let Some(g) = gpu() else { return };
    let mut r = rng(8);
    for (sq, hq, hkv, d, kv_rows, kv_len, q_off, causal) in ATTENTION_CASES {
        let a = attention_spec(sq, hq, hkv, d, kv_rows, causal);
        let (q, k, v) = (
            random(&mut r, sq * hq * d),
            random(&mut r, kv_rows * hkv * d),
            random(&mut r, kv_rows * hkv * d),
        );
        let inputs = [
            Host::F32(q.clone()),
            Host::F32(k.clone()),
            Host::F32(v.clone()),
            Host::Poison(q.len()),
            Host::U32(vec![kv_len as u32, q_off as i32 as u32]),
        ];
        let got = g.run_once(&KernelSpec::Attention(a), &inputs).unwrap();
        let want = expected::attention(&a, &q, &k, &v, kv_len, q_off).unwrap();
        assert_close(&format!("{a:?} kv_len {kv_len}"), &got[0], &want, 2e-5);
    }
}

/// The split-key form (a workgroup per 32-key block, then the merge) on every case whose head dim it takes
/// (64, 16, 32, 8): decode over a short and a long cache, several blocks, causal prefill, queries that see no key.
#[test]
fn split_key_attention_matches_reference() {
    let Some(g) = gpu() else { return };
    let mut r = rng(18);
    let mut ran = 0;
    for (sq, hq, hkv, d, kv_rows, kv_len, q_off, causal) in ATTENTION_CASES {
        if d % 4 != 0 || 32 % (d / 4) != 0 {
            continue;
        }
        let a = attention_spec(sq, hq, hkv, d, kv_rows, causal);
        let (q, k, v) = (
            random(&mut r, sq * hq * d),
            random(&mut r, kv_rows * hkv * d),
            random(&mut r, kv_rows * hkv * d),
        );
        let blocks = a.split_blocks();
        let partial = g
            .run_once(
                &KernelSpec::AttentionSplit(a),
                &[
                    Host::F32(q.clone()),
                    Host::F32(k.clone()),
                    Host::F32(v.clone()),
                    Host::Poison(sq * hq * blocks * (d + 4)),
                    Host::U32(vec![kv_len as u32, q_off as i32 as u32]),
                ],
            )
            .unwrap();
        let combine = KernelSpec::AttentionCombine {
            rows: sq * hq,
            d,
            blocks,
        };
        let got = g
            .run_once(
                &combine,
                &[Host::F32(partial[0].clone()), Host::Poison(q.len())],
            )
            .unwrap();
        let want = expected::attention(&a, &q, &k, &v, kv_len, q_off).unwrap();
        assert_close(
            &format!("split {a:?} kv_len {kv_len}"),
            &got[0],
            &want,
            2e-5,
        );
        ran += 1;
    }
    assert_eq!(ran, 5);
}

/// The split form with the step's RoPE and cache writes inside, against the reference on the rotated queries and
/// a cache holding the rotated new keys and the new values at rows `p..p+sq`; the caches it writes equal that cache
/// (decode at 36 and 999, a full cache's last row, several queries at position 4).
#[test]
fn split_key_attention_with_rope_and_cache_writes_matches_reference() {
    let Some(g) = gpu() else { return };
    let mut r = rng(28);
    let theta = 10000.0;
    for (sq, hq, hkv, d, kv_rows, p) in [
        (1, 9, 3, 64, 256, 36),
        (1, 9, 3, 64, 1024, 999),
        (1, 2, 1, 16, 300, 299),
        (3, 4, 2, 32, 40, 4),
    ] {
        let a = attention_spec(sq, hq, hkv, d, kv_rows, true);
        let (q, k_new, v_new) = (
            random(&mut r, sq * hq * d),
            random(&mut r, sq * hkv * d),
            random(&mut r, sq * hkv * d),
        );
        let (k_cache, v_cache) = (
            random(&mut r, kv_rows * hkv * d),
            random(&mut r, kv_rows * hkv * d),
        );
        let positions: Vec<u32> = (p..p + sq).map(|x| x as u32).collect();
        let table = kforge_gpu::rope_table::rope_table(
            &positions.iter().map(|&x| i64::from(x)).collect::<Vec<_>>(),
            d,
            theta,
        );
        let q_rot = expected::rope(&q, &positions, hq, d, theta).unwrap();
        let k_rot = expected::rope(&k_new, &positions, hkv, d, theta).unwrap();
        let (mut k_want, mut v_want) = (k_cache.clone(), v_cache.clone());
        let row = hkv * d;
        k_want[p * row..(p + sq) * row].copy_from_slice(&k_rot);
        v_want[p * row..(p + sq) * row].copy_from_slice(&v_new);
        let (kv_len, q_off) = (p + sq, p as i64);
        let blocks = a.split_blocks();
        let out = g
            .run_once(
                &KernelSpec::AttentionSplitRope(a),
                &[
                    Host::F32(q.clone()),
                    Host::F32(k_new.clone()),
                    Host::F32(v_new.clone()),
                    Host::F32(table),
                    Host::F32(k_cache.clone()),
                    Host::F32(v_cache.clone()),
                    Host::Poison(sq * hq * blocks * (d + 4)),
                    Host::U32(vec![kv_len as u32, q_off as u32]),
                ],
            )
            .unwrap();
        let case = format!("split+rope {a:?} at {p}");
        assert_close(&format!("{case}: k cache"), &out[0], &k_want, 1e-6);
        assert_close(&format!("{case}: v cache"), &out[1], &v_want, 0.0);
        let combine = KernelSpec::AttentionCombine {
            rows: sq * hq,
            d,
            blocks,
        };
        let got = g
            .run_once(
                &combine,
                &[Host::F32(out[2].clone()), Host::Poison(q.len())],
            )
            .unwrap();
        let want = expected::attention(&a, &q_rot, &k_want, &v_want, kv_len, q_off).unwrap();
        assert_close(&case, &got[0], &want, 2e-5);
    }
}

#[test]
fn kv_write_and_embedding_match_reference() {
    let Some(g) = gpu() else { return };
    let mut r = rng(9);
    let (seq, row, rows, p) = (3, 10, 8, 4);
    let new = random(&mut r, seq * row);
    let cache = random(&mut r, rows * row);
    let spec = KernelSpec::KvWrite { seq, row, rows };
    let got = g
        .run_once(
            &spec,
            &[
                Host::F32(new.clone()),
                Host::F32(cache.clone()),
                Host::U32(vec![p]),
            ],
        )
        .unwrap();
    let mut want = cache.clone();
    want[p as usize * row..(p as usize + seq) * row].copy_from_slice(&new);
    assert_eq!(got[0], want);

    // Keys and values in one dispatch; rows past the cache's end are dropped.
    let (k_new, v_new) = (random(&mut r, seq * row), random(&mut r, seq * row));
    let (kc, vc) = (random(&mut r, rows * row), random(&mut r, rows * row));
    for p in [4u32, 6] {
        let spec = KernelSpec::KvWritePair { seq, row, rows };
        let inputs = [
            Host::F32(k_new.clone()),
            Host::F32(v_new.clone()),
            Host::F32(kc.clone()),
            Host::F32(vc.clone()),
            Host::U32(vec![p]),
        ];
        let got = g.run_once(&spec, &inputs).unwrap();
        for (got, (cache, new)) in got.iter().zip([(&kc, &k_new), (&vc, &v_new)]) {
            let mut want = cache.clone();
            let end = ((p as usize + seq) * row).min(rows * row);
            want[p as usize * row..end].copy_from_slice(&new[..end - p as usize * row]);
            assert_eq!(got, &want, "{} at {p}", spec.name());
        }
    }

    let (vocab, dim) = (11, 6);
    let table = random(&mut r, vocab * dim);
    let ids = vec![0, 10, 3, 99];
    let spec = KernelSpec::Embedding {
        seq: 4,
        vocab,
        dim,
        format: WeightFormat::F32,
    };
    let got = g
        .run_once(
            &spec,
            &[
                Host::U32(ids.clone()),
                Host::F32(table.clone()),
                Host::Poison(4 * dim),
            ],
        )
        .unwrap();
    assert_eq!(
        got[0],
        expected::embedding(&ids, &table, vocab, dim).unwrap()
    );
}

#[test]
fn wrong_buffer_lengths_are_errors_not_panics() {
    let Some(g) = gpu() else { return };
    let spec = KernelSpec::Unary {
        op: UnaryOp::Silu,
        len: 8,
    };
    let err = g.run_once(&spec, &[Host::F32(vec![0.0; 8])]).unwrap_err();
    assert!(err.to_string().contains("expected 2 inputs"), "{err}");
    let kernel = kforge_gpu::generate(&spec).unwrap();
    let p = g.pipeline(&kernel).unwrap();
    let small = g.upload(&Host::F32(vec![1.0; 4]));
    let mut step = g.step(false, 0);
    let err = step.dispatch(&p, &[&small, &small]).unwrap_err();
    assert!(
        err.to_string().contains("expected 8 elements, got 4"),
        "{err}"
    );
}

/// Regression (hostile campaign): `kforge-gpu-bench matmul --m 2147483648`
/// aborted allocating 128 GiB of host input before any size was checked.
#[test]
fn bench_sizes_beyond_a_binding_are_refused_before_allocating() {
    let Some(g) = gpu() else { return };
    let b = kforge_gpu::bench::MatmulBench {
        m: 1 << 31,
        n: 16,
        k: 16,
        reps: 1,
    };
    let err = kforge_gpu::bench::bench_f32(g, &b, MatmulTile::for_shape(1, b.m, b.n))
        .unwrap_err()
        .to_string();
    assert!(err.contains("larger than 2 GiB"), "{err}");
    let err = kforge_gpu::bench::bench_coop(g, &b, CoopTile::for_shape(b.m, b.n, b.k))
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("2 GiB") || err.contains("cooperative"),
        "{err}"
    );
}
