//! `kforge.fused_linear` → the contraction with its epilogue.
//!
//! **Linear on the microkernel** (`linear-kernel=ukernel`, f32, as
//! `--lower-to-cpu` lowers): one call of the runtime's
//! [`LINEAR_EPILOGUE_UKERNEL`], which applies the epilogue to each register
//! tile of the product before storing it. The steps travel as one `i64`
//! (the dialect's `encode_epilogue`, which the runtime decodes), the
//! operands as rank-2 strided views of the output's `[M, N]` (leading dims
//! flattened), broadcasts as stride 0:
//! ```mlir
//! // %b: tensor<6xf32> (bias), %r: tensor<4x6xf32> (residual), steps "add,silu,add"
//! %b1 = memref.reinterpret_cast %bbuf to offset: [%c0], sizes: [%m, %n], strides: [%c0, %c1]
//!         : memref<6xf32> to memref<?x?xf32, strided<[?, ?], offset: ?>>
//! %r1 = memref.reinterpret_cast %rbuf to offset: [%c0], sizes: [%m, %n], strides: [%c6, %c1] …
//! %steps = arith.constant 305 : i64   // 0x131: add (1), silu (3), add (1) from the lowest 4 bits up
//! func.call @kforge_ukernel_linear_epilogue_f32(%x, %w, %out, %b1, %r1, %unused, %unused, %steps)
//! ```
//! An operand no step reads is a zero-sized view of `x`'s buffer.
//!
//! **Otherwise** (loops and tiled strategies, matmul, whose microkernel has
//! no epilogue, more than [`MAX_UKERNEL_OPERANDS`] operands or
//! `MAX_ENCODED_STEPS` steps, or an operand whose broadcast over the
//! flattened rows is not one stride, e.g. `[S, N]` added to a `[B, S, N]`
//! result): the contraction lowers as `kforge.linear`/`kforge.matmul` do,
//! then the whole epilogue is one `linalg.generic` that takes the
//! accumulator as its `outs` operand and the epilogue operands as `ins`
//! (broadcast through their indexing maps), so after bufferization it runs
//! in place on the contraction's output buffer: one pass over the results
//! instead of one loop nest and one temporary per step.
//! ```mlir
//! %acc = … x·wᵀ …
//! %y = linalg.generic {indexing_maps = [(d0, d1) -> (d1), (d0, d1) -> (d0, d1)], …}
//!        ins(%bias : tensor<8xf32>) outs(%acc : tensor<4x8xf32>) {
//! ^bb0(%b: f32, %acc: f32):
//!   %s = arith.addf %acc, %b : f32
//!   … silu(%s) …
//!   linalg.yield …
//! }
//! ```
use super::contraction::{self, call_ukernel_outs, from_rows_2d, rows_2d, rows_2d_type};
use super::elementwise::{broadcast_map, gelu_scalar, silu_scalar};
use super::emitter::{identity, Emitter, LinearKernel, Loop, Val};
use kforge_abi::weight_format::WeightFormat;
use kforge_dialect::epilogue::{encode_epilogue, EpilogueStep};
use kforge_dialect::{Dim, ElementType, TensorType};

/// The runtime's linear microkernel with an epilogue: `x`, `w`, `out` as
/// [`contraction::LINEAR_UKERNEL`] takes them, then [`MAX_UKERNEL_OPERANDS`]
/// strided operand views and the encoded steps.
pub(crate) const LINEAR_EPILOGUE_UKERNEL: &str = "kforge_ukernel_linear_epilogue_f32";

/// [`LINEAR_EPILOGUE_UKERNEL`] on a weight in a stored format: the same
/// operands, then the format's `i64` code.
pub(crate) const LINEAR_EPILOGUE_Q_UKERNEL: &str = "kforge_ukernel_linear_epilogue_q";

/// The epilogue operands [`LINEAR_EPILOGUE_UKERNEL`] takes (the runtime's
/// `kernels::epilogue::MAX_OPERANDS`).
pub(crate) const MAX_UKERNEL_OPERANDS: usize = 4;

/// The type of an operand view of [`LINEAR_EPILOGUE_UKERNEL`].
const VIEW: &str = "memref<?x?xf32, strided<[?, ?], offset: ?>>";

