//! Decoder mode, on either target: the model folder gives the prompt's ids, the runtime builds the backend (the
//! JIT-compiled CPU decoder, or the `@decode` GPU program) and runs the one generation loop
//! (`kforge_runtime::generate::generate`); this streams the text and prints speeds, or JSON.
//!
//! `--target gpu --gpu-program FILE` writes the `@decode` program as JSON instead, for
//! `kforge-gpu-bench decode --program` (the GPU machine gets a binary without MLIR).
use crate::compare::{self, RemoteEndpoint};
use crate::Cli;
use anyhow::{Context, Result};
use kforge_runtime::generate::{
    check_prompt_ids, generate, CpuDecoder, DecoderBackend, DecoderModel, GenerateOptions,
    Generation, GpuDecoderOptions, GpuGenerator, ModelFolder, SamplingOptions,
};
use std::io::Write;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Instant;

/// What the backend adds to the report: JSON fields and the setup part of the summary line.
struct Setup {
    json: serde_json::Map<String, serde_json::Value>,
    summary: String,
}

/// Runs generation and prints text (streamed) and speed, or JSON.
pub fn run(cli: &Cli) -> Result<ExitCode> {
    if let (Some(out), "gpu") = (&cli.gpu_program, cli.target.as_str()) {
        return write_gpu_program(cli, out);
    }
    let prompt = cli.prompt.as_deref().unwrap_or_default();
    let given_ids = cli.prompt_ids.as_deref().map(parse_ids).transpose()?;
    anyhow::ensure!(
        !prompt.is_empty() || given_ids.as_ref().is_some_and(|v| !v.is_empty()),
        "the prompt is empty"
    );
    // Checked before the model is loaded, so that a mistake costs no compile.
    let remote = RemoteEndpoint::from_cli(cli)?;
    if let Some(endpoint) = &remote {
        endpoint.check_reachable()?;
    }
    if cli.target == "gpu" {
        let folder = Arc::new(ModelFolder::open(&cli.file)?);
        let ids = prompt_ids(cli, &folder, given_ids)?;
        let gpu = crate::gpu::open(cli)?;
        let load = Instant::now();
        let options = GpuDecoderOptions {
            max_context: cli.max_context,
            fuse: !cli.no_fuse,
            batched_prefill: !cli.gpu_token_prefill,
        };
        let mut backend = GpuGenerator::load(&gpu, &folder, options)?;
        let kernels = backend.kernels_per_token();
        let load_seconds = load.elapsed().as_secs_f64();
        if !cli.json {
            eprintln!(
                "[kforge] {} · {kernels} kernels per token in one command buffer",
                gpu.adapter()
            );
        }
        let mut json = serde_json::Map::new();
        json.insert("device".into(), gpu.adapter().to_string().into());
        json.insert("load_seconds".into(), load_seconds.into());
        json.insert("kernels_per_token".into(), kernels.into());
        let summary = format!("load {load_seconds:.1} s (GPU, prompt fed token by token)");
        let setup = Setup { json, summary };
        return report(cli, &mut backend, &folder, &ids, remote, setup);
    }
    let loaded = if cli.no_fuse {
        DecoderModel::load_unfused(&cli.file)
    } else {
        DecoderModel::load_with_cache(&cli.file, &crate::module_cache(cli))
    };
    let model =
        loaded.with_context(|| format!("cannot load the model '{}'", cli.file.display()))?;
    // Decode steps are the hot loop: tune their projections (one row each).
    crate::tuning::tune(cli, &model.tune_problems()?)?;
    let folder = model.folder.clone();
    let ids = prompt_ids(cli, &folder, given_ids)?;
    let mut json = serde_json::Map::new();
    json.insert("compile_seconds".into(), model.compile_seconds.into());
    if let Some(times) = model.compile_times() {
        json.insert("compile_stages".into(), serde_json::to_value(times)?);
    }
    json.insert("isa".into(), kforge_runtime::isa::active().name().into());
    let summary = format!("compile {:.1} s", model.compile_seconds);
    let mut backend = CpuDecoder::new(model, cli.max_context)?;
    report(
        cli,
        &mut backend,
        &folder,
        &ids,
        remote,
        Setup { json, summary },
    )
}

/// The ids to generate after: `--prompt-ids`, else the prompt (in the chat template with `--chat`) tokenized;
/// checked against the vocabulary before any backend is built.
fn prompt_ids(cli: &Cli, folder: &ModelFolder, given: Option<Vec<u32>>) -> Result<Vec<u32>> {
    let ids = match given {
        Some(ids) => ids,
        None => {
            let prompt = cli.prompt.as_deref().unwrap_or_default();
            let text = if cli.chat {
                folder.chat_prompt(prompt)?
            } else {
                prompt.to_string()
            };
            folder.encode(&text)?
        }
    };
    check_prompt_ids(folder.config(), &ids)?;
    Ok(ids)
}

