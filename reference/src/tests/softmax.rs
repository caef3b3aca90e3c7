//! kforge.softmax.

use super::{assert_close, error_text, f32s, i64s};
use crate::{softmax, Tensor};

// Tests softmax of [1, 2, 3] against e^x / Σe^x computed by hand.
#[test]
fn softmax_by_hand() {
    let y = softmax(&f32s(&[3], &[1.0, 2.0, 3.0]), 0).unwrap();
    assert_close(
        &y,
        &f32s(&[3], &[0.090_030_57, 0.244_728_48, 0.665_240_96]),
        1e-8,
    );
}

// Tests a non-last axis, and that -1 names the last axis.
#[test]
fn softmax_axes() {
    let x = f32s(&[2, 2], &[1.0, 2.0, 3.0, 4.0]);
    let (lo, hi) = (0.119_202_92, 0.880_797_1);
    assert_close(
        &softmax(&x, 0).unwrap(),
        &f32s(&[2, 2], &[lo, lo, hi, hi]),
        1e-7,
    );
    assert_close(
        &softmax(&x, -2).unwrap(),
        &f32s(&[2, 2], &[lo, lo, hi, hi]),
        1e-7,
    );
    assert_eq!(softmax(&x, -1).unwrap(), softmax(&x, 1).unwrap());
    assert_close(
        &softmax(&x, 1).unwrap(),
        &f32s(
            &[2, 2],
            &[0.268_941_43, 0.731_058_6, 0.268_941_43, 0.731_058_6],
        ),
        1e-7,
    );
}

// Tests that large inputs do not overflow (the max is subtracted first).
#[test]
fn softmax_is_shift_stable() {
    let y = softmax(&f32s(&[2], &[1000.0, 1000.0]), -1).unwrap();
    assert_eq!(y, f32s(&[2], &[0.5, 0.5]));
    let y = softmax(&f32s(&[2], &[-1000.0, 0.0]), -1).unwrap();
    assert_eq!(y, f32s(&[2], &[0.0, 1.0]));
    assert_eq!(softmax(&Tensor::zeros([0, 4]), 1).unwrap().shape(), &[0, 4]);
}

// Tests the axis and element-type errors.
#[test]
fn softmax_errors() {
    let x = Tensor::zeros([2, 2]);
    assert_eq!(
        error_text(softmax(&x, 2)),
        "kforge.softmax: axis 2 out of range for rank 2"
    );
    assert_eq!(
        error_text(softmax(&x, -3)),
        "kforge.softmax: axis -3 out of range for rank 2"
    );
    assert_eq!(
        error_text(softmax(&Tensor::zeros(Vec::new()), 0)),
        "kforge.softmax: axis 0 out of range for rank 0"
    );
    assert_eq!(
        error_text(softmax(&i64s(&[1], &[0]), 0)),
        "kforge.softmax: expected operand #0 element type (f32), got i64"
    );
}
