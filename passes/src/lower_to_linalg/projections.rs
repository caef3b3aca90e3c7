//! `kforge.multi_linear` and `kforge.swiglu_linear` → linalg, or one
//! microkernel call each.
//!
//! With `linear-kernel=loops|tiled` (or a non-f32 element type) the ops lower
//! to what they stand for: the optional `rms_norm` prologue as
//! `kforge.rms_norm` lowers, then one reduction `linalg.generic` per weight
//! (and the `silu(g)·u` generic for SwiGLU).
//!
//! With `linear-kernel=ukernel` (f32) each op is ONE call, so one fork-join:
//! ```mlir
//! func.call @kforge_ukernel_multi_linear_f32(%x, %norm, %w0, %w1, %w2, %w3, %o0, %o1, %o2, %o3, %count, %eps)
//!   : (memref<?x?xf32>, memref<?xf32>, memref<?x?xf32>, …, i64, f32) -> ()
//! func.call @kforge_ukernel_swiglu_linear_f32(%x, %norm, %wg, %wu, %o, %eps)
//! ```
//! The input is flattened to `[M, K]`; an absent norm is an empty `[0]`
//! buffer and unused weight/output slots are empty `[0, 0]` buffers (the
//! kernel reads the first `count`).
use super::contraction::{call_ukernel_outs, from_rows_2d, linear, rows_2d, rows_2d_type, Scalar};
use super::elementwise::silu_scalar;
use super::emitter::{identity, Emitter, LinearKernel, Loop, Val};
use super::norm::rms_norm;
use kforge_dialect::projections::{ProjectionLayout, MAX_PROJECTIONS};
use kforge_dialect::{Dim, ElementType, TensorType};

/// The runtime's multi-projection microkernel.
pub(crate) const MULTI_LINEAR_UKERNEL: &str = "kforge_ukernel_multi_linear_f32";

/// The runtime's SwiGLU microkernel.
pub(crate) const SWIGLU_LINEAR_UKERNEL: &str = "kforge_ukernel_swiglu_linear_f32";

/// The operands of a projection op, split by its layout.
pub(crate) struct Projection<'a> {
    /// The input.
    pub x: &'a Val,
    /// The RMSNorm weight and epsilon of the prologue.
    pub norm: Option<(&'a Val, f64)>,
    /// The weights.
    pub weights: &'a [Val],
}

impl<'a> Projection<'a> {
    /// Splits the operands `a` by `layout`.
    pub fn new(layout: &ProjectionLayout, a: &'a [Val], epsilon: Option<f64>) -> Self {
        Self {
            x: &a[0],
            norm: layout.has_norm.then(|| (&a[1], epsilon.expect("verified"))),
            weights: &a[layout.first_weight()..],
        }
    }

    fn ukernel(&self, e: &Emitter) -> bool {
        e.linear_kernel == LinearKernel::Ukernel && self.x.ty.element == ElementType::F32
    }

    /// The input after the prologue, as linalg.
    fn normed(&self, e: &mut Emitter) -> Val {
        match self.norm {
            Some((gamma, eps)) => rms_norm(e, self.x, gamma, eps),
            None => self.x.clone(),
        }
    }

    /// The norm operands of a microkernel call: `γ` (or an empty `[0]`
    /// tensor) and `ε` as an `f32` constant.
    pub(crate) fn norm_operands(&self, e: &mut Emitter) -> (Val, String) {
        let (gamma, eps) = match self.norm {
            Some((gamma, eps)) => (gamma.clone(), eps),
            None => (empty(e, 1), 0.0),
        };
        (gamma, e.float_const(eps, "f32"))
    }
}

/// An empty f32 tensor of rank `rank` (every dim 0): an unused slot.
fn empty(e: &mut Emitter, rank: usize) -> Val {
    let ty = TensorType {
        shape: vec![Dim::Static(0); rank],
        element: ElementType::F32,
    };
    e.empty(&ty, &[])
}

/// `y_i = x'·w_iᵀ` for each weight.
pub(crate) fn multi_linear(e: &mut Emitter, p: &Projection, outs: &[TensorType]) -> Vec<Val> {
    if !p.ukernel(e) {
        let x = p.normed(e);
        return p
            .weights
            .iter()
            .zip(outs)
            .map(|(w, out)| linear(e, &x, w, None, out))
            .collect();
    }
    let unused = empty(e, 2);
    call_multi_linear(e, p, outs, MULTI_LINEAR_UKERNEL, &unused, &[])
}

