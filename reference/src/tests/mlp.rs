//! kforge.mlp, checked against its decomposition into the reference ops.

use super::{assert_close, error_text, f32s};
use crate::{gelu, linear, mlp_gelu, mlp_swiglu, mul, silu, GeluApproximation, Tensor};

// Tests a 1-wide SwiGLU by hand: silu(1·2)·(3·2)·0.5 = 3·silu(2).
#[test]
fn mlp_swiglu_by_hand() {
    let (x, w_gate) = (f32s(&[1, 1], &[2.0]), f32s(&[1, 1], &[1.0]));
    let (w_up, w_down) = (f32s(&[1, 1], &[3.0]), f32s(&[1, 1], &[0.5]));
    let y = mlp_swiglu(&x, &w_gate, &w_up, &w_down).unwrap();
    assert_close(&y, &f32s(&[1, 1], &[5.284_782_5]), 1e-6);
}

// Tests that SwiGLU equals linear(silu(linear(x, w_gate)) · linear(x, w_up), w_down) exactly.
#[test]
fn mlp_swiglu_equals_its_decomposition() {
    let x = Tensor::random_f32([2, 3, 16], 10);
    let w_gate = Tensor::random_f32([40, 16], 11);
    let w_up = Tensor::random_f32([40, 16], 12);
    let w_down = Tensor::random_f32([16, 40], 13);
    let gate = silu(&linear(&x, &w_gate, None).unwrap()).unwrap();
    let hidden = mul(&gate, &linear(&x, &w_up, None).unwrap()).unwrap();
    let expected = linear(&hidden, &w_down, None).unwrap();
    assert_eq!(mlp_swiglu(&x, &w_gate, &w_up, &w_down).unwrap(), expected);
}

// Tests that the GELU MLP equals linear(gelu_tanh(linear(x, w_up)), w_down) exactly.
#[test]
fn mlp_gelu_equals_its_decomposition() {
    let x = Tensor::random_f32([5, 16], 20);
    let w_up = Tensor::random_f32([64, 16], 21);
    let w_down = Tensor::random_f32([16, 64], 22);
    let hidden = gelu(&linear(&x, &w_up, None).unwrap(), GeluApproximation::Tanh).unwrap();
    let expected = linear(&hidden, &w_down, None).unwrap();
    assert_eq!(mlp_gelu(&x, &w_up, &w_down).unwrap(), expected);
}

// Tests the weight-shape errors of both variants.
#[test]
fn mlp_errors() {
    let x = Tensor::zeros([2, 4]);
    let (w_gate, w_up, w_down) = (
        Tensor::zeros([8, 4]),
        Tensor::zeros([8, 4]),
        Tensor::zeros([4, 8]),
    );
    assert_eq!(
        error_text(mlp_swiglu(&x, &Tensor::zeros([8, 5]), &w_up, &w_down)),
        "kforge.mlp: expected operand #1 dim 1 (5) to match operand #0 dim 1 (4)"
    );
    assert_eq!(
        error_text(mlp_swiglu(&x, &w_gate, &Tensor::zeros([7, 4]), &w_down)),
        "kforge.mlp: expected operand #2 dim 0 (7) to match operand #1 dim 0 (8)"
    );
    assert_eq!(
        error_text(mlp_swiglu(&x, &w_gate, &w_up, &Tensor::zeros([4, 7]))),
        "kforge.mlp: expected operand #3 dim 1 (7) to match operand #1 dim 0 (8)"
    );
    assert_eq!(
        error_text(mlp_swiglu(&x, &w_gate, &w_up, &Tensor::zeros([5, 8]))),
        "kforge.mlp: expected operand #3 dim 0 (5) to match operand #0 dim 1 (4)"
    );
    assert_eq!(
        error_text(mlp_swiglu(&x, &w_gate, &Tensor::zeros([8]), &w_down)),
        "kforge.mlp: expected operand #2 rank (2), got 1"
    );
    assert_eq!(
        error_text(mlp_gelu(&x, &w_up, &Tensor::zeros([4, 7]))),
        "kforge.mlp: expected operand #2 dim 1 (7) to match operand #1 dim 0 (8)"
    );
    assert_eq!(
        error_text(mlp_gelu(&Tensor::zeros(Vec::new()), &w_up, &w_down)),
        "kforge.mlp: expected operand #0 rank (at least 1), got 0"
    );
}
