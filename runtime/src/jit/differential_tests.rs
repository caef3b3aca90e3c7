//! Differential tests: every kforge op lowered through `--lower-to-cpu`,
//! JIT-compiled, run on random inputs and compared with the reference
//! interpreter's kernel. The bar is 1e-5 relative error
//! (`max|got − want| / max|want|`).
use super::CompiledModule;
use crate::reference::{self as r, AttentionAttrs, GeluApproximation, Tensor};

const TOLERANCE: f64 = 1e-5;

/// Compiles a one-op function `@f` and runs it.
fn run_op(op_text: &str, args: &[(&str, &Tensor)], results: &[&str]) -> Vec<Tensor> {
    let params: Vec<String> = args
        .iter()
        .enumerate()
        .map(|(i, (ty, _))| format!("%a{i}: {ty}"))
        .collect();
    let names: Vec<String> = (0..results.len()).map(|i| format!("%r#{i}")).collect();
    let text = format!(
        "func.func @f({}) -> ({}) {{\n  %r:{} = {op_text}\n  return {} : {}\n}}\n",
        params.join(", "),
        results.join(", "),
        results.len(),
        names.join(", "),
        results.join(", ")
    );
    let module = CompiledModule::compile(&text, "differential.mlir")
        .unwrap_or_else(|e| panic!("{e}\n{text}"));
    let inputs: Vec<Tensor> = args.iter().map(|(_, t)| (*t).clone()).collect();
    module
        .call("f", &inputs)
        .unwrap_or_else(|e| panic!("{e}\n{text}"))
}

fn assert_close(got: &Tensor, want: &Tensor, what: &str) {
    assert_eq!(got.shape(), want.shape(), "{what}: shape");
    let err = r::max_rel_error(got, want).unwrap();
    assert!(
        err <= TOLERANCE,
        "{what}: relative error {err:e} > {TOLERANCE:e}"
    );
}

fn rand(shape: &[usize], seed: u64) -> Tensor {
    Tensor::random_f32(shape.to_vec(), seed)
}

fn ids(n: usize, below: i64, seed: u64) -> Tensor {
    let mut rng = r::SplitMix64::new(seed);
    Tensor::i64(
        [n],
        (0..n)
            .map(|_| (rng.next_u64() % below as u64) as i64)
            .collect(),
    )
    .unwrap()
}

fn ty(shape: &[usize], elem: &str) -> String {
    let dims: String = shape.iter().map(|d| format!("{d}x")).collect();
    format!("tensor<{dims}{elem}>")
}

fn f32ty(t: &Tensor) -> String {
    ty(t.shape(), "f32")
}

#[test]
fn matmul_and_batch_matmul() {
    // Through the matmul microkernel: skinny rows, in-place and packed b,
    // partial panels and tiles, two blocks of k.
    for (m, k, n, seed) in [
        (3, 5, 4, 1),
        (17, 33, 9, 2),
        (1, 64, 1, 3),
        (5, 300, 70, 6),
        (70, 600, 100, 7),
    ] {
        let (a, b) = (rand(&[m, k], seed), rand(&[k, n], seed + 100));
        let out = ty(&[m, n], "f32");
        let got = run_op(
            &format!(
                "\"kforge.matmul\"(%a0, %a1) : ({}, {}) -> {out}",
                f32ty(&a),
                f32ty(&b)
            ),
            &[(&f32ty(&a), &a), (&f32ty(&b), &b)],
            &[&out],
        );
        assert_close(&got[0], &r::matmul(&a, &b).unwrap(), "matmul");
    }
    for (batch, m, k, n, seed) in [(2, 3, 5, 4, 4), (3, 20, 37, 45, 8)] {
        let (a, b) = (rand(&[batch, m, k], seed), rand(&[batch, k, n], seed + 100));
        let out = ty(&[batch, m, n], "f32");
        let got = run_op(
            &format!(
                "\"kforge.batch_matmul\"(%a0, %a1) : ({}, {}) -> {out}",
                f32ty(&a),
                f32ty(&b)
            ),
            &[(&f32ty(&a), &a), (&f32ty(&b), &b)],
            &[&out],
        );
        assert_close(&got[0], &r::batch_matmul(&a, &b).unwrap(), "batch_matmul");
    }
}

