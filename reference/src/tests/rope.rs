//! kforge.rope.

use super::{assert_close, error_text, f32s, i64s};
use crate::{rope, Tensor};

// Tests that position 0 is the identity (every angle is 0).
#[test]
fn rope_at_position_zero_is_identity() {
    let x = Tensor::random_f32([3, 2, 8], 5);
    let y = rope(&x, &i64s(&[3], &[0, 0, 0]), 10_000.0).unwrap();
    assert_eq!(y, x);
}

// Tests known angles: Dh = 4, θ = 10000 gives f = [1, 0.01], so position 2
// rotates the pair (x0, x2) by 2 rad and (x1, x3) by 0.02 rad.
#[test]
fn rope_at_known_angles() {
    let x = f32s(&[1, 1, 4], &[1.0, 2.0, 3.0, 4.0]);
    let y = rope(&x, &i64s(&[1], &[2]), 10_000.0).unwrap();
    let (c0, s0, c1, s1) = (2f64.cos(), 2f64.sin(), 0.02f64.cos(), 0.02f64.sin());
    let expected = [
        1.0 * c0 - 3.0 * s0,
        2.0 * c1 - 4.0 * s1,
        3.0 * c0 + 1.0 * s0,
        4.0 * c1 + 2.0 * s1,
    ];
    let expected: Vec<f32> = expected.iter().map(|&v| v as f32).collect();
    assert_close(&y, &f32s(&[1, 1, 4], &expected), 1e-6);
}

// Tests that each token uses its own position and every head the same angles.
#[test]
fn rope_positions_per_token() {
    let x = f32s(&[2, 2, 2], &[1.0, 0.0, 1.0, 0.0, 1.0, 0.0, 0.0, 1.0]);
    let y = rope(&x, &i64s(&[2], &[0, 1]), 10_000.0).unwrap();
    let (c, s) = (1f32.cos(), 1f32.sin());
    // Token 1, head 0 is (1, 0) → (cos 1, sin 1); head 1 is (0, 1) → (−sin 1, cos 1).
    let expected = f32s(&[2, 2, 2], &[1.0, 0.0, 1.0, 0.0, c, s, -s, c]);
    assert_close(&y, &expected, 1e-7);
}

// Tests the rank, parity, length and element-type errors.
#[test]
fn rope_errors() {
    let pos = i64s(&[2], &[0, 1]);
    assert_eq!(
        error_text(rope(&Tensor::zeros([2, 1, 3]), &pos, 1e4)),
        "kforge.rope: expected operand #0 dim 2 (3) to be even"
    );
    assert_eq!(
        error_text(rope(&Tensor::zeros([3, 1, 4]), &pos, 1e4)),
        "kforge.rope: expected operand #1 dim 0 (2) to match operand #0 dim 0 (3)"
    );
    assert_eq!(
        error_text(rope(&Tensor::zeros([2, 4]), &pos, 1e4)),
        "kforge.rope: expected operand #0 rank (3), got 2"
    );
    assert_eq!(
        error_text(rope(&Tensor::zeros([2, 1, 4]), &Tensor::scalar_i64(0), 1e4)),
        "kforge.rope: expected operand #1 rank (1), got 0"
    );
    assert_eq!(
        error_text(rope(&Tensor::zeros([2, 1, 4]), &Tensor::zeros([2]), 1e4)),
        "kforge.rope: expected operand #1 element type (i64), got f32"
    );
}
