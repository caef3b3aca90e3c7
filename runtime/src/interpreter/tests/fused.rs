//! The fused ops of `--kforge-fuse` against the ops they stand for, called
//! by hand on the reference kernels, and every op of the dialect's table
//! against the dispatch.

use std::collections::BTreeMap;

use kforge_dialect::{KforgeOp, OpSignature};

use super::super::dispatch::{run_op, Site};
use super::super::error::InterpretError;
use super::super::NoWeights;
use super::{assert_same, parse};
use crate::reference::{self as kernels, GeluApproximation, Tensor};

const FUSED_LINEAR: &str = r#"func.func @f(%x: tensor<3x8xf32>, %w: tensor<5x8xf32>, %b: tensor<5xf32>, %s: tensor<1xf32>) -> tensor<3x5xf32> {
  %0 = "kforge.fused_linear"(%x, %w, %b, %s) {epilogue = "add,gelu,mul,silu", kind = "linear", operandSegmentSizes = array<i32: 1, 1, 1, 1, 0, 0>} : (tensor<3x8xf32>, tensor<5x8xf32>, tensor<5xf32>, tensor<1xf32>) -> tensor<3x5xf32>
  return %0 : tensor<3x5xf32>
}"#;

// Tests that kforge.fused_linear is the contraction, then each epilogue step in order.
#[test]
fn fused_linear_is_its_contraction_and_epilogue() {
    let context = kforge_dialect::create_context();
    let module = parse(&context, FUSED_LINEAR);
    let inputs = [
        Tensor::random_f32([3, 8], 1),
        Tensor::random_f32([5, 8], 2),
        Tensor::random_f32([5], 3),
        Tensor::random_f32([1], 4),
    ];
    let out = super::interpret(&module, "f", &inputs, &NoWeights).unwrap();
    let [x, w, b, s] = &inputs;
    let y = kernels::linear(x, w, None).unwrap();
    let y = kernels::add(&y, b).unwrap();
    let y = kernels::gelu(&y, GeluApproximation::None).unwrap();
    let y = kernels::mul(&y, s).unwrap();
    assert_same(&out[0], &kernels::silu(&y).unwrap());
}

const PROJECTIONS: &str = r#"func.func @qkv(%x: tensor<2x8xf32>, %n: tensor<8xf32>, %q: tensor<8x8xf32>, %k: tensor<4x8xf32>, %v: tensor<4x8xf32>) -> (tensor<2x8xf32>, tensor<2x4xf32>, tensor<2x4xf32>) {
  %0:3 = "kforge.multi_linear"(%x, %n, %q, %k, %v) {epsilon = 1.0e-05 : f32, operandSegmentSizes = array<i32: 1, 1, 1, 1, 1, 0>, resultSegmentSizes = array<i32: 1, 1, 1, 0>} : (tensor<2x8xf32>, tensor<8xf32>, tensor<8x8xf32>, tensor<4x8xf32>, tensor<4x8xf32>) -> (tensor<2x8xf32>, tensor<2x4xf32>, tensor<2x4xf32>)
  return %0#0, %0#1, %0#2 : tensor<2x8xf32>, tensor<2x4xf32>, tensor<2x4xf32>
}

func.func @plain(%x: tensor<2x8xf32>, %q: tensor<8x8xf32>) -> tensor<2x8xf32> {
  %0 = "kforge.multi_linear"(%x, %q) {operandSegmentSizes = array<i32: 1, 0, 1, 0, 0, 0>, resultSegmentSizes = array<i32: 1, 0, 0, 0>} : (tensor<2x8xf32>, tensor<8x8xf32>) -> tensor<2x8xf32>
  return %0 : tensor<2x8xf32>
}

func.func @swiglu(%x: tensor<2x8xf32>, %n: tensor<8xf32>, %g: tensor<6x8xf32>, %u: tensor<6x8xf32>) -> tensor<2x6xf32> {
  %0 = "kforge.swiglu_linear"(%x, %n, %g, %u) {epsilon = 1.0e-05 : f32, operandSegmentSizes = array<i32: 1, 1, 1, 1>} : (tensor<2x8xf32>, tensor<8xf32>, tensor<6x8xf32>, tensor<6x8xf32>) -> tensor<2x6xf32>
  return %0 : tensor<2x6xf32>
}"#;

// Tests that kforge.multi_linear is one linear per weight on the (normed) input.
#[test]
fn multi_linear_is_one_linear_per_weight() {
    let context = kforge_dialect::create_context();
    let module = parse(&context, PROJECTIONS);
    let (x, n) = (Tensor::random_f32([2, 8], 1), Tensor::random_f32([8], 2));
    let ws = [
        Tensor::random_f32([8, 8], 3),
        Tensor::random_f32([4, 8], 4),
        Tensor::random_f32([4, 8], 5),
    ];
    let inputs = [
        x.clone(),
        n.clone(),
        ws[0].clone(),
        ws[1].clone(),
        ws[2].clone(),
    ];
    let out = super::interpret(&module, "qkv", &inputs, &NoWeights).unwrap();
    let normed = kernels::rms_norm(&x, &n, 1e-5).unwrap();
    assert_eq!(out.len(), 3);
    for (got, w) in out.iter().zip(&ws) {
        assert_same(got, &kernels::linear(&normed, w, None).unwrap());
    }
    let plain = super::interpret(&module, "plain", &[x.clone(), ws[0].clone()], &NoWeights);
    assert_same(
        &plain.unwrap()[0],
        &kernels::linear(&x, &ws[0], None).unwrap(),
    );
}

// Tests that kforge.swiglu_linear is silu(gate) · up on the normed input.
#[test]
fn swiglu_linear_is_silu_gate_times_up() {
    let context = kforge_dialect::create_context();
    let module = parse(&context, PROJECTIONS);
    let inputs = [
        Tensor::random_f32([2, 8], 1),
        Tensor::random_f32([8], 2),
        Tensor::random_f32([6, 8], 3),
        Tensor::random_f32([6, 8], 4),
    ];
    let out = super::interpret(&module, "swiglu", &inputs, &NoWeights).unwrap();
    let [x, n, g, u] = &inputs;
    let normed = kernels::rms_norm(x, n, 1e-5).unwrap();
    let gate = kernels::silu(&kernels::linear(&normed, g, None).unwrap()).unwrap();
    let up = kernels::linear(&normed, u, None).unwrap();
    assert_same(&out[0], &kernels::mul(&gate, &up).unwrap());
}

// Tests that every op of the dialect's table reaches a kernel: with no
// operands it is an invalid op (wrong operand count or attribute), never an
// unsupported one; a name outside the table is unsupported.
#[test]
fn every_op_of_the_table_dispatches() {
    let run = |name: &str| {
        let sig = OpSignature {
            name: name.to_string(),
            operands: Vec::new(),
            results: Vec::new(),
            attributes: BTreeMap::new(),
        };
        let site = Site {
            op: name,
            location: "test",
        };
        run_op(&sig, &[], &NoWeights, &site)
    };
    for name in KforgeOp::names() {
        let result = run(name);
        assert!(
            !matches!(result, Err(InterpretError::Unsupported { .. })),
            "{name}: {result:?}"
        );
    }
    assert!(matches!(
        run("kforge.nope"),
        Err(InterpretError::Unsupported { .. })
    ));
}
