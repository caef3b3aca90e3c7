//! Property tests: ops on random shapes (including sizes the microkernels'
//! tiles do not divide), JIT-compiled through `--lower-to-cpu`, agree with the
//! reference interpreter within 1e-5 relative.
use super::CompiledModule;
use crate::reference::{self as r, AttentionAttrs, Tensor};
use proptest::prelude::*;

fn ty(shape: &[usize]) -> String {
    let dims: String = shape.iter().map(|d| format!("{d}x")).collect();
    format!("tensor<{dims}f32>")
}

/// Compiles `@f(args) -> result` around one op and runs it.
fn run(op: &str, args: &[&Tensor], result: &[usize]) -> Tensor {
    let params: Vec<String> = args
        .iter()
        .enumerate()
        .map(|(i, t)| format!("%a{i}: {}", ty(t.shape())))
        .collect();
    let text = format!(
        "func.func @f({}) -> {} {{\n  %r = {op}\n  return %r : {}\n}}\n",
        params.join(", "),
        ty(result),
        ty(result)
    );
    let module =
        CompiledModule::compile(&text, "property.mlir").unwrap_or_else(|e| panic!("{e}\n{text}"));
    let inputs: Vec<Tensor> = args.iter().map(|t| (*t).clone()).collect();
    module
        .call("f", &inputs)
        .unwrap_or_else(|e| panic!("{e}\n{text}"))
        .remove(0)
}

fn close(got: &Tensor, want: &Tensor) -> Result<(), TestCaseError> {
    prop_assert_eq!(got.shape(), want.shape());
    let err = r::max_rel_error(got, want).unwrap();
    prop_assert!(err <= 1e-5, "relative error {err:e}");
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    #[test]
    fn matmul_any_shape(m in 1usize..40, k in 1usize..70, n in 1usize..70, seed in 0u64..1000) {
        let (a, b) = (Tensor::random_f32([m, k], seed), Tensor::random_f32([k, n], seed + 1));
        let got = run(&format!("\"kforge.matmul\"(%a0, %a1) : ({}, {}) -> {}", ty(&[m, k]), ty(&[k, n]), ty(&[m, n])), &[&a, &b], &[m, n]);
        close(&got, &r::matmul(&a, &b).unwrap())?;
    }

    #[test]
    fn linear_any_shape(m in 1usize..30, k in 1usize..70, n in 1usize..90, seed in 0u64..1000) {
        let (x, w) = (Tensor::random_f32([m, k], seed), Tensor::random_f32([n, k], seed + 1));
        let got = run(&format!("\"kforge.linear\"(%a0, %a1) : ({}, {}) -> {}", ty(&[m, k]), ty(&[n, k]), ty(&[m, n])), &[&x, &w], &[m, n]);
        close(&got, &r::linear(&x, &w, None).unwrap())?;
    }

    #[test]
    fn softmax_any_shape(rows in 1usize..9, cols in 1usize..40, seed in 0u64..1000) {
        let x = Tensor::random_f32([rows, cols], seed);
        let got = run(&format!("\"kforge.softmax\"(%a0) {{axis = -1 : i64}} : ({}) -> {}", ty(&[rows, cols]), ty(&[rows, cols])), &[&x], &[rows, cols]);
        close(&got, &r::softmax(&x, -1).unwrap())?;
    }

    #[test]
    fn attention_any_shape(sq in 1usize..6, extra in 0usize..6, kv in 1usize..3, rep in 1usize..4, d in 1usize..5, causal: bool, seed in 0u64..1000) {
        let (sk, hq, dh) = (sq + extra, kv * rep, 16 * d);
        let q = Tensor::random_f32([sq, hq, dh], seed);
        let k = Tensor::random_f32([sk, kv, dh], seed + 1);
        let v = Tensor::random_f32([sk, kv, dh], seed + 2);
        let op = format!(
            "\"kforge.attention\"(%a0, %a1, %a2) {{causal = {causal}, scale = 0.25 : f32, operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0>}} : ({}, {}, {}) -> {}",
            ty(&[sq, hq, dh]), ty(&[sk, kv, dh]), ty(&[sk, kv, dh]), ty(&[sq, hq, dh])
        );
        let got = run(&op, &[&q, &k, &v], &[sq, hq, dh]);
        close(&got, &r::attention(&q, &k, &v, AttentionAttrs { causal, scale: 0.25 }).unwrap())?;
    }

    #[test]
    fn rms_norm_any_shape(rows in 1usize..9, cols in 1usize..70, seed in 0u64..1000) {
        let (x, w) = (Tensor::random_f32([rows, cols], seed), Tensor::random_f32([cols], seed + 1));
        let got = run(&format!("\"kforge.rms_norm\"(%a0, %a1) {{epsilon = 1.0e-5 : f32}} : ({}, {}) -> {}", ty(&[rows, cols]), ty(&[cols]), ty(&[rows, cols])), &[&x, &w], &[rows, cols]);
        close(&got, &r::rms_norm(&x, &w, 1e-5).unwrap())?;
    }
}
