//! `kforge.matmul`, `kforge.batch_matmul`, `kforge.linear` → `linalg`.
//!
//! ```mlir
//! %y = "kforge.linear"(%x, %w) : (tensor<4x8xf32>, tensor<3x8xf32>) -> tensor<4x3xf32>
//! // becomes
//! %init = linalg.fill ins(%zero : f32) outs(%empty : tensor<4x3xf32>) -> tensor<4x3xf32>
//! %y = linalg.generic {indexing_maps = [(d0, d1, d2) -> (d0, d2), (d0, d1, d2) -> (d1, d2),
//!                      (d0, d1, d2) -> (d0, d1)], iterator_types = [parallel, parallel, reduction]}
//!        ins(%x, %w) outs(%init) { mulf, addf }
//! ```
//!
//! With the `ukernel` choices (`linear-kernel`, `matmul-kernel`) f32 ops call
//! the runtime's microkernels on buffers instead (see [`call_ukernel`]).
use super::emitter::{identity, DimSource, Emitter, LinearKernel, Loop, Val};
use kforge_dialect::{Dim, ElementType, TensorType};

/// The runtime's linear microkernel: `out[m, n] = Σ_k x[m, k]·w[n, k]` on
/// row-major buffers (C interface: three memref descriptors).
pub(crate) const LINEAR_UKERNEL: &str = "kforge_ukernel_linear_f32";

/// The runtime's matmul microkernel: `c[m, n] = Σ_k a[m, k]·b[k, n]` on
/// row-major buffers (C interface: three rank-2 memref descriptors).
pub(crate) const MATMUL_UKERNEL: &str = "kforge_ukernel_matmul_f32";

/// The same per batch (three rank-3 memref descriptors).
pub(crate) const BATCH_MATMUL_UKERNEL: &str = "kforge_ukernel_batch_matmul_f32";

/// `linalg.matmul` on a zero-filled accumulator, or [`MATMUL_UKERNEL`].
pub(crate) fn matmul(e: &mut Emitter, a: &Val, b: &Val, out: &TensorType) -> Val {
    if e.matmul_kernel == LinearKernel::Ukernel && out.element == ElementType::F32 {
        return call_ukernel(e, MATMUL_UKERNEL, &[a, b], out, &[(a, 0), (b, 1)]);
    }
    let init = e.filled(out, &[Some((a, 0)), Some((b, 1))], 0.0);
    named_contraction(e, "linalg.matmul", a, b, &init)
}

/// `linalg.batch_matmul` on a zero-filled accumulator, or [`BATCH_MATMUL_UKERNEL`].
pub(crate) fn batch_matmul(e: &mut Emitter, a: &Val, b: &Val, out: &TensorType) -> Val {
    let sources = [(a, 0), (a, 1), (b, 2)];
    if e.matmul_kernel == LinearKernel::Ukernel && out.element == ElementType::F32 {
        return call_ukernel(e, BATCH_MATMUL_UKERNEL, &[a, b], out, &sources);
    }
    let init = e.filled(out, &sources.map(Some), 0.0);
    named_contraction(e, "linalg.batch_matmul", a, b, &init)
}

fn named_contraction(e: &mut Emitter, op: &str, a: &Val, b: &Val, init: &Val) -> Val {
    let name = e.fresh("mm");
    e.line(format!(
        "{name} = {op} ins({}, {} : {}, {}) outs({} : {}) -> {}",
        a.name, b.name, a.ty, b.ty, init.name, init.ty, init.ty
    ));
    Val {
        name,
        ty: init.ty.clone(),
    }
}

/// `y[..., n] = Σ_k x[..., k]·w[n, k] (+ bias[n])` as one reduction generic
/// (plus a bias generic).
pub(crate) fn linear(
    e: &mut Emitter,
    x: &Val,
    w: &Val,
    bias: Option<&Val>,
    out: &TensorType,
) -> Val {
    if e.linear_kernel == LinearKernel::Ukernel && out.element == ElementType::F32 {
        let y = linear_ukernel(e, x, w, out);
        return match bias {
            None => y,
            Some(bias) => add_row_bias(e, &y, bias),
        };
    }
    let rank = out.rank();
    let mut sources: Vec<_> = (0..rank - 1).map(|i| Some((x, i))).collect();
    sources.push(Some((w, 0)));
    let init = e.filled(out, &sources, 0.0);
    // Loops: the output's dims (batch…, n), then k.
    let k = format!("d{rank}");
    let batch: Vec<String> = (0..rank - 1).map(|i| format!("d{i}")).collect();
    let x_map = batch
        .iter()
        .cloned()
        .chain([k.clone()])
        .collect::<Vec<_>>()
        .join(", ");
    let w_map = format!("d{}, {k}", rank - 1);
    let mut loops = vec![Loop::Parallel; rank];
    loops.push(Loop::Reduction);
    let elem = out.element.mlir_name();
    let y = e.generic(
        &loops,
        &[(x, &x_map), (w, &w_map)],
        (&init, &identity(rank)),
        |r| {
            let (a, b, acc) = (r.args[0].clone(), r.args[1].clone(), r.args[2].clone());
            let p = r.op(format!("arith.mulf {a}, {b} : {elem}"));
            r.op(format!("arith.addf {acc}, {p} : {elem}"))
        },
    );
    match bias {
        None => y,
        Some(bias) => add_row_bias(e, &y, bias),
    }
}

