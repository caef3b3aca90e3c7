//! `--target gpu` decoder mode: `model.mlir --prompt …` generates on the GPU. The `@decode` entry point becomes a
//! [`kforge_gpu::program::Program`] (the same op → kernel mapping as function mode), weights are uploaded once,
//! the KV caches stay on the device and each token is one command buffer whose only read-back is the logits.
//! The prompt is fed token by token through `@decode` (no dynamic-S prefill on the GPU yet).
//!
//! `--gpu-program FILE` writes the program as JSON instead, for `kforge-gpu-bench decode --program` (the GPU
//! machine gets a binary without MLIR).

use crate::Cli;
use anyhow::{bail, Context, Result};
use kforge_dialect::source::{parse_module, DiagnosticCollector};
use kforge_gpu::decoder::GpuDecoder;
use kforge_gpu::runtime::{Gpu, GpuOptions};
use kforge_runtime::generate::chat::{apply_chat_template, Message};
use kforge_runtime::generate::{Generation, ModelConfig, Sampler, SamplingOptions};
use kforge_runtime::tensor_io::TensorFile;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

/// Builds the `@decode` program of `model_mlir` for a KV cache of `capacity`
/// rows, after the kforge-level fusions (as `--lower-to-gpu` runs them)
/// unless `fuse` is off (`--no-fuse`): SmolLM2's step then takes 334 kernels
/// instead of 544, with the same ids.
pub fn decode_program(
    model_mlir: &Path,
    capacity: usize,
    fuse: bool,
) -> Result<kforge_gpu::program::Program> {
    let path = model_mlir.display().to_string();
    let source =
        std::fs::read_to_string(model_mlir).with_context(|| format!("cannot read '{path}'"))?;
    let context = kforge_dialect::create_context();
    let collector = DiagnosticCollector::attach(&context);
    let render = |collector: &DiagnosticCollector| {
        let d: Vec<String> = collector
            .take()
            .iter()
            .map(|d| d.render(Some(&source)))
            .collect();
        d.join("\n")
    };
    let mut module =
        parse_module(&context, &source, &path, 1).with_context(|| render(&collector))?;
    if fuse {
        let pm = kforge_passes::build_pass_manager(
            &context,
            &kforge_passes::pipeline::kforge_fusions(),
        )?;
        if pm.run(&mut module).is_err() {
            bail!("{path}: the fusion passes failed: {}", render(&collector));
        }
    }
    crate::gpu_program::build(&module, "decode", capacity)
}

fn read_json(dir: &Path, name: &str) -> Result<serde_json::Value> {
    let path = dir.join(name);
    let text = std::fs::read_to_string(&path)
        .with_context(|| format!("cannot read '{}'", path.display()))?;
    serde_json::from_str(&text).with_context(|| format!("'{}' is not JSON", path.display()))
}

