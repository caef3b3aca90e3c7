//! `kforge.mlp` → the linears and activation it stands for.
//!
//! swiglu: `linear(silu(linear(x, w_gate)) · linear(x, w_up), w_down)`, the
//! first half as `kforge.swiglu_linear` lowers;
//! gelu: `linear(gelu_tanh(linear(x, w_up)), w_down)`.
use super::contraction::linear;
use super::elementwise::{gelu_scalar, unary};
use super::emitter::{Emitter, Val};
use super::projections::{swiglu_linear, Projection};
use kforge_dialect::TensorType;

fn hidden_type(x: &Val, w_up: &Val) -> TensorType {
    let mut t = x.ty.clone();
    *t.shape.last_mut().expect("rank >= 1") = w_up.ty.shape[0];
    t
}

/// SwiGLU MLP: the gate/up half as `kforge.swiglu_linear` lowers (one
/// microkernel call with `linear-kernel=ukernel`), then the down projection.
pub(crate) fn mlp_swiglu(e: &mut Emitter, x: &Val, gate: &Val, up: &Val, down: &Val) -> Val {
    let hidden = hidden_type(x, up);
    let weights = [gate.clone(), up.clone()];
    let projection = Projection {
        x,
        norm: None,
        weights: &weights,
    };
    let act = swiglu_linear(e, &projection, &hidden);
    linear(e, &act, down, None, &x.ty)
}

/// GELU (tanh) MLP.
pub(crate) fn mlp_gelu(e: &mut Emitter, x: &Val, up: &Val, down: &Val) -> Val {
    let hidden = hidden_type(x, up);
    let u = linear(e, x, up, None, &hidden);
    let act = unary(e, &u, |r, v, elem| gelu_scalar(r, v, elem, true));
    linear(e, &act, down, None, &x.ty)
}