/// `y[..., n] += bias[n]`.
fn add_row_bias(e: &mut Emitter, y: &Val, bias: &Val) -> Val {
    let rank = y.ty.rank();
    let sources: Vec<_> = (0..rank).map(|i| Some((y, i))).collect();
    let init = e.empty(&y.ty, &sources);
    let elem = y.ty.element.mlir_name();
    e.generic(
        &vec![Loop::Parallel; rank],
        &[(y, &identity(rank)), (bias, &format!("d{}", rank - 1))],
        (&init, &identity(rank)),
        |r| {
            let (a, b) = (r.args[0].clone(), r.args[1].clone());
            r.op(format!("arith.addf {a}, {b} : {elem}"))
        },
    )
}

/// `x·wᵀ` as a call to [`LINEAR_UKERNEL`] on buffers (see [`call_linear`]).
fn linear_ukernel(e: &mut Emitter, x: &Val, w: &Val, out: &TensorType) -> Val {
    call_linear(e, LINEAR_UKERNEL, x, w, out, &[])
}

/// `ukernel(x, w, out, extra…)` on buffers: `x` flattened to 2-D, the result
/// in a fresh 64-byte aligned buffer handed back as a tensor of `out`'s shape.
pub(crate) fn call_linear(
    e: &mut Emitter,
    ukernel: &str,
    x: &Val,
    w: &Val,
    out: &TensorType,
    extra: &[Scalar],
) -> Val {
    let x2 = rows_2d(e, x);
    let out2 = rows_2d_type(out);
    let sources = [(&x2, 0), (w, 0)];
    let y2 = call_ukernel_outs(e, ukernel, &[&x2, w], &[(&out2, &sources[..])], extra).remove(0);
    from_rows_2d(e, &y2, x, w, out)
}

/// `[..., D]` as `[rows, D]` (rows the product of the leading dims, dynamic
/// if any of them is).
pub(crate) fn rows_2d_type(t: &TensorType) -> TensorType {
    let rank = t.rank();
    let rows: Vec<Dim> = t.shape[..rank - 1].to_vec();
    let m = if rows.contains(&Dim::Dynamic) {
        Dim::Dynamic
    } else {
        Dim::Static(rows.iter().map(|d| d.size().unwrap_or(1)).product())
    };
    TensorType {
        shape: vec![m, t.shape[rank - 1]],
        element: t.element,
    }
}

/// A projection's input `x: [..., K]` (rank 1–3) as `[M, K]`.
pub(crate) fn rows_2d(e: &mut Emitter, x: &Val) -> Val {
    let x2_ty = rows_2d_type(&x.ty);
    match x.ty.rank() {
        2 => x.clone(),
        1 => {
            let k_size = e.size(x, 0);
            e.reassociate(
                "tensor.expand_shape",
                x,
                &x2_ty,
                "[[0, 1]]",
                Some(format!("1, {k_size}")),
            )
        }
        _ => e.reassociate("tensor.collapse_shape", x, &x2_ty, "[[0, 1], [2]]", None),
    }
}

/// The `[M, N]` result `y2` of a projection of `x` by `w` back in `out`'s
/// shape (`x`'s leading dims, then `w`'s rows).
pub(crate) fn from_rows_2d(e: &mut Emitter, y2: &Val, x: &Val, w: &Val, out: &TensorType) -> Val {
    let rank = x.ty.rank();
    match rank {
        2 => y2.clone(),
        1 => e.reassociate("tensor.collapse_shape", y2, out, "[[0, 1]]", None),
        _ => {
            // Leading dims as x's, the last as w's rows: literals or tensor.dim.
            let mut shape: Vec<String> = (0..rank - 1).map(|i| e.size(x, i)).collect();
            shape.push(e.size(w, 0));
            e.reassociate(
                "tensor.expand_shape",
                y2,
                out,
                "[[0, 1], [2]]",
                Some(shape.join(", ")),
            )
        }
    }
}

