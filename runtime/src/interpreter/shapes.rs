//! The shapes an op's results will have, from its operands' shapes, by the
//! rules of `dialect/OPS.md`: what [`check_allocations`] compares with the
//! allocation limit before the reference kernel allocates, and what
//! [`super::preflight`] propagates through a function before compiled code
//! runs. Results can be far larger than operands (a broadcast of `[n,1]` and
//! `[1,n]`, a matmul of `[m,1]` and `[1,n]`, an embedding of many ids), so
//! the operands' sizes alone say nothing.

use kforge_dialect::projections::ProjectionLayout;
use kforge_dialect::{KforgeOp, OpSignature};

use crate::memory::{check_tensor, AllocationError};
use crate::reference::broadcast_shape;

/// The shape of each result of `sig` given its operands' shapes; `None` where
/// the operands do not fit the op's rule (its kernel or the verifier reports
/// that) or the op is not a kforge op.
pub(crate) fn result_shapes(sig: &OpSignature, operands: &[&[usize]]) -> Option<Vec<Vec<usize>>> {
    let one = |shape: Vec<usize>| Some(vec![shape]);
    // `x[..-1] ++ [n]`: the rows of `x` and `n` columns.
    let rows_by = |x: &[usize], n: usize| -> Option<Vec<usize>> {
        let (_, lead) = x.split_last()?;
        Some([lead, &[n]].concat())
    };
    use KforgeOp::*;
    match (KforgeOp::from_name(&sig.name)?, operands) {
        (Matmul, [a, b]) => one(vec![*a.first()?, *b.get(1)?]),
        (BatchMatmul, [a, b]) => one(vec![*a.first()?, *a.get(1)?, *b.get(2)?]),
        (Linear, [x, w, ..]) => one(rows_by(x, *w.first()?)?),
        (FusedLinear, [a, b, ..]) => match sig.str_attr("kind")? {
            "linear" => one(rows_by(a, *b.first()?)?),
            "matmul" => one(vec![*a.first()?, *b.get(1)?]),
            _ => None,
        },
        (MultiLinear, [x, ..]) => {
            let layout = ProjectionLayout::of(sig).ok()?;
            let weights = operands.get(layout.first_weight()..)?;
            weights.iter().map(|w| rows_by(x, *w.first()?)).collect()
        }
        (SwigluLinear, [x, ..]) => {
            let layout = ProjectionLayout::of(sig).ok()?;
            one(rows_by(x, *operands.get(layout.first_weight())?.first()?)?)
        }
        (Add | Mul, [a, b]) => one(broadcast_shape(a, b)?),
        (Silu | Gelu | Softmax | RmsNorm | LayerNorm | Rope | Mlp, [x, ..]) => one(x.to_vec()),
        (Attention, [q, _, _]) => one(q.to_vec()),
        (Attention, [q, _, _, k_cache, v_cache, _]) => {
            Some(vec![q.to_vec(), k_cache.to_vec(), v_cache.to_vec()])
        }
        (Embedding, [ids, table]) => one(vec![*ids.first()?, *table.get(1)?]),
        (Weight | Reshape, _) => {
            let ty = sig.results.first()?.as_ref().ok()?;
            one(ty.static_shape()?.iter().map(|&d| d as usize).collect())
        }
        // Operand counts the op's rule does not admit. Every op is named, so
        // a new op does not compile until it has a rule above.
        (
            Matmul | BatchMatmul | Linear | FusedLinear | MultiLinear | SwigluLinear | Add | Mul
            | Silu | Gelu | Softmax | RmsNorm | LayerNorm | Rope | Mlp | Attention | Embedding,
            _,
        ) => None,
    }
}

/// Checks every buffer the op's kernel allocates (its results, and
/// `kforge.mlp`'s hidden activation) against the allocation limit.
pub(crate) fn check_allocations(
    sig: &OpSignature,
    operands: &[&[usize]],
) -> Result<(), AllocationError> {
    let Some(results) = result_shapes(sig, operands) else {
        return Ok(());
    };
    for (index, shape) in results.iter().enumerate() {
        let element_bytes = sig
            .results
            .get(index)
            .and_then(|t| t.as_ref().ok())
            .map_or(4, |t| t.element.byte_size());
        check_tensor(format_args!("result #{index}"), shape, element_bytes)?;
    }
    if let (Some(KforgeOp::Mlp), [x, w_up_or_gate, ..]) = (KforgeOp::from_name(&sig.name), operands)
    {
        if let (Some((_, lead)), Some(&hidden)) = (x.split_last(), w_up_or_gate.first()) {
            check_tensor("the hidden activation", &[lead, &[hidden]].concat(), 4)?;
        }
    }
    Ok(())
}
