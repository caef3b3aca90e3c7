//! Weights in a stored format in the interpreter: an op with a `weight_format` other than f32 reads each `i8`
//! operand (the raw blocks `[N, K/block, block_bytes]`, held by reference tensors as `i64` bytes) dequantized by
//! `kforge_reference::quant` to `[N, K]` f32, then runs as the f32 op (dialect/OPS.md: the semantics of a stored
//! format; the CPU decoder's 8-bit activations approximate it).

use std::borrow::Cow;

use kforge_abi::weight_format::{WeightFormat, NAMES};
use kforge_dialect::{ElementType as MlirElement, OpSignature};

use super::dispatch::Site;
use super::error::InterpretError;
use crate::reference::{Tensor, TensorData};

/// `operands` with the op's stored weights dequantized (the others borrowed as they are).
pub(super) fn dequantize_operands<'t>(
    sig: &OpSignature,
    operands: &[&'t Tensor],
    site: &Site,
) -> Result<Vec<Cow<'t, Tensor>>, InterpretError> {
    let format = match sig.str_attr("weight_format") {
        None => WeightFormat::F32,
        Some(name) => WeightFormat::parse(name).ok_or_else(|| {
            site.invalid(format!(
                "expected 'weight_format' to be one of {NAMES}, got \"{name}\""
            ))
        })?,
    };
    operands
        .iter()
        .enumerate()
        .map(|(i, &t)| {
            let bytes = sig
                .operands
                .get(i)
                .and_then(|ty| ty.as_ref().ok())
                .is_some_and(|ty| matches!(ty.element, MlirElement::I8 | MlirElement::U8));
            if format == WeightFormat::F32 || !bytes {
                Ok(Cow::Borrowed(t))
            } else {
                dequantize(format, t, i, site).map(Cow::Owned)
            }
        })
        .collect()
}

/// Operand `index`, the blocks of `[N, K/block, block_bytes]` as `i64` bytes, as `[N, K]` f32.
fn dequantize(
    format: WeightFormat,
    t: &Tensor,
    index: usize,
    site: &Site,
) -> Result<Tensor, InterpretError> {
    let invalid =
        |what: String| site.invalid(format!("operand #{index} ({}): {what}", format.name()));
    let (&[n, blocks, block_bytes], TensorData::I64(values)) = (t.shape(), t.data()) else {
        return Err(invalid(format!(
            "expected i8 blocks [N, K/block, block_bytes], got {:?} {:?}",
            t.element_type(),
            t.shape()
        )));
    };
    if block_bytes != format.block_bytes() {
        return Err(invalid(format!(
            "expected blocks of {} bytes, got {block_bytes}",
            format.block_bytes()
        )));
    }
    let bytes: Vec<u8> = values
        .iter()
        .map(|&v| u8::try_from(v).or_else(|_| i8::try_from(v).map(|b| b as u8)))
        .collect::<Result<_, _>>()
        .map_err(|_| invalid("a byte outside -128..=255".into()))?;
    let k = blocks * format.block_elems();
    let data = kforge_reference::quant::dequantize_vec(format, &bytes, n * k)
        .map_err(|e| invalid(e.to_string()))?;
    Tensor::f32([n, k], data).map_err(|e| invalid(e.to_string()))
}