/// `ukernel(x, norm, w0…w3, o0…o3, count, ε, extra…)`: the call of a
/// multi-projection microkernel on the flattened input, the unused weight
/// slots given `unused` (an empty weight of the kernel's weight type) and
/// empty `[0, 0]` outputs; the results in the ops' shapes.
pub(crate) fn call_multi_linear(
    e: &mut Emitter,
    p: &Projection,
    outs: &[TensorType],
    ukernel: &str,
    unused: &Val,
    extra: &[Scalar],
) -> Vec<Val> {
    let x2 = rows_2d(e, p.x);
    let (gamma, eps) = p.norm_operands(e);
    let unused_out = TensorType {
        shape: vec![Dim::Static(0); 2],
        element: ElementType::F32,
    };
    let mut ins = vec![&x2, &gamma];
    ins.extend((0..MAX_PROJECTIONS).map(|i| p.weights.get(i).unwrap_or(unused)));
    let out2: Vec<TensorType> = (0..MAX_PROJECTIONS)
        .map(|i| outs.get(i).map_or_else(|| unused_out.clone(), rows_2d_type))
        .collect();
    let sources: Vec<[(&Val, usize); 2]> = (0..MAX_PROJECTIONS)
        .map(|i| [(&x2, 0), (p.weights.get(i).unwrap_or(unused), 0)])
        .collect();
    let out_specs: Vec<(&TensorType, &[(&Val, usize)])> = out2
        .iter()
        .zip(&sources)
        .map(|(t, s)| (t, &s[..]))
        .collect();
    let count = e.fresh("count");
    e.line(format!(
        "{count} = arith.constant {} : i64",
        p.weights.len()
    ));
    let mut scalars: Vec<Scalar> = vec![(&count, "i64"), (&eps, "f32")];
    scalars.extend_from_slice(extra);
    let ys = call_ukernel_outs(e, ukernel, &ins, &out_specs, &scalars);
    ys.iter()
        .zip(p.weights)
        .zip(outs)
        .map(|((y2, w), out)| from_rows_2d(e, y2, p.x, w, out))
        .collect()
}

/// `silu(x'·w_gateᵀ)·(x'·w_upᵀ)`.
pub(crate) fn swiglu_linear(e: &mut Emitter, p: &Projection, out: &TensorType) -> Val {
    let (gate, up) = (&p.weights[0], &p.weights[1]);
    if !p.ukernel(e) {
        let x = p.normed(e);
        let g = linear(e, &x, gate, None, out);
        let u = linear(e, &x, up, None, out);
        return silu_times(e, &g, &u);
    }
    call_swiglu_linear(e, p, out, SWIGLU_LINEAR_UKERNEL, &[])
}

/// `ukernel(x, norm, w_gate, w_up, out, ε, extra…)`: the call of a SwiGLU
/// microkernel on the flattened input; the result in the op's shape.
pub(crate) fn call_swiglu_linear(
    e: &mut Emitter,
    p: &Projection,
    out: &TensorType,
    ukernel: &str,
    extra: &[Scalar],
) -> Val {
    let (gate, up) = (&p.weights[0], &p.weights[1]);
    let x2 = rows_2d(e, p.x);
    let (gamma, eps) = p.norm_operands(e);
    let out2 = rows_2d_type(out);
    let sources = [(&x2, 0), (gate, 0)];
    let mut scalars: Vec<Scalar> = vec![(&eps, "f32")];
    scalars.extend_from_slice(extra);
    let y2 = call_ukernel_outs(
        e,
        ukernel,
        &[&x2, &gamma, gate, up],
        &[(&out2, &sources[..])],
        &scalars,
    )
    .remove(0);
    from_rows_2d(e, &y2, p.x, gate, out)
}

/// `silu(g)·u` element by element.
pub(crate) fn silu_times(e: &mut Emitter, g: &Val, u: &Val) -> Val {
    let rank = g.ty.rank();
    let sources: Vec<_> = (0..rank).map(|i| Some((g, i))).collect();
    let init = e.empty(&g.ty, &sources);
    let elem = g.ty.element.mlir_name().to_string();
    e.generic(
        &vec![Loop::Parallel; rank],
        &[(g, &identity(rank)), (u, &identity(rank))],
        (&init, &identity(rank)),
        |r| {
            let (a, b) = (r.args[0].clone(), r.args[1].clone());
            let s = silu_scalar(r, &a, &elem);
            r.op(format!("arith.mulf {s}, {b} : {elem}"))
        },
    )
}
