//! `--kforge-lower-to-linalg`: every kforge op → `linalg`/`tensor`/`arith`/`math` on tensors.
//!
//! **Matches** every kforge op except `kforge.weight` (a reference to stored
//! data, not a computation; `--kforge-weights-to-arguments` turns those into
//! function arguments). **Emits** `linalg.generic` and named linalg ops on
//! tensors; composite ops (`kforge.mlp`, `kforge.attention`) are decomposed.
//! **Precondition**: the module verifies (`--kforge-verify`).
//! **Option** `linear-kernel=loops|ukernel`: projections (`kforge.linear` and
//! the linears of `kforge.mlp`) become a reduction `linalg.generic` (default),
//! or, for f32, a `func.call @kforge_ukernel_linear_f32` on buffers that the
//! runtime provides (a threaded AVX-512 kernel; `--lower-to-cpu` uses it).
//! With `ukernel`, an f32 `kforge.fused_linear` of kind `linear` calls
//! `@kforge_ukernel_linear_epilogue_f32`, which applies the epilogue to each
//! register tile before the store; with `loops`/`tiled`, of kind `matmul`,
//! or where the epilogue does not fit the call (see `fused.rs`), the
//! epilogue is one in-place `linalg.generic` after the contraction.
//! **Option** `matmul-kernel=loops|ukernel`: f32 `kforge.matmul` and
//! `kforge.batch_matmul` become `linalg.matmul`/`linalg.batch_matmul`
//! (default), or a `func.call @kforge_ukernel_matmul_f32` /
//! `@kforge_ukernel_batch_matmul_f32` on buffers (packed, blocked, threaded;
//! `--lower-to-cpu` uses it).
//! **Choice** `tiled` (both options): linalg as with `loops`, for
//! `--kforge-tile-contractions` to tile and vectorize (`--lower-to-cpu-tiled`).
//!
//! How: for each op a template (one file per op family) writes a private
//! function in MLIR text that computes the op from its arguments; the pass
//! parses it in the op's context and inlines its body in place of the op. The
//! templates stay readable and MLIR's parser and verifier check them.
//!
//! Before:
//! ```mlir
//! %0 = "kforge.silu"(%x) : (tensor<4xf32>) -> tensor<4xf32>
//! ```
//! After:
//! ```mlir
//! %0 = tensor.empty() : tensor<4xf32>
//! %1 = linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>],
//!        iterator_types = ["parallel"]} ins(%x : tensor<4xf32>) outs(%0 : tensor<4xf32>) {
//! ^bb0(%in: f32, %out: f32):
//!   %2 = arith.negf %in : f32
//!   %3 = math.exp %2 : f32
//!   %cst = arith.constant 1.000000e+00 : f32
//!   %4 = arith.addf %cst, %3 : f32
//!   %5 = arith.divf %in, %4 : f32
//!   linalg.yield %5 : f32
//! } -> tensor<4xf32>
//! ```
mod attention;
mod contraction;
mod data;
mod elementwise;
mod emitter;
mod fused;
mod mlp;
mod norm;
mod projections;
mod stored_weights;

use crate::rewrite::{emit_error, inline_function_text};
use emitter::{Emitter, LinearKernel, Val};
use kforge_abi::weight_format::WeightFormat;
use kforge_dialect::ir::collect_ops;
use kforge_dialect::{KforgeOp, OpSignature, TensorType};
use melior::ir::OperationRef;
use mlir_sys::MlirOperation;

/// Lowers every kforge op (but `kforge.weight`) under `root`. On failure an
/// error has been emitted at the offending op.
#[allow(
    clippy::result_unit_err,
    reason = "the signature of every pass in the registry; the error is already emitted"
)]
pub fn lower_kforge_to_linalg(
    root: MlirOperation,
    options: &crate::registry::PassOptions,
) -> Result<(), ()> {
    let kernel_option = |name: &str| match options.get(name).map(String::as_str) {
        Some("ukernel") => LinearKernel::Ukernel,
        Some("tiled") => LinearKernel::Tiled,
        _ => LinearKernel::Loops,
    };
    let kernels = (
        kernel_option("linear-kernel"),
        kernel_option("matmul-kernel"),
    );
    for op in collect_ops(root, "kforge.") {
        // SAFETY: ops collected from a live module, each rewritten once.
        let sig = OpSignature::from_operation(&unsafe { OperationRef::from_raw(op) });
        if sig.name == KforgeOp::Weight.name() {
            continue;
        }
        // A bug in a template is reported at the op it failed on.
        let text = std::panic::catch_unwind(|| function_text(&sig, kernels))
            .unwrap_or_else(|panic| Err(format!("internal error: {}", panic_message(&panic))));
        let text = match text {
            Ok(text) => text,
            Err(message) => {
                emit_error(op, &format!("'{}' op {message}", sig.name));
                return Err(());
            }
        };
        inline_function_text(op, &text)?;
    }
    Ok(())
}

