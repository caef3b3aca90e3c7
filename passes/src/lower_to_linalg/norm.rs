//! `kforge.rms_norm`, `kforge.layer_norm` → a row reduction and a pointwise `linalg.generic`.
//!
//! ```mlir
//! %y = "kforge.rms_norm"(%x, %w) {epsilon = 1.0e-5 : f32} : (tensor<4x8xf32>, tensor<8xf32>) -> tensor<4x8xf32>
//! // becomes
//! %ss = linalg.generic {…, iterator_types = [parallel, reduction]} ins(%x) outs(%zeros : tensor<4xf32>)  // Σ x²
//! %y  = linalg.generic {…} ins(%x, %ss, %w) outs(%empty)  // x · rsqrt(ss/D + ε) · w
//! ```
use super::elementwise::reduce_axis;
use super::emitter::{identity, Emitter, Loop, Val};

fn row_size(x: &Val) -> u64 {
    x.ty.shape.last().and_then(|d| d.size()).unwrap_or(0)
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
    let sources: Vec<_> = (0..rank).map(|i| Some((x, i))).collect();
    let init = e.empty(&x.ty, &sources);
    let elem = x.ty.element.mlir_name();
    let inv_d = 1.0 / row_size(x) as f64;
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
            let inv = r.float(inv_d, elem);
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
    let inv_d = 1.0 / row_size(x) as f64;
    let sum = reduce_axis(e, &[x], rank - 1, 0.0, |r, a, elem| {
        r.op(format!("arith.addf {}, {} : {elem}", a[1], a[0]))
    });
    let sqdev = reduce_axis(e, &[x, &sum], rank - 1, 0.0, |r, a, elem| {
        let inv = r.float(inv_d, elem);
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
            let inv = r.float(inv_d, elem);
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
