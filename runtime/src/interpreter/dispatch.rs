//! One kforge op on the reference kernels: operands and attributes in,
//! results out.

use kforge_dialect::epilogue::{parse_epilogue, EpilogueStep};
use kforge_dialect::projections::ProjectionLayout;
use kforge_dialect::{KforgeOp, OpSignature, TensorType};

use super::error::InterpretError;
use super::inputs::load_weight;
use super::weights::WeightSource;
use crate::reference::{
    self as kernels, AttentionAttrs, GeluApproximation, ReferenceError, Tensor,
};

/// The op being run and where it is, for errors.
pub(super) struct Site<'s> {
    /// The op's full name.
    pub op: &'s str,
    /// Its location, as [`super::location::describe`] prints it.
    pub location: &'s str,
}

impl Site<'_> {
    /// An [`InterpretError::InvalidOp`] at this op.
    pub(super) fn invalid(&self, message: impl Into<String>) -> InterpretError {
        InterpretError::InvalidOp {
            op: self.op.to_string(),
            location: self.location.to_string(),
            message: message.into(),
        }
    }

    /// An [`InterpretError::Unsupported`] at this op.
    pub(super) fn unsupported(&self) -> InterpretError {
        InterpretError::Unsupported {
            op: self.op.to_string(),
            location: self.location.to_string(),
        }
    }

    fn kernel(&self, error: ReferenceError) -> InterpretError {
        InterpretError::Kernel {
            op: self.op.to_string(),
            location: self.location.to_string(),
            source: Box::new(error),
        }
    }

    /// A kernel's single result, or its error at this op.
    fn one(&self, result: Result<Tensor, ReferenceError>) -> Result<Vec<Tensor>, InterpretError> {
        result.map(|t| vec![t]).map_err(|e| self.kernel(e))
    }
}

/// Runs the kforge op `sig` on `operands` (one tensor per operand, in order).
/// Every [`KforgeOp`] has an arm: a new op does not compile until it runs here.
pub(super) fn run_op(
    sig: &OpSignature,
    operands: &[&Tensor],
    weights: &dyn WeightSource,
    site: &Site,
) -> Result<Vec<Tensor>, InterpretError> {
    let Some(op) = KforgeOp::from_name(&sig.name) else {
        return Err(site.unsupported());
    };
    let dequantized = super::stored::dequantize_operands(sig, operands, site)?;
    let operands: Vec<&Tensor> = dequantized.iter().map(AsRef::as_ref).collect();
    let operands = operands.as_slice();
    match op {
        KforgeOp::Matmul => {
            let [a, b] = fixed(operands, site)?;
            site.one(kernels::matmul(a, b))
        }
        KforgeOp::BatchMatmul => {
            let [a, b] = fixed(operands, site)?;
            site.one(kernels::batch_matmul(a, b))
        }
        KforgeOp::Linear => match *operands {
            [x, w] => site.one(kernels::linear(x, w, None)),
            [x, w, bias] => site.one(kernels::linear(x, w, Some(bias))),
            _ => Err(operand_count(site, "2 or 3", operands.len())),
        },
        KforgeOp::FusedLinear => fused_linear(sig, operands, site),
        KforgeOp::MultiLinear | KforgeOp::SwigluLinear => projections(op, sig, operands, site),
        KforgeOp::Add => {
            let [a, b] = fixed(operands, site)?;
            site.one(kernels::add(a, b))
        }
        KforgeOp::Mul => {
            let [a, b] = fixed(operands, site)?;
            site.one(kernels::mul(a, b))
        }
        KforgeOp::Silu => {
            let [x] = fixed(operands, site)?;
            site.one(kernels::silu(x))
        }
        KforgeOp::Gelu => {
            let [x] = fixed(operands, site)?;
            let approximate = match str_attr(sig, site, "approximate")? {
                "tanh" => GeluApproximation::Tanh,
                "none" => GeluApproximation::None,
                other => {
                    return Err(site.invalid(format!(
                        "expected attribute 'approximate' (\"tanh\" or \"none\"), got \"{other}\""
                    )))
                }
            };
            site.one(kernels::gelu(x, approximate))
        }
        KforgeOp::Softmax => {
            let [x] = fixed(operands, site)?;
            site.one(kernels::softmax(x, int_attr(sig, site, "axis")?))
        }
        KforgeOp::RmsNorm => {
            let [x, w] = fixed(operands, site)?;
            site.one(kernels::rms_norm(x, w, float_attr(sig, site, "epsilon")?))
        }
        KforgeOp::LayerNorm => {
            let [x, gamma, beta] = fixed(operands, site)?;
            let epsilon = float_attr(sig, site, "epsilon")?;
            site.one(kernels::layer_norm(x, gamma, beta, epsilon))
        }
        KforgeOp::Rope => {
            let [x, positions] = fixed(operands, site)?;
            site.one(kernels::rope(x, positions, float_attr(sig, site, "theta")?))
        }
        KforgeOp::Attention => attention(sig, operands, site),
        KforgeOp::Mlp => mlp(sig, operands, site),
        KforgeOp::Embedding => {
            let [ids, table] = fixed(operands, site)?;
            site.one(kernels::embedding(ids, table))
        }
        KforgeOp::Weight => {
            let [] = fixed(operands, site)?;
            let name = str_attr(sig, site, "name")?;
            let ty = result_type(sig, site, 0)?;
            Ok(vec![load_weight(weights, name, ty, site.location)?])
        }
        KforgeOp::Reshape => {
            let [x] = fixed(operands, site)?;
            let shape = static_shape(result_type(sig, site, 0)?, site)?;
            site.one(kernels::reshape(x, &shape))
        }
    }
}

