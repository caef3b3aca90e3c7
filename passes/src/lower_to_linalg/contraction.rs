//! `kforge.matmul`, `kforge.batch_matmul`, `kforge.linear` → `linalg`.
//!
//! ```mlir
//! %y = "kforge.linear"(%x, %w) : (tensor<4x8xf32>, tensor<3x8xf32>) -> tensor<4x3xf32>
//! // becomes
//! %init = linalg.fill ins(%zero : f32) outs(%empty : tensor<4x3xf32>) -> tensor<4x3xf32>
//! %y = linalg.generic {indexing_maps = [(d0, d1, d2) -> (d0, d2), (d0, d1, d2) -> (d1, d2),
//!                      (d0, d1, d2) -> (d0, d1)], iterator_types = [parallel, parallel, reduction]}
//!        ins(%x, %w) outs(%init) { mulf, addf }
//! ```
use super::emitter::{identity, Emitter, Loop, Val};
use kforge_dialect::TensorType;

/// `linalg.matmul` on a zero-filled accumulator.
pub(crate) fn matmul(e: &mut Emitter, a: &Val, b: &Val, out: &TensorType) -> Val {
    let init = e.filled(out, &[Some((a, 0)), Some((b, 1))], 0.0);
    named_contraction(e, "linalg.matmul", a, b, &init)
}

/// `linalg.batch_matmul` on a zero-filled accumulator.
pub(crate) fn batch_matmul(e: &mut Emitter, a: &Val, b: &Val, out: &TensorType) -> Val {
    let init = e.filled(out, &[Some((a, 0)), Some((a, 1)), Some((b, 2))], 0.0);
    named_contraction(e, "linalg.batch_matmul", a, b, &init)
}

fn named_contraction(e: &mut Emitter, op: &str, a: &Val, b: &Val, init: &Val) -> Val {
    let name = e.fresh("mm");
    e.line(format!(
        "{name} = {op} ins({}, {} : {}, {}) outs({} : {}) -> {}",
        a.name, b.name, a.ty, b.ty, init.name, init.ty, init.ty
    ));
    Val {
        name,
        ty: init.ty.clone(),
    }
}

/// `y[..., n] = Σ_k x[..., k]·w[n, k] (+ bias[n])` as one reduction generic
/// (plus a bias generic).
pub(crate) fn linear(
    e: &mut Emitter,
    x: &Val,
    w: &Val,
    bias: Option<&Val>,
    out: &TensorType,
) -> Val {
    let rank = out.rank();
    let mut sources: Vec<_> = (0..rank - 1).map(|i| Some((x, i))).collect();
    sources.push(Some((w, 0)));
    let init = e.filled(out, &sources, 0.0);
    // Loops: the output's dims (batch…, n), then k.
    let k = format!("d{rank}");
    let batch: Vec<String> = (0..rank - 1).map(|i| format!("d{i}")).collect();
    let x_map = batch
        .iter()
        .cloned()
        .chain([k.clone()])
        .collect::<Vec<_>>()
        .join(", ");
    let w_map = format!("d{}, {k}", rank - 1);
    let mut loops = vec![Loop::Parallel; rank];
    loops.push(Loop::Reduction);
    let elem = out.element.mlir_name();
    let y = e.generic(
        &loops,
        &[(x, &x_map), (w, &w_map)],
        (&init, &identity(rank)),
        |r| {
            let (a, b, acc) = (r.args[0].clone(), r.args[1].clone(), r.args[2].clone());
            let p = r.op(format!("arith.mulf {a}, {b} : {elem}"));
            r.op(format!("arith.addf {acc}, {p} : {elem}"))
        },
    );
    match bias {
        None => y,
        Some(bias) => add_row_bias(e, &y, bias),
    }
}

/// `y[..., n] += bias[n]`.
fn add_row_bias(e: &mut Emitter, y: &Val, bias: &Val) -> Val {
    let rank = y.ty.rank();
    let sources: Vec<_> = (0..rank).map(|i| Some((y, i))).collect();
    let init = e.empty(&y.ty, &sources);
    let elem = y.ty.element.mlir_name();
    e.generic(
        &vec![Loop::Parallel; rank],
        &[(y, &identity(rank)), (bias, &format!("d{}", rank - 1))],
        (&init, &identity(rank)),
        |r| {
            let (a, b) = (r.args[0].clone(), r.args[1].clone());
            r.op(format!("arith.addf {a}, {b} : {elem}"))
        },
    )
}