/// The text of a private function computing `sig`'s op from its operands.
/// `kernels`: the `linear-kernel` and `matmul-kernel` choices.
pub(crate) fn function_text(
    sig: &OpSignature,
    kernels: (LinearKernel, LinearKernel),
) -> Result<String, String> {
    kforge_dialect::verify_signature(sig).map_err(|e| e.message)?;
    let operands: Vec<TensorType> = sig
        .operands
        .iter()
        .map(|t| t.clone().expect("verified"))
        .collect();
    let results: Vec<TensorType> = sig
        .results
        .iter()
        .map(|t| t.clone().expect("verified"))
        .collect();
    let mut e = Emitter::new(&operands);
    (e.linear_kernel, e.matmul_kernel) = kernels;
    let a: Vec<Val> = (0..operands.len()).map(|i| e.arg(i)).collect();
    let out = &results[0];
    let Some(op) = KforgeOp::from_name(&sig.name) else {
        return Err(format!("no lowering to linalg for '{}'", sig.name));
    };
    // Every op has an arm: a new op does not compile until it lowers here.
    let results: Vec<Val> = match op {
        KforgeOp::Matmul => vec![contraction::matmul(&mut e, &a[0], &a[1], out)],
        KforgeOp::BatchMatmul => vec![contraction::batch_matmul(&mut e, &a[0], &a[1], out)],
        KforgeOp::Linear => match weight_format(sig) {
            WeightFormat::F32 => vec![contraction::linear(&mut e, &a[0], &a[1], a.get(2), out)],
            f => vec![stored_weights::linear(&mut e, &a[0], &a[1], out, f)],
        },
        KforgeOp::FusedLinear => {
            let steps = kforge_dialect::epilogue::parse_epilogue(
                sig.str_attr("epilogue").expect("verified"),
            )?;
            let kind = sig.str_attr("kind").expect("verified");
            vec![fused::fused_linear(
                &mut e,
                kind,
                &steps,
                &a,
                out,
                weight_format(sig),
            )?]
        }
        KforgeOp::MultiLinear | KforgeOp::SwigluLinear => {
            let layout = kforge_dialect::projections::ProjectionLayout::of(sig)?;
            let p = projections::Projection::new(&layout, &a, sig.float_attr("epsilon"));
            match (op, weight_format(sig)) {
                (KforgeOp::MultiLinear, WeightFormat::F32) => {
                    projections::multi_linear(&mut e, &p, &results)
                }
                (KforgeOp::MultiLinear, f) => stored_weights::multi_linear(&mut e, &p, &results, f),
                (_, WeightFormat::F32) => vec![projections::swiglu_linear(&mut e, &p, out)],
                (_, f) => vec![stored_weights::swiglu_linear(&mut e, &p, out, f)],
            }
        }
        KforgeOp::Add => vec![elementwise::binary(&mut e, "arith.addf", &a[0], &a[1], out)],
        KforgeOp::Mul => vec![elementwise::binary(&mut e, "arith.mulf", &a[0], &a[1], out)],
        KforgeOp::Silu => vec![elementwise::unary(&mut e, &a[0], elementwise::silu_scalar)],
        KforgeOp::Gelu => {
            let tanh = sig.str_attr("approximate") == Some("tanh");
            vec![elementwise::unary(&mut e, &a[0], |r, x, elem| {
                elementwise::gelu_scalar(r, x, elem, tanh)
            })]
        }
        KforgeOp::Softmax => {
            let rank = a[0].ty.rank() as i64;
            let axis = sig.int_attr("axis").expect("verified");
            let axis = if axis < 0 { axis + rank } else { axis } as usize;
            vec![elementwise::softmax(&mut e, &a[0], axis)]
        }
        KforgeOp::RmsNorm => vec![norm::rms_norm(&mut e, &a[0], &a[1], epsilon(sig))],
        KforgeOp::LayerNorm => vec![norm::layer_norm(&mut e, &a[0], &a[1], &a[2], epsilon(sig))],
        KforgeOp::Rope => vec![attention::rope(
            &mut e,
            &a[0],
            &a[1],
            sig.float_attr("theta").expect("verified"),
        )],
        KforgeOp::Attention => {
            let attrs = attention::AttentionAttrs {
                causal: sig.int_attr("causal").expect("verified") != 0,
                scale: sig.float_attr("scale").expect("verified"),
            };
            if a.len() == 3 {
                vec![attention::attention(&mut e, &a[0], &a[1], &a[2], &attrs)]
            } else {
                if !attention::is_index_like(&a[5].ty) {
                    return Err(format!("expected an integer position, got {}", a[5].ty));
                }
                let lower = if a[3].ty.rank() == 4 {
                    attention::attention_with_cache_slots
                } else {
                    attention::attention_with_cache
                };
                let (o, kc, vc) = lower(&mut e, &a[0], &a[1], &a[2], (&a[3], &a[4]), &a[5], &attrs);
                vec![o, kc, vc]
            }
        }
        KforgeOp::Mlp => match sig.str_attr("activation") {
            Some("swiglu") => vec![mlp::mlp_swiglu(&mut e, &a[0], &a[1], &a[2], &a[3])],
            _ => vec![mlp::mlp_gelu(&mut e, &a[0], &a[1], &a[2])],
        },
        KforgeOp::Embedding => match weight_format(sig) {
            WeightFormat::F32 => vec![data::embedding(&mut e, &a[0], &a[1], out)],
            f => vec![stored_weights::embedding(&mut e, &a[0], &a[1], out, f)?],
        },
        KforgeOp::Reshape => vec![data::reshape(&mut e, &a[0], out)],
        // Weights become function arguments before this pass runs on the
        // rest (`kforge-weights-to-arguments`), or stay as they are.
        KforgeOp::Weight => return Err("kforge.weight has no lowering to linalg".into()),
    };
    Ok(e.finish("kforge_lowered", &results))
}

fn panic_message(panic: &Box<dyn std::any::Any + Send>) -> String {
    panic
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_else(|| "a lowering template panicked".to_string())
}

/// The op's `weight_format` (verified), f32 when absent.
fn weight_format(sig: &OpSignature) -> WeightFormat {
    sig.weight_format().unwrap_or(WeightFormat::F32)
}

fn epsilon(sig: &OpSignature) -> f64 {
    sig.float_attr("epsilon").expect("verified")
}
