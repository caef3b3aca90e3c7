//! `kforge.fused_linear`: a contraction and its pointwise epilogue.
use super::contraction::{infer_linear, infer_matmul};
use super::elementwise::broadcast_shapes;
use super::{Operands, VerifyError};
use crate::epilogue::parse_epilogue;
use crate::signature::OpSignature;
use crate::types::TensorType;

/// `kind = "linear"` (`x: [...,K]`, `w: [N,K]`) or `"matmul"` (`a: [M,K]`,
/// `b: [K,N]`), then one operand per `add`/`mul` step of `epilogue`, each
/// broadcasting to the contraction's result (never widening it).
pub(crate) fn infer_fused_linear(
    sig: &OpSignature,
    ops: &Operands,
) -> Result<Vec<TensorType>, VerifyError> {
    let kind = ops.str_attr("kind")?;
    let steps = parse_epilogue(ops.str_attr("epilogue")?).map_err(|m| ops.err(m))?;
    let binary = steps.iter().filter(|s| s.is_binary()).count();
    if ops.count() != 2 + binary {
        return Err(ops.err(format!(
            "expected {} operands (2 for the contraction, {binary} for the epilogue's add/mul steps), got {}",
            2 + binary,
            ops.count()
        )));
    }
    if kind != "linear" && sig.attributes.contains_key("weight_format") {
        return Err(ops.err(format!(
            "expected no 'weight_format' on a fused \"{kind}\" (only a linear's weight has one)"
        )));
    }
    let mut contraction = sig.clone();
    contraction.operands.truncate(2);
    let contraction_ops = Operands::new(&contraction)?;
    let result = match kind {
        "linear" => infer_linear(&contraction_ops)?,
        "matmul" => infer_matmul(&contraction_ops)?,
        other => {
            return Err(ops.err(format!(
                "expected 'kind' to be \"linear\" or \"matmul\", got \"{other}\""
            )))
        }
    };
    let y = &result[0];
    for i in 2..ops.count() {
        let e = ops.float(i, &[])?;
        ops.same_element(&[0, i])?;
        if broadcast_shapes(&y.shape, &e.shape).as_deref() != Some(&y.shape[..]) {
            return Err(ops.err(format!(
                "expected epilogue operand #{i} to broadcast to the contraction's result {y}, got {e}"
            )));
        }
    }
    Ok(result)
}
