//! `kforge.add`, `kforge.mul`, `kforge.silu`, `kforge.gelu`, `kforge.softmax` → `linalg.generic`.
//!
//! Broadcasting reads a size-1 operand dim through the constant `0` in its
//! indexing map, so no broadcast copy is materialized:
//! ```mlir
//! %y = "kforge.add"(%a, %b) : (tensor<4x8xf32>, tensor<8xf32>) -> tensor<4x8xf32>
//! // becomes
//! %y = linalg.generic {indexing_maps = [(d0, d1) -> (d0, d1), (d0, d1) -> (d1), (d0, d1) -> (d0, d1)], …}
//! ```
use super::emitter::{identity, lowest, DimSource, Emitter, Loop, Region, Val};
use kforge_dialect::{Dim, TensorType};

/// The indexing map that reads `operand` broadcast to `out`'s rank.
pub(crate) fn broadcast_map(operand: &TensorType, out: &TensorType) -> String {
    let offset = out.rank() - operand.rank();
    operand
        .shape
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let out_dim = out.shape[i + offset];
            if *d == Dim::Static(1) && out_dim != Dim::Static(1) {
                "0".to_string()
            } else {
                format!("d{}", i + offset)
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Sources for the dynamic dims of a broadcast result.
fn broadcast_sources<'a>(vals: &[&'a Val], out: &TensorType) -> Vec<Option<DimSource<'a>>> {
    (0..out.rank())
        .map(|i| {
            vals.iter().find_map(|v| {
                let offset = out.rank() - v.ty.rank();
                (i >= offset && v.ty.shape[i - offset] == Dim::Dynamic).then(|| (*v, i - offset))
            })
        })
        .collect()
}

/// `arith.addf` or `arith.mulf` with numpy broadcasting.
pub(crate) fn binary(e: &mut Emitter, op: &str, a: &Val, b: &Val, out: &TensorType) -> Val {
    let init = e.empty(out, &broadcast_sources(&[a, b], out));
    let elem = out.element.mlir_name();
    let (ma, mb) = (broadcast_map(&a.ty, out), broadcast_map(&b.ty, out));
    e.generic(
        &vec![Loop::Parallel; out.rank()],
        &[(a, &ma), (b, &mb)],
        (&init, &identity(out.rank())),
        |r| {
            let (x, y) = (r.args[0].clone(), r.args[1].clone());
            r.op(format!("{op} {x}, {y} : {elem}"))
        },
    )
}

/// A pointwise map of one operand; `f` writes the scalar body.
pub(crate) fn unary(
    e: &mut Emitter,
    x: &Val,
    f: impl FnOnce(&mut Region, &str, &str) -> String,
) -> Val {
    let rank = x.ty.rank();
    let sources: Vec<_> = (0..rank).map(|i| Some((x, i))).collect();
    let init = e.empty(&x.ty, &sources);
    let elem = x.ty.element.mlir_name().to_string();
    e.generic(
        &vec![Loop::Parallel; rank],
        &[(x, &identity(rank))],
        (&init, &identity(rank)),
        |r| {
            let v = r.args[0].clone();
            f(r, &v, &elem)
        },
    )
}

/// `x · σ(x)`, written as `x / (1 + e^(−x))`.
pub(crate) fn silu_scalar(r: &mut Region, x: &str, elem: &str) -> String {
    let neg = r.op(format!("arith.negf {x} : {elem}"));
    let exp = r.op(format!("math.exp {neg} : {elem}"));
    let one = r.float(1.0, elem);
    let den = r.op(format!("arith.addf {one}, {exp} : {elem}"));
    r.op(format!("arith.divf {x}, {den} : {elem}"))
}