#[test]
fn linear_with_and_without_bias() {
    for (x_shape, seed) in [(vec![4, 8], 1u64), (vec![2, 3, 8], 2), (vec![8], 3)] {
        let x = rand(&x_shape, seed);
        let w = rand(&[6, 8], seed + 10);
        let bias = rand(&[6], seed + 20);
        let mut out_shape = x_shape.clone();
        *out_shape.last_mut().unwrap() = 6;
        let out = ty(&out_shape, "f32");
        let got = run_op(
            &format!(
                "\"kforge.linear\"(%a0, %a1) : ({}, {}) -> {out}",
                f32ty(&x),
                f32ty(&w)
            ),
            &[(&f32ty(&x), &x), (&f32ty(&w), &w)],
            &[&out],
        );
        assert_close(&got[0], &r::linear(&x, &w, None).unwrap(), "linear");
        let got = run_op(
            &format!(
                "\"kforge.linear\"(%a0, %a1, %a2) : ({}, {}, {}) -> {out}",
                f32ty(&x),
                f32ty(&w),
                f32ty(&bias)
            ),
            &[(&f32ty(&x), &x), (&f32ty(&w), &w), (&f32ty(&bias), &bias)],
            &[&out],
        );
        assert_close(
            &got[0],
            &r::linear(&x, &w, Some(&bias)).unwrap(),
            "linear+bias",
        );
    }
}

#[test]
fn broadcasting_add_and_mul() {
    let cases: [(&[usize], &[usize], &[usize]); 3] = [
        (&[4, 1, 3], &[5, 3], &[4, 5, 3]),
        (&[4, 8], &[8], &[4, 8]),
        (&[1], &[3, 2], &[3, 2]),
    ];
    for (i, (sa, sb, so)) in cases.iter().enumerate() {
        let (a, b) = (rand(sa, i as u64), rand(sb, 50 + i as u64));
        let out = ty(so, "f32");
        for (op, want) in [
            ("add", r::add(&a, &b).unwrap()),
            ("mul", r::mul(&a, &b).unwrap()),
        ] {
            let got = run_op(
                &format!(
                    "\"kforge.{op}\"(%a0, %a1) : ({}, {}) -> {out}",
                    f32ty(&a),
                    f32ty(&b)
                ),
                &[(&f32ty(&a), &a), (&f32ty(&b), &b)],
                &[&out],
            );
            assert_close(&got[0], &want, op);
        }
    }
}

#[test]
fn activations() {
    let x = Tensor::f32(
        [4, 8],
        rand(&[4, 8], 7)
            .as_f32()
            .unwrap()
            .iter()
            .map(|v| v * 6.0)
            .collect(),
    )
    .unwrap();
    let t = f32ty(&x);
    let got = run_op(
        &format!("\"kforge.silu\"(%a0) : ({t}) -> {t}"),
        &[(&t, &x)],
        &[&t],
    );
    assert_close(&got[0], &r::silu(&x).unwrap(), "silu");
    for (approx, mode) in [
        ("tanh", GeluApproximation::Tanh),
        ("none", GeluApproximation::None),
    ] {
        let got = run_op(
            &format!("\"kforge.gelu\"(%a0) {{approximate = \"{approx}\"}} : ({t}) -> {t}"),
            &[(&t, &x)],
            &[&t],
        );
        assert_close(&got[0], &r::gelu(&x, mode).unwrap(), approx);
    }
}

#[test]
fn softmax_along_each_axis() {
    let x = rand(&[5, 7], 9);
    let t = f32ty(&x);
    for axis in [-1i64, 0, 1] {
        let got = run_op(
            &format!("\"kforge.softmax\"(%a0) {{axis = {axis} : i64}} : ({t}) -> {t}"),
            &[(&t, &x)],
            &[&t],
        );
        assert_close(&got[0], &r::softmax(&x, axis).unwrap(), "softmax");
    }
}

#[test]
fn norms() {
    let (x, w, b) = (rand(&[3, 16], 11), rand(&[16], 12), rand(&[16], 13));
    let (tx, tw) = (f32ty(&x), f32ty(&w));
    let got = run_op(
        &format!("\"kforge.rms_norm\"(%a0, %a1) {{epsilon = 1.0e-5 : f32}} : ({tx}, {tw}) -> {tx}"),
        &[(&tx, &x), (&tw, &w)],
        &[&tx],
    );
    assert_close(&got[0], &r::rms_norm(&x, &w, 1e-5).unwrap(), "rms_norm");
    let got = run_op(
        &format!("\"kforge.layer_norm\"(%a0, %a1, %a2) {{epsilon = 1.0e-5 : f32}} : ({tx}, {tw}, {tw}) -> {tx}"),
        &[(&tx, &x), (&tw, &w), (&tw, &b)],
        &[&tx],
    );
    assert_close(
        &got[0],
        &r::layer_norm(&x, &w, &b, 1e-5).unwrap(),
        "layer_norm",
    );
}

