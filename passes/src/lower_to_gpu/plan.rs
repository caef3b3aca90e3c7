//! The op → kernel mapping: one function per op family, each returning an `OpPlan`.

use kforge_dialect::{ElementType, GpuKernels, KforgeOp, OpSignature, TensorType};
use kforge_gpu::plan::{Arg, OpPlan, PlannedKernel};
use kforge_gpu::{
    AttentionSpec, BinaryOp, KernelSpec, MatmulSpec, MatmulTile, UnaryOp, WeightFormat,
    ATTENTION_SPLIT_KEYS,
};

/// Rows up to which a projection runs as a GEMV (decode, and a batched decode step of up to 8 sequences) instead
/// of the tiled matmul. At 8 rows the tiled matmul's 64-column tiles leave most of a GPU idle on a 576-wide
/// projection (9 workgroups): on an H100, kforge-serve's 8-stream throughput went from 651 to 1413 tok/s when 5–8
/// rows moved to the GEMV (bench/results/serve_gpu_*_2026-12-07T16{11,31}.json).
pub(super) const GEMV_MAX_ROWS: usize = 8;

/// The attribute of `--kforge-tile-gpu`: one tile label per tiled matmul kernel of the op's plan, in order.
pub const TILES_ATTR: &str = "kforge.gpu_tiles";

/// The plan of one kforge op; `Err` says why it has no GPU kernel. Tiled matmul kernels take their tiles from
/// [`TILES_ATTR`] where the op has it, else [`MatmulTile::for_shape`].
pub fn plan_op(sig: &OpSignature) -> Result<OpPlan, String> {
    let mut plan = plan_untiled(sig)?;
    if let Some(labels) = tile_labels(sig)? {
        let mut specs: Vec<&mut MatmulSpec> = plan
            .kernels
            .iter_mut()
            .filter_map(|k| match &mut k.spec {
                KernelSpec::Matmul(s) => Some(s),
                _ => None,
            })
            .collect();
        if specs.len() != labels.len() {
            return Err(format!(
                "has {} tiled matmul kernel(s) but {TILES_ATTR} gives {} tile(s)",
                specs.len(),
                labels.len()
            ));
        }
        for (spec, label) in specs.iter_mut().zip(labels) {
            spec.tile = MatmulTile::parse(&label).map_err(|e| format!("{TILES_ATTR}: {e}"))?;
        }
    }
    // Every spec the generators would refuse (a stored row that is not whole units, sizes beyond a binding) is
    // refused here, at the op.
    for k in &plan.kernels {
        k.spec.validate().map_err(|e| e.to_string())?;
    }
    Ok(plan)
}

/// The labels of [`TILES_ATTR`], if the op has it: an array of strings, printed as `["a", "b"]`.
fn tile_labels(sig: &OpSignature) -> Result<Option<Vec<String>>, String> {
    let Some(value) = sig.attributes.get(TILES_ATTR) else {
        return Ok(None);
    };
    let kforge_dialect::AttrValue::Other(text) = value else {
        return Err(format!("{TILES_ATTR} must be an array of strings"));
    };
    let inner = text
        .trim()
        .strip_prefix('[')
        .and_then(|t| t.strip_suffix(']'))
        .ok_or_else(|| format!("{TILES_ATTR} must be an array of strings (got {text})"))?;
    inner
        .split(',')
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(|t| {
            t.strip_prefix('"')
                .and_then(|t| t.strip_suffix('"'))
                .map(str::to_string)
                .ok_or_else(|| format!("{TILES_ATTR} must be an array of strings (got {text})"))
        })
        .collect::<Result<_, _>>()
        .map(Some)
}

/// How one op becomes an [`OpPlan`].
pub(super) type Planner = fn(&OpSignature) -> Result<OpPlan, String>;

fn plan_untiled(sig: &OpSignature) -> Result<OpPlan, String> {
    let op = KforgeOp::from_name(&sig.name).ok_or("is not a kforge op")?;
    if op.gpu_kernels() != GpuKernels::NotNeeded {
        check_f32(sig)?;
    }
    let plan = planner(op).ok_or("has no GPU kernel yet")?;
    plan(sig)
}

