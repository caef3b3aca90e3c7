//! `kforge.mlp` → the linears and activation it stands for.
//!
//! swiglu: `linear(silu(linear(x, w_gate)) · linear(x, w_up), w_down)`;
//! gelu: `linear(gelu_tanh(linear(x, w_up)), w_down)`.
use super::contraction::linear;
use super::elementwise::{gelu_scalar, silu_scalar, unary};
use super::emitter::{identity, Emitter, Loop, Val};
use kforge_dialect::TensorType;

fn hidden_type(x: &Val, w_up: &Val) -> TensorType {
    let mut t = x.ty.clone();
    *t.shape.last_mut().expect("rank >= 1") = w_up.ty.shape[0];
    t
}

/// SwiGLU MLP.
pub(crate) fn mlp_swiglu(e: &mut Emitter, x: &Val, gate: &Val, up: &Val, down: &Val) -> Val {
    let hidden = hidden_type(x, up);
    let g = linear(e, x, gate, None, &hidden);
    let u = linear(e, x, up, None, &hidden);
    let rank = hidden.rank();
    let sources: Vec<_> = (0..rank).map(|i| Some((&g, i))).collect();
    let init = e.empty(&hidden, &sources);
    let elem = hidden.element.mlir_name().to_string();
    let act = e.generic(
        &vec![Loop::Parallel; rank],
        &[(&g, &identity(rank)), (&u, &identity(rank))],
        (&init, &identity(rank)),
        |r| {
            let (a, b) = (r.args[0].clone(), r.args[1].clone());
            let s = silu_scalar(r, &a, &elem);
            r.op(format!("arith.mulf {s}, {b} : {elem}"))
        },
    );
    linear(e, &act, down, None, &x.ty)
}

/// GELU (tanh) MLP.
pub(crate) fn mlp_gelu(e: &mut Emitter, x: &Val, up: &Val, down: &Val) -> Val {
    let hidden = hidden_type(x, up);
    let u = linear(e, x, up, None, &hidden);
    let act = unary(e, &u, |r, v, elem| gelu_scalar(r, v, elem, true));
    linear(e, &act, down, None, &x.ty)
}