/// GELU, tanh approximation or exact (erf).
pub(crate) fn gelu_scalar(r: &mut Region, x: &str, elem: &str, tanh: bool) -> String {
    let half = r.float(0.5, elem);
    let one = r.float(1.0, elem);
    let inner = if tanh {
        let c = r.float((2.0 / std::f64::consts::PI).sqrt(), elem);
        let k = r.float(0.044715, elem);
        let x2 = r.op(format!("arith.mulf {x}, {x} : {elem}"));
        let x3 = r.op(format!("arith.mulf {x2}, {x} : {elem}"));
        let kx3 = r.op(format!("arith.mulf {k}, {x3} : {elem}"));
        let sum = r.op(format!("arith.addf {x}, {kx3} : {elem}"));
        let arg = r.op(format!("arith.mulf {c}, {sum} : {elem}"));
        r.op(format!("math.tanh {arg} : {elem}"))
    } else {
        let c = r.float(std::f64::consts::FRAC_1_SQRT_2, elem);
        let arg = r.op(format!("arith.mulf {x}, {c} : {elem}"));
        r.op(format!("math.erf {arg} : {elem}"))
    };
    let sum = r.op(format!("arith.addf {one}, {inner} : {elem}"));
    let hx = r.op(format!("arith.mulf {half}, {x} : {elem}"));
    r.op(format!("arith.mulf {hx}, {sum} : {elem}"))
}

/// Reduces `x` along `axis` with `combine` (`arith.maximumf`, `arith.addf`)
/// starting from `init`; `pre` maps each element first (given the element and
/// the block arguments of extra inputs).
pub(crate) fn reduce_axis(
    e: &mut Emitter,
    inputs: &[&Val],
    axis: usize,
    init_value: f64,
    body: impl FnOnce(&mut Region, &[String], &str) -> String,
) -> Val {
    let x = inputs[0];
    let rank = x.ty.rank();
    let kept: Vec<usize> = (0..rank).filter(|&i| i != axis).collect();
    let out_ty = TensorType {
        shape: kept.iter().map(|&i| x.ty.shape[i]).collect(),
        element: x.ty.element,
    };
    let sources: Vec<_> = kept.iter().map(|&i| Some((x, i))).collect();
    let init = e.filled(&out_ty, &sources, init_value);
    let mut loops = vec![Loop::Parallel; rank];
    loops[axis] = Loop::Reduction;
    let reduced_map = kept
        .iter()
        .map(|i| format!("d{i}"))
        .collect::<Vec<_>>()
        .join(", ");
    let full = identity(rank);
    let ins: Vec<(&Val, &str)> = inputs
        .iter()
        .map(|v| {
            (
                *v,
                if v.ty.rank() == rank {
                    full.as_str()
                } else {
                    reduced_map.as_str()
                },
            )
        })
        .collect();
    let elem = x.ty.element.mlir_name().to_string();
    e.generic(&loops, &ins, (&init, &reduced_map), |r| {
        let args = r.args.clone();
        body(r, &args, &elem)
    })
}

/// Numerically stable softmax along `axis`: max, exp-sum, normalize.
pub(crate) fn softmax(e: &mut Emitter, x: &Val, axis: usize) -> Val {
    let max = reduce_axis(e, &[x], axis, lowest(x.ty.element), |r, a, elem| {
        r.op(format!("arith.maximumf {}, {} : {elem}", a[0], a[1]))
    });
    let sum = reduce_axis(e, &[x, &max], axis, 0.0, |r, a, elem| {
        let d = r.op(format!("arith.subf {}, {} : {elem}", a[0], a[1]));
        let ex = r.op(format!("math.exp {d} : {elem}"));
        r.op(format!("arith.addf {}, {ex} : {elem}", a[2]))
    });
    let rank = x.ty.rank();
    let reduced: String = (0..rank)
        .filter(|&i| i != axis)
        .map(|i| format!("d{i}"))
        .collect::<Vec<_>>()
        .join(", ");
    let sources: Vec<_> = (0..rank).map(|i| Some((x, i))).collect();
    let init = e.empty(&x.ty, &sources);
    let elem = x.ty.element.mlir_name();
    e.generic(
        &vec![Loop::Parallel; rank],
        &[(x, &identity(rank)), (&max, &reduced), (&sum, &reduced)],
        (&init, &identity(rank)),
        |r| {
            let (v, m, s) = (r.args[0].clone(), r.args[1].clone(), r.args[2].clone());
            let d = r.op(format!("arith.subf {v}, {m} : {elem}"));
            let ex = r.op(format!("math.exp {d} : {elem}"));
            r.op(format!("arith.divf {ex}, {s} : {elem}"))
        },
    )
}