/// The planner of `op`; `None` exactly for the ops the dialect's table marks
/// [`GpuKernels::None`] (a test checks). Every op has an arm, so a new op does
/// not compile until it is planned here or said to have no kernel.
pub(super) fn planner(op: KforgeOp) -> Option<Planner> {
    use KforgeOp::*;
    let plan: Planner = match op {
        Weight => |_| Ok(OpPlan::default()),
        Reshape => reshape,
        Matmul | BatchMatmul => matmul,
        Linear => linear,
        Add | Mul => binary,
        Silu | Gelu => unary,
        Softmax => softmax,
        RmsNorm => rms_norm,
        Rope => rope,
        Attention => attention,
        Embedding => embedding,
        Mlp => mlp,
        FusedLinear => super::fused::fused_linear,
        MultiLinear => super::fused::multi_linear,
        SwigluLinear => super::fused::swiglu_linear,
        LayerNorm => layer_norm,
    };
    Some(plan)
}

/// `kforge.reshape`: no kernel, the result aliases the operand's buffer (a
/// host buffer for integers).
fn reshape(sig: &OpSignature) -> Result<OpPlan, String> {
    let integer = sig
        .operands
        .first()
        .and_then(|t| t.as_ref().ok())
        .is_some_and(|t| !t.element.is_float());
    let mut plan = OpPlan::default();
    if integer {
        plan.host_aliases.push((0, 0));
    } else {
        check_f32(sig)?;
        plan.aliases.push((0, 0));
    }
    Ok(plan)
}

pub(super) fn shape(sig: &OpSignature, operand: usize) -> Result<Vec<usize>, String> {
    let t = sig
        .operands
        .get(operand)
        .ok_or_else(|| format!("expected operand #{operand}"))?
        .as_ref()
        .map_err(|t| format!("operand #{operand} is not a ranked tensor ({t})"))?;
    static_shape(t).ok_or_else(|| {
        format!(
            "operand #{operand} needs a static shape on the GPU ({})",
            t.mlir_string()
        )
    })
}

pub(super) fn result_shape(sig: &OpSignature, result: usize) -> Result<Vec<usize>, String> {
    let t = sig
        .results
        .get(result)
        .ok_or_else(|| format!("expected result #{result}"))?
        .as_ref()
        .map_err(|t| format!("result #{result} is not a ranked tensor ({t})"))?;
    static_shape(t).ok_or_else(|| {
        format!(
            "result #{result} needs a static shape on the GPU ({})",
            t.mlir_string()
        )
    })
}

fn static_shape(t: &TensorType) -> Option<Vec<usize>> {
    t.static_shape()
        .map(|s| s.into_iter().map(|d| d as usize).collect())
}

/// The operands of `i8`/`ui8` elements: an op's weights in a stored format.
pub(super) fn byte_operands(sig: &OpSignature) -> Vec<usize> {
    sig.operands
        .iter()
        .enumerate()
        .filter(|(_, t)| {
            t.as_ref()
                .is_ok_and(|t| matches!(t.element, ElementType::I8 | ElementType::U8))
        })
        .map(|(i, _)| i)
        .collect()
}

/// Float operands and results must be f32 (the GPU kernels' type); weights may be in a stored format.
fn check_f32(sig: &OpSignature) -> Result<(), String> {
    sig.weight_format()?;
    for t in sig.operands.iter().chain(&sig.results).flatten() {
        if t.element.is_float() && t.element != ElementType::F32 {
            return Err(format!(
                "runs on the GPU in f32 only (got {})",
                t.element.mlir_name()
            ));
        }
    }
    Ok(())
}

pub(super) fn kernel(spec: KernelSpec, args: Vec<Arg>) -> PlannedKernel {
    PlannedKernel { spec, args }
}

fn single(spec: KernelSpec, args: Vec<Arg>) -> OpPlan {
    OpPlan {
        kernels: vec![kernel(spec, args)],
        ..Default::default()
    }
}

/// A projection `x[m,k] · w[n,k]ᵀ (+ bias)`, `w` stored as `format`: a GEMV for few rows, else the tiled matmul.
pub(super) fn projection(
    m: usize,
    n: usize,
    k: usize,
    bias: bool,
    format: WeightFormat,
) -> KernelSpec {
    if m <= GEMV_MAX_ROWS {
        KernelSpec::Gemv {
            m,
            n,
            k,
            bias,
            format,
        }
    } else {
        KernelSpec::Matmul(
            MatmulSpec::new(1, m, n, k, true)
                .with_bias(bias)
                .with_b_format(format),
        )
    }
}

