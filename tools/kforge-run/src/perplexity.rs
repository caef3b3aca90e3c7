//! Perplexity mode (`--perplexity FILE`): the text's tokens scored by the
//! decoder in chunks of `--perplexity-context` (llama.cpp's definition,
//! `kforge_runtime::generate::perplexity`), with a progress bar.
use crate::Cli;
use anyhow::{Context, Result};
use kforge_runtime::generate::{perplexity, CpuDecoder, DecoderModel};
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

/// Texts larger than this are refused (the tokens are held in memory).
const MAX_TEXT_BYTES: u64 = 64 << 20;

/// Reads `path` as UTF-8 text, with the error a user can act on.
fn read_text(path: &Path) -> Result<String> {
    let bytes = kforge_runtime::files::read_regular_file(path, MAX_TEXT_BYTES)
        .with_context(|| format!("cannot read the text '{}'", path.display()))?
        .with_context(|| format!("the text '{}' is not a regular file", path.display()))?;
    String::from_utf8(bytes).map_err(|e| {
        anyhow::anyhow!(
            "the text '{}' is not UTF-8 (invalid byte at offset {})",
            path.display(),
            e.utf8_error().valid_up_to()
        )
    })
}

/// Prints the perplexity of the text (or JSON).
pub fn run(cli: &Cli, text_path: &Path) -> Result<ExitCode> {
    anyhow::ensure!(
        cli.target == "cpu",
        "--perplexity runs on the CPU only for now (got --target {})",
        cli.target
    );
    let text = read_text(text_path)?;
    let context = cli.perplexity_context;
    let model = DecoderModel::load_with_cache(&cli.file, &crate::module_cache(cli))
        .with_context(|| format!("cannot load the model '{}'", cli.file.display()))?;
    let tokens = model.folder.encode(&text)?;
    let mut backend = CpuDecoder::new(model, cli.max_context.max(context))?;
    let bar = indicatif::ProgressBar::new(0).with_style(
        indicatif::ProgressStyle::with_template("perplexity {bar:30} {pos}/{len} chunks {eta}")
            .expect("a valid template"),
    );
    if cli.json {
        bar.set_draw_target(indicatif::ProgressDrawTarget::hidden());
    }
    let start = Instant::now();
    let result = perplexity(&mut backend, &tokens, context, |done, total| {
        bar.set_length(total as u64);
        bar.set_position(done as u64);
    })?;
    bar.finish_and_clear();
    let seconds = start.elapsed().as_secs_f64();
    if cli.json {
        let v = serde_json::json!({
            "perplexity": result.perplexity,
            "tokens": tokens.len(),
            "scored": result.scored,
            "chunks": result.chunks,
            "context": context,
            "running": result.running,
            "seconds": seconds,
            "isa": kforge_runtime::isa::active().name(),
        });
        println!("{}", serde_json::to_string_pretty(&v)?);
    } else {
        println!(
            "perplexity {:.4} over {} scored tokens ({} chunks of {context}, {} tokens in the text) in {seconds:.1} s",
            result.perplexity,
            result.scored,
            result.chunks,
            tokens.len()
        );
    }
    Ok(ExitCode::SUCCESS)
}
