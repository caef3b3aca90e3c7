//! Ops on weights in a stored format (`weight_format`, dialect/OPS.md) →
//! one microkernel call each, whatever `linear-kernel` says: the kernels
//! read the blocks directly (`kforge_kernels::quant`), and there is no
//! linalg form of a block format worth having. The format goes last, as
//! its `i64` code (`kforge_abi::weight_format::WeightFormat::code`):
//!
//! ```mlir
//! %fmt = arith.constant 5 : i64
//! func.call @kforge_ukernel_linear_q(%x, %w, %y, %fmt)
//!   : (memref<?x?xf32>, memref<?x?x?xi8>, memref<?x?xf32>, i64) -> ()
//! func.call @kforge_ukernel_multi_linear_q(%x, %norm, %w0, %w1, %w2, %w3, %o0, %o1, %o2, %o3, %count, %eps, %fmt)
//! func.call @kforge_ukernel_swiglu_linear_q(%x, %norm, %wg, %wu, %o, %eps, %fmt)
//! func.call @kforge_ukernel_embedding_q(%ids, %table, %out, %fmt)
//!   : (memref<?xi64>, memref<?x?x?xi8>, memref<?x?xf32>, i64) -> ()
//! ```
use super::contraction::{call_ukernel_outs, from_rows_2d, rows_2d, rows_2d_type};
use super::emitter::{Emitter, Val};
use super::projections::Projection;
use kforge_abi::weight_format::WeightFormat;
use kforge_dialect::projections::MAX_PROJECTIONS;
use kforge_dialect::{Dim, ElementType, TensorType};

/// The stored-format linear microkernel.
pub(crate) const LINEAR_Q: &str = "kforge_ukernel_linear_q";
/// The stored-format multi-projection microkernel.
pub(crate) const MULTI_LINEAR_Q: &str = "kforge_ukernel_multi_linear_q";
/// The stored-format SwiGLU microkernel.
pub(crate) const SWIGLU_LINEAR_Q: &str = "kforge_ukernel_swiglu_linear_q";
/// The stored-format embedding microkernel.
pub(crate) const EMBEDDING_Q: &str = "kforge_ukernel_embedding_q";

fn format_const(e: &mut Emitter, format: WeightFormat) -> String {
    let c = e.fresh("fmt");
    e.line(format!("{c} = arith.constant {} : i64", format.code()));
    c
}

/// An empty `[0, 0, 0] × i8` tensor: an unused weight slot.
fn no_weight(e: &mut Emitter) -> Val {
    let ty = TensorType {
        shape: vec![Dim::Static(0); 3],
        element: ElementType::I8,
    };
    e.empty(&ty, &[])
}

/// `x·wᵀ` with `w` stored as `format`.
pub(crate) fn linear(
    e: &mut Emitter,
    x: &Val,
    w: &Val,
    out: &TensorType,
    format: WeightFormat,
) -> Val {
    let x2 = rows_2d(e, x);
    let out2 = rows_2d_type(out);
    let fmt = format_const(e, format);
    let sources = [(&x2, 0), (w, 0)];
    let y2 = call_ukernel_outs(
        e,
        LINEAR_Q,
        &[&x2, w],
        &[(&out2, &sources[..])],
        &[(&fmt, "i64")],
    )
    .remove(0);
    from_rows_2d(e, &y2, x, w, out)
}

/// `y_i = x'·w_iᵀ` with every weight stored as `format`.
pub(crate) fn multi_linear(
    e: &mut Emitter,
    p: &Projection,
    outs: &[TensorType],
    format: WeightFormat,
) -> Vec<Val> {
    let x2 = rows_2d(e, p.x);
    let (gamma, eps) = p.norm_operands(e);
    let unused = no_weight(e);
    let unused_out = TensorType {
        shape: vec![Dim::Static(0); 2],
        element: ElementType::F32,
    };
    let mut ins = vec![&x2, &gamma];
    ins.extend((0..MAX_PROJECTIONS).map(|i| p.weights.get(i).unwrap_or(&unused)));
    let out2: Vec<TensorType> = (0..MAX_PROJECTIONS)
        .map(|i| outs.get(i).map_or_else(|| unused_out.clone(), rows_2d_type))
        .collect();
    let sources: Vec<[(&Val, usize); 2]> = (0..MAX_PROJECTIONS)
        .map(|i| [(&x2, 0), (p.weights.get(i).unwrap_or(&unused), 0)])
        .collect();
    let out_specs: Vec<(&TensorType, &[(&Val, usize)])> = out2
        .iter()
        .zip(&sources)
        .map(|(t, s)| (t, &s[..]))
        .collect();
    let count = e.fresh("count");
    e.line(format!(
        "{count} = arith.constant {} : i64",
        p.weights.len()
    ));
    let fmt = format_const(e, format);
    let ys = call_ukernel_outs(
        e,
        MULTI_LINEAR_Q,
        &ins,
        &out_specs,
        &[(&count, "i64"), (&eps, "f32"), (&fmt, "i64")],
    );
    ys.iter()
        .zip(p.weights)
        .zip(outs)
        .map(|((y2, w), out)| from_rows_2d(e, y2, p.x, w, out))
        .collect()
}

/// `silu(x'·w_gateᵀ)·(x'·w_upᵀ)` with both weights stored as `format`.
pub(crate) fn swiglu_linear(
    e: &mut Emitter,
    p: &Projection,
    out: &TensorType,
    format: WeightFormat,
) -> Val {
    let (gate, up) = (&p.weights[0], &p.weights[1]);
    let x2 = rows_2d(e, p.x);
    let (gamma, eps) = p.norm_operands(e);
    let out2 = rows_2d_type(out);
    let fmt = format_const(e, format);
    let sources = [(&x2, 0), (gate, 0)];
    let y2 = call_ukernel_outs(
        e,
        SWIGLU_LINEAR_Q,
        &[&x2, &gamma, gate, up],
        &[(&out2, &sources[..])],
        &[(&eps, "f32"), (&fmt, "i64")],
    )
    .remove(0);
    from_rows_2d(e, &y2, p.x, gate, out)
}

/// `y[s, :] = table[clamp(ids[s]), :]` dequantized, `table` stored as `format`.
pub(crate) fn embedding(
    e: &mut Emitter,
    ids: &Val,
    table: &Val,
    out: &TensorType,
    format: WeightFormat,
) -> Result<Val, String> {
    if ids.ty.element != ElementType::I64 {
        return Err(format!(
            "expected i64 ids with a {format} table, got {}",
            ids.ty.element
        ));
    }
    let fmt = format_const(e, format);
    let sources = [(ids, 0), (ids, 0)];
    Ok(call_ukernel_outs(
        e,
        EMBEDDING_Q,
        &[ids, table],
        &[(out, &sources[..])],
        &[(&fmt, "i64")],
    )
    .remove(0))
}
