//! `kforge-import SOURCE -o DIR`: a GGUF file (llama architecture) or a Hugging
//! Face folder (`config.json` + `*.safetensors` [+ `tokenizer.json`]) becomes a
//! kforge model folder: `model.mlir` (the decoder as kforge ops, weights by
//! name), `weights.safetensors` (f32, memory-mapped at run time),
//! `tokenizer.json`, `tokenizer_config.json` and `kforge-model.json`.
//!
//! The folder is written whole: into a fresh hidden sibling, renamed into place
//! only when complete, so a failed import leaves a previous one intact. An
//! existing output folder is replaced only when it is empty or a previous import
//! holding nothing but import files (`kforge_frontend::staging`).
use anyhow::Result;
use clap::Parser;
use kforge_abi::weight_format::WeightFormat;
use kforge_frontend::stored::WeightChoice;
use kforge_frontend::{import_gguf_with, import_hf_with, write_gguf_f32};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser, Debug)]
#[command(
    name = "kforge-import",
    version,
    about = "Import a checkpoint into a kforge model folder"
)]
struct Cli {
    /// A `.gguf` file or a Hugging Face model folder.
    source: PathBuf,
    /// Output folder: created, or replaced when it is empty or a previous import
    /// (any other folder is refused).
    #[arg(short, long)]
    output: PathBuf,
    /// Also write the imported weights as an f32 GGUF (for llama.cpp side-by-side runs).
    #[arg(long, value_name = "PATH")]
    export_gguf_f32: Option<PathBuf>,
    /// How matrices are stored: `as-stored` keeps a GGUF's own blocks
    /// (Q8_0, Q4_0, Q4_1, F16, BF16; kforge's kernels read them directly),
    /// a format name converts every matrix to it. Norms stay f32.
    #[arg(long, value_name = "as-stored|f32|f16|bf16|q8_0|q4_0|q4_1", default_value = "f32", value_parser = WeightChoice::parse)]
    weights: WeightChoice,
    /// Print nothing but errors.
    #[arg(short, long)]
    quiet: bool,
}

fn main() -> ExitCode {
    let cli: Cli = match kforge_cli::parse() {
        Ok(cli) => cli,
        Err(code) => return code,
    };
    match run(&cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("kforge-import: error: {e:#}");
            ExitCode::from(1)
        }
    }
}

fn run(cli: &Cli) -> Result<()> {
    let start = std::time::Instant::now();
    // Checked before importing: a failed export after a replaced import would
    // fail the command with the previous import already gone.
    anyhow::ensure!(
        cli.export_gguf_f32.is_none() || !cli.source.is_dir(),
        "--export-gguf-f32 needs a GGUF source: an import of a Hugging Face folder has no GGUF \
         tokenizer metadata to copy (nothing was imported)"
    );
    anyhow::ensure!(
        cli.export_gguf_f32.is_none() || cli.weights == WeightChoice::Convert(WeightFormat::F32),
        "--export-gguf-f32 needs --weights f32 (it writes the imported f32 weights; nothing was imported)"
    );
    let summary = if cli.source.is_dir() {
        let format = match cli.weights {
            WeightChoice::AsStored => WeightFormat::F32,
            WeightChoice::Convert(format) => format,
        };
        import_hf_with(&cli.source, &cli.output, format)?
    } else if cli.source.exists() {
        import_gguf_with(&cli.source, &cli.output, cli.weights)?
    } else {
        anyhow::bail!("'{}' does not exist", cli.source.display());
    };
    let model = &summary.model_path;
    if summary.tokenizer_path.is_none() {
        eprintln!(
            "kforge-import: warning: '{}' has no tokenizer.json: the import has no tokenizer (it runs functions, not prompts)",
            cli.source.display()
        );
    }
    if let Some(path) = &cli.export_gguf_f32 {
        write_gguf_f32(&cli.output, path)?;
    }
    if !cli.quiet {
        let c = &summary.manifest.config;
        println!(
            "imported {} → {} in {:.1} s: {} layers, dim {}, {} heads ({} kv), vocab {}, {:.0} MB of weights ({} projections, {} embeddings); {}",
            cli.source.display(),
            cli.output.display(),
            start.elapsed().as_secs_f64(),
            c.n_layers,
            c.dim,
            c.n_heads,
            c.n_kv_heads,
            c.vocab,
            summary.weights_bytes as f64 / 1e6,
            summary.formats.projections,
            summary.formats.embeddings,
            model.display()
        );
    }
    Ok(())
}
