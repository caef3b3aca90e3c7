//! max_abs_diff, max_rel_error and allclose.

use super::{error_text, f32s, i64s};
use crate::{allclose, max_abs_diff, max_rel_error};

// Tests the errors on a hand-checked pair: |diff| = [0, 0.5, 1], max |b| = 2.5.
#[test]
fn errors_of_a_known_pair() {
    let a = f32s(&[3], &[1.0, 2.0, 3.0]);
    let b = f32s(&[3], &[1.0, 2.5, 2.0]);
    assert_eq!(max_abs_diff(&a, &b).unwrap(), 1.0);
    assert!((max_rel_error(&a, &b).unwrap() - 1.0 / 2.5).abs() < 1e-12);
    assert!(allclose(&a, &b, 0.0, 1.0).unwrap());
    assert!(!allclose(&a, &b, 0.0, 0.99).unwrap());
    // |3 − 2| ≤ 0.5·2: the relative tolerance scales with the reference element.
    assert!(allclose(&a, &b, 0.5, 0.0).unwrap());
    assert!(!allclose(&a, &b, 0.4, 0.0).unwrap());
}

// Tests that a near-zero reference element does not blow up the relative error.
#[test]
fn relative_error_is_normwise() {
    let a = f32s(&[2], &[100.0, 1e-3]);
    let b = f32s(&[2], &[100.0, 0.0]);
    assert!((max_rel_error(&a, &b).unwrap() - 1e-5).abs() < 1e-9);
    let zero = f32s(&[2], &[0.0, 0.0]);
    assert_eq!(max_rel_error(&zero, &zero).unwrap(), 0.0);
}

// Tests that NaN never compares close and equal infinities do.
#[test]
fn nan_fails_and_infinities_match() {
    let a = f32s(&[3], &[1.0, f32::NAN, 5.0]);
    let b = f32s(&[3], &[1.0, 2.0, 9.0]);
    assert!(max_abs_diff(&a, &b).unwrap().is_nan());
    assert!(max_rel_error(&a, &b).unwrap().is_nan());
    assert!(!allclose(&a, &b, 1.0, 1.0).unwrap());
    let inf = f32s(&[2], &[f32::INFINITY, f32::NEG_INFINITY]);
    assert_eq!(max_abs_diff(&inf, &inf).unwrap(), 0.0);
    assert!(allclose(&inf, &inf, 0.0, 0.0).unwrap());
    assert_eq!(
        max_abs_diff(&f32s(&[0], &[]), &f32s(&[0], &[])).unwrap(),
        0.0
    );
}

// Tests the comparison errors: shape mismatch and non-f32 tensors.
#[test]
fn comparison_errors() {
    let (a, b) = (f32s(&[2], &[0.0; 2]), f32s(&[3], &[0.0; 3]));
    assert_eq!(
        error_text(max_abs_diff(&a, &b)),
        "cannot compare tensors of shapes [2] and [3]"
    );
    assert_eq!(
        error_text(allclose(&a, &b, 0.0, 0.0)),
        "cannot compare tensors of shapes [2] and [3]"
    );
    assert_eq!(
        error_text(max_rel_error(&i64s(&[2], &[1, 2]), &a)),
        "expected a tensor of element type f32, got i64"
    );
}
