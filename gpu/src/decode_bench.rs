//! A synthetic decode loop of a llama-shaped model (SmolLM2-135M by default) on kforge-gpu's kernels: random
//! weights, the KV cache resident on the device, every kernel of a token's step recorded into one command buffer
//! with bind groups made once, greedy sampling on the host from the read-back logits.
//!
//! This measures the kernels and the runtime at a real model's shapes. It is built from kernel specs directly,
//! not from `model.mlir`; [`crate::decoder::bench_program`] times the real decoder path (`--program`).

use crate::error::Result;
use crate::runtime::{Gpu, GpuBuffer, Host, Pipeline};
use crate::spec::{AttentionSpec, BinaryOp, KernelSpec, UnaryOp};
use serde::Serialize;
use std::sync::Arc;

/// Shapes of a llama-style decoder.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct DecoderShape {
    /// Layers.
    pub layers: usize,
    /// Hidden size.
    pub hidden: usize,
    /// MLP size.
    pub inter: usize,
    /// Query heads.
    pub heads: usize,
    /// Key/value heads.
    pub kv_heads: usize,
    /// Head dim.
    pub head_dim: usize,
    /// Vocabulary (the LM head is the tied embedding).
    pub vocab: usize,
    /// KV-cache rows.
    pub context: usize,
    /// RoPE θ.
    pub theta: f32,
}

impl DecoderShape {
    /// SmolLM2-135M.
    pub const SMOLLM2_135M: DecoderShape = DecoderShape {
        layers: 30,
        hidden: 576,
        inter: 1536,
        heads: 9,
        kv_heads: 3,
        head_dim: 64,
        vocab: 49152,
        context: 1024,
        theta: 100_000.0,
    };
}

/// What the loop measured.
#[derive(Debug, Clone, Serialize)]
pub struct DecodeResult {
    /// What ran: the hand-built loop, or a `model.mlir` program.
    pub source: String,
    /// Tokens generated (after one warm-up token).
    pub tokens: usize,
    /// Dispatches per token.
    pub kernels_per_token: usize,
    /// Tokens per second, wall clock of the whole loop (for a program: greedy with the argmax on the device, one
    /// step in flight ahead of the host; for the hand-built loop: submit, wait, logits read-back, argmax).
    pub tokens_per_s: f64,
    /// A program's loop with the argmax on the host (submit, wait, logits read-back, argmax per token).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tokens_per_s_host_argmax: Option<f64>,
    /// Sum of the GPU timestamps of the warm-up token's kernels (one timestamp pair per kernel), milliseconds.
    pub gpu_ms_per_token: f64,
    /// A program's kernels by family (name up to its sizes) in one timed step after the loop, at the position
    /// the loop reached: `(family, dispatches, milliseconds)`, slowest first.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub kernel_families: Vec<(String, usize, f64)>,
    /// The generated ids (deterministic for the seed-free random weights).
    pub ids: Vec<u32>,
}

struct Dispatch {
    pipeline: Arc<Pipeline>,
    group: wgpu::BindGroup,
}

fn random(n: usize, salt: u64, scale: f32) -> Host {
    Host::F32(
        crate::bench::bench_input(n, salt)
            .into_iter()
            .map(|v| v * scale)
            .collect(),
    )
}

/// Runs `tokens` greedy decode steps from token 1.
pub fn bench_decode(gpu: &Gpu, s: &DecoderShape, tokens: usize) -> Result<DecodeResult> {
    let mut weights = RandomWeights { gpu, salt: 10 };
    let table = weights.next(s.vocab * s.hidden, 1.0);
    let a = Activations::new(gpu, s);
    let k = LayerKernels::of(s);
    let mut rec = Recorder {
        gpu,
        dispatches: Vec::new(),
    };
    rec.add(
        KernelSpec::Embedding {
            seq: 1,
            vocab: s.vocab,
            dim: s.hidden,
            format: crate::WeightFormat::F32,
        },
        &[&a.ids, &table, &a.x0],
    )?;
    // Each layer's weights and KV caches, kept alive with the bind groups that read them.
    let mut layers = Vec::new();
    for _ in 0..s.layers {
        layers.push(record_layer(&mut rec, &mut weights, s, &k, &a)?);
    }
    rec.add(k.norm.clone(), &[&a.x0, &a.ones, &a.hn])?;
    rec.add(gemv(s.vocab, s.hidden), &[&a.hn, &table, &a.logits])?;
    let run = greedy_decode(gpu, s, &a, &rec.dispatches, tokens)?;
    Ok(DecodeResult {
        tokens,
        kernels_per_token: rec.dispatches.len(),
        source: "hand-built SmolLM2-135M-shaped loop".into(),
        tokens_per_s: tokens as f64 / run.secs,
        tokens_per_s_host_argmax: None,
        kernel_families: Vec::new(),
        gpu_ms_per_token: run.gpu_ms,
        ids: run.ids,
    })
}

