//! Tests of the interpreter: small parsed functions against the kernels
//! called by hand, a llama block built by the IR builder, signatures and
//! random inputs, and every error path.

mod bounds;
mod errors;
mod fused;
mod llama;
mod signature;
mod stored;

use std::collections::HashMap;

use kforge_dialect::source::{parse_module, verify_parsed};
use melior::ir::Module;
use melior::Context;

use super::{interpret, NoWeights};
use crate::reference::{self as kernels, max_abs_diff, AttentionAttrs, GeluApproximation, Tensor};

/// Parses `text` as `test.mlir` (first line 1) and checks that it verifies.
fn parse<'c>(context: &'c Context, text: &str) -> Module<'c> {
    let module = parse_unverified(context, text);
    assert!(verify_parsed(&module), "test IR verifies:\n{text}");
    module
}

/// Parses `text` as `test.mlir` without kforge's semantic verifier.
fn parse_unverified<'c>(context: &'c Context, text: &str) -> Module<'c> {
    parse_module(context, text, "test.mlir", 1).expect("test IR parses")
}

/// Asserts bit-identical tensors: the interpreter calls the same kernels.
#[track_caller]
fn assert_same(actual: &Tensor, expected: &Tensor) {
    assert_eq!(actual.shape(), expected.shape());
    let diff = max_abs_diff(actual, expected).expect("comparable tensors");
    assert_eq!(diff, 0.0, "actual: {actual:?}\nexpected: {expected:?}");
}

fn weights(entries: &[(&str, Tensor)]) -> HashMap<String, Tensor> {
    entries
        .iter()
        .map(|(name, t)| (name.to_string(), t.clone()))
        .collect()
}

fn i64s(shape: &[usize], data: &[i64]) -> Tensor {
    Tensor::i64(shape, data.to_vec()).expect("test tensor")
}

const MATMUL: &str = r#"func.func @mm(%a: tensor<2x3xf32>, %b: tensor<3x4xf32>) -> tensor<2x4xf32> {
  %y = "kforge.matmul"(%a, %b) : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
  return %y : tensor<2x4xf32>
}"#;

// Tests that a one-op function gives the kernel's result.
#[test]
fn runs_a_matmul_function() {
    let context = kforge_dialect::create_context();
    let module = parse(&context, MATMUL);
    let (a, b) = (Tensor::random_f32([2, 3], 1), Tensor::random_f32([3, 4], 2));
    let out = interpret(&module, "mm", &[a.clone(), b.clone()], &NoWeights).unwrap();
    assert_eq!(out.len(), 1);
    assert_same(&out[0], &kernels::matmul(&a, &b).unwrap());
}

const LINEAR_WITH_WEIGHTS: &str = r#"func.func @proj(%x: tensor<2x8xf32>) -> tensor<2x4xf32> {
  %w = "kforge.weight"() {name = "proj.weight"} : () -> tensor<4x8xf32>
  %b = "kforge.weight"() {name = "proj.bias"} : () -> tensor<4xf32>
  %y = "kforge.linear"(%x, %w, %b) : (tensor<2x8xf32>, tensor<4x8xf32>, tensor<4xf32>) -> tensor<2x4xf32>
  return %y : tensor<2x4xf32>
}"#;

// Tests that kforge.weight ops read their tensors from a map by name.
#[test]
fn reads_weights_by_name_from_a_map() {
    let context = kforge_dialect::create_context();
    let module = parse(&context, LINEAR_WITH_WEIGHTS);
    let x = Tensor::random_f32([2, 8], 3);
    let (w, b) = (Tensor::random_f32([4, 8], 4), Tensor::random_f32([4], 5));
    let source = weights(&[("proj.weight", w.clone()), ("proj.bias", b.clone())]);
    let out = interpret(&module, "proj", std::slice::from_ref(&x), &source).unwrap();
    assert_same(&out[0], &kernels::linear(&x, &w, Some(&b)).unwrap());
}

// Tests that a closure serves as a weight source.
#[test]
fn reads_weights_from_a_closure() {
    let context = kforge_dialect::create_context();
    let module = parse(&context, LINEAR_WITH_WEIGHTS);
    let x = Tensor::random_f32([2, 8], 3);
    let source = |name: &str| match name {
        "proj.weight" => Some(Tensor::zeros([4, 8])),
        "proj.bias" => Tensor::f32([4], vec![1.0, 2.0, 3.0, 4.0]).ok(),
        _ => None,
    };
    let out = interpret(&module, "proj", &[x], &source).unwrap();
    let expected = Tensor::f32([2, 4], vec![1.0, 2.0, 3.0, 4.0, 1.0, 2.0, 3.0, 4.0]).unwrap();
    assert_same(&out[0], &expected);
}

