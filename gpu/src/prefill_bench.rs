//! `kforge-gpu-bench prefill`: a prompt through a decoder's `@prefill` program in one run (batched) and token by
//! token through its `@decode` step, on random weights, wall clock, medians; the two logits compared.

use crate::decoder::{random_weight_as, GpuDecoder};
use crate::error::{GpuError, Result};
use crate::program::{Program, ValueDef};
use crate::runtime::Gpu;
use serde::Serialize;

/// What [`bench_prefill`] measured.
#[derive(Debug, Clone, Serialize)]
pub struct PrefillResult {
    /// Prompt tokens.
    pub tokens: usize,
    /// Kernels of one batched run.
    pub kernels: usize,
    /// Median wall seconds of the batched prefill (one submission, logits of the last token read back).
    pub batched_seconds: f64,
    /// Median wall seconds of the token-by-token prefill (a decode step per token, submitted back to back).
    pub token_seconds: f64,
    /// Prompt tokens per second, batched.
    pub batched_tokens_per_s: f64,
    /// Prompt tokens per second, token by token.
    pub token_tokens_per_s: f64,
    /// Max |batched − token by token| over the last token's logits.
    pub logits_max_diff: f32,
    /// The batched run's kernels by family, `(family, dispatches, ms)` from one timed run, slowest first.
    pub kernel_families: Vec<(String, usize, f64)>,
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// Times `prefill` (a `@prefill` program; its prompt length is its ids input's) against `decode`'s steps, `reps`
/// times each after one warm-up of each.
pub fn bench_prefill(
    gpu: &Gpu,
    decode: Program,
    prefill: Program,
    reps: usize,
) -> Result<PrefillResult> {
    let tokens = match prefill.inputs.first().map(|&v| &prefill.values[v]) {
        Some(ValueDef::Int { len }) => *len,
        _ => {
            return Err(GpuError::Wgpu(format!(
                "program @{} has no ids argument first",
                prefill.name
            )))
        }
    };
    let kernels = prefill.kernel_count();
    let mut d = GpuDecoder::new(gpu, decode, &mut random_weight_as)?;
    let prompt: Vec<u32> = (0..tokens as u32)
        .map(|i| (i * 7919 + 13) % 32000)
        .collect();
    let mut build = |_: usize| Ok(prefill.clone());
    let mut batched = |d: &mut GpuDecoder| -> Result<(f64, Vec<f32>)> {
        d.reset();
        let start = std::time::Instant::now();
        let logits = d.prefill_batched(gpu, &prompt, &mut build)?;
        Ok((start.elapsed().as_secs_f64(), logits))
    };
    let (_, batched_logits) = batched(&mut d)?;
    let batched_times = (0..reps.max(1))
        .map(|_| batched(&mut d).map(|r| r.0))
        .collect::<Result<Vec<_>>>()?;
    let token = |d: &mut GpuDecoder| -> Result<(f64, Vec<f32>)> {
        d.reset();
        let start = std::time::Instant::now();
        let logits = d.prefill(gpu, &prompt)?;
        Ok((start.elapsed().as_secs_f64(), logits))
    };
    let (_, token_logits) = token(&mut d)?;
    let token_times = (0..reps.max(1))
        .map(|_| token(&mut d).map(|r| r.0))
        .collect::<Result<Vec<_>>>()?;
    d.reset();
    let (_, times) = d.prefill_batched_timed(gpu, &prompt, &mut build, true)?;
    let kernel_families = crate::decode_bench::by_family(&times);
    let logits_max_diff = batched_logits
        .iter()
        .zip(&token_logits)
        .map(|(a, b)| (a - b).abs())
        .fold(0.0f32, f32::max);
    let (batched_seconds, token_seconds) = (median(batched_times), median(token_times));
    Ok(PrefillResult {
        tokens,
        kernels,
        batched_seconds,
        token_seconds,
        batched_tokens_per_s: tokens as f64 / batched_seconds,
        token_tokens_per_s: tokens as f64 / token_seconds,
        logits_max_diff,
        kernel_families,
    })
}