/// `y = epilogue(contraction(a[0], a[1]), a[2..])`; a linear's weight
/// stored as `format` (other than f32) always runs on
/// [`LINEAR_EPILOGUE_Q_UKERNEL`], which reads its blocks.
pub(crate) fn fused_linear(
    e: &mut Emitter,
    kind: &str,
    steps: &[EpilogueStep],
    a: &[Val],
    out: &TensorType,
    format: WeightFormat,
) -> Result<Val, String> {
    if format != WeightFormat::F32 {
        let plan = ukernel_plan(steps, &a[2..], out).ok_or_else(|| {
            format!(
                "the epilogue of a {format} weight must fit the microkernel (at most \
                 {MAX_UKERNEL_OPERANDS} f32 operands, each read with one row stride)"
            )
        })?;
        return Ok(linear_epilogue_ukernel(e, &plan, a, out, format));
    }
    if kind == "linear" && e.linear_kernel == LinearKernel::Ukernel {
        if let Some(plan) = ukernel_plan(steps, &a[2..], out) {
            return Ok(linear_epilogue_ukernel(e, &plan, a, out, format));
        }
    }
    let acc = if kind == "matmul" {
        contraction::matmul(e, &a[0], &a[1], out)
    } else {
        contraction::linear(e, &a[0], &a[1], None, out)
    };
    Ok(epilogue_generic(e, steps, &acc, &a[2..], out))
}

/// How an epilogue operand is read over the output's flattened `[M, N]`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct FlatStrides {
    /// Whether rows advance in the operand (else stride 0).
    rows: bool,
    /// Whether columns advance in the operand (else stride 0).
    cols: bool,
}

/// What [`linear_epilogue_ukernel`] needs: the encoded steps and how each
/// operand is read.
struct UkernelPlan {
    code: i64,
    strides: Vec<FlatStrides>,
}

/// The microkernel call's plan, or `None` where the epilogue does not fit it.
fn ukernel_plan(steps: &[EpilogueStep], extras: &[Val], out: &TensorType) -> Option<UkernelPlan> {
    let all_f32 =
        out.element == ElementType::F32 && extras.iter().all(|v| v.ty.element == ElementType::F32);
    if !all_f32 || extras.len() > MAX_UKERNEL_OPERANDS {
        return None;
    }
    let code = encode_epilogue(steps)?;
    let strides = extras
        .iter()
        .map(|v| flat_strides(&v.ty, out))
        .collect::<Option<Vec<_>>>()?;
    Some(UkernelPlan { code, strides })
}

/// How `operand`, broadcast to `out` as [`broadcast_map`] reads it, walks
/// `out` flattened to `[M, N]`: `None` where its leading dims neither all
/// advance nor all broadcast (then no single row stride reads it).
fn flat_strides(operand: &TensorType, out: &TensorType) -> Option<FlatStrides> {
    let rank = out.rank();
    let offset = rank - operand.rank();
    // Whether out dim `j` indexes the operand (not broadcast).
    let advances = |j: usize| {
        j >= offset
            && !(operand.shape[j - offset] == Dim::Static(1) && out.shape[j] != Dim::Static(1))
    };
    let cols = rank > 0 && advances(rank - 1);
    // Leading dims of size 1 in out are read at index 0 either way.
    let leading: Vec<bool> = (0..rank.saturating_sub(1))
        .filter(|&j| out.shape[j] != Dim::Static(1))
        .map(advances)
        .collect();
    let rows = leading.iter().any(|&a| a);
    if rows && !leading.iter().all(|&a| a) {
        return None;
    }
    Some(FlatStrides { rows, cols })
}

/// `x·wᵀ` and the epilogue as one call of [`LINEAR_EPILOGUE_UKERNEL`], or
/// of [`LINEAR_EPILOGUE_Q_UKERNEL`] with the format's code last for a
/// stored-format weight.
fn linear_epilogue_ukernel(
    e: &mut Emitter,
    plan: &UkernelPlan,
    a: &[Val],
    out: &TensorType,
    format: WeightFormat,
) -> Val {
    let (x, w) = (&a[0], &a[1]);
    let x2 = rows_2d(e, x);
    let out2_ty = rows_2d_type(out);
    let m = index_value(e, &x2, 0);
    let n = index_value(e, w, 0);
    let zero = e.index_const(0);
    let one = e.index_const(1);
    let mut views = Vec::new();
    for (v, s) in a[2..].iter().zip(&plan.strides) {
        let row_stride = match (s.rows, s.cols) {
            (false, _) => zero.clone(),
            (true, false) => one.clone(),
            (true, true) => n.clone(),
        };
        let col_stride = if s.cols { one.clone() } else { zero.clone() };
        views.push(strided_view(
            e,
            v,
            [&m, &n],
            [&row_stride, &col_stride],
            &zero,
        ));
    }
    if views.len() < MAX_UKERNEL_OPERANDS {
        let unused = strided_view(e, &x2, [&zero, &zero], [&zero, &zero], &zero);
        views.resize(MAX_UKERNEL_OPERANDS, unused);
    }
    let steps = e.fresh("steps");
    e.line(format!("{steps} = arith.constant {} : i64", plan.code));
    let mut scalars: Vec<(&str, &str)> = views.iter().map(|v| (v.as_str(), VIEW)).collect();
    scalars.push((&steps, "i64"));
    let (kernel, fmt) = if format == WeightFormat::F32 {
        (LINEAR_EPILOGUE_UKERNEL, None)
    } else {
        let fmt = e.fresh("fmt");
        e.line(format!("{fmt} = arith.constant {} : i64", format.code()));
        (LINEAR_EPILOGUE_Q_UKERNEL, Some(fmt))
    };
    if let Some(fmt) = &fmt {
        scalars.push((fmt, "i64"));
    }
    let outs = [(&out2_ty, &[(&x2, 0), (w, 0)][..])];
    let y2 = call_ukernel_outs(e, kernel, &[&x2, w], &outs, &scalars).remove(0);
    from_rows_2d(e, &y2, x, w, out)
}