/// `kforge.fused_linear`: the contraction (`kind`), then each `epilogue`
/// step through the kernel of the op it stands for, `add`/`mul` reading the
/// next operand.
fn fused_linear(
    sig: &OpSignature,
    operands: &[&Tensor],
    site: &Site,
) -> Result<Vec<Tensor>, InterpretError> {
    let steps = parse_epilogue(str_attr(sig, site, "epilogue")?).map_err(|m| site.invalid(m))?;
    let binary = steps.iter().filter(|s| s.is_binary()).count();
    let (&[a, b], extra) = operands.split_at(2.min(operands.len())) else {
        return Err(operand_count(
            site,
            &format!("{}", 2 + binary),
            operands.len(),
        ));
    };
    if extra.len() != binary {
        return Err(operand_count(
            site,
            &format!("{}", 2 + binary),
            operands.len(),
        ));
    }
    let mut y = match str_attr(sig, site, "kind")? {
        "linear" => kernels::linear(a, b, None),
        "matmul" => kernels::matmul(a, b),
        other => {
            return Err(site.invalid(format!(
                "expected attribute 'kind' (\"linear\" or \"matmul\"), got \"{other}\""
            )))
        }
    }
    .map_err(|e| site.kernel(e))?;
    let mut extra = extra.iter();
    for step in steps {
        y = match step {
            EpilogueStep::Add => kernels::add(&y, extra.next().expect("counted")),
            EpilogueStep::Mul => kernels::mul(&y, extra.next().expect("counted")),
            EpilogueStep::Silu => kernels::silu(&y),
            EpilogueStep::Gelu => kernels::gelu(&y, GeluApproximation::None),
            EpilogueStep::GeluTanh => kernels::gelu(&y, GeluApproximation::Tanh),
        }
        .map_err(|e| site.kernel(e))?;
    }
    Ok(vec![y])
}

/// `kforge.multi_linear` (one `linear` per weight) and
/// `kforge.swiglu_linear` (`silu(gate) · up`), each on the input after the
/// optional `rms_norm` prologue: the ops they stand for, in order.
fn projections(
    op: KforgeOp,
    sig: &OpSignature,
    operands: &[&Tensor],
    site: &Site,
) -> Result<Vec<Tensor>, InterpretError> {
    let layout = ProjectionLayout::of(sig).map_err(|m| site.invalid(m))?;
    if operands.len() != layout.first_weight() + layout.weights || operands.is_empty() {
        return Err(operand_count(
            site,
            &format!("{}", layout.first_weight() + layout.weights),
            operands.len(),
        ));
    }
    let normed;
    let x = if layout.has_norm {
        let epsilon = float_attr(sig, site, "epsilon")?;
        normed =
            kernels::rms_norm(operands[0], operands[1], epsilon).map_err(|e| site.kernel(e))?;
        &normed
    } else {
        operands[0]
    };
    let weights = &operands[layout.first_weight()..];
    let outputs: Vec<Tensor> = weights
        .iter()
        .map(|w| kernels::linear(x, w, None))
        .collect::<Result<_, _>>()
        .map_err(|e| site.kernel(e))?;
    if op == KforgeOp::MultiLinear {
        return Ok(outputs);
    }
    let [gate, up] = &outputs[..] else {
        return Err(operand_count(site, "2 weights (gate, up)", weights.len()));
    };
    let activated = kernels::silu(gate).map_err(|e| site.kernel(e))?;
    site.one(kernels::mul(&activated, up))
}

