//! kforge.silu, kforge.gelu and the erf behind the exact GELU.

use super::{assert_close, error_text, f32s, i64s};
use crate::ops::internals::{erf_series, erfc_continued_fraction};
use crate::{erf, gelu, silu, GeluApproximation};

// Tests silu at 0 and ±1 against x/(1+e^(−x)) computed by hand.
#[test]
fn silu_by_hand() {
    let x = f32s(&[3], &[0.0, 1.0, -1.0]);
    let expected = f32s(&[3], &[0.0, 0.731_058_6, -0.268_941_4]);
    assert_close(&silu(&x).unwrap(), &expected, 1e-7);
    // Far tails: no overflow, silu(x) → x for large x and → −0 for very negative x.
    let tails = silu(&f32s(&[2], &[100.0, -1000.0])).unwrap();
    assert_eq!(tails.as_f32().unwrap(), &[100.0, -0.0]);
}

// Tests both GELU variants at ±1 and 2 against reference values.
#[test]
fn gelu_by_hand() {
    let x = f32s(&[3], &[1.0, -1.0, 2.0]);
    let tanh = f32s(&[3], &[0.841_192, -0.158_808_01, 1.954_597_7]);
    let exact = f32s(&[3], &[0.841_344_8, -0.158_655_25, 1.954_499_7]);
    assert_close(&gelu(&x, GeluApproximation::Tanh).unwrap(), &tanh, 1e-7);
    assert_close(&gelu(&x, GeluApproximation::None).unwrap(), &exact, 1e-7);
}

// Tests erf against reference values to near f64 precision.
#[test]
fn erf_matches_reference_values() {
    let cases = [
        (0.1, 0.1124629160182849),
        (0.5, 0.5204998778130465),
        (1.0, 0.8427007929497149),
        (2.0, 0.9953222650189527),
        (3.0, 0.9999779095030014),
        (4.0, 0.9999999845827421),
        (5.0, 0.9999999999984626),
        (-0.7, -0.6778011938374184),
    ];
    for (x, expected) in cases {
        assert!(
            (erf(x) - expected).abs() < 1e-15,
            "erf({x}) = {} vs {expected}",
            erf(x)
        );
    }
}

// Tests the edge values: odd symmetry, signed zero, infinities, NaN.
#[test]
fn erf_edge_values() {
    assert_eq!(erf(0.0), 0.0);
    assert!(erf(-0.0).is_sign_negative());
    assert_eq!((erf(f64::INFINITY), erf(f64::NEG_INFINITY)), (1.0, -1.0));
    assert!(erf(f64::NAN).is_nan());
    for x in [0.3, 1.7, 2.9, 3.1, 6.0] {
        assert_eq!(erf(-x), -erf(x));
    }
}

// Tests that the series and the continued fraction agree where they meet.
#[test]
fn erf_expansions_agree_at_the_switch() {
    for i in 0..=40 {
        let x = 2.5 + f64::from(i) * 0.05;
        let (series, fraction) = (erf_series(x), 1.0 - erfc_continued_fraction(x));
        assert!(
            (series - fraction).abs() < 1e-15,
            "x = {x}: {series} vs {fraction}"
        );
    }
}

// Tests the element-type errors of the activations.
#[test]
fn activation_errors() {
    let ids = i64s(&[1], &[1]);
    assert_eq!(
        error_text(silu(&ids)),
        "kforge.silu: expected operand #0 element type (f32), got i64"
    );
    assert_eq!(
        error_text(gelu(&ids, GeluApproximation::None)),
        "kforge.gelu: expected operand #0 element type (f32), got i64"
    );
}
