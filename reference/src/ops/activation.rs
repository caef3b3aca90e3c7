//! `kforge.silu` and `kforge.gelu`, element by element in `f64`.

use std::f64::consts::{FRAC_1_SQRT_2, FRAC_2_SQRT_PI};

use super::check;
use super::erf::erf;
use crate::error::ReferenceError;
use crate::tensor::Tensor;

const SILU: &str = "kforge.silu";
const GELU: &str = "kforge.gelu";

/// The `approximate` attribute of `kforge.gelu`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GeluApproximation {
    /// `"tanh"`: `0.5x(1 + tanh(√(2/π)(x + 0.044715x³)))`.
    Tanh,
    /// `"none"`: the exact `0.5x(1 + erf(x/√2))`.
    None,
}

/// `kforge.silu`: `y = x · σ(x)`, `σ(x) = 1/(1 + e^(−x))`.
pub fn silu(x: &Tensor) -> Result<Tensor, ReferenceError> {
    map(SILU, x, silu_scalar)
}

/// `kforge.gelu` with the given `approximate` attribute.
pub fn gelu(x: &Tensor, approximate: GeluApproximation) -> Result<Tensor, ReferenceError> {
    match approximate {
        GeluApproximation::Tanh => map(GELU, x, gelu_tanh_scalar),
        GeluApproximation::None => map(GELU, x, gelu_erf_scalar),
    }
}

/// `x · σ(x)`, rounded once to `f32`.
pub(super) fn silu_scalar(x: f32) -> f32 {
    let x = f64::from(x);
    (x / (1.0 + (-x).exp())) as f32
}

/// The tanh approximation of GELU, rounded once to `f32`.
pub(super) fn gelu_tanh_scalar(x: f32) -> f32 {
    let x = f64::from(x);
    let sqrt_2_over_pi = FRAC_2_SQRT_PI * FRAC_1_SQRT_2;
    (0.5 * x * (1.0 + (sqrt_2_over_pi * (x + 0.044715 * x * x * x)).tanh())) as f32
}

/// The exact GELU, rounded once to `f32`.
fn gelu_erf_scalar(x: f32) -> f32 {
    let x = f64::from(x);
    (0.5 * x * (1.0 + erf(x * FRAC_1_SQRT_2))) as f32
}

fn map(op: &'static str, x: &Tensor, f: impl Fn(f32) -> f32) -> Result<Tensor, ReferenceError> {
    let xs = check::f32_operand(op, 0, x)?;
    Tensor::f32(x.shape(), xs.iter().map(|&v| f(v)).collect())
}