#[test]
fn rope_at_random_positions() {
    let x = rand(&[5, 3, 8], 14);
    let pos = ids(5, 300, 15);
    let (tx, tp) = (f32ty(&x), ty(&[5], "i64"));
    let got = run_op(
        &format!("\"kforge.rope\"(%a0, %a1) {{theta = 10000.0 : f32}} : ({tx}, {tp}) -> {tx}"),
        &[(&tx, &x), (&tp, &pos)],
        &[&tx],
    );
    assert_close(&got[0], &r::rope(&x, &pos, 10000.0).unwrap(), "rope");
}

#[test]
fn attention_gqa_causal_and_not() {
    let (q, k, v) = (
        rand(&[5, 4, 8], 16),
        rand(&[7, 2, 8], 17),
        rand(&[7, 2, 8], 18),
    );
    let (tq, tk) = (f32ty(&q), f32ty(&k));
    for causal in [true, false] {
        let got = run_op(
            &format!(
                "\"kforge.attention\"(%a0, %a1, %a2) {{causal = {causal}, scale = 0.35 : f32, \
                 operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0>}} : ({tq}, {tk}, {tk}) -> {tq}"
            ),
            &[(&tq, &q), (&tk, &k), (&tk, &v)],
            &[&tq],
        );
        let want = r::attention(
            &q,
            &k,
            &v,
            AttentionAttrs {
                causal,
                scale: 0.35,
            },
        )
        .unwrap();
        assert_close(&got[0], &want, "attention");
    }
}

#[test]
fn attention_with_kv_cache() {
    let (q, k, v) = (
        rand(&[3, 4, 8], 19),
        rand(&[3, 2, 8], 20),
        rand(&[3, 2, 8], 21),
    );
    let (kc, vc) = (rand(&[16, 2, 8], 22), rand(&[16, 2, 8], 23));
    let pos = Tensor::scalar_i64(5);
    let (tq, tk, tc, tp) = (f32ty(&q), f32ty(&k), f32ty(&kc), ty(&[], "i64"));
    let got = run_op(
        &format!(
            "\"kforge.attention\"(%a0, %a1, %a2, %a3, %a4, %a5) {{causal = true, scale = 0.35 : f32, \
             operandSegmentSizes = array<i32: 1, 1, 1, 1, 1, 1>}} : ({tq}, {tk}, {tk}, {tc}, {tc}, {tp}) -> ({tq}, {tc}, {tc})"
        ),
        &[(&tq, &q), (&tk, &k), (&tk, &v), (&tc, &kc), (&tc, &vc), (&tp, &pos)],
        &[&tq, &tc, &tc],
    );
    let (o, kc2, vc2) = r::attention_with_cache(
        &q,
        &k,
        &v,
        &kc,
        &vc,
        &pos,
        AttentionAttrs {
            causal: true,
            scale: 0.35,
        },
    )
    .unwrap();
    assert_close(&got[0], &o, "attention out");
    assert_close(&got[1], &kc2, "k cache");
    assert_close(&got[2], &vc2, "v cache");
}

// Tests attention with a cache slot per row (batched decode) under every
// CPU strategy: rows at their own positions, one at 0 and one at the slot's
// last row; the caches are dynamic in rows and slots, as `@decode_batch` has them.
#[test]
fn attention_with_kv_cache_slots() {
    use kforge_passes::pipeline::MatmulStrategy;
    let (q, k, v) = (
        rand(&[3, 4, 8], 24),
        rand(&[3, 2, 8], 25),
        rand(&[3, 2, 8], 26),
    );
    let (kc, vc) = (rand(&[3, 16, 2, 8], 27), rand(&[3, 16, 2, 8], 28));
    let pos = Tensor::i64([3], vec![5, 0, 15]).unwrap();
    let (tq, tk, tc, tp) = (
        "tensor<?x4x8xf32>",
        "tensor<?x2x8xf32>",
        "tensor<?x?x2x8xf32>",
        "tensor<?xi64>",
    );
    let text = format!(
        "func.func @f(%a0: {tq}, %a1: {tk}, %a2: {tk}, %a3: {tc}, %a4: {tc}, %a5: {tp}) -> ({tq}, {tc}, {tc}) {{\n\
         %r:3 = \"kforge.attention\"(%a0, %a1, %a2, %a3, %a4, %a5) {{causal = true, scale = 0.35 : f32, \
         operandSegmentSizes = array<i32: 1, 1, 1, 1, 1, 1>}} : ({tq}, {tk}, {tk}, {tc}, {tc}, {tp}) -> ({tq}, {tc}, {tc})\n\
         return %r#0, %r#1, %r#2 : {tq}, {tc}, {tc}\n}}\n"
    );
    let (o, kc2, vc2) = r::attention_with_cache_slots(
        &q,
        &k,
        &v,
        &kc,
        &vc,
        &pos,
        AttentionAttrs {
            causal: true,
            scale: 0.35,
        },
    )
    .unwrap();
    let inputs = [q, k, v, kc, vc, pos];
    for strategy in [
        MatmulStrategy::Packed,
        MatmulStrategy::Reference,
        MatmulStrategy::Tiled(Vec::new()),
    ] {
        let module = CompiledModule::compile_with_strategy(&text, "slots.mlir", &strategy)
            .unwrap_or_else(|e| panic!("{strategy:?}: {e}\n{text}"));
        let got = module.call("f", &inputs).unwrap();
        let what = format!("{strategy:?}");
        assert_close(&got[0], &o, &format!("{what}: attention out"));
        assert_close(&got[1], &kc2, &format!("{what}: k cache"));
        assert_close(&got[2], &vc2, &format!("{what}: v cache"));
    }
}

