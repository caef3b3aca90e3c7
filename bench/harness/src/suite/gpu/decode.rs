//! The decoder case of the GPU suite: SmolLM2's `@decode` as the GPU program
//! `kforge-run --target gpu` runs, resident with the real weights, timed per
//! token.
use super::{decoder, measured, skipped, GpuCase, GpuPlan};
use crate::measure::Latency;
use crate::report::{Case, Outcome, Peak};
use anyhow::{anyhow, bail, Context, Result};
use kforge_gpu::decoder::GpuDecoder;
use kforge_gpu::program::Program;
use kforge_gpu::runtime::Gpu;
use kforge_gpu::GpuError;
use kforge_runtime::generate::sampling::argmax;
use kforge_runtime::generate::ModelConfig;
use kforge_runtime::tensor_io::TensorFile;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// `kforge-run`, built next to this binary (or `$KFORGE_RUN`): it turns
/// `model.mlir`'s `@decode` into the GPU program `kforge-run --target gpu`
/// runs (`--gpu-program`), so the suite times exactly that mapping.
fn kforge_run_binary() -> Result<PathBuf> {
    if let Some(path) = std::env::var_os("KFORGE_RUN") {
        return Ok(PathBuf::from(path));
    }
    let exe = std::env::current_exe().context("cannot locate kforge-bench's own binary")?;
    let dir = exe.parent().unwrap_or(Path::new("."));
    let candidates = [dir.join("kforge-run"), dir.join("../kforge-run")];
    candidates
        .iter()
        .find(|p| p.is_file())
        .cloned()
        .ok_or_else(|| {
            anyhow!(
                "kforge-run is not built next to kforge-bench ({}): `cargo build -p kforge-run` (the GPU decoder \
                 program comes from `kforge-run --target gpu --gpu-program`), or set KFORGE_RUN",
                dir.display()
            )
        })
}

/// The ids of `text` by looking its words up in `tokenizer.json`'s BPE
/// vocabulary (`Ġ` marks a leading space), where each word is one token, as
/// every word of [`decoder::PROMPT`] is in SmolLM2's vocabulary.
fn prompt_ids(tokenizer_json: &str, text: &str) -> Result<Vec<u32>> {
    let value: serde_json::Value =
        serde_json::from_str(tokenizer_json).context("tokenizer.json is not JSON")?;
    let vocab = value["model"]["vocab"]
        .as_object()
        .context("tokenizer.json has no BPE vocabulary (model.vocab)")?;
    text.split(' ')
        .enumerate()
        .map(|(i, word)| {
            let token = if i == 0 {
                word.to_string()
            } else {
                format!("\u{120}{word}")
            };
            vocab
                .get(&token)
                .and_then(serde_json::Value::as_u64)
                .map(|id| id as u32)
                .ok_or_else(|| {
                    anyhow!("the prompt word {word:?} is not one token of tokenizer.json")
                })
        })
        .collect()
}

/// The model's manifest configuration (`kforge-model.json`).
fn model_config(dir: &Path) -> Result<ModelConfig> {
    let path = dir.join("kforge-model.json");
    let text = std::fs::read_to_string(&path)
        .with_context(|| format!("cannot read {}", path.display()))?;
    let value: serde_json::Value =
        serde_json::from_str(&text).with_context(|| format!("{} is not JSON", path.display()))?;
    serde_json::from_value(value["config"].clone())
        .with_context(|| format!("{}: not a kforge model manifest", path.display()))
}

/// `model.mlir`'s `@decode` as a GPU program for `capacity` cached tokens,
/// written by `kforge-run --target gpu --gpu-program`.
fn decode_program(mlir: &Path, capacity: usize) -> Result<Program> {
    let run = kforge_run_binary()?;
    let file = std::env::temp_dir().join(format!(
        "kforge-bench-decode-program-{}.json",
        std::process::id()
    ));
    let out = Command::new(&run)
        .arg(mlir)
        .args(["--target", "gpu", "--gpu-program"])
        .arg(&file)
        .args(["--max-context", &capacity.to_string()])
        .output()
        .with_context(|| format!("cannot run {}", run.display()))?;
    let text = std::fs::read_to_string(&file);
    let _ = std::fs::remove_file(&file);
    if !out.status.success() {
        bail!(
            "{} --gpu-program failed ({}): {}",
            run.display(),
            out.status,
            String::from_utf8_lossy(&out.stderr).trim()
        );
    }
    let text = text.with_context(|| format!("kforge-run wrote no {}", file.display()))?;
    Ok(Program::from_json(&text)?)
}

/// The SmolLM2 decode step on the GPU: the program `kforge-run --target gpu`
/// runs, the real weights, the prompt fed token by token, then greedy steps
/// timed one by one by the wall clock (what a user waits for: one command
/// buffer, submit, wait, logits read-back, argmax), and a few more with GPU
/// timestamps per kernel for the kernel time of a token.
pub(super) fn decode_case(
    spec: GpuCase,
    gpu: &Gpu,
    plan: &GpuPlan,
    peak: &Peak,
    model_dir: &Path,
) -> Result<Case> {
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
    if let Err(e) = kforge_run_binary() {
        return Ok(skipped(spec, BTreeMap::new(), format!("{e:#}")));
    }
    let cfg = model_config(model_dir)?;
    let tokenizer = model_dir.join("tokenizer.json");
    let prompt = prompt_ids(
        &std::fs::read_to_string(&tokenizer)
            .with_context(|| format!("cannot read {}", tokenizer.display()))?,
        decoder::PROMPT,
    )?;
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
    let program = decode_program(&mlir, capacity)?;
    let mut d = resident_decoder(gpu, program, model_dir)?;
    let step = |d: &mut GpuDecoder, token: u32, timed: bool| -> Result<(u32, f64)> {
        let (logits, times) = d.step(gpu, token, timed)?;
        if let Some(i) = logits.iter().position(|x| !x.is_finite()) {
            bail!(
                "logit {i} of the step at position {} is {}",
                d.position - 1,
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
    let (flops, bytes) = decoder::step_cost(model_dir, &cfg, mean_context);
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

/// The decoder `program` resident on `gpu` with the model folder's weights.
fn resident_decoder(gpu: &Gpu, program: Program, model_dir: &Path) -> Result<GpuDecoder> {
    let weights_path = model_dir.join("weights.safetensors");
    let weights = TensorFile::open(&weights_path)?;
    let wrap = GpuError::Wgpu;
    Ok(GpuDecoder::new(gpu, program, &mut |name, shape| {
        let t = weights
            .get(name)
            .map_err(|e| wrap(e.to_string()))?
            .ok_or_else(|| {
                wrap(format!(
                    "weight '{name}' is missing from {}",
                    weights_path.display()
                ))
            })?;
        if t.shape() != shape {
            return Err(wrap(format!(
                "weight '{name}' has shape {:?}, the model expects {shape:?}",
                t.shape()
            )));
        }
        t.into_f32_vec().map_err(|e| wrap(e.to_string()))
    })?)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prompt_words_are_looked_up_in_the_vocabulary() {
        let json = r#"{"model": {"vocab": {"The": 504, "\u0120capital": 3575, "\u0120of": 282}}}"#;
        assert_eq!(
            prompt_ids(json, "The capital of").unwrap(),
            [504, 3575, 282]
        );
        let e = prompt_ids(json, "The capital of France").unwrap_err();
        assert!(format!("{e}").contains("\"France\""), "{e}");
        assert!(prompt_ids("{}", "The").is_err());
    }
}