/// Uploads of [`random`] weights, each with the next salt.
struct RandomWeights<'g> {
    gpu: &'g Gpu,
    salt: u64,
}

impl RandomWeights<'_> {
    /// `n` random values times `scale`, uploaded.
    fn next(&mut self, n: usize, scale: f32) -> GpuBuffer {
        self.salt += 1;
        self.gpu.upload(&random(n, self.salt, scale))
    }
}

/// The buffers one token's step reads and writes, shared by every layer.
struct Activations {
    /// The RMSNorm weight (all ones).
    ones: GpuBuffer,
    // The residual stream, before and after a layer's attention.
    x0: GpuBuffer,
    x1: GpuBuffer,
    /// The normalized residual.
    hn: GpuBuffer,
    // Attention: projections, rotated q and k, attention output, output projection.
    q: GpuBuffer,
    k: GpuBuffer,
    v: GpuBuffer,
    qr: GpuBuffer,
    kr: GpuBuffer,
    ao: GpuBuffer,
    o: GpuBuffer,
    // MLP: gate, up, silu(gate), silu(gate)·up, down.
    g: GpuBuffer,
    u: GpuBuffer,
    gs: GpuBuffer,
    gu: GpuBuffer,
    d: GpuBuffer,
    /// The LM head's output.
    logits: GpuBuffer,
    // Host-written per token: the input id, the RoPE row, attention params `[kv_len, q_off]`, the position.
    ids: GpuBuffer,
    rope_table: GpuBuffer,
    att_params: GpuBuffer,
    pos_param: GpuBuffer,
}

impl Activations {
    /// Zeroed buffers at `s`'s sizes (the ids and params at token 0).
    fn new(gpu: &Gpu, s: &DecoderShape) -> Activations {
        let (h, qd, kvd) = (s.hidden, s.heads * s.head_dim, s.kv_heads * s.head_dim);
        let buf = |n: usize| gpu.zeros(n * 4);
        Activations {
            ones: gpu.upload(&Host::F32(vec![1.0; h])),
            x0: buf(h),
            x1: buf(h),
            hn: buf(h),
            q: buf(qd),
            k: buf(kvd),
            v: buf(kvd),
            qr: buf(qd),
            kr: buf(kvd),
            ao: buf(qd),
            o: buf(h),
            g: buf(s.inter),
            u: buf(s.inter),
            gs: buf(s.inter),
            gu: buf(s.inter),
            d: buf(h),
            logits: buf(s.vocab),
            ids: gpu.upload(&Host::U32(vec![1])),
            rope_table: buf(s.head_dim),
            att_params: gpu.upload(&Host::U32(vec![1, 0])),
            pos_param: gpu.upload(&Host::U32(vec![0])),
        }
    }
}

/// The specs of a layer's kernels other than its projections ([`gemv`]).
struct LayerKernels {
    norm: KernelSpec,
    rope_q: KernelSpec,
    rope_k: KernelSpec,
    kv_write: KernelSpec,
    attention: KernelSpec,
    add: KernelSpec,
    silu: KernelSpec,
    mul: KernelSpec,
}