/// Runs decoder mode on the GPU (or writes the program with `--gpu-program`).
pub fn run(cli: &Cli) -> Result<ExitCode> {
    if let Some(out) = &cli.gpu_program {
        let program = decode_program(&cli.file, cli.max_context, !cli.no_fuse)?;
        std::fs::write(out, serde_json::to_string(&program)?)
            .with_context(|| format!("cannot write '{}'", out.display()))?;
        eprintln!(
            "[kforge] @decode: {} ops, {} kernels per token, KV capacity {} → {}",
            program.ops.len(),
            program.kernel_count(),
            cli.max_context,
            out.display()
        );
        return Ok(ExitCode::SUCCESS);
    }
    let dir = cli.file.parent().unwrap_or(Path::new(".")).to_path_buf();
    let config: ModelConfig =
        serde_json::from_value(read_json(&dir, "kforge-model.json")?["config"].clone())
            .context("kforge-model.json: not a kforge model manifest")?;
    if cli.max_context == 0 || cli.max_context > config.max_context {
        bail!(
            "--max-context must be within [1, {}], got {}",
            config.max_context,
            cli.max_context
        );
    }
    let tokenizer = tokenizers::Tokenizer::from_file(dir.join("tokenizer.json"))
        .map_err(|e| anyhow::anyhow!("{}: {e}", dir.join("tokenizer.json").display()))?;
    let prompt = cli.prompt.as_deref().unwrap_or_default();
    let ids: Vec<u32> = match &cli.prompt_ids {
        Some(text) => crate::decoder::parse_ids(text)?,
        None => {
            let text = if cli.chat {
                let tc = read_json(&dir, "tokenizer_config.json")?;
                let s = |k: &str| tc[k].as_str().unwrap_or_default().to_string();
                let template = tc["chat_template"]
                    .as_str()
                    .context("the model has no chat template")?;
                let m = [Message {
                    role: "user".into(),
                    content: prompt.to_string(),
                }];
                apply_chat_template(template, &m, &s("bos_token"), &s("eos_token"))
                    .map_err(anyhow::Error::msg)?
            } else {
                prompt.to_string()
            };
            tokenizer
                .encode(text, false)
                .map_err(|e| anyhow::anyhow!("tokenizer: {e}"))?
                .get_ids()
                .to_vec()
        }
    };
    anyhow::ensure!(!ids.is_empty(), "the prompt is empty");
    if let Some(&bad) = ids.iter().find(|&&t| t as usize >= config.vocab) {
        bail!(
            "token id {bad} is outside the vocabulary [0, {})",
            config.vocab
        );
    }
    let gpu = Gpu::open(&GpuOptions {
        device: cli.device.clone(),
        unchecked_shaders: false,
    })?;
    let load = Instant::now();
    let program = decode_program(&cli.file, cli.max_context, !cli.no_fuse)?;
    let weights_path = dir.join("weights.safetensors");
    let weights = TensorFile::open(&weights_path)?;
    let mut decoder = GpuDecoder::new(&gpu, program, &mut |name, shape| {
        let t = weights
            .get(name)
            .map_err(|e| kforge_gpu::GpuError::Wgpu(e.to_string()))?
            .ok_or_else(|| {
                kforge_gpu::GpuError::Wgpu(format!(
                    "weight '{name}' is missing from {}",
                    weights_path.display()
                ))
            })?;
        if t.shape() != shape {
            return Err(kforge_gpu::GpuError::Wgpu(format!(
                "weight '{name}' has shape {:?}, the model expects {shape:?}",
                t.shape()
            )));
        }
        t.into_f32_vec()
            .map_err(|e| kforge_gpu::GpuError::Wgpu(e.to_string()))
    })?;
    let load_seconds = load.elapsed().as_secs_f64();
    if !cli.json {
        eprintln!(
            "[kforge] {} · {} kernels per token in one command buffer",
            gpu.adapter(),
            decoder.kernels_per_token()
        );
        print!("{prompt}");
        std::io::stdout().flush()?;
    }
    let g = generate(cli, &gpu, &mut decoder, &tokenizer, &ids, &config)?;
    if let Some(path) = &cli.save_logits {
        let logits =
            kforge_runtime::reference::Tensor::f32([g.first_logits.len()], g.first_logits.clone())?;
        let named = std::collections::BTreeMap::from([("logits".to_string(), logits)]);
        kforge_runtime::tensor_io::write_tensors(path, &named)?;
    }
    let mut stdout = std::io::stdout().lock();
    if cli.json {
        let mut value = serde_json::to_value(&g)?;
        value["device"] = gpu.adapter().to_string().into();
        value["load_seconds"] = load_seconds.into();
        value["kernels_per_token"] = decoder.kernels_per_token().into();
        writeln!(stdout, "{}", serde_json::to_string_pretty(&value)?)?;
    } else {
        writeln!(stdout)?;
        eprintln!(
            "\n[kforge] GPU: prompt {} tokens (one by one), generated {} | prefill {:.1} tok/s | decode {:.1} tok/s | time to first token {:.0} ms | load {:.1} s",
            g.prompt_ids.len(), g.ids.len(), g.prefill_tokens_per_second, g.decode_tokens_per_second,
            g.time_to_first_token * 1e3, load_seconds
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// Prefill (token by token) and decode, streaming text unless `--json`.
fn generate(
    cli: &Cli,
    gpu: &Gpu,
    decoder: &mut GpuDecoder,
    tokenizer: &tokenizers::Tokenizer,
    prompt_ids: &[u32],
    config: &ModelConfig,
) -> Result<Generation> {
    if prompt_ids.len() > decoder.capacity() {
        bail!(
            "{} tokens do not fit the context of {} (raise --max-context)",
            prompt_ids.len(),
            decoder.capacity()
        );
    }
    let mut sampler = Sampler::new(SamplingOptions {
        temperature: cli.temperature,
        top_k: cli.top_k,
        top_p: cli.top_p,
        seed: cli.seed,
    });
    let start = Instant::now();
    let mut logits = Vec::new();
    for &t in prompt_ids {
        logits = decoder.step(gpu, t, false)?.0;
    }
    let prefill_seconds = start.elapsed().as_secs_f64();
    let first_logits = logits.clone();
    let (mut ids, mut emitted) = (Vec::<u32>::new(), String::new());
    let decode_start = Instant::now();
    let mut time_to_first_token = prefill_seconds;
    let decode = |ids: &[u32]| {
        tokenizer
            .decode(ids, true)
            .map_err(|e| anyhow::anyhow!("tokenizer: {e}"))
    };
    while ids.len() < cli.max_tokens {
        let next = sampler.sample(&logits);
        if ids.is_empty() {
            time_to_first_token = start.elapsed().as_secs_f64();
        }
        ids.push(next);
        let text = decode(&ids)?;
        if !cli.json
            && text.len() > emitted.len()
            && !text.ends_with('\u{FFFD}')
            && text.starts_with(&emitted)
        {
            print!("{}", &text[emitted.len()..]);
            std::io::stdout().flush()?;
            emitted = text;
        }
        if (!cli.ignore_eos && Some(next) == config.eos_id)
            || ids.len() == cli.max_tokens
            || decoder.position >= decoder.capacity()
        {
            break;
        }
        logits = decoder.step(gpu, next, false)?.0;
    }
    let decode_seconds = decode_start.elapsed().as_secs_f64();
    let text = decode(&ids)?;
    if !cli.json && text.len() > emitted.len() && text.starts_with(&emitted) {
        print!("{}", &text[emitted.len()..]);
    }
    let decoded = ids.len().saturating_sub(1);
    Ok(Generation {
        prompt_ids: prompt_ids.to_vec(),
        prefill_tokens_per_second: prompt_ids.len() as f64 / prefill_seconds.max(1e-9),
        decode_tokens_per_second: decoded as f64 / decode_seconds.max(1e-9),
        ids,
        text,
        prefill_seconds,
        decode_seconds,
        time_to_first_token,
        kv_cache_bytes_per_token: 2 * config.n_layers * config.n_kv_heads * config.head_dim * 4,
        first_logits,
    })
}