#[test]
fn mlp_variants() {
    let x = rand(&[3, 8], 24);
    let (wg, wu, wd) = (rand(&[16, 8], 25), rand(&[16, 8], 26), rand(&[8, 16], 27));
    let (tx, tu, td) = (f32ty(&x), f32ty(&wg), f32ty(&wd));
    let got = run_op(
        &format!("\"kforge.mlp\"(%a0, %a1, %a2, %a3) {{activation = \"swiglu\"}} : ({tx}, {tu}, {tu}, {td}) -> {tx}"),
        &[(&tx, &x), (&tu, &wg), (&tu, &wu), (&td, &wd)],
        &[&tx],
    );
    assert_close(
        &got[0],
        &r::mlp_swiglu(&x, &wg, &wu, &wd).unwrap(),
        "swiglu",
    );
    let got = run_op(
        &format!(
            "\"kforge.mlp\"(%a0, %a1, %a2) {{activation = \"gelu\"}} : ({tx}, {tu}, {td}) -> {tx}"
        ),
        &[(&tx, &x), (&tu, &wu), (&td, &wd)],
        &[&tx],
    );
    assert_close(&got[0], &r::mlp_gelu(&x, &wu, &wd).unwrap(), "gelu mlp");
}

#[test]
fn embedding_gathers_rows() {
    let (i, table) = (ids(6, 20, 28), rand(&[20, 8], 29));
    let (ti, tt, to) = (ty(&[6], "i64"), f32ty(&table), ty(&[6, 8], "f32"));
    let got = run_op(
        &format!("\"kforge.embedding\"(%a0, %a1) : ({ti}, {tt}) -> {to}"),
        &[(&ti, &i), (&tt, &table)],
        &[&to],
    );
    assert_close(&got[0], &r::embedding(&i, &table).unwrap(), "embedding");
}

#[test]
fn reshape_expand_collapse_and_general() {
    for (from, to) in [
        (vec![4, 6], vec![2, 2, 6]),
        (vec![2, 3, 4], vec![6, 4]),
        (vec![2, 6], vec![3, 4]),
    ] {
        let x = rand(&from, 30);
        let (tx, tt) = (f32ty(&x), ty(&to, "f32"));
        let got = run_op(
            &format!("\"kforge.reshape\"(%a0) : ({tx}) -> {tt}"),
            &[(&tx, &x)],
            &[&tt],
        );
        assert_close(&got[0], &r::reshape(&x, &to).unwrap(), "reshape");
    }
}

#[test]
fn weights_become_trailing_arguments() {
    let module = CompiledModule::compile(
        r#"func.func @f(%x: tensor<2x8xf32>) -> tensor<2x4xf32> {
  %w = "kforge.weight"() {name = "proj"} : () -> tensor<4x8xf32>
  %y = "kforge.linear"(%x, %w) : (tensor<2x8xf32>, tensor<4x8xf32>) -> tensor<2x4xf32>
  %z = "kforge.linear"(%y, %y) : (tensor<2x4xf32>, tensor<2x4xf32>) -> tensor<2x2xf32>
  %w2 = "kforge.weight"() {name = "proj"} : () -> tensor<4x8xf32>
  %u = "kforge.linear"(%x, %w2) : (tensor<2x8xf32>, tensor<4x8xf32>) -> tensor<2x4xf32>
  return %u : tensor<2x4xf32>
}"#,
        "weights.mlir",
    )
    .unwrap();
    let sig = module.function("f").unwrap();
    assert_eq!(sig.weights, vec!["proj".to_string()]);
    assert_eq!(sig.inputs.len(), 2);
    let (x, w) = (rand(&[2, 8], 31), rand(&[4, 8], 32));
    let got = module.call("f", &[x.clone(), w.clone()]).unwrap();
    assert_close(
        &got[0],
        &r::linear(&x, &w, None).unwrap(),
        "weight argument",
    );
}
