//! A projection's or an embedding's weight in its stored format: the
//! `weight_format` attribute (dialect/OPS.md, [`kforge_abi::weight_format`]).
//!
//! Without the attribute (or with `"f32"`) a weight is a float `[N, K]`
//! tensor of the input's element type. With another format it is the raw
//! bytes `[N, K / block, block_bytes] × i8`, and the input is f32 (the
//! kernels dequantize into f32 registers).
use super::{Operands, VerifyError};
use crate::types::{Dim, ElementType};
use kforge_abi::weight_format::{WeightFormat, NAMES};

/// The op's weight format: `weight_format`, else f32.
pub(crate) fn format(ops: &Operands) -> Result<WeightFormat, VerifyError> {
    if !ops.sig.attributes.contains_key("weight_format") {
        return Ok(WeightFormat::F32);
    }
    let name = ops.str_attr("weight_format")?;
    WeightFormat::parse(name).ok_or_else(|| {
        ops.err(format!(
            "expected 'weight_format' to be one of {NAMES}, got \"{name}\""
        ))
    })
}

/// Operand `w` as the weight of rows of `k` values read by an input of
/// element type `input` (operand 0 for an f32 weight): its output dim `N`.
pub(crate) fn weight_rows(
    ops: &Operands,
    format: WeightFormat,
    w: usize,
    k: Dim,
    input: ElementType,
) -> Result<Dim, VerifyError> {
    if format == WeightFormat::F32 {
        // The input is operand 0 of every op with an f32 weight.
        let t = ops.float(w, &[2])?;
        ops.same_dim(0, ops.get(0).rank() - 1, w, 1)?;
        return Ok(t.shape[0]);
    }
    let t = ops.get(w);
    if t.element != ElementType::I8 || t.rank() != 3 {
        return Err(ops.err(format!(
            "expected operand #{w} to be the {format} bytes [N, K/{}, {}] x i8, got {t}",
            format.block_elems(),
            format.block_bytes()
        )));
    }
    if input != ElementType::F32 {
        return Err(ops.err(format!(
            "expected an f32 input with a {format} weight, got {input}"
        )));
    }
    let (blocks, bytes) = (t.shape[1], t.shape[2]);
    if bytes != Dim::Static(format.block_bytes() as u64) {
        return Err(ops.err(format!(
            "expected operand #{w} dim 2 ({bytes}) to be the {format} block size in bytes ({})",
            format.block_bytes()
        )));
    }
    let Dim::Static(blocks) = blocks else {
        return Err(ops.err(format!("expected operand #{w} dim 1 to be static, got ?")));
    };
    if let Dim::Static(k) = k {
        let block = format.block_elems() as u64;
        if !k.is_multiple_of(block) {
            return Err(ops.err(format!(
                "expected K ({k}) to be a multiple of the {format} block ({block} weights)"
            )));
        }
        if blocks * block != k {
            return Err(ops.err(format!(
                "expected operand #{w} dim 1 ({blocks} blocks of {block}) to hold K ({k}) weights"
            )));
        }
    }
    Ok(t.shape[0])
}

/// The row length (`K` or `D`) a weight operand `w` in `format` holds.
pub(crate) fn stored_row_len(ops: &Operands, format: WeightFormat, w: usize) -> Dim {
    let t = ops.get(w);
    match (format, t.shape.get(1)) {
        (WeightFormat::F32, Some(&d)) => d,
        (_, Some(Dim::Static(blocks))) => Dim::Static(blocks * format.block_elems() as u64),
        _ => Dim::Dynamic,
    }
}
