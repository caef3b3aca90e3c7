//! Vector and scalar math for kernels that apply activations in registers:
//! `e^x` (shared with attention's softmax), `erf`, and the activations of
//! `kforge.fused_linear`'s epilogue (SiLU, exact and tanh GELU).
//!
//! The scalar functions evaluate the same polynomials as the vector ones, so
//! a tile's masked-off remainder and a CPU without AVX-512 round alike.
//! Accuracy against `f64` (tests below): `erf` within 2e-7 relative, the
//! activations within 1e-6 relative where their result is not tiny (in
//! GELU's far negative tail `1 + erf` cancels: there `|x|·1e-7` absolute).

/// `erf x = x·P(x²)` for `|x| < 1` (least squares on Chebyshev nodes,
/// 1.6e-9 relative in exact arithmetic), highest power first.
#[allow(clippy::excessive_precision, reason = "the fit's digits as printed")]
const ERF_SMALL: [f32; 7] = [
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
const ERF_LARGE: [f32; 13] = [
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
const ERF_CENTER: f32 = 2.45;
const ERF_HALF_WIDTH: f32 = 1.45;
const ERF_ONE_AT: f32 = 3.9;

/// `√(2/π)`, the tanh GELU's scale.
const SQRT_2_OVER_PI: f32 = 0.797_884_6;

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

#[cfg(target_arch = "x86_64")]
pub use avx512::*;

#[cfg(target_arch = "x86_64")]
mod avx512 {
    use super::*;
    use std::arch::x86_64::*;

    /// `e^x` for 16 lanes: `2^n · p(r)`, `x = n·ln2 + r`, `|r| ≤ ln2/2`,
    /// `p` the degree-7 Taylor polynomial (truncation error < 6e-9, below
    /// f32 rounding). `scalef` flushes very negative inputs to 0 and very
    /// positive ones to infinity.
    ///
    /// # Safety
    /// AVX-512F is present ([`kforge_abi::isa::Isa::Avx512`] is supported).
    #[target_feature(enable = "avx512f")]
    pub fn exp16(x: __m512) -> __m512 {
        let x = _mm512_max_ps(x, _mm512_set1_ps(-104.0));
        let n = _mm512_roundscale_ps::<0x08>(_mm512_mul_ps(
            x,
            _mm512_set1_ps(std::f32::consts::LOG2_E),
        ));
        let r = _mm512_fnmadd_ps(n, _mm512_set1_ps(0.693_359_4), x);
        let r = _mm512_fnmadd_ps(n, _mm512_set1_ps(-2.121_944_4e-4), r);
        let mut p = _mm512_set1_ps(1.0 / 5040.0);
        for c in [
            1.0 / 720.0,
            1.0 / 120.0,
            1.0 / 24.0,
            1.0 / 6.0,
            0.5,
            1.0,
            1.0,
        ] {
            p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(c));
        }
        _mm512_scalef_ps(p, n)
    }

    /// Horner's rule on 16 lanes.
    #[target_feature(enable = "avx512f")]
    fn horner16(coeffs: &[f32], t: __m512) -> __m512 {
        let mut p = _mm512_set1_ps(coeffs[0]);
        for c in &coeffs[1..] {
            p = _mm512_fmadd_ps(p, t, _mm512_set1_ps(*c));
        }
        p
    }

    /// `|x|` and the sign bit of `x`.
    #[target_feature(enable = "avx512f")]
    fn abs_sign(x: __m512) -> (__m512, __m512i) {
        let bits = _mm512_castps_si512(x);
        let sign = _mm512_and_si512(bits, _mm512_set1_epi32(i32::MIN));
        let abs = _mm512_castsi512_ps(_mm512_andnot_si512(_mm512_set1_epi32(i32::MIN), bits));
        (abs, sign)
    }

    /// [`super::erf`] on 16 lanes: both polynomials, blended on `|x| < 1`.
    ///
    /// # Safety
    /// AVX-512F is present ([`kforge_abi::isa::Isa::Avx512`] is supported).
    #[target_feature(enable = "avx512f")]
    pub fn erf16(x: __m512) -> __m512 {
        let (a, sign) = abs_sign(x);
        let small = _mm512_mul_ps(a, horner16(&ERF_SMALL, _mm512_mul_ps(a, a)));
        let t = _mm512_div_ps(
            _mm512_sub_ps(
                _mm512_min_ps(a, _mm512_set1_ps(ERF_ONE_AT)),
                _mm512_set1_ps(ERF_CENTER),
            ),
            _mm512_set1_ps(ERF_HALF_WIDTH),
        );
        let large = _mm512_min_ps(horner16(&ERF_LARGE, t), _mm512_set1_ps(1.0));
        let is_small = _mm512_cmp_ps_mask::<_CMP_LT_OQ>(a, _mm512_set1_ps(1.0));
        let magnitude = _mm512_mask_blend_ps(is_small, large, small);
        _mm512_castsi512_ps(_mm512_or_si512(_mm512_castps_si512(magnitude), sign))
    }

    /// `x / (1 + e^(−z))`: `x·σ(z)`.
    #[target_feature(enable = "avx512f")]
    fn times_sigmoid(x: __m512, z: __m512) -> __m512 {
        let e = exp16(_mm512_sub_ps(_mm512_setzero_ps(), z));
        _mm512_div_ps(x, _mm512_add_ps(_mm512_set1_ps(1.0), e))
    }

    /// [`super::silu`] on 16 lanes.
    ///
    /// # Safety
    /// AVX-512F is present ([`kforge_abi::isa::Isa::Avx512`] is supported).
    #[target_feature(enable = "avx512f")]
    pub fn silu16(x: __m512) -> __m512 {
        times_sigmoid(x, x)
    }

    /// [`super::gelu`] on 16 lanes.
    ///
    /// # Safety
    /// AVX-512F is present ([`kforge_abi::isa::Isa::Avx512`] is supported).
    #[target_feature(enable = "avx512f")]
    pub fn gelu16(x: __m512) -> __m512 {
        let e = erf16(_mm512_mul_ps(
            x,
            _mm512_set1_ps(std::f32::consts::FRAC_1_SQRT_2),
        ));
        let half_x = _mm512_mul_ps(x, _mm512_set1_ps(0.5));
        _mm512_fmadd_ps(half_x, e, half_x)
    }

    /// [`super::gelu_tanh`] on 16 lanes.
    ///
    /// # Safety
    /// AVX-512F is present ([`kforge_abi::isa::Isa::Avx512`] is supported).
    #[target_feature(enable = "avx512f")]
    pub fn gelu_tanh16(x: __m512) -> __m512 {
        let x3 = _mm512_mul_ps(_mm512_mul_ps(x, x), x);
        let inner = _mm512_fmadd_ps(x3, _mm512_set1_ps(0.044_715), x);
        times_sigmoid(
            x,
            _mm512_mul_ps(inner, _mm512_set1_ps(2.0 * SQRT_2_OVER_PI)),
        )
    }
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

    #[cfg(target_arch = "x86_64")]
    #[test]
    fn vector_forms_match_scalar_forms() {
        use std::arch::x86_64::*;
        if !kforge_abi::isa::Isa::Avx512.is_supported() {
            return;
        }
        let xs: Vec<f32> = inputs().chain([-200.0, 200.0, 0.0, -0.0]).collect();
        type Pair = (fn(f32) -> f32, unsafe fn(__m512) -> __m512, f64);
        let pairs: [Pair; 4] = [
            (erf, erf16, 2e-7),
            (silu, silu16, 1e-6),
            (gelu, gelu16, 1e-6),
            (gelu_tanh, gelu_tanh16, 1e-6),
        ];
        for (scalar, vector, tol) in pairs {
            for chunk in xs.chunks(16) {
                let mut lanes = [0.0f32; 16];
                lanes[..chunk.len()].copy_from_slice(chunk);
                let mut got = [0.0f32; 16];
                // SAFETY: AVX-512F is present (checked above).
                unsafe {
                    _mm512_storeu_ps(got.as_mut_ptr(), vector(_mm512_loadu_ps(lanes.as_ptr())))
                };
                for (g, x) in got.iter().zip(chunk) {
                    let want = scalar(*x);
                    let err = f64::from((g - want).abs());
                    assert!(
                        err <= tol * f64::from(want.abs())
                            || err < 1e-7 * f64::from(x.abs().max(1.0)),
                        "{x}: {g} vs {want}"
                    );
                }
            }
        }
    }
}
