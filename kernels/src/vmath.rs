//! Vector and scalar math for kernels that apply activations in registers:
//! `e^x` (shared with attention's softmax), `erf`, and the activations of
//! `kforge.fused_linear`'s epilogue (SiLU, exact and tanh GELU).
//!
//! The vector forms are [`crate::simd::Simd`]'s `erf`, `gelu`, `gelu_tanh`
//! and `silu`, written once over the SIMD width with these polynomials, so a
//! tile's masked-off remainder and every ISA variant round alike.
//! Accuracy against `f64` (tests below): `erf` within 2e-7 relative, the
//! activations within 1e-6 relative where their result is not tiny (in
//! GELU's far negative tail `1 + erf` cancels: there `|x|·1e-7` absolute).

/// `erf x = x·P(x²)` for `|x| < 1` (least squares on Chebyshev nodes,
/// 1.6e-9 relative in exact arithmetic), highest power first.
#[allow(clippy::excessive_precision, reason = "the fit's digits as printed")]
pub(crate) const ERF_SMALL: [f32; 7] = [
    7.933_422e-5,
    -8.034_828e-4,
    5.191_216_6e-3,
    -2.685_539_9e-2,
    0.112_836_26,
    -0.376_126_3,
    // The fit's 1.1283791666 is 2/√π to f32 precision.
    std::f32::consts::FRAC_2_SQRT_PI,
];

/// `erf x = Q(t)`, `t = (x − 2.45)/1.45`, for `1 ≤ x ≤ 3.9` (Chebyshev fit
/// of degree 12, 3.7e-8 relative in exact arithmetic), highest power first.
/// Past 3.9, `erf x` rounds to 1 in `f32`.
#[allow(clippy::excessive_precision, reason = "the fit's digits as printed")]
pub(crate) const ERF_LARGE: [f32; 13] = [
    -7.996_431_4e-4,
    1.572_886e-3,
    2.036_781_5e-3,
    -8.672_922e-3,
    8.146_148e-3,
    5.776_096_7e-3,
    -2.781_879_7e-2,
    4.472_328_3e-2,
    -4.530_949_6e-2,
    3.120_485_1e-2,
    -1.437_408_5e-2,
    4.045_397_4e-3,
    0.999_469_45,
];
pub(crate) const ERF_CENTER: f32 = 2.45;
pub(crate) const ERF_HALF_WIDTH: f32 = 1.45;
pub(crate) const ERF_ONE_AT: f32 = 3.9;

/// `√(2/π)`, the tanh GELU's scale.
pub(crate) const SQRT_2_OVER_PI: f32 = 0.797_884_6;

/// Horner's rule on `coeffs` (highest power first).
fn horner(coeffs: &[f32], t: f32) -> f32 {
    coeffs[1..].iter().fold(coeffs[0], |p, c| p.mul_add(t, *c))
}

/// `erf x` in `f32` (the polynomials above).
pub fn erf(x: f32) -> f32 {
    let a = x.abs();
    let magnitude = if a < 1.0 {
        a * horner(&ERF_SMALL, a * a)
    } else {
        let t = (a.min(ERF_ONE_AT) - ERF_CENTER) / ERF_HALF_WIDTH;
        horner(&ERF_LARGE, t).min(1.0)
    };
    magnitude.copysign(x)
}

/// `x·σ(x) = x / (1 + e^(−x))`.
pub fn silu(x: f32) -> f32 {
    x / (1.0 + (-x).exp())
}

/// The exact GELU, `x/2 · (1 + erf(x/√2))`.
pub fn gelu(x: f32) -> f32 {
    0.5 * x * (1.0 + erf(x * std::f32::consts::FRAC_1_SQRT_2))
}

/// The tanh GELU, `x/2 · (1 + tanh u)` with `u = √(2/π)(x + 0.044715x³)`,
/// computed as `x·σ(2u)` (the same value, without `1 + tanh u` cancelling).
pub fn gelu_tanh(x: f32) -> f32 {
    let u = SQRT_2_OVER_PI * (x + 0.044_715 * x * x * x);
    x / (1.0 + (-2.0 * u).exp())
}