/// Dim `i` of `v` as an `index` SSA value (a constant where static).
fn index_value(e: &mut Emitter, v: &Val, i: usize) -> String {
    match v.ty.shape[i] {
        Dim::Static(size) => e.index_const(size as i64),
        Dim::Dynamic => e.dim(v, i),
    }
}

/// `v`'s buffer as a `sizes`/`strides` view of type [`VIEW`].
fn strided_view(
    e: &mut Emitter,
    v: &Val,
    sizes: [&str; 2],
    strides: [&str; 2],
    offset: &str,
) -> String {
    let memref = v.ty.to_string().replacen("tensor<", "memref<", 1);
    let buffer = e.fresh("ebuf");
    e.line(format!(
        "{buffer} = bufferization.to_buffer {} read_only : {} to {memref}",
        v.name, v.ty
    ));
    let view = e.fresh("eview");
    e.line(format!(
        "{view} = memref.reinterpret_cast {buffer} to offset: [{offset}], sizes: [{}], strides: [{}] : {memref} to {VIEW}",
        sizes.join(", "),
        strides.join(", ")
    ));
    view
}

/// The epilogue as one `linalg.generic` updating `acc` in place.
fn epilogue_generic(
    e: &mut Emitter,
    steps: &[EpilogueStep],
    acc: &Val,
    extras: &[Val],
    out: &TensorType,
) -> Val {
    let rank = out.rank();
    let maps: Vec<String> = extras.iter().map(|v| broadcast_map(&v.ty, out)).collect();
    let ins: Vec<(&Val, &str)> = extras
        .iter()
        .zip(&maps)
        .map(|(v, m)| (v, m.as_str()))
        .collect();
    let elem = out.element.mlir_name().to_string();
    e.generic(
        &vec![Loop::Parallel; rank],
        &ins,
        (acc, &identity(rank)),
        |r| {
            let extras: Vec<String> = r.args[..r.args.len() - 1].to_vec();
            let mut y = r.args[r.args.len() - 1].clone();
            let mut next = extras.iter();
            for step in steps {
                y = match step {
                    EpilogueStep::Add | EpilogueStep::Mul => {
                        let op = if *step == EpilogueStep::Add {
                            "arith.addf"
                        } else {
                            "arith.mulf"
                        };
                        let v = next.next().expect("verified operand count");
                        r.op(format!("{op} {y}, {v} : {elem}"))
                    }
                    EpilogueStep::Silu => silu_scalar(r, &y, &elem),
                    EpilogueStep::Gelu => gelu_scalar(r, &y, &elem, false),
                    EpilogueStep::GeluTanh => gelu_scalar(r, &y, &elem, true),
                };
            }
            y
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(shape: &[Option<u64>]) -> TensorType {
        TensorType {
            shape: shape
                .iter()
                .map(|d| d.map_or(Dim::Dynamic, Dim::Static))
                .collect(),
            element: ElementType::F32,
        }
    }

    #[test]
    fn broadcasts_are_strides_over_the_flattened_rows() {
        let out = t(&[Some(2), Some(3), Some(8)]);
        let flat = |rows, cols| Some(FlatStrides { rows, cols });
        assert_eq!(flat_strides(&t(&[Some(8)]), &out), flat(false, true));
        assert_eq!(
            flat_strides(&t(&[Some(2), Some(3), Some(8)]), &out),
            flat(true, true)
        );
        assert_eq!(
            flat_strides(&t(&[Some(2), Some(3), Some(1)]), &out),
            flat(true, false)
        );
        assert_eq!(flat_strides(&t(&[Some(1)]), &out), flat(false, false));
        assert_eq!(flat_strides(&t(&[]), &out), flat(false, false));
        assert_eq!(
            flat_strides(&t(&[Some(1), Some(1), Some(8)]), &out),
            flat(false, true)
        );
        // [S, N] under [B, S, N]: rows advance in s but not in b.
        assert_eq!(flat_strides(&t(&[Some(3), Some(8)]), &out), None);
        // A leading dim of size 1 in the output broadcasts either way.
        let out1 = t(&[Some(1), None, Some(8)]);
        assert_eq!(flat_strides(&t(&[None, Some(8)]), &out1), flat(true, true));
    }
}
