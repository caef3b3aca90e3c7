//! Plans of the fused projections that `--kforge-fuse` emits (`dialect/OPS.md`).
//!
//! | op | few rows (≤ [`GEMV_MAX_ROWS`]) | more rows |
//! | --- | --- | --- |
//! | `kforge.fused_linear` | one GEMV, the epilogue applied in registers before the store | the tiled matmul, then one elementwise epilogue kernel |
//! | `kforge.multi_linear` | one GEMV dispatch over every weight | one tiled matmul per weight |
//! | `kforge.swiglu_linear` | one GEMV computing gate and up per column, `silu(g)·u` stored | two tiled matmuls, then `silu(g)·u` as an epilogue kernel |
//!
//! A fused `rms_norm` prologue (`multi_linear`, `swiglu_linear` with a `norm` operand) runs as the norm kernel into
//! a scratch buffer, then the projections read it. `kind = "matmul"` fused linears (`a · b`, `b` not transposed)
//! always take the tiled matmul and the epilogue kernel.

use super::plan::{kernel, projection, result_shape, shape, GEMV_MAX_ROWS};
use kforge_dialect::epilogue::{parse_epilogue, EpilogueStep};
use kforge_dialect::projections::ProjectionLayout;
use kforge_dialect::OpSignature;
use kforge_gpu::plan::{Arg, OpPlan};
use kforge_gpu::{BinaryOp, Epilogue, EpilogueOp, KernelSpec, MatmulSpec, UnaryOp};

/// `x: [..., k]` as `(rows, k)`.
fn rows_and_k(x: &[usize]) -> (usize, usize) {
    let k = *x.last().unwrap_or(&1);
    (x[..x.len().saturating_sub(1)].iter().product(), k)
}

/// `y = steps(linear(x, w))` or `steps(matmul(a, b))`; the epilogue operands follow the contraction's two.
pub fn fused_linear(sig: &OpSignature) -> Result<OpPlan, String> {
    let text = sig.str_attr("epilogue").unwrap_or("");
    let steps = parse_epilogue(text)?;
    let out = result_shape(sig, 0)?;
    let mut binary = 2..;
    let mut operand_args = Vec::new();
    let mut ops = Vec::new();
    for step in steps {
        ops.push(match step {
            EpilogueStep::Add | EpilogueStep::Mul => {
                let i = binary.next().unwrap_or(2);
                operand_args.push(Arg::Operand(i));
                let op = if step == EpilogueStep::Add {
                    BinaryOp::Add
                } else {
                    BinaryOp::Mul
                };
                EpilogueOp::Binary(op, shape(sig, i)?)
            }
            EpilogueStep::Silu => EpilogueOp::Unary(UnaryOp::Silu),
            EpilogueStep::Gelu => EpilogueOp::Unary(UnaryOp::GeluErf),
            EpilogueStep::GeluTanh => EpilogueOp::Unary(UnaryOp::GeluTanh),
        });
    }
    let epilogue = Epilogue {
        out: out.clone(),
        steps: ops,
    };
    let (a, b) = (shape(sig, 0)?, shape(sig, 1)?);
    let len: usize = out.iter().product();
    let format = sig.weight_format()?;
    let contraction = match sig.str_attr("kind") {
        Some("matmul") => {
            let ([m, k], [_, n]) = (a.as_slice(), b.as_slice()) else {
                return Err(format!(
                    "expected rank-2 operands for kind \"matmul\" (got {a:?} and {b:?})"
                ));
            };
            KernelSpec::Matmul(MatmulSpec::new(1, *m, *n, *k, false))
        }
        _ => {
            let ((m, k), n) = (rows_and_k(&a), b[0]);
            if m <= GEMV_MAX_ROWS {
                let mut args = vec![Arg::Operand(0), Arg::Operand(1)];
                args.extend(operand_args);
                args.push(Arg::Result(0));
                let spec = KernelSpec::GemvEpilogue {
                    m,
                    n,
                    k,
                    epilogue,
                    format,
                };
                return Ok(OpPlan {
                    kernels: vec![kernel(spec, args)],
                    ..Default::default()
                });
            }
            projection(m, n, k, false, format)
        }
    };
    let mut epilogue_args = vec![Arg::Temp(0)];
    epilogue_args.extend(operand_args);
    epilogue_args.push(Arg::Result(0));
    Ok(OpPlan {
        kernels: vec![
            kernel(
                contraction,
                vec![Arg::Operand(0), Arg::Operand(1), Arg::Temp(0)],
            ),
            kernel(KernelSpec::Epilogue(epilogue), epilogue_args),
        ],
        temps: vec![len],
        ..Default::default()
    })
}

