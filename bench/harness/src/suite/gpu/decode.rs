//! The decoder case of the GPU suite: SmolLM2's `@decode` as the GPU program
//! `kforge-run --target gpu` runs (`kforge_runtime::generate::GpuGenerator`, the
//! kforge fusions on), resident with the real weights, timed per token.
use super::{decoder, measured, skipped, GpuCase, GpuRun};
use crate::measure::Latency;
use crate::report::{Case, Outcome};
use anyhow::{bail, Result};
use kforge_runtime::generate::sampling::argmax;
use kforge_runtime::generate::{DecoderBackend, GpuDecoderOptions, GpuGenerator, ModelFolder};
use std::collections::BTreeMap;
use std::path::Path;
use std::time::Instant;

/// The SmolLM2 decode step on the GPU: the program `kforge-run --target gpu`
/// runs, the real weights, the prompt fed token by token, then greedy steps
/// timed one by one by the wall clock (what a user waits for: one command
/// buffer, submit, wait, logits read-back, argmax), and a few more with GPU
/// timestamps per kernel for the kernel time of a token.
pub(super) fn decode_case(spec: GpuCase, ctx: GpuRun, model_dir: &Path) -> Result<Case> {
    let GpuRun { gpu, plan, peak } = ctx;
    let mlir = model_dir.join("model.mlir");
    if !mlir.exists() {
        return Ok(skipped(
            spec,
            BTreeMap::new(),
            format!(
                "{} is missing (scripts/fetch-model.sh, then kforge-import models/smollm2-135m-instruct/model.gguf -o {})",
                mlir.display(),
                model_dir.display()
            ),
        ));
    }
    let folder = ModelFolder::open(&mlir)?;
    let cfg = folder.config();
    let prompt = folder.encode(decoder::PROMPT)?;
    if let Some(&bad) = prompt.iter().find(|&&t| t as usize >= cfg.vocab) {
        bail!(
            "prompt token {bad} is outside the vocabulary [0, {})",
            cfg.vocab
        );
    }
    let warm_up = 2;
    let steps = plan.decode_steps.max(1);
    let capacity = prompt.len() + warm_up + steps + plan.decode_timestamp_steps + 8;
    anyhow::ensure!(
        capacity <= cfg.max_context,
        "{capacity} tokens exceed the model's context of {}",
        cfg.max_context
    );
    let options = GpuDecoderOptions {
        max_context: capacity,
        fuse: true,
        batched_prefill: true,
    };
    let mut d = GpuGenerator::load(gpu, &folder, options)?;
    let step = |d: &mut GpuGenerator, token: u32, timed: bool| -> Result<(u32, f64)> {
        let (logits, times) = if timed {
            d.step_timed(token)?
        } else {
            (d.step(token)?, Vec::new())
        };
        if let Some(i) = logits.iter().position(|x| !x.is_finite()) {
            bail!(
                "logit {i} of the step at position {} is {}",
                d.position() - 1,
                logits[i]
            );
        }
        Ok((
            argmax(&logits),
            times.iter().map(|t| t.seconds).sum::<f64>() * 1e3,
        ))
    };
    let mut token = 0;
    for &id in &prompt {
        token = step(&mut d, id, false)?.0;
    }
    for _ in 0..warm_up {
        token = step(&mut d, token, false)?.0;
    }
    let mut wall_ms = Vec::with_capacity(steps);
    for _ in 0..steps {
        let t = Instant::now();
        token = step(&mut d, token, false)?.0;
        wall_ms.push(t.elapsed().as_secs_f64() * 1e3);
    }
    let mut kernel_ms = Vec::new();
    for _ in 0..plan.decode_timestamp_steps {
        let (next, ms) = step(&mut d, token, true)?;
        token = next;
        kernel_ms.push(ms);
    }
    let kernel_time = Latency::of_ms(&mut kernel_ms);
    let latency = Latency::of_ms(&mut wall_ms);
    // The context each timed step attends over, on average.
    let mean_context = (prompt.len() + warm_up) as f64 + steps as f64 / 2.0;
    let (flops, bytes) = decoder::step_cost(model_dir, cfg, mean_context);
    let mut result = measured(flops, bytes, latency, peak, None);
    result.timing = Some(decode_timing(&kernel_time));
    Ok(Case {
        name: spec.name(),
        kind: spec.kind().into(),
        params: BTreeMap::from([
            ("prompt_tokens".into(), prompt.len() as u64),
            ("steps".into(), steps as u64),
            ("kernels_per_token".into(), d.kernels_per_token() as u64),
            ("kv_capacity".into(), capacity as u64),
        ]),
        flops,
        bytes,
        result: Outcome::Measured(result),
        control: None,
        reference: None,
    })
}

/// How the decode case was timed.
fn decode_timing(kernel_time: &Latency) -> String {
    if kernel_time.samples > 0 && kernel_time.median_ms > 0.0 {
        format!(
        "wall clock per token: one command buffer (one compute pass) per step, submit, wait, logits \
         read-back, argmax; GPU timestamps per kernel (a pass each) of {} further token{}: median {:.3} ms \
         of kernel time per token",
        kernel_time.samples,
        if kernel_time.samples == 1 { "" } else { "s" },
        kernel_time.median_ms
    )
    } else {
        "wall clock per token: one command buffer (one compute pass) per step, submit, wait, logits \
     read-back, argmax (no GPU timestamps on this adapter)"
        .to_string()
    }
}
