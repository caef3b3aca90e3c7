//! `kforge.rope`, `kforge.attention`.
use super::Operands;
use super::VerifyError;
use crate::types::{Dim, TensorType};

/// `x: [S,H,Dh]` with `Dh` even, `positions: [S]` of integers.
pub(crate) fn infer_rope(ops: &Operands) -> Result<Vec<TensorType>, VerifyError> {
    ops.expect_count(&[2])?;
    let x = ops.float(0, &[3])?;
    ops.integer(1, &[1])?;
    ops.same_dim(0, 0, 1, 0)?;
    match x.shape[2] {
        Dim::Static(d) if d % 2 == 0 => {}
        Dim::Static(d) => {
            return Err(ops.err(format!(
                "expected the head dim (operand #0 dim 2) to be even, got {d}"
            )))
        }
        Dim::Dynamic => return Err(ops.err("expected a static head dim (operand #0 dim 2)")),
    }
    let theta = ops.float_attr("theta")?;
    if !(theta > 0.0 && theta.is_finite()) {
        return Err(ops.err(format!("expected 'theta' ({theta}) to be positive")));
    }
    Ok(vec![x.clone()])
}

/// `q: [Sq,Hq,D]`, `k, v: [Sk,Hkv,D]`, optionally `k_cache, v_cache: [C,Hkv,D]` and `position: tensor<i64>`,
/// or per row (`Sq = Sk = B`) `k_cache, v_cache: [B,C,Hkv,D]` and `position: [B]`.
pub(crate) fn infer_attention(ops: &Operands) -> Result<Vec<TensorType>, VerifyError> {
    ops.expect_count(&[3, 6])?;
    let q = ops.float(0, &[3])?;
    ops.float(1, &[3])?;
    ops.float(2, &[3])?;
    ops.same_element(&[0, 1, 2])?;
    ops.same_dim(1, 0, 2, 0)?;
    ops.same_dim(1, 1, 2, 1)?;
    ops.same_dim(0, 2, 1, 2)?;
    ops.same_dim(0, 2, 2, 2)?;
    check_heads(ops, q.shape[1], ops.get(1).shape[1])?;
    ops.bool_attr("causal")?;
    let scale = ops.float_attr("scale")?;
    if !scale.is_finite() {
        return Err(ops.err(format!("expected a finite 'scale', got {scale}")));
    }
    // The lowering scales in the element type.
    ops.finite_float_attr("scale", q.element)?;
    if ops.count() == 3 {
        return Ok(vec![q.clone()]);
    }
    ops.same_dim(0, 0, 1, 0).map_err(|e| {
        ops.err(format!(
            "with a KV cache the new keys must match the queries: {}",
            e.message
        ))
    })?;
    let kc = ops.float(3, &[3, 4])?;
    let vc = ops.float(4, &[3, 4])?;
    ops.same_element(&[0, 3, 4])?;
    // Rank 4: one cache slot per row (`[B, C, Hkv, D]`, batched decode), each
    // row at its own position (`position: [B]`); rank 3: one sequence.
    let per_row = kc.rank() == 4;
    if vc.rank() != kc.rank() {
        return Err(ops.err(format!(
            "expected operand #4 rank ({}) to match operand #3 ({})",
            vc.rank(),
            kc.rank()
        )));
    }
    let inner = kc.rank() - 2;
    for cache in [3, 4] {
        ops.same_dim(1, 1, cache, inner)?;
        ops.same_dim(1, 2, cache, inner + 1)?;
    }
    for d in 0..inner {
        ops.same_dim(3, d, 4, d)?;
    }
    if per_row {
        ops.integer(5, &[1]).map_err(|e| {
            ops.err(format!(
                "with a cache slot per row (rank-4 caches) the positions are one per row: {}",
                e.message
            ))
        })?;
        ops.same_dim(0, 0, 3, 0)?;
        ops.same_dim(0, 0, 5, 0)?;
    } else {
        ops.integer(5, &[0])?;
    }
    Ok(vec![q.clone(), kc.clone(), vc.clone()])
}

fn check_heads(ops: &Operands, hq: Dim, hkv: Dim) -> Result<(), VerifyError> {
    if let (Dim::Static(hq), Dim::Static(hkv)) = (hq, hkv) {
        if hkv == 0 || hq % hkv != 0 {
            return Err(ops.err(format!(
                "expected the query heads ({hq}) to be a multiple of the key/value heads ({hkv})"
            )));
        }
    } else {
        return Err(ops.err("expected static head counts (dim 1 of query and key)"));
    }
    Ok(())
}