/// The input of the projections of a `multi_linear`/`swiglu_linear`: with a norm operand (#1), the RMS-norm
/// kernel into scratch buffer 0 (appended to `plan`), else `x` itself.
fn prologue(
    sig: &OpSignature,
    layout: &ProjectionLayout,
    plan: &mut OpPlan,
) -> Result<Arg, String> {
    let Some(eps) = norm_eps(sig, layout)? else {
        return Ok(Arg::Operand(0));
    };
    let (rows, dim) = rows_and_k(&shape(sig, 0)?);
    plan.kernels.push(kernel(
        KernelSpec::RmsNorm { rows, dim, eps },
        vec![Arg::Operand(0), Arg::Operand(1), Arg::Temp(0)],
    ));
    plan.temps.push(rows * dim);
    Ok(Arg::Temp(0))
}

/// The ε of a norm operand (#1), which a GEMV of few rows takes into its own kernel.
fn norm_eps(sig: &OpSignature, layout: &ProjectionLayout) -> Result<Option<f32>, String> {
    if !layout.has_norm {
        return Ok(None);
    }
    let eps = sig
        .float_attr("epsilon")
        .ok_or("expected an epsilon with a norm operand")?;
    Ok(Some(eps as f32))
}

/// The first arguments of a GEMV of few rows (`x`, then the norm's `γ` when it has one) and the norm's ε.
fn gemv_input(
    sig: &OpSignature,
    layout: &ProjectionLayout,
) -> Result<(Vec<Arg>, Option<f32>), String> {
    let eps = norm_eps(sig, layout)?;
    let mut args = vec![Arg::Operand(0)];
    if eps.is_some() {
        args.push(Arg::Operand(1));
    }
    Ok((args, eps))
}

/// `y_i = x' · w_iᵀ` for each weight, `x'` the (normalized) input: for few rows one GEMV with the norm inside,
/// else the norm kernel and a tiled matmul per weight.
pub fn multi_linear(sig: &OpSignature) -> Result<OpPlan, String> {
    let layout = ProjectionLayout::of(sig)?;
    let (first, weights) = (layout.first_weight(), layout.weights);
    let (m, k) = rows_and_k(&shape(sig, 0)?);
    let format = sig.weight_format()?;
    let ns = (first..first + weights)
        .map(|i| shape(sig, i).map(|w| w[0]))
        .collect::<Result<Vec<_>, _>>()?;
    let mut plan = OpPlan::default();
    if m <= GEMV_MAX_ROWS {
        let (mut args, norm_eps) = gemv_input(sig, &layout)?;
        args.extend((first..first + weights).map(Arg::Operand));
        args.extend((0..weights).map(Arg::Result));
        let spec = KernelSpec::MultiGemv {
            m,
            k,
            ns,
            format,
            norm_eps,
        };
        plan.kernels.push(kernel(spec, args));
    } else {
        let input = prologue(sig, &layout, &mut plan)?;
        for (j, n) in ns.into_iter().enumerate() {
            plan.kernels.push(kernel(
                projection(m, n, k, false, format),
                vec![input.clone(), Arg::Operand(first + j), Arg::Result(j)],
            ));
        }
    }
    Ok(plan)
}

/// `y = silu(x' · w_gateᵀ) · (x' · w_upᵀ)`, `x'` the (normalized) input.
pub fn swiglu_linear(sig: &OpSignature) -> Result<OpPlan, String> {
    let layout = ProjectionLayout::of(sig)?;
    let (gate, up) = (layout.first_weight(), layout.first_weight() + 1);
    let (m, k) = rows_and_k(&shape(sig, 0)?);
    let n = shape(sig, gate)?[0];
    let format = sig.weight_format()?;
    let mut plan = OpPlan::default();
    if m <= GEMV_MAX_ROWS {
        let (mut args, norm_eps) = gemv_input(sig, &layout)?;
        args.extend([Arg::Operand(gate), Arg::Operand(up), Arg::Result(0)]);
        let spec = KernelSpec::SwigluGemv {
            m,
            n,
            k,
            format,
            norm_eps,
        };
        plan.kernels.push(kernel(spec, args));
        return Ok(plan);
    }
    let input = prologue(sig, &layout, &mut plan)?;
    let (g, u) = (plan.temps.len(), plan.temps.len() + 1);
    plan.temps.extend([m * n, m * n]);
    let epilogue = Epilogue {
        out: vec![m * n],
        steps: vec![
            EpilogueOp::Unary(UnaryOp::Silu),
            EpilogueOp::Binary(BinaryOp::Mul, vec![m * n]),
        ],
    };
    plan.kernels.extend([
        kernel(
            projection(m, n, k, false, format),
            vec![input.clone(), Arg::Operand(gate), Arg::Temp(g)],
        ),
        kernel(
            projection(m, n, k, false, format),
            vec![input, Arg::Operand(up), Arg::Temp(u)],
        ),
        kernel(
            KernelSpec::Epilogue(epilogue),
            vec![Arg::Temp(g), Arg::Temp(u), Arg::Result(0)],
        ),
    ]);
    Ok(plan)
}