/// `out = ukernel(ins…)` through buffers: each input as a read-only buffer,
/// the result in a fresh 64-byte aligned buffer (dynamic dim `i` sized from
/// `out_sources[i]`), all cast to fully dynamic memrefs for the C interface
/// (`_mlir_ciface_<ukernel>` gets one descriptor per operand, output last),
/// and the buffer handed back as a tensor.
///
/// ```mlir
/// %a = bufferization.to_buffer %arg0 read_only : tensor<2x8xf32> to memref<2x8xf32>
/// %o = memref.alloc() {alignment = 64 : i64} : memref<2x4xf32>
/// %a1 = memref.cast %a : memref<2x8xf32> to memref<?x?xf32>   // … for each operand
/// func.call @kforge_ukernel_matmul_f32(%a1, %b1, %o1) : (memref<?x?xf32>, memref<?x?xf32>, memref<?x?xf32>) -> ()
/// %y = bufferization.to_tensor %o restrict writable : memref<2x4xf32> to tensor<2x4xf32>
/// ```
fn call_ukernel(
    e: &mut Emitter,
    ukernel: &str,
    ins: &[&Val],
    out: &TensorType,
    out_sources: &[DimSource],
) -> Val {
    let outs = [(out, out_sources)];
    call_ukernel_outs(e, ukernel, ins, &outs, &[]).remove(0)
}

/// An operand of a microkernel call passed by value: `(SSA name, type)`.
pub(crate) type Scalar<'a> = (&'a str, &'a str);

/// [`call_ukernel`] with several outputs (each `(type, sources of its
/// dynamic dims)`, in a fresh buffer, after the inputs) and trailing scalar
/// operands. Each buffer is cast to the fully dynamic memref of its rank.
pub(crate) fn call_ukernel_outs(
    e: &mut Emitter,
    ukernel: &str,
    ins: &[&Val],
    outs: &[(&TensorType, &[DimSource])],
    scalars: &[Scalar],
) -> Vec<Val> {
    let any =
        |t: &TensorType| format!("memref<{}{}>", "?x".repeat(t.rank()), t.element.mlir_name());
    let mut any_types: Vec<String> = ins.iter().map(|x| any(&x.ty)).collect();
    any_types.extend(outs.iter().map(|(t, _)| any(t)));
    any_types.extend(scalars.iter().map(|(_, t)| t.to_string()));
    let any_types = any_types.join(", ");
    e.declare(&format!(
        "func.func private @{ukernel}({any_types}) attributes {{llvm.emit_c_interface}}"
    ));
    let memref = |t: &TensorType| t.to_string().replacen("tensor<", "memref<", 1);
    let mut buffers = Vec::new();
    for x in ins {
        let m = e.fresh("buf");
        e.line(format!(
            "{m} = bufferization.to_buffer {} read_only : {} to {}",
            x.name,
            x.ty,
            memref(&x.ty)
        ));
        buffers.push((m, x.ty.clone()));
    }
    let mut out_buffers = Vec::new();
    for (out, out_sources) in outs {
        let mut dyn_sizes = Vec::new();
        for (d, (src, i)) in out.shape.iter().zip(out_sources.iter()) {
            if *d == Dim::Dynamic {
                dyn_sizes.push(e.dim(src, *i));
            }
        }
        let om = e.fresh("obuf");
        e.line(format!(
            "{om} = memref.alloc({}) {{alignment = 64 : i64}} : {}",
            dyn_sizes.join(", "),
            memref(out)
        ));
        buffers.push((om.clone(), (*out).clone()));
        out_buffers.push((om, (*out).clone()));
    }
    let mut operands = Vec::new();
    for (name, ty) in &buffers {
        let c = e.fresh("any");
        e.line(format!(
            "{c} = memref.cast {name} : {} to {}",
            memref(ty),
            any(ty)
        ));
        operands.push(c);
    }
    operands.extend(scalars.iter().map(|(name, _)| name.to_string()));
    e.line(format!(
        "func.call @{ukernel}({}) : ({any_types}) -> ()",
        operands.join(", ")
    ));
    out_buffers
        .into_iter()
        .map(|(om, out)| {
            let y = e.fresh("uk");
            e.line(format!(
                "{y} = bufferization.to_tensor {om} restrict writable : {} to {out}",
                memref(&out)
            ));
            Val { name: y, ty: out }
        })
        .collect()
}