fn matmul(sig: &OpSignature) -> Result<OpPlan, String> {
    let (a, b) = (shape(sig, 0)?, shape(sig, 1)?);
    let (batch, m, k, n) = match (a.as_slice(), b.as_slice()) {
        ([m, k], [_, n]) => (1, *m, *k, *n),
        ([bt, m, k], [_, _, n]) => (*bt, *m, *k, *n),
        _ => {
            return Err(format!(
                "expected rank-2 or rank-3 operands (got {a:?} and {b:?})"
            ))
        }
    };
    let spec = KernelSpec::Matmul(MatmulSpec::new(batch, m, n, k, false));
    Ok(single(
        spec,
        vec![Arg::Operand(0), Arg::Operand(1), Arg::Result(0)],
    ))
}

fn linear(sig: &OpSignature) -> Result<OpPlan, String> {
    let (x, w) = (shape(sig, 0)?, shape(sig, 1)?);
    let (k, n) = (*x.last().unwrap_or(&1), w[0]);
    let m = x[..x.len() - 1].iter().product();
    let bias = sig.operands.len() > 2;
    let mut args = vec![Arg::Operand(0), Arg::Operand(1)];
    if bias {
        args.push(Arg::Operand(2));
    }
    args.push(Arg::Result(0));
    Ok(single(
        projection(m, n, k, bias, sig.weight_format()?),
        args,
    ))
}

fn binary(sig: &OpSignature) -> Result<OpPlan, String> {
    let op = if sig.name == "kforge.add" {
        BinaryOp::Add
    } else {
        BinaryOp::Mul
    };
    let spec = KernelSpec::Binary {
        op,
        a: shape(sig, 0)?,
        b: shape(sig, 1)?,
        out: result_shape(sig, 0)?,
    };
    Ok(single(
        spec,
        vec![Arg::Operand(0), Arg::Operand(1), Arg::Result(0)],
    ))
}

fn unary(sig: &OpSignature) -> Result<OpPlan, String> {
    let op = match (sig.name.as_str(), sig.str_attr("approximate")) {
        ("kforge.silu", _) => UnaryOp::Silu,
        (_, Some("none")) => UnaryOp::GeluErf,
        _ => UnaryOp::GeluTanh,
    };
    let len = shape(sig, 0)?.iter().product();
    Ok(single(
        KernelSpec::Unary { op, len },
        vec![Arg::Operand(0), Arg::Result(0)],
    ))
}

fn softmax(sig: &OpSignature) -> Result<OpPlan, String> {
    let x = shape(sig, 0)?;
    let rank = x.len() as i64;
    let axis = sig.int_attr("axis").unwrap_or(-1);
    let axis = if axis < 0 { axis + rank } else { axis };
    if !(0..rank).contains(&axis) {
        return Err(format!("axis ({axis}) out of range for rank {rank}"));
    }
    let a = axis as usize;
    let spec = KernelSpec::Softmax {
        outer: x[..a].iter().product(),
        axis: x[a],
        inner: x[a + 1..].iter().product(),
    };
    Ok(single(spec, vec![Arg::Operand(0), Arg::Result(0)]))
}

fn rms_norm(sig: &OpSignature) -> Result<OpPlan, String> {
    let x = shape(sig, 0)?;
    let dim = *x.last().unwrap_or(&1);
    let spec = KernelSpec::RmsNorm {
        rows: x.iter().product::<usize>() / dim.max(1),
        dim,
        eps: sig.float_attr("epsilon").unwrap_or(1e-5) as f32,
    };
    Ok(single(
        spec,
        vec![Arg::Operand(0), Arg::Operand(1), Arg::Result(0)],
    ))
}

fn layer_norm(sig: &OpSignature) -> Result<OpPlan, String> {
    let x = shape(sig, 0)?;
    let dim = *x.last().unwrap_or(&1);
    let spec = KernelSpec::LayerNorm {
        rows: x.iter().product::<usize>() / dim.max(1),
        dim,
        eps: sig.float_attr("epsilon").unwrap_or(1e-5) as f32,
    };
    let args = vec![
        Arg::Operand(0),
        Arg::Operand(1),
        Arg::Operand(2),
        Arg::Result(0),
    ];
    Ok(single(spec, args))
}

