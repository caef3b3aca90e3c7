//! `kforge.mlp`: the transformer feed-forward block, SwiGLU or GELU.
//!
//! Both variants are the literal composition of the reference ops, rounding to
//! `f32` between stages as the unfused ops would, so an MLP equals its
//! decomposition bit for bit.

use super::activation::{gelu_tanh_scalar, silu_scalar};
use super::check;
use super::linear::linear_rows;
use crate::error::{ExpectedRank, ReferenceError};
use crate::tensor::Tensor;

const MLP: &str = "kforge.mlp";

/// `kforge.mlp` with `activation = "swiglu"`:
/// `linear(silu(linear(x, w_gate)) · linear(x, w_up), w_down)` for `x: [...,D]`,
/// `w_gate, w_up: [F,D]`, `w_down: [D,F]`.
pub fn mlp_swiglu(
    x: &Tensor,
    w_gate: &Tensor,
    w_up: &Tensor,
    w_down: &Tensor,
) -> Result<Tensor, ReferenceError> {
    let xs = check::f32_operand(MLP, 0, x)?;
    let gs = check::f32_operand(MLP, 1, w_gate)?;
    let (us, ds) = (
        check::f32_operand(MLP, 2, w_up)?,
        check::f32_operand(MLP, 3, w_down)?,
    );
    check_weights(x, (1, w_gate), w_down, 3)?;
    check::rank(MLP, 2, w_up, ExpectedRank::Exactly(2))?;
    check::shapes_match(MLP, (2, w_up), (1, w_gate))?;
    let (rows, d) = check::rows_and_last(x)?;
    let f = w_gate.shape()[0];
    check::output_len(&[rows, f])?;
    let gate = linear_rows(xs, rows, d, gs, f, None);
    let up = linear_rows(xs, rows, d, us, f, None);
    let hidden: Vec<f32> = gate
        .iter()
        .zip(&up)
        .map(|(&g, &u)| silu_scalar(g) * u)
        .collect();
    Tensor::f32(x.shape(), linear_rows(&hidden, rows, f, ds, d, None))
}

/// `kforge.mlp` with `activation = "gelu"`:
/// `linear(gelu_tanh(linear(x, w_up)), w_down)` for `x: [...,D]`,
/// `w_up: [F,D]`, `w_down: [D,F]`.
pub fn mlp_gelu(x: &Tensor, w_up: &Tensor, w_down: &Tensor) -> Result<Tensor, ReferenceError> {
    let xs = check::f32_operand(MLP, 0, x)?;
    let (us, ds) = (
        check::f32_operand(MLP, 1, w_up)?,
        check::f32_operand(MLP, 2, w_down)?,
    );
    check_weights(x, (1, w_up), w_down, 2)?;
    let (rows, d) = check::rows_and_last(x)?;
    let f = w_up.shape()[0];
    check::output_len(&[rows, f])?;
    let up = linear_rows(xs, rows, d, us, f, None);
    let hidden: Vec<f32> = up.iter().map(|&u| gelu_tanh_scalar(u)).collect();
    Tensor::f32(x.shape(), linear_rows(&hidden, rows, f, ds, d, None))
}

/// Checks `x: [...,D]`, the first projection `w_in: [F,D]` and
/// `w_down: [D,F]` (operand `down`).
fn check_weights(
    x: &Tensor,
    (input, w_in): (usize, &Tensor),
    w_down: &Tensor,
    down: usize,
) -> Result<(), ReferenceError> {
    check::rank(MLP, 0, x, ExpectedRank::AtLeast(1))?;
    check::rank(MLP, input, w_in, ExpectedRank::Exactly(2))?;
    check::rank(MLP, down, w_down, ExpectedRank::Exactly(2))?;
    check::dims_match(MLP, (input, w_in, 1), (0, x, x.rank() - 1))?;
    check::dims_match(MLP, (down, w_down, 0), (0, x, x.rank() - 1))?;
    check::dims_match(MLP, (down, w_down, 1), (input, w_in, 0))
}
