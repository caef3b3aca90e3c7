//! `kforge.fused_linear` → the contraction, then its whole epilogue as one
//! `linalg.generic` that updates the accumulator in place.
//!
//! The contraction lowers as `kforge.linear`/`kforge.matmul` do (loops or the
//! microkernel call, per the pass options). The epilogue generic takes the
//! accumulator as its `outs` operand and the epilogue operands as `ins`
//! (broadcast through their indexing maps), so after bufferization it runs
//! in place on the contraction's output buffer: one pass over the tile of
//! results instead of one loop nest and one temporary per step.
//! ```mlir
//! %acc = … x·wᵀ …
//! %y = linalg.generic {indexing_maps = [(d0, d1) -> (d1), (d0, d1) -> (d0, d1)], …}
//!        ins(%bias : tensor<8xf32>) outs(%acc : tensor<4x8xf32>) {
//! ^bb0(%b: f32, %acc: f32):
//!   %s = arith.addf %acc, %b : f32
//!   … silu(%s) …
//!   linalg.yield …
//! }
//! ```
use super::contraction;
use super::elementwise::{broadcast_map, gelu_scalar, silu_scalar};
use super::emitter::{identity, Emitter, Loop, Val};
use kforge_dialect::epilogue::EpilogueStep;
use kforge_dialect::TensorType;

/// `y = epilogue(contraction(a[0], a[1]), a[2..])`.
pub(crate) fn fused_linear(
    e: &mut Emitter,
    kind: &str,
    steps: &[EpilogueStep],
    a: &[Val],
    out: &TensorType,
) -> Val {
    let acc = if kind == "matmul" {
        contraction::matmul(e, &a[0], &a[1], out)
    } else {
        contraction::linear(e, &a[0], &a[1], None, out)
    };
    let rank = out.rank();
    let maps: Vec<String> = a[2..].iter().map(|v| broadcast_map(&v.ty, out)).collect();
    let ins: Vec<(&Val, &str)> = a[2..]
        .iter()
        .zip(&maps)
        .map(|(v, m)| (v, m.as_str()))
        .collect();
    let elem = out.element.mlir_name().to_string();
    e.generic(
        &vec![Loop::Parallel; rank],
        &ins,
        (&acc, &identity(rank)),
        |r| {
            let extras: Vec<String> = r.args[..r.args.len() - 1].to_vec();
            let mut y = r.args[r.args.len() - 1].clone();
            let mut next = extras.iter();
            for step in steps {
                y = match step {
                    EpilogueStep::Add | EpilogueStep::Mul => {
                        let op = if *step == EpilogueStep::Add {
                            "arith.addf"
                        } else {
                            "arith.mulf"
                        };
                        let v = next.next().expect("verified operand count");
                        r.op(format!("{op} {y}, {v} : {elem}"))
                    }
                    EpilogueStep::Silu => silu_scalar(r, &y, &elem),
                    EpilogueStep::Gelu => gelu_scalar(r, &y, &elem, false),
                    EpilogueStep::GeluTanh => gelu_scalar(r, &y, &elem, true),
                };
            }
            y
        },
    )
}