const WEIGHTS_AS_ARGUMENTS: &str = r#"func.func @proj(%x: tensor<2x8xf32>, %w: tensor<4x8xf32>, %b: tensor<4xf32>) -> tensor<2x4xf32> attributes {kforge.weights = ["proj.weight", "proj.bias"]} {
  %y = "kforge.linear"(%x, %w, %b) : (tensor<2x8xf32>, tensor<4x8xf32>, tensor<4xf32>) -> tensor<2x4xf32>
  return %y : tensor<2x4xf32>
}"#;

// Tests that after --kforge-weights-to-arguments the trailing arguments come
// from the weight source when left out, and from the caller when passed.
#[test]
fn runs_a_function_after_weights_to_arguments() {
    let context = kforge_dialect::create_context();
    let module = parse(&context, WEIGHTS_AS_ARGUMENTS);
    let x = Tensor::random_f32([2, 8], 3);
    let (w, b) = (Tensor::random_f32([4, 8], 4), Tensor::random_f32([4], 5));
    let source = weights(&[("proj.weight", w.clone()), ("proj.bias", b.clone())]);
    let expected = kernels::linear(&x, &w, Some(&b)).unwrap();

    let from_source = interpret(&module, "proj", std::slice::from_ref(&x), &source).unwrap();
    assert_same(&from_source[0], &expected);
    let from_caller = interpret(&module, "proj", &[x, w, b], &NoWeights).unwrap();
    assert_same(&from_caller[0], &expected);
}

// Tests that the same function gives the same result before and after
// weights-to-arguments (same weights, same input).
#[test]
fn weights_to_arguments_preserves_results() {
    let context = kforge_dialect::create_context();
    let before = parse(&context, LINEAR_WITH_WEIGHTS);
    let after = parse(&context, WEIGHTS_AS_ARGUMENTS);
    let x = Tensor::random_f32([2, 8], 9);
    let source = weights(&[
        ("proj.weight", Tensor::random_f32([4, 8], 10)),
        ("proj.bias", Tensor::random_f32([4], 11)),
    ]);
    let a = interpret(&before, "proj", std::slice::from_ref(&x), &source).unwrap();
    let b = interpret(&after, "proj", std::slice::from_ref(&x), &source).unwrap();
    assert_same(&a[0], &b[0]);
}

