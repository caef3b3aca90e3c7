//! `kforge.mlp`.
use super::Operands;
use super::VerifyError;
use crate::types::TensorType;

/// swiglu: `x, w_gate [F,D], w_up [F,D], w_down [D,F]`; gelu: `x, w_up [F,D], w_down [D,F]`.
pub(crate) fn infer_mlp(ops: &Operands) -> Result<Vec<TensorType>, VerifyError> {
    let activation = ops.str_attr("activation")?;
    let weights = match activation {
        "swiglu" => 3,
        "gelu" => 2,
        other => {
            return Err(ops.err(format!(
                "expected 'activation' to be \"swiglu\" or \"gelu\", got \"{other}\""
            )))
        }
    };
    if ops.count() != weights + 1 {
        return Err(ops.err(format!(
            "expected {} operands for activation \"{activation}\" (input and {weights} weights), got {}",
            weights + 1,
            ops.count()
        )));
    }
    let x = ops.float(0, &[1, 2, 3])?;
    let last = x.rank() - 1;
    let down = weights;
    for i in 1..=weights {
        ops.float(i, &[2])?;
    }
    let all: Vec<usize> = (0..=weights).collect();
    ops.same_element(&all)?;
    for up in 1..down {
        ops.same_dim(0, last, up, 1)?;
        ops.same_dim(1, 0, up, 0)?;
    }
    ops.same_dim(1, 0, down, 1)?;
    ops.same_dim(0, last, down, 0)?;
    Ok(vec![x.clone()])
}
