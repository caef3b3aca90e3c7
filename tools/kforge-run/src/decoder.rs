//! Decoder mode: generate text from a prompt with a compiled model.
use crate::compare::{self, RemoteEndpoint};
use crate::Cli;
use anyhow::{Context, Result};
use kforge_runtime::generate::chat::{apply_chat_template, Message};
use kforge_runtime::generate::{
    generate, tokenize, DecoderModel, GenerateOptions, SamplingOptions, Session,
};
use std::io::Write;
use std::process::ExitCode;

/// Runs generation and prints text (streamed) and speed, or JSON.
pub fn run(cli: &Cli) -> Result<ExitCode> {
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
    let loaded = if cli.no_fuse {
        DecoderModel::load_unfused(&cli.file)
    } else {
        DecoderModel::load_with_cache(&cli.file, &crate::module_cache(cli))
    };
    let mut model =
        loaded.with_context(|| format!("cannot load the model '{}'", cli.file.display()))?;
    // Decode steps are the hot loop: tune their projections (one row each).
    let projections = kforge_runtime::tune::linear_problems(1, model.projection_shapes());
    crate::tuning::tune(cli, &projections)?;
    let text = if cli.chat {
        let template = model
            .chat_template
            .clone()
            .context("the model has no chat template (tokenizer_config.json)")?;
        let messages = [Message {
            role: "user".into(),
            content: prompt.to_string(),
        }];
        apply_chat_template(&template, &messages, &model.bos_token, &model.eos_token)
            .map_err(anyhow::Error::msg)?
    } else {
        prompt.to_string()
    };
    let ids = match given_ids {
        Some(ids) => ids,
        None => tokenize(&model, &text)?,
    };
    let mut session = Session::new(&model, cli.max_context)?;
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
    if !cli.json {
        let mut stdout = std::io::stdout().lock();
        write!(stdout, "{prompt}")?;
        stdout.flush()?;
    }
    let json = cli.json;
    let result = generate(&mut model, &mut session, &ids, &options, &mut |piece| {
        if !json {
            let mut out = std::io::stdout();
            let _ = write!(out, "{piece}");
            let _ = out.flush();
        }
    })?;
    if let Some(path) = &cli.save_logits {
        let logits = kforge_runtime::reference::Tensor::f32(
            [result.first_logits.len()],
            result.first_logits.clone(),
        )?;
        let named = std::collections::BTreeMap::from([("logits".to_string(), logits)]);
        kforge_runtime::tensor_io::write_tensors(path, &named)?;
    }
    let mut stdout = std::io::stdout().lock();
    if !json {
        writeln!(stdout)?;
        eprintln!(
            "\n[kforge] prompt {} tokens, generated {} | prefill {:.1} tok/s | decode {:.1} tok/s | time to first token {:.0} ms | KV cache {} bytes/token | compile {:.1} s",
            result.prompt_ids.len(),
            result.ids.len(),
            result.prefill_tokens_per_second,
            result.decode_tokens_per_second,
            result.time_to_first_token * 1e3,
            result.kv_cache_bytes_per_token,
            model.compile_seconds
        );
    }
    // The remote side runs after local generation, so the two never compete.
    let remote = remote.map(|endpoint| endpoint.complete(prompt, cli.max_tokens, cli.temperature));
    if json {
        let mut value = serde_json::to_value(&result)?;
        value["compile_seconds"] = model.compile_seconds.into();
        if let Some(times) = model.compile_times() {
            value["compile_stages"] = serde_json::to_value(times)?;
        }
        value["isa"] = kforge_runtime::isa::active().name().into();
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