impl LayerKernels {
    /// The kernels of a layer of `s`, for one token.
    fn of(s: &DecoderShape) -> LayerKernels {
        let h = s.hidden;
        let rope = |heads: usize| KernelSpec::Rope {
            seq: 1,
            heads,
            head_dim: s.head_dim,
            theta: s.theta,
        };
        let elementwise = |op: BinaryOp, n: usize| KernelSpec::Binary {
            op,
            a: vec![n],
            b: vec![n],
            out: vec![n],
        };
        LayerKernels {
            norm: KernelSpec::RmsNorm {
                rows: 1,
                dim: h,
                eps: 1e-5,
            },
            rope_q: rope(s.heads),
            rope_k: rope(s.kv_heads),
            kv_write: KernelSpec::KvWrite {
                seq: 1,
                row: s.kv_heads * s.head_dim,
                rows: s.context,
            },
            attention: KernelSpec::Attention(AttentionSpec {
                sq: 1,
                hq: s.heads,
                hkv: s.kv_heads,
                d: s.head_dim,
                kv_rows: s.context,
                causal: true,
                scale: 1.0 / (s.head_dim as f32).sqrt(),
                per_row: false,
            }),
            add: elementwise(BinaryOp::Add, h),
            silu: KernelSpec::Unary {
                op: UnaryOp::Silu,
                len: s.inter,
            },
            mul: elementwise(BinaryOp::Mul, s.inter),
        }
    }
}

/// A one-row projection `[1, k] · [n, k]ᵀ`.
fn gemv(n: usize, k: usize) -> KernelSpec {
    KernelSpec::Gemv {
        m: 1,
        n,
        k,
        bias: false,
        format: crate::WeightFormat::F32,
    }
}

/// Kernels recorded in order, each with its bind group.
struct Recorder<'g> {
    gpu: &'g Gpu,
    dispatches: Vec<Dispatch>,
}

impl Recorder<'_> {
    /// Generates `spec`, makes its pipeline and binds `bufs`.
    fn add(&mut self, spec: KernelSpec, bufs: &[&GpuBuffer]) -> Result<()> {
        let kernel = self.gpu.kernel(&spec)?;
        let pipeline = self.gpu.pipeline(&kernel)?;
        let group = self.gpu.bind_group(&pipeline, bufs);
        self.dispatches.push(Dispatch { pipeline, group });
        Ok(())
    }
}

/// Records one decoder layer on new random weights and KV caches, which it returns.
fn record_layer(
    rec: &mut Recorder,
    weights: &mut RandomWeights,
    s: &DecoderShape,
    k: &LayerKernels,
    a: &Activations,
) -> Result<Vec<GpuBuffer>> {
    let (h, qd, kvd) = (s.hidden, s.heads * s.head_dim, s.kv_heads * s.head_dim);
    let (wq, wk, wv, wo) = (
        weights.next(qd * h, 0.08),
        weights.next(kvd * h, 0.08),
        weights.next(kvd * h, 0.08),
        weights.next(h * qd, 0.08),
    );
    let (wg, wu, wd) = (
        weights.next(s.inter * h, 0.08),
        weights.next(s.inter * h, 0.08),
        weights.next(h * s.inter, 0.05),
    );
    let (kc, vc) = (
        rec.gpu.zeros(s.context * kvd * 4),
        rec.gpu.zeros(s.context * kvd * 4),
    );
    rec.add(k.norm.clone(), &[&a.x0, &a.ones, &a.hn])?;
    rec.add(gemv(qd, h), &[&a.hn, &wq, &a.q])?;
    rec.add(gemv(kvd, h), &[&a.hn, &wk, &a.k])?;
    rec.add(gemv(kvd, h), &[&a.hn, &wv, &a.v])?;
    rec.add(k.rope_q.clone(), &[&a.q, &a.rope_table, &a.qr])?;
    rec.add(k.rope_k.clone(), &[&a.k, &a.rope_table, &a.kr])?;
    rec.add(k.kv_write.clone(), &[&a.kr, &kc, &a.pos_param])?;
    rec.add(k.kv_write.clone(), &[&a.v, &vc, &a.pos_param])?;
    rec.add(
        k.attention.clone(),
        &[&a.qr, &kc, &vc, &a.ao, &a.att_params],
    )?;
    rec.add(gemv(h, qd), &[&a.ao, &wo, &a.o])?;
    rec.add(k.add.clone(), &[&a.x0, &a.o, &a.x1])?;
    rec.add(k.norm.clone(), &[&a.x1, &a.ones, &a.hn])?;
    rec.add(gemv(s.inter, h), &[&a.hn, &wg, &a.g])?;
    rec.add(gemv(s.inter, h), &[&a.hn, &wu, &a.u])?;
    rec.add(k.silu.clone(), &[&a.g, &a.gs])?;
    rec.add(k.mul.clone(), &[&a.gs, &a.u, &a.gu])?;
    rec.add(gemv(h, s.inter), &[&a.gu, &wd, &a.d])?;
    rec.add(k.add.clone(), &[&a.x1, &a.d, &a.x0])?;
    Ok(vec![wq, wk, wv, wo, wg, wu, wd, kc, vc])
}