#[cfg(test)]
mod tests {
    use super::*;
    use kforge_reference::erf as erf64;

    /// Inputs spread over the activations' interesting range, `[-8, 8]`.
    fn inputs() -> impl Iterator<Item = f32> {
        (-80_000..=80_000).map(|i| i as f32 * 1e-4)
    }

    fn rel(got: f32, want: f64) -> f64 {
        (f64::from(got) - want).abs() / want.abs().max(1e-30)
    }

    #[test]
    fn erf_is_within_2e_7_relative_of_f64() {
        let worst = inputs()
            .chain([1e-6, 3.9, 3.95, 5.0, 30.0])
            .map(|x| rel(erf(x), erf64(f64::from(x))))
            .fold(0.0, f64::max);
        assert!(worst < 2e-7, "{worst}");
    }

    #[test]
    fn activations_are_within_1e_6_relative_of_f64() {
        let sqrt_2_over_pi = (2.0 / std::f64::consts::PI).sqrt();
        for x in inputs() {
            let d = f64::from(x);
            let silu64 = d / (1.0 + (-d).exp());
            let gelu64 = 0.5 * d * (1.0 + erf64(d * std::f64::consts::FRAC_1_SQRT_2));
            let tanh64 = 0.5 * d * (1.0 + (sqrt_2_over_pi * (d + 0.044715 * d * d * d)).tanh());
            // Where the result is tiny next to `x` (GELU's far negative tail,
            // `1 + erf` cancelling to the f32 rounding of `erf`, 6e-8) the
            // bound is absolute instead: `|x|·1e-7`.
            let ok = |got: f32, want: f64| {
                rel(got, want) < 1e-6 || (f64::from(got) - want).abs() < 1e-7 * d.abs().max(1.0)
            };
            assert!(ok(silu(x), silu64), "silu({x}) = {} vs {silu64}", silu(x));
            assert!(ok(gelu(x), gelu64), "gelu({x}) = {} vs {gelu64}", gelu(x));
            assert!(
                ok(gelu_tanh(x), tanh64),
                "gelu_tanh({x}) = {} vs {tanh64}",
                gelu_tanh(x)
            );
        }
    }

    /// The `Simd` forms against the scalar ones, on every ISA variant the host runs.
    struct VectorForms<'a> {
        xs: &'a [f32],
    }

    impl crate::simd::Kernel for VectorForms<'_> {
        type Output = ();
        #[inline(always)]
        unsafe fn run<S: crate::simd::Simd>(self) {
            type Pair<S> = (
                fn(f32) -> f32,
                unsafe fn(<S as crate::simd::Simd>::V) -> <S as crate::simd::Simd>::V,
                f64,
            );
            let pairs: [Pair<S>; 4] = [
                // 5e-7 for erf: a Horner rule without FMA (portable) rounds up to 3 ulp apart.
                (erf, S::erf, 5e-7),
                (silu, S::silu, 1e-6),
                (gelu, S::gelu, 1e-6),
                (gelu_tanh, S::gelu_tanh, 1e-6),
            ];
            for (scalar, vector, tol) in pairs {
                for chunk in self.xs.chunks(S::LANES) {
                    let mut lanes = [0.0f32; 16];
                    lanes[..chunk.len()].copy_from_slice(chunk);
                    let mut got = [0.0f32; 16];
                    // SAFETY: `S`'s features are present (`dispatch`); 16 floats.
                    unsafe { S::store(got.as_mut_ptr(), vector(S::load(lanes.as_ptr()))) };
                    for (g, x) in got.iter().zip(chunk) {
                        let want = scalar(*x);
                        let err = f64::from((g - want).abs());
                        assert!(
                            err <= tol * f64::from(want.abs())
                                || err < 1e-7 * f64::from(x.abs().max(1.0)),
                            "{}: {x}: {g} vs {want}",
                            S::ISA
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn vector_forms_match_scalar_forms() {
        let xs: Vec<f32> = inputs().chain([-200.0, 200.0, 0.0, -0.0]).collect();
        for isa in kforge_abi::isa::Isa::supported() {
            // SAFETY: a supported variant.
            unsafe { crate::simd::dispatch(isa, VectorForms { xs: &xs }) };
        }
    }
}