fn rope(sig: &OpSignature) -> Result<OpPlan, String> {
    let x = shape(sig, 0)?;
    let [seq, heads, head_dim] = x[..] else {
        return Err(format!("expected x of rank 3 (got {x:?})"));
    };
    let theta = sig.float_attr("theta").unwrap_or(10000.0) as f32;
    if head_dim == 0 {
        // A no-op: the result is the input.
        return Ok(OpPlan {
            aliases: vec![(0, 0)],
            ..Default::default()
        });
    }
    let table = Arg::RopeTable {
        positions: 1,
        head_dim,
        theta,
    };
    let spec = KernelSpec::Rope {
        seq,
        heads,
        head_dim,
        theta,
    };
    Ok(single(spec, vec![Arg::Operand(0), table, Arg::Result(0)]))
}

fn attention(sig: &OpSignature) -> Result<OpPlan, String> {
    let (q, k) = (shape(sig, 0)?, shape(sig, 1)?);
    let (&[sq, hq, d], &[sk, hkv, _]) = (q.as_slice(), k.as_slice()) else {
        return Err(format!("expected rank-3 q and k (got {q:?} and {k:?})"));
    };
    let causal = sig.int_attr("causal").unwrap_or(0) != 0;
    let scale = sig.float_attr("scale").unwrap_or(1.0 / (d as f64).sqrt()) as f32;
    let with_cache = sig.operands.len() == 6;
    let cache = if with_cache { shape(sig, 3)? } else { vec![] };
    // Rank-4 caches: a batched decode step, one slot and one position per row.
    let per_row = cache.len() == 4;
    let kv_rows = match (with_cache, per_row) {
        (false, _) => sk,
        (true, false) => cache[0],
        (true, true) => cache[1],
    };
    let a = AttentionSpec {
        sq,
        hq,
        hkv,
        d,
        kv_rows,
        causal,
        scale,
        per_row,
    };
    if per_row {
        return Ok(attention_rows(a));
    }
    if !with_cache {
        let params = Arg::AttentionParams {
            position: None,
            add_len: sk as i64,
            add_off: sk as i64 - sq as i64,
        };
        return Ok(single(
            KernelSpec::Attention(a),
            vec![
                Arg::Operand(0),
                Arg::Operand(1),
                Arg::Operand(2),
                Arg::Result(0),
                params,
            ],
        ));
    }
    // The step's keys and values into both caches in one dispatch (decode is bound by dispatches).
    let write = KernelSpec::KvWritePair {
        seq: sk,
        row: hkv * d,
        rows: kv_rows,
    };
    let params = Arg::AttentionParams {
        position: Some(5),
        add_len: sk as i64,
        add_off: 0,
    };
    // A few query rows (a decode step) over a cache: a workgroup per 32-key block, then the merge, so the step
    // fills the GPU across the cache instead of one workgroup per row walking all of it.
    let split = sq * hq <= SPLIT_MAX_ROWS
        && d.is_multiple_of(4)
        && ATTENTION_SPLIT_KEYS.is_multiple_of(d / 4)
        && kv_rows > ATTENTION_SPLIT_KEYS;
    Ok(cached_attention(
        a,
        (write, Arg::Position(5)),
        params,
        split,
    ))
}

/// A cached attention's plan: `write` with its position argument (the step's keys and values, operands 1 and 2,
/// into the caches: results 1 and 2 in place of operands 3 and 4), then the attention of `q` over the caches with
/// `params` — split into key blocks and merged when `split`, else one workgroup per query row.
fn cached_attention(
    a: AttentionSpec,
    (write, position): (KernelSpec, Arg),
    params: Arg,
    split: bool,
) -> OpPlan {
    let rows = a.sq * a.hq;
    let write = kernel(
        write,
        vec![
            Arg::Operand(1),
            Arg::Operand(2),
            Arg::Result(1),
            Arg::Result(2),
            position,
        ],
    );
    let mut args = vec![Arg::Operand(0), Arg::Result(1), Arg::Result(2)];
    let (kernels, temps) = if split {
        let blocks = a.split_blocks();
        args.extend([Arg::Temp(0), params]);
        let combine = KernelSpec::AttentionCombine {
            rows,
            d: a.d,
            blocks,
        };
        (
            vec![
                write,
                kernel(KernelSpec::AttentionSplit(a), args),
                kernel(combine, vec![Arg::Temp(0), Arg::Result(0)]),
            ],
            vec![rows * blocks * (a.d + 4)],
        )
    } else {
        args.extend([Arg::Result(0), params]);
        (vec![write, kernel(KernelSpec::Attention(a), args)], vec![])
    };
    OpPlan {
        kernels,
        temps,
        aliases: vec![(1, 3), (2, 4)],
        ..Default::default()
    }
}