/// What the token loop measured.
struct DecodeRun {
    /// The generated ids.
    ids: Vec<u32>,
    /// GPU milliseconds of the warm-up token.
    gpu_ms: f64,
    /// Wall seconds of the timed tokens.
    secs: f64,
}

/// Decodes a warm-up token (GPU-timed) and then `tokens` timed ones greedily from token 1: each step writes
/// the host tables, submits every dispatch in one command buffer and picks the argmax of the read-back logits.
fn greedy_decode(
    gpu: &Gpu,
    s: &DecoderShape,
    a: &Activations,
    dispatches: &[Dispatch],
    tokens: usize,
) -> Result<DecodeRun> {
    let mut token = 1u32;
    let mut ids = Vec::new();
    let mut gpu_ms = 0.0;
    let mut start = std::time::Instant::now();
    for t in 0..=tokens {
        if t == 1 {
            start = std::time::Instant::now(); // token 0 warms up
        }
        let p = t as u32;
        gpu.write(&a.ids, &Host::U32(vec![token]))?;
        gpu.write(&a.pos_param, &Host::U32(vec![p]))?;
        gpu.write(&a.att_params, &Host::U32(vec![p + 1, p]))?;
        gpu.write(
            &a.rope_table,
            &Host::F32(crate::rope_table::rope_table(
                &[i64::from(p)],
                s.head_dim,
                s.theta,
            )),
        )?;
        let timed = t == 0;
        let mut step = gpu.step(timed, dispatches.len());
        for dsp in dispatches {
            step.dispatch_bound(&dsp.pipeline, &dsp.group);
        }
        let times = step.finish()?;
        if timed {
            gpu_ms = times.iter().map(|k| k.seconds).sum::<f64>() * 1e3;
        }
        token = argmax(&gpu.read_f32(&a.logits)?);
        if t > 0 {
            ids.push(token);
        }
    }
    Ok(DecodeRun {
        ids,
        gpu_ms,
        secs: start.elapsed().as_secs_f64(),
    })
}

/// The index of the first largest value (0 when none is above −∞).
/// The index of the largest value (the first of equal ones), as the host's greedy loops pick.
pub(crate) fn argmax(v: &[f32]) -> u32 {
    v.iter()
        .enumerate()
        .fold((0usize, f32::NEG_INFINITY), |b, (i, &v)| {
            if v > b.1 {
                (i, v)
            } else {
                b
            }
        })
        .0 as u32
}

/// Sums kernel times by family: a kernel's name up to its first part that starts with a digit
/// (`gemv_1x576x576_add` → `gemv`), slowest family first.
pub fn by_family(times: &[crate::runtime::KernelTime]) -> Vec<(String, usize, f64)> {
    let mut families: Vec<(String, usize, f64)> = Vec::new();
    for t in times {
        let family = t
            .name
            .split('_')
            .take_while(|p| !p.starts_with(|c: char| c.is_ascii_digit()))
            .collect::<Vec<_>>()
            .join("_");
        match families.iter_mut().find(|f| f.0 == family) {
            Some(f) => {
                f.1 += 1;
                f.2 += t.seconds * 1e3;
            }
            None => families.push((family, 1, t.seconds * 1e3)),
        }
    }
    families.sort_by(|a, b| b.2.total_cmp(&a.2));
    families
}
