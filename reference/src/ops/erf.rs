//! The error function in `f64`, for the exact `kforge.gelu`.
//!
//! Two classical expansions, each used where it converges fast and without
//! cancellation (Abramowitz & Stegun 7.1.6 and 7.1.14):
//! - `|x| < 3`: `erf x = (2/√π) e^(−x²) Σ_n 2^n x^(2n+1) / (1·3·…·(2n+1))`, a series
//!   of positive terms, so the sum keeps full `f64` precision;
//! - `|x| ≥ 3`: `erfc x = (e^(−x²)/√π) · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …))))`,
//!   a continued fraction evaluated from the tail, and `erf x = 1 − erfc x`.
//!
//! Both agree with the exact values to about `1e-15` (tested against reference
//! values and against each other at the switch-over).

use std::f64::consts::FRAC_2_SQRT_PI;

/// Where the series hands over to the continued fraction.
const SWITCH: f64 = 3.0;

/// Terms of the continued fraction; at `x = 3` sixty terms already converge
/// to `f64` precision, and larger `x` converge faster.
const FRACTION_TERMS: u32 = 120;

/// The error function `erf x = (2/√π) ∫₀ˣ e^(−t²) dt`.
pub fn erf(x: f64) -> f64 {
    if x.is_nan() {
        return x;
    }
    let a = x.abs();
    let magnitude = if a < SWITCH {
        erf_series(a)
    } else {
        1.0 - erfc_continued_fraction(a)
    };
    magnitude.copysign(x)
}

/// `erf a` for `0 ≤ a < 3` from the series of positive terms.
pub(crate) fn erf_series(a: f64) -> f64 {
    let two_a2 = 2.0 * a * a;
    let (mut term, mut sum) = (a, a);
    let mut denominator = 1.0;
    while term > sum * 1e-18 {
        denominator += 2.0;
        term *= two_a2 / denominator;
        sum += term;
    }
    FRAC_2_SQRT_PI * (-a * a).exp() * sum
}

/// `erfc a` for `a ≥ 3` (valid, if slowly converging, for any `a > 0`) from the
/// continued fraction with partial numerators `n/2`.
pub(crate) fn erfc_continued_fraction(a: f64) -> f64 {
    let mut tail = a;
    for n in (1..=FRACTION_TERMS).rev() {
        tail = a + f64::from(n) / 2.0 / tail;
    }
    0.5 * FRAC_2_SQRT_PI * (-a * a).exp() / tail
}