const EVERY_OP: &str = r#"func.func @ops(%a: tensor<2x3xf32>, %b: tensor<3x4xf32>, %ids: tensor<2xi64>) -> (tensor<2x4xf32>, tensor<1x2x4xf32>, tensor<2x6xf32>) {
  %mm = "kforge.matmul"(%a, %b) : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
  %a3 = "kforge.reshape"(%a) : (tensor<2x3xf32>) -> tensor<1x2x3xf32>
  %b3 = "kforge.reshape"(%b) : (tensor<3x4xf32>) -> tensor<1x3x4xf32>
  %bmm = "kforge.batch_matmul"(%a3, %b3) : (tensor<1x2x3xf32>, tensor<1x3x4xf32>) -> tensor<1x2x4xf32>
  %table = "kforge.weight"() {name = "table"} : () -> tensor<5x4xf32>
  %emb = "kforge.embedding"(%ids, %table) : (tensor<2xi64>, tensor<5x4xf32>) -> tensor<2x4xf32>
  %sum = "kforge.add"(%mm, %emb) : (tensor<2x4xf32>, tensor<2x4xf32>) -> tensor<2x4xf32>
  %prod = "kforge.mul"(%sum, %emb) : (tensor<2x4xf32>, tensor<2x4xf32>) -> tensor<2x4xf32>
  %silu = "kforge.silu"(%prod) : (tensor<2x4xf32>) -> tensor<2x4xf32>
  %gelu = "kforge.gelu"(%silu) {approximate = "none"} : (tensor<2x4xf32>) -> tensor<2x4xf32>
  %soft = "kforge.softmax"(%gelu) {axis = -1 : i64} : (tensor<2x4xf32>) -> tensor<2x4xf32>
  %nw = "kforge.weight"() {name = "norm.weight"} : () -> tensor<4xf32>
  %nb = "kforge.weight"() {name = "norm.bias"} : () -> tensor<4xf32>
  %rms = "kforge.rms_norm"(%soft, %nw) {epsilon = 1.0e-05 : f32} : (tensor<2x4xf32>, tensor<4xf32>) -> tensor<2x4xf32>
  %ln = "kforge.layer_norm"(%rms, %nw, %nb) {epsilon = 1.0e-05 : f32} : (tensor<2x4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<2x4xf32>
  %lw = "kforge.weight"() {name = "proj.weight"} : () -> tensor<6x4xf32>
  %lb = "kforge.weight"() {name = "proj.bias"} : () -> tensor<6xf32>
  %lin = "kforge.linear"(%ln, %lw, %lb) : (tensor<2x4xf32>, tensor<6x4xf32>, tensor<6xf32>) -> tensor<2x6xf32>
  %heads = "kforge.reshape"(%lin) : (tensor<2x6xf32>) -> tensor<2x3x2xf32>
  %rot = "kforge.rope"(%heads, %ids) {theta = 1.0e+04 : f32} : (tensor<2x3x2xf32>, tensor<2xi64>) -> tensor<2x3x2xf32>
  %att = "kforge.attention"(%rot, %rot, %heads) {causal = false, scale = 5.0e-01 : f32, operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0>} : (tensor<2x3x2xf32>, tensor<2x3x2xf32>, tensor<2x3x2xf32>) -> tensor<2x3x2xf32>
  %flat = "kforge.reshape"(%att) : (tensor<2x3x2xf32>) -> tensor<2x6xf32>
  %up = "kforge.weight"() {name = "mlp.up"} : () -> tensor<8x6xf32>
  %down = "kforge.weight"() {name = "mlp.down"} : () -> tensor<6x8xf32>
  %mlp = "kforge.mlp"(%flat, %up, %down) {activation = "gelu"} : (tensor<2x6xf32>, tensor<8x6xf32>, tensor<6x8xf32>) -> tensor<2x6xf32>
  return %sum, %bmm, %mlp : tensor<2x4xf32>, tensor<1x2x4xf32>, tensor<2x6xf32>
}"#;

// Tests that every kforge op dispatches to its kernel with its attributes.
#[test]
fn runs_every_op_like_the_kernels() {
    let context = kforge_dialect::create_context();
    let module = parse(&context, EVERY_OP);
    let sig = super::signature(&module, "ops").unwrap();
    let source = super::random_weights(&sig, 7);
    let (a, b) = (Tensor::random_f32([2, 3], 1), Tensor::random_f32([3, 4], 2));
    let ids = i64s(&[2], &[4, 1]);
    let out = interpret(&module, "ops", &[a.clone(), b.clone()], &source);
    assert!(out.is_err(), "three arguments, two inputs");
    let out = interpret(
        &module,
        "ops",
        &[a.clone(), b.clone(), ids.clone()],
        &source,
    )
    .unwrap();

    let w = |name: &str| &source[name];
    let mm = kernels::matmul(&a, &b).unwrap();
    let a3 = kernels::reshape(&a, &[1, 2, 3]).unwrap();
    let b3 = kernels::reshape(&b, &[1, 3, 4]).unwrap();
    let bmm = kernels::batch_matmul(&a3, &b3).unwrap();
    let emb = kernels::embedding(&ids, w("table")).unwrap();
    let sum = kernels::add(&mm, &emb).unwrap();
    let prod = kernels::mul(&sum, &emb).unwrap();
    let silu = kernels::silu(&prod).unwrap();
    let gelu = kernels::gelu(&silu, GeluApproximation::None).unwrap();
    let soft = kernels::softmax(&gelu, -1).unwrap();
    let rms = kernels::rms_norm(&soft, w("norm.weight"), 1e-5).unwrap();
    let ln = kernels::layer_norm(&rms, w("norm.weight"), w("norm.bias"), 1e-5).unwrap();
    let lin = kernels::linear(&ln, w("proj.weight"), Some(w("proj.bias"))).unwrap();
    let heads = kernels::reshape(&lin, &[2, 3, 2]).unwrap();
    let rot = kernels::rope(&heads, &ids, 1e4).unwrap();
    let attrs = AttentionAttrs {
        causal: false,
        scale: 0.5,
    };
    let att = kernels::attention(&rot, &rot, &heads, attrs).unwrap();
    let flat = kernels::reshape(&att, &[2, 6]).unwrap();
    let mlp = kernels::mlp_gelu(&flat, w("mlp.up"), w("mlp.down")).unwrap();

    assert_eq!(out.len(), 3);
    assert_same(&out[0], &sum);
    assert_same(&out[1], &bmm);
    assert_same(&out[2], &mlp);
}

