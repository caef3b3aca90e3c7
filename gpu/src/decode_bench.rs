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
    /// Tokens per second, wall clock of the whole loop (submit, wait, logits read-back, argmax).
    pub tokens_per_s: f64,
    /// Sum of the GPU timestamps of the warm-up token's kernels (one timestamp pair per kernel), milliseconds.
    pub gpu_ms_per_token: f64,
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
    let (h, qd, kvd) = (s.hidden, s.heads * s.head_dim, s.kv_heads * s.head_dim);
    let mut salt = 10;
    let mut weight = |n: usize, scale: f32| {
        salt += 1;
        gpu.upload(&random(n, salt, scale))
    };
    let table = weight(s.vocab * h, 1.0);
    let ones = gpu.upload(&Host::F32(vec![1.0; h]));
    let buf = |n: usize| gpu.zeros(n * 4);
    let (x0, x1, hn) = (buf(h), buf(h), buf(h));
    let (q, k, v, qr, kr, ao, o) = (
        buf(qd),
        buf(kvd),
        buf(kvd),
        buf(qd),
        buf(kvd),
        buf(qd),
        buf(h),
    );
    let (g, u, gs, gu, d) = (
        buf(s.inter),
        buf(s.inter),
        buf(s.inter),
        buf(s.inter),
        buf(h),
    );
    let logits = buf(s.vocab);
    let ids = gpu.upload(&Host::U32(vec![1]));
    let rope_table = buf(s.head_dim);
    let att_params = gpu.upload(&Host::U32(vec![1, 0]));
    let pos_param = gpu.upload(&Host::U32(vec![0]));
    let mut dispatches: Vec<Dispatch> = Vec::new();
    let mut add = |spec: KernelSpec, bufs: &[&GpuBuffer]| -> Result<()> {
        let kernel = crate::wgsl::generate(&spec)?;
        let pipeline = gpu.pipeline(&kernel)?;
        let group = gpu.bind_group(&pipeline, bufs);
        dispatches.push(Dispatch { pipeline, group });
        Ok(())
    };
    let gemv = |n: usize, k: usize| KernelSpec::Gemv {
        m: 1,
        n,
        k,
        bias: false,
    };
    let norm = KernelSpec::RmsNorm {
        rows: 1,
        dim: h,
        eps: 1e-5,
    };
    let rope = |heads: usize| KernelSpec::Rope {
        seq: 1,
        heads,
        head_dim: s.head_dim,
        theta: s.theta,
    };
    let kv_write = KernelSpec::KvWrite {
        seq: 1,
        row: kvd,
        rows: s.context,
    };
    let attention = KernelSpec::Attention(AttentionSpec {
        sq: 1,
        hq: s.heads,
        hkv: s.kv_heads,
        d: s.head_dim,
        kv_rows: s.context,
        causal: true,
        scale: 1.0 / (s.head_dim as f32).sqrt(),
    });
    let addv = KernelSpec::Binary {
        op: BinaryOp::Add,
        a: vec![h],
        b: vec![h],
        out: vec![h],
    };
    let mut caches = Vec::new();
    add(
        KernelSpec::Embedding {
            seq: 1,
            vocab: s.vocab,
            dim: h,
        },
        &[&ids, &table, &x0],
    )?;
    for _ in 0..s.layers {
        let (wq, wk, wv, wo) = (
            weight(qd * h, 0.08),
            weight(kvd * h, 0.08),
            weight(kvd * h, 0.08),
            weight(h * qd, 0.08),
        );
        let (wg, wu, wd) = (
            weight(s.inter * h, 0.08),
            weight(s.inter * h, 0.08),
            weight(h * s.inter, 0.05),
        );
        let (kc, vc) = (buf(s.context * kvd), buf(s.context * kvd));
        add(norm.clone(), &[&x0, &ones, &hn])?;
        add(gemv(qd, h), &[&hn, &wq, &q])?;
        add(gemv(kvd, h), &[&hn, &wk, &k])?;
        add(gemv(kvd, h), &[&hn, &wv, &v])?;
        add(rope(s.heads), &[&q, &rope_table, &qr])?;
        add(rope(s.kv_heads), &[&k, &rope_table, &kr])?;
        add(kv_write.clone(), &[&kr, &kc, &pos_param])?;
        add(kv_write.clone(), &[&v, &vc, &pos_param])?;
        add(attention.clone(), &[&qr, &kc, &vc, &ao, &att_params])?;
        add(gemv(h, qd), &[&ao, &wo, &o])?;
        add(addv.clone(), &[&x0, &o, &x1])?;
        add(norm.clone(), &[&x1, &ones, &hn])?;
        add(gemv(s.inter, h), &[&hn, &wg, &g])?;
        add(gemv(s.inter, h), &[&hn, &wu, &u])?;
        add(
            KernelSpec::Unary {
                op: UnaryOp::Silu,
                len: s.inter,
            },
            &[&g, &gs],
        )?;
        add(
            KernelSpec::Binary {
                op: BinaryOp::Mul,
                a: vec![s.inter],
                b: vec![s.inter],
                out: vec![s.inter],
            },
            &[&gs, &u, &gu],
        )?;
        add(gemv(h, s.inter), &[&gu, &wd, &d])?;
        add(addv.clone(), &[&x1, &d, &x0])?;
        caches.push((wq, wk, wv, wo, wg, wu, wd, kc, vc));
    }
    add(norm.clone(), &[&x0, &ones, &hn])?;
    add(gemv(s.vocab, h), &[&hn, &table, &logits])?;

    let mut token = 1u32;
    let mut generated = Vec::new();
    let mut gpu_ms = 0.0;
    let mut start = std::time::Instant::now();
    for t in 0..=tokens {
        if t == 1 {
            start = std::time::Instant::now(); // token 0 warms up
        }
        let p = t as u32;
        gpu.write(&ids, &Host::U32(vec![token]))?;
        gpu.write(&pos_param, &Host::U32(vec![p]))?;
        gpu.write(&att_params, &Host::U32(vec![p + 1, p]))?;
        gpu.write(
            &rope_table,
            &Host::F32(crate::rope_table::rope_table(
                &[i64::from(p)],
                s.head_dim,
                s.theta,
            )),
        )?;
        let timed = t == 0;
        let mut step = gpu.step(timed, dispatches.len());
        for dsp in &dispatches {
            step.dispatch_bound(&dsp.pipeline, &dsp.group);
        }
        let times = step.finish()?;
        if timed {
            gpu_ms = times.iter().map(|k| k.seconds).sum::<f64>() * 1e3;
        }
        let l = gpu.read_f32(&logits)?;
        token = l
            .iter()
            .enumerate()
            .fold((0usize, f32::NEG_INFINITY), |b, (i, &v)| {
                if v > b.1 {
                    (i, v)
                } else {
                    b
                }
            })
            .0 as u32;
        if t > 0 {
            generated.push(token);
        }
    }
    let secs = start.elapsed().as_secs_f64();
    Ok(DecodeResult {
        tokens,
        kernels_per_token: dispatches.len(),
        source: "hand-built SmolLM2-135M-shaped loop".into(),
        tokens_per_s: tokens as f64 / secs,
        gpu_ms_per_token: gpu_ms,
        ids: generated,
    })
}
