//! `kforge.rms_norm`, `kforge.layer_norm` → a row reduction and a pointwise `linalg.generic`.
//!
//! ```mlir
//! %y = "kforge.rms_norm"(%x, %w) {epsilon = 1.0e-5 : f32} : (tensor<4x8xf32>, tensor<8xf32>) -> tensor<4x8xf32>
//! // becomes
//! %ss = linalg.generic {…, iterator_types = [parallel, reduction]} ins(%x) outs(%zeros : tensor<4xf32>)  // Σ x²
//! %y  = linalg.generic {…} ins(%x, %ss, %w) outs(%empty)  // x · rsqrt(ss/D + ε) · w
//! ```
//! A static `D` puts `1/D` into the body as a constant; a dynamic one reads `D`
//! with `tensor.dim` and divides once, before the generics.
use super::elementwise::reduce_axis;
use super::emitter::{identity, Emitter, Loop, Region, Val};
use kforge_dialect::Dim;

/// `1/D` for the normalized (last) dim `D` of `x`.
enum InverseRowSize {
    /// A static `D`: a constant in each generic body (0 for an empty row,
    /// which no iteration reads).
    Static(f64),
    /// A dynamic `D`: computed once from `tensor.dim`, before the generics.
    Dynamic(String),
}

impl InverseRowSize {
    fn of(e: &mut Emitter, x: &Val) -> Self {
        let last = x.ty.rank() - 1;
        match x.ty.shape[last] {
            Dim::Static(0) => Self::Static(0.0),
            Dim::Static(d) => Self::Static(1.0 / d as f64),
            Dim::Dynamic => {
                let elem = x.ty.element.mlir_name();
                let c = e.index_const(last as i64);
                let d = e.fresh("dim");
                e.line(format!("{d} = tensor.dim {}, {c} : {}", x.name, x.ty));
                let di = e.fresh("rowsize");
                e.line(format!("{di} = arith.index_cast {d} : index to i64"));
                let df = e.fresh("rowsize");
                e.line(format!("{df} = arith.sitofp {di} : i64 to {elem}"));
                let one = e.float_const(1.0, elem);
                let inv = e.fresh("invrow");
                e.line(format!("{inv} = arith.divf {one}, {df} : {elem}"));
                Self::Dynamic(inv)
            }
        }
    }

    /// The value inside a generic body.
    fn value(&self, r: &mut Region, elem: &str) -> String {
        match self {
            Self::Static(v) => r.float(*v, elem),
            Self::Dynamic(name) => name.clone(),
        }
    }
}

fn reduced_map(rank: usize) -> String {
    (0..rank - 1)
        .map(|i| format!("d{i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `x / √(mean(x²) + ε) · w`.
pub(crate) fn rms_norm(e: &mut Emitter, x: &Val, w: &Val, eps: f64) -> Val {
    let rank = x.ty.rank();
    let sumsq = reduce_axis(e, &[x], rank - 1, 0.0, |r, a, elem| {
        let sq = r.op(format!("arith.mulf {}, {} : {elem}", a[0], a[0]));
        r.op(format!("arith.addf {}, {sq} : {elem}", a[1]))
    });
    let inv_d = InverseRowSize::of(e, x);
    let sources: Vec<_> = (0..rank).map(|i| Some((x, i))).collect();
    let init = e.empty(&x.ty, &sources);
    let elem = x.ty.element.mlir_name();
    e.generic(
        &vec![Loop::Parallel; rank],
        &[
            (x, &identity(rank)),
            (&sumsq, &reduced_map(rank)),
            (w, &format!("d{}", rank - 1)),
        ],
        (&init, &identity(rank)),
        |r| {
            let (v, ss, g) = (r.args[0].clone(), r.args[1].clone(), r.args[2].clone());
            let inv = inv_d.value(r, elem);
            let epsc = r.float(eps, elem);
            let mean = r.op(format!("arith.mulf {ss}, {inv} : {elem}"));
            let var = r.op(format!("arith.addf {mean}, {epsc} : {elem}"));
            let rs = r.op(format!("math.rsqrt {var} : {elem}"));
            let n = r.op(format!("arith.mulf {v}, {rs} : {elem}"));
            r.op(format!("arith.mulf {n}, {g} : {elem}"))
        },
    )
}

/// `(x − μ) / √(σ² + ε) · γ + β`, biased variance.
pub(crate) fn layer_norm(e: &mut Emitter, x: &Val, gamma: &Val, beta: &Val, eps: f64) -> Val {
    let rank = x.ty.rank();
    let inv_d = InverseRowSize::of(e, x);
    let sum = reduce_axis(e, &[x], rank - 1, 0.0, |r, a, elem| {
        r.op(format!("arith.addf {}, {} : {elem}", a[1], a[0]))
    });
    let sqdev = reduce_axis(e, &[x, &sum], rank - 1, 0.0, |r, a, elem| {
        let inv = inv_d.value(r, elem);
        let mean = r.op(format!("arith.mulf {}, {inv} : {elem}", a[1]));
        let d = r.op(format!("arith.subf {}, {mean} : {elem}", a[0]));
        let sq = r.op(format!("arith.mulf {d}, {d} : {elem}"));
        r.op(format!("arith.addf {}, {sq} : {elem}", a[2]))
    });
    let sources: Vec<_> = (0..rank).map(|i| Some((x, i))).collect();
    let init = e.empty(&x.ty, &sources);
    let elem = x.ty.element.mlir_name();
    let row = reduced_map(rank);
    let last = format!("d{}", rank - 1);
    e.generic(
        &vec![Loop::Parallel; rank],
        &[
            (x, &identity(rank)),
            (&sum, &row),
            (&sqdev, &row),
            (gamma, &last),
            (beta, &last),
        ],
        (&init, &identity(rank)),
        |r| {
            let a = r.args.clone();
            let inv = inv_d.value(r, elem);
            let epsc = r.float(eps, elem);
            let mean = r.op(format!("arith.mulf {}, {inv} : {elem}", a[1]));
            let var = r.op(format!("arith.mulf {}, {inv} : {elem}", a[2]));
            let ve = r.op(format!("arith.addf {var}, {epsc} : {elem}"));
            let rs = r.op(format!("math.rsqrt {ve} : {elem}"));
            let d = r.op(format!("arith.subf {}, {mean} : {elem}", a[0]));
            let n = r.op(format!("arith.mulf {d}, {rs} : {elem}"));
            let g = r.op(format!("arith.mulf {n}, {} : {elem}", a[3]));
            r.op(format!("arith.addf {g}, {} : {elem}", a[4]))
        },
    )
}
