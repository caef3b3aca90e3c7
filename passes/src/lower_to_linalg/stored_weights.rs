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
use super::contraction::{call_linear, call_ukernel_outs};
use super::emitter::{Emitter, Val};
use super::projections::{call_multi_linear, call_swiglu_linear, Projection};
use kforge_abi::weight_format::WeightFormat;
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
    let fmt = format_const(e, format);
    call_linear(e, LINEAR_Q, x, w, out, &[(&fmt, "i64")])
}

/// `y_i = x'·w_iᵀ` with every weight stored as `format`.
pub(crate) fn multi_linear(
    e: &mut Emitter,
    p: &Projection,
    outs: &[TensorType],
    format: WeightFormat,
) -> Vec<Val> {
    let unused = no_weight(e);
    let fmt = format_const(e, format);
    call_multi_linear(e, p, outs, MULTI_LINEAR_Q, &unused, &[(&fmt, "i64")])
}

/// `silu(x'·w_gateᵀ)·(x'·w_upᵀ)` with both weights stored as `format`.
pub(crate) fn swiglu_linear(
    e: &mut Emitter,
    p: &Projection,
    out: &TensorType,
    format: WeightFormat,
) -> Val {
    let fmt = format_const(e, format);
    call_swiglu_linear(e, p, out, SWIGLU_LINEAR_Q, &[(&fmt, "i64")])
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