/// Generates with `backend`, streaming text unless `--json`, then prints the summary (or JSON) and the remote
/// comparison.
fn report(
    cli: &Cli,
    backend: &mut dyn DecoderBackend,
    folder: &ModelFolder,
    ids: &[u32],
    remote: Option<RemoteEndpoint>,
    setup: Setup,
) -> Result<ExitCode> {
    let prompt = cli.prompt.as_deref().unwrap_or_default();
    let options = GenerateOptions {
        max_tokens: cli.max_tokens,
        sampling: SamplingOptions {
            temperature: cli.temperature,
            top_k: cli.top_k,
            top_p: cli.top_p,
            seed: cli.seed,
        },
        stop_at_eos: !cli.ignore_eos,
    };
    let json = cli.json;
    if !json {
        let mut stdout = std::io::stdout().lock();
        write!(stdout, "{prompt}")?;
        stdout.flush()?;
    }
    let result = generate(backend, folder, ids, &options, &mut |piece| {
        if !json {
            let mut out = std::io::stdout();
            let _ = write!(out, "{piece}");
            let _ = out.flush();
        }
    })?;
    if let Some(path) = &cli.save_logits {
        save_logits(path, &result)?;
    }
    let mut stdout = std::io::stdout().lock();
    if !json {
        writeln!(stdout)?;
        eprintln!(
            "\n[kforge] prompt {} tokens, generated {} | prefill {:.1} tok/s | decode {:.1} tok/s | time to first token {:.0} ms | KV cache {} bytes/token | {}",
            result.prompt_ids.len(),
            result.ids.len(),
            result.prefill_tokens_per_second,
            result.decode_tokens_per_second,
            result.time_to_first_token * 1e3,
            result.kv_cache_bytes_per_token,
            setup.summary
        );
    }
    // The remote side runs after local generation, so the two never compete.
    let remote = remote.map(|endpoint| endpoint.complete(prompt, cli.max_tokens, cli.temperature));
    if json {
        let mut value = serde_json::to_value(&result)?;
        for (key, v) in setup.json {
            value[key] = v;
        }
        if let Some(outcome) = &remote {
            value["remote"] = compare::remote_json(outcome);
        }
        writeln!(stdout, "{}", serde_json::to_string_pretty(&value)?)?;
    } else if let Some(Ok(answer)) = &remote {
        compare::print_side_by_side(&mut stdout, &result, answer, cli.chat)?;
    }
    stdout.flush()?;
    match remote {
        Some(Err(e)) => Err(e.into()),
        _ => Ok(ExitCode::SUCCESS),
    }
}

/// `--save-logits`: the logits after the prompt as safetensors.
fn save_logits(path: &std::path::Path, result: &Generation) -> Result<()> {
    let logits = kforge_runtime::reference::Tensor::f32(
        [result.first_logits.len()],
        result.first_logits.clone(),
    )?;
    let named = std::collections::BTreeMap::from([("logits".to_string(), logits)]);
    kforge_runtime::tensor_io::write_tensors(path, &named)?;
    Ok(())
}

/// `--gpu-program FILE`: the `@decode` program (or with `--gpu-prefill-len N` the `@prefill` program of an N-token
/// prompt) for a KV cache of `--max-context` rows, as JSON, written whole (temporary sibling, rename).
fn write_gpu_program(cli: &Cli, out: &std::path::Path) -> Result<ExitCode> {
    let model = kforge_runtime::gpu::ModelSource::read(&cli.file)?;
    let prompt = cli.gpu_prefill_len.map(|n| n as usize);
    let program =
        kforge_runtime::gpu::decoder_program(&model, cli.max_context, prompt, !cli.no_fuse)?;
    kforge_files::write_atomically(out, serde_json::to_string(&program)?.as_bytes())
        .with_context(|| format!("cannot write '{}'", out.display()))?;
    eprintln!(
        "[kforge] @{}: {} ops, {} kernels per run, KV capacity {} → {}",
        program.name,
        program.ops.len(),
        program.kernel_count(),
        cli.max_context,
        out.display()
    );
    Ok(ExitCode::SUCCESS)
}

/// `"504, 3575,282"` → ids.
pub(crate) fn parse_ids(text: &str) -> Result<Vec<u32>> {
    text.split(',')
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(|t| {
            t.parse::<u32>()
                .with_context(|| format!("--prompt-ids: '{t}' is not a token id"))
        })
        .collect()
}