/// A batched decode step's attention: `rows` sequences, row `b`'s key and value into row `position[b]` of slot
/// `b` of the caches, then its query over keys `0..=position[b]` of that slot — split into key blocks and merged
/// where the head dim allows (a row's cache is as long as a one-sequence step's), else one workgroup per query row.
fn attention_rows(a: AttentionSpec) -> OpPlan {
    let (rows, hkv, d, kv_rows) = (a.sq, a.hkv, a.d, a.kv_rows);
    let write = KernelSpec::KvWriteRows {
        batch: rows,
        row: hkv * d,
        rows: kv_rows,
    };
    let split = d.is_multiple_of(4) && ATTENTION_SPLIT_KEYS.is_multiple_of(d / 4);
    cached_attention(a, (write, Arg::Indices(5)), Arg::Indices(5), split)
}

/// Query rows (`sq · hq`) up to which a cached attention is split across key blocks.
const SPLIT_MAX_ROWS: usize = 64;

fn embedding(sig: &OpSignature) -> Result<OpPlan, String> {
    let (ids, table) = (shape(sig, 0)?, shape(sig, 1)?);
    // The row length from the result: a stored table's dims are its bytes.
    let dim = *result_shape(sig, 0)?.last().unwrap_or(&1);
    let spec = KernelSpec::Embedding {
        seq: ids.iter().product(),
        vocab: table[0],
        dim,
        format: sig.weight_format()?,
    };
    Ok(single(
        spec,
        vec![Arg::Indices(0), Arg::Operand(1), Arg::Result(0)],
    ))
}

fn mlp(sig: &OpSignature) -> Result<OpPlan, String> {
    let x = shape(sig, 0)?;
    let d = *x.last().unwrap_or(&1);
    let m: usize = x[..x.len() - 1].iter().product();
    let swiglu = sig.str_attr("activation") != Some("gelu");
    let f = shape(sig, 1)?[0];
    // The hidden activations: no verified type holds m x f, so it is checked here.
    let mf = m
        .checked_mul(f)
        .ok_or_else(|| format!("expected the hidden activations ({m}x{f}) to fit in usize"))?;
    let t = |i| Arg::Temp(i);
    let kernels = if swiglu {
        vec![
            kernel(
                projection(m, f, d, false, WeightFormat::F32),
                vec![Arg::Operand(0), Arg::Operand(1), t(0)],
            ),
            kernel(
                projection(m, f, d, false, WeightFormat::F32),
                vec![Arg::Operand(0), Arg::Operand(2), t(1)],
            ),
            kernel(
                KernelSpec::Unary {
                    op: UnaryOp::Silu,
                    len: mf,
                },
                vec![t(0), t(2)],
            ),
            kernel(
                KernelSpec::Binary {
                    op: BinaryOp::Mul,
                    a: vec![mf],
                    b: vec![mf],
                    out: vec![mf],
                },
                vec![t(2), t(1), t(0)],
            ),
            kernel(
                projection(m, d, f, false, WeightFormat::F32),
                vec![t(0), Arg::Operand(3), Arg::Result(0)],
            ),
        ]
    } else {
        vec![
            kernel(
                projection(m, f, d, false, WeightFormat::F32),
                vec![Arg::Operand(0), Arg::Operand(1), t(0)],
            ),
            kernel(
                KernelSpec::Unary {
                    op: UnaryOp::GeluTanh,
                    len: mf,
                },
                vec![t(0), t(1)],
            ),
            kernel(
                projection(m, d, f, false, WeightFormat::F32),
                vec![t(1), Arg::Operand(2), Arg::Result(0)],
            ),
        ]
    };
    Ok(OpPlan {
        temps: vec![mf; if swiglu { 3 } else { 2 }],
        kernels,
        ..Default::default()
    })
}