/// `kforge.attention`: 3 operands without a cache, 6 (and 3 results) with one.
fn attention(
    sig: &OpSignature,
    operands: &[&Tensor],
    site: &Site,
) -> Result<Vec<Tensor>, InterpretError> {
    let attrs = AttentionAttrs {
        causal: int_attr(sig, site, "causal")? != 0,
        scale: float_attr(sig, site, "scale")?,
    };
    match *operands {
        [q, k, v] => site.one(kernels::attention(q, k, v, attrs)),
        [q, k, v, k_cache, v_cache, position] => {
            kernels::attention_with_cache(q, k, v, k_cache, v_cache, position, attrs)
                .map(|(out, k_cache, v_cache)| vec![out, k_cache, v_cache])
                .map_err(|e| site.kernel(e))
        }
        _ => Err(operand_count(site, "3 or 6", operands.len())),
    }
}

/// `kforge.mlp`: `activation = "swiglu"` with 4 operands or `"gelu"` with 3.
fn mlp(
    sig: &OpSignature,
    operands: &[&Tensor],
    site: &Site,
) -> Result<Vec<Tensor>, InterpretError> {
    match (str_attr(sig, site, "activation")?, operands) {
        ("swiglu", &[x, w_gate, w_up, w_down]) => {
            site.one(kernels::mlp_swiglu(x, w_gate, w_up, w_down))
        }
        ("gelu", &[x, w_up, w_down]) => site.one(kernels::mlp_gelu(x, w_up, w_down)),
        ("swiglu", _) => Err(operand_count(site, "4 (swiglu)", operands.len())),
        ("gelu", _) => Err(operand_count(site, "3 (gelu)", operands.len())),
        (other, _) => Err(site.invalid(format!(
            "expected attribute 'activation' (\"swiglu\" or \"gelu\"), got \"{other}\""
        ))),
    }
}

/// The operands of an op with exactly `N` of them.
fn fixed<'t, const N: usize>(
    operands: &[&'t Tensor],
    site: &Site,
) -> Result<[&'t Tensor; N], InterpretError> {
    <[&Tensor; N]>::try_from(operands)
        .map_err(|_| operand_count(site, &N.to_string(), operands.len()))
}

fn operand_count(site: &Site, expected: &str, actual: usize) -> InterpretError {
    site.invalid(format!("expected {expected} operands, got {actual}"))
}

fn float_attr(sig: &OpSignature, site: &Site, name: &str) -> Result<f32, InterpretError> {
    sig.float_attr(name)
        .map(|v| v as f32)
        .ok_or_else(|| site.invalid(format!("expected a float attribute '{name}'")))
}

fn int_attr(sig: &OpSignature, site: &Site, name: &str) -> Result<i64, InterpretError> {
    sig.int_attr(name)
        .ok_or_else(|| site.invalid(format!("expected an integer attribute '{name}'")))
}

fn str_attr<'s>(sig: &'s OpSignature, site: &Site, name: &str) -> Result<&'s str, InterpretError> {
    sig.str_attr(name)
        .ok_or_else(|| site.invalid(format!("expected a string attribute '{name}'")))
}

/// The declared type of result `index`.
pub(super) fn result_type<'s>(
    sig: &'s OpSignature,
    site: &Site,
    index: usize,
) -> Result<&'s TensorType, InterpretError> {
    match sig.results.get(index) {
        Some(Ok(ty)) => Ok(ty),
        Some(Err(text)) => Err(site.invalid(format!(
            "result #{index} has type {text}, not a ranked tensor the interpreter can hold"
        ))),
        None => Err(site.invalid(format!("expected a result #{index}"))),
    }
}

/// The sizes of a fully static type.
fn static_shape(ty: &TensorType, site: &Site) -> Result<Vec<usize>, InterpretError> {
    ty.static_shape()
        .and_then(|dims| dims.into_iter().map(|d| usize::try_from(d).ok()).collect())
        .ok_or_else(|| site.invalid(format!("expected a static result type, got {ty}")))
}
