//! kforge.rms_norm and kforge.layer_norm.

use super::{assert_close, error_text, f32s};
use crate::{layer_norm, rms_norm, Tensor};

// Tests rms_norm of [3, 4]: mean square 12.5, y = x/√12.5 · w.
#[test]
fn rms_norm_by_hand() {
    let x = f32s(&[1, 2], &[3.0, 4.0]);
    let w = f32s(&[2], &[1.0, 2.0]);
    let expected = f32s(&[1, 2], &[0.848_528_13, 2.262_741_7]);
    assert_close(&rms_norm(&x, &w, 0.0).unwrap(), &expected, 1e-7);
}

// Tests that epsilon is added under the root: ones with ε = 3 scale by 1/√4.
#[test]
fn rms_norm_epsilon() {
    let x = f32s(&[2, 4], &[1.0; 8]);
    let w = f32s(&[4], &[1.0, 2.0, 3.0, 4.0]);
    let expected = f32s(&[2, 4], &[0.5, 1.0, 1.5, 2.0, 0.5, 1.0, 1.5, 2.0]);
    assert_eq!(rms_norm(&x, &w, 3.0).unwrap(), expected);
}

// Tests layer_norm of [1, 2, 3, 4]: μ = 2.5, biased σ² = 1.25, then γ and β.
#[test]
fn layer_norm_by_hand() {
    let x = f32s(&[4], &[1.0, 2.0, 3.0, 4.0]);
    let gamma = f32s(&[4], &[1.0, 1.0, 2.0, 2.0]);
    let beta = f32s(&[4], &[0.0, 1.0, 0.0, 1.0]);
    let (a, b) = (1.341_640_8, 0.447_213_6);
    let expected = f32s(&[4], &[-a, 1.0 - b, 2.0 * b, 2.0 * a + 1.0]);
    assert_close(
        &layer_norm(&x, &gamma, &beta, 0.0).unwrap(),
        &expected,
        1e-6,
    );
    // A constant row has zero variance: only epsilon keeps the division finite.
    let flat = layer_norm(
        &f32s(&[2], &[7.0, 7.0]),
        &f32s(&[2], &[1.0, 1.0]),
        &f32s(&[2], &[0.5, 0.5]),
        1e-5,
    );
    assert_eq!(flat.unwrap(), f32s(&[2], &[0.5, 0.5]));
}

// Tests the rank and dim errors of both norms.
#[test]
fn norm_errors() {
    let x = Tensor::zeros([2, 4]);
    assert_eq!(
        error_text(rms_norm(&x, &Tensor::zeros([5]), 1e-5)),
        "kforge.rms_norm: expected operand #1 dim 0 (5) to match operand #0 dim 1 (4)"
    );
    assert_eq!(
        error_text(rms_norm(
            &Tensor::zeros(Vec::new()),
            &Tensor::zeros([1]),
            1e-5
        )),
        "kforge.rms_norm: expected operand #0 rank (at least 1), got 0"
    );
    assert_eq!(
        error_text(rms_norm(&x, &Tensor::zeros([1, 4]), 1e-5)),
        "kforge.rms_norm: expected operand #1 rank (1), got 2"
    );
    let (g, b) = (Tensor::zeros([4]), Tensor::zeros([4]));
    assert_eq!(
        error_text(layer_norm(&x, &Tensor::zeros([3]), &b, 1e-5)),
        "kforge.layer_norm: expected operand #1 dim 0 (3) to match operand #0 dim 1 (4)"
    );
    assert_eq!(
        error_text(layer_norm(&x, &g, &Tensor::zeros([3]), 1e-5)),
        "kforge.layer_norm: expected operand #2 dim 0 (3) to match operand #0 dim 1 (4)"
    );
    assert_eq!(
        error_text(layer_norm(&x, &g, &Tensor::zeros([2, 2]), 1e-5)),
        "kforge.layer_norm: expected operand #2 rank (1), got 2"
    );
    assert_eq!(
        error_text(layer_norm(&Tensor::zeros(Vec::new()), &g, &b, 1e-5)),
        "kforge.layer_norm: expected operand #0 rank (at least 1), got 0"
    );
}