const KV_ATTENTION: &str = r#"func.func @decode(%q: tensor<2x4x8xf32>, %k: tensor<2x2x8xf32>, %v: tensor<2x2x8xf32>, %kc: tensor<6x2x8xf32>, %vc: tensor<6x2x8xf32>, %pos: tensor<i64>) -> (tensor<2x4x8xf32>, tensor<6x2x8xf32>, tensor<6x2x8xf32>) {
  %o, %kc2, %vc2 = "kforge.attention"(%q, %k, %v, %kc, %vc, %pos) {causal = true, scale = 0.35355339 : f32, operandSegmentSizes = array<i32: 1, 1, 1, 1, 1, 1>} : (tensor<2x4x8xf32>, tensor<2x2x8xf32>, tensor<2x2x8xf32>, tensor<6x2x8xf32>, tensor<6x2x8xf32>, tensor<i64>) -> (tensor<2x4x8xf32>, tensor<6x2x8xf32>, tensor<6x2x8xf32>)
  return %o, %kc2, %vc2 : tensor<2x4x8xf32>, tensor<6x2x8xf32>, tensor<6x2x8xf32>
}"#;

fn kv_inputs(position: i64) -> Vec<Tensor> {
    vec![
        Tensor::random_f32([2, 4, 8], 1),
        Tensor::random_f32([2, 2, 8], 2),
        Tensor::random_f32([2, 2, 8], 3),
        Tensor::random_f32([6, 2, 8], 4),
        Tensor::random_f32([6, 2, 8], 5),
        Tensor::scalar_i64(position),
    ]
}

// Tests that attention with six operands is the KV-cache variant with three results.
#[test]
fn runs_kv_cache_attention() {
    let context = kforge_dialect::create_context();
    let module = parse(&context, KV_ATTENTION);
    let inputs = kv_inputs(3);
    let out = interpret(&module, "decode", &inputs, &NoWeights).unwrap();
    let attrs = AttentionAttrs {
        causal: true,
        scale: 0.353_553_39,
    };
    let (q, k, v) = (&inputs[0], &inputs[1], &inputs[2]);
    let (kc, vc, pos) = (&inputs[3], &inputs[4], &inputs[5]);
    let (o, kc2, vc2) = kernels::attention_with_cache(q, k, v, kc, vc, pos, attrs).unwrap();
    assert_eq!(out.len(), 3);
    assert_same(&out[0], &o);
    assert_same(&out[1], &kc2);
    assert_same(&out[2], &vc2);
}

// Tests that returning an argument and one value twice gives copies of each.
#[test]
fn returns_arguments_and_repeated_values() {
    let context = kforge_dialect::create_context();
    let module = parse(
        &context,
        r#"func.func @f(%x: tensor<3xf32>) -> (tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) {
  %y = "kforge.silu"(%x) : (tensor<3xf32>) -> tensor<3xf32>
  %unused = "kforge.add"(%x, %x) : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  return %x, %y, %y : tensor<3xf32>, tensor<3xf32>, tensor<3xf32>
}"#,
    );
    let x = Tensor::random_f32([3], 1);
    let out = interpret(&module, "f", std::slice::from_ref(&x), &NoWeights).unwrap();
    let y = kernels::silu(&x).unwrap();
    assert_eq!(out.len(), 3);
    assert_same(&out[0], &x);
    assert_same(&out[1], &y);
    assert_same(&out[2], &y);
}

// Tests that a function is found among several, and dynamic dims take any size.
#[test]
fn picks_the_named_function_and_accepts_dynamic_dims() {
    let context = kforge_dialect::create_context();
    let module = parse(
        &context,
        r#"func.func @first(%x: tensor<2xf32>) -> tensor<2xf32> {
  return %x : tensor<2xf32>
}
func.func @second(%x: tensor<?x4xf32>) -> tensor<?x4xf32> {
  %y = "kforge.silu"(%x) : (tensor<?x4xf32>) -> tensor<?x4xf32>
  return %y : tensor<?x4xf32>
}"#,
    );
    let x = Tensor::random_f32([5, 4], 1);
    let out = interpret(&module, "second", std::slice::from_ref(&x), &NoWeights).unwrap();
    assert_same(&out[0], &kernels::silu(&x).unwrap());
}
