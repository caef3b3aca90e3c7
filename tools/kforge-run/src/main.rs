//! `kforge-run`: execute a kforge module.
//!
//! - **Function mode** (`--entry NAME`): JIT-compile the module for the CPU and
//!   run one function on tensors from a safetensors file (`arg0`, `arg1`, …) or
//!   random ones, optionally checking against the reference interpreter.
//! - **Decoder mode** (`--prompt TEXT`): load a model folder written by
//!   `kforge-import`, compile it once, and generate text with a KV cache;
//!   `--compare-with URL` also asks an OpenAI-compatible endpoint (`compare`).
//! - `--target gpu`: the same two modes on a GPU (`gpu`, `decoder`).
//!
//! Compiling, planning and generating live in the libraries (`kforge_runtime::gpu`,
//! `kforge_runtime::generate`); this parses flags and prints.
mod check;
mod compare;
mod decoder;
mod function;
mod gpu;
mod inputs;
mod perplexity;
mod tuning;
mod values;

use anyhow::{Context, Result};
use clap::Parser;
use std::path::PathBuf;
use std::process::ExitCode;

/// Command line.
#[derive(Parser, Debug)]
#[command(
    name = "kforge-run",
    version,
    about = "Run a kforge module: one function on tensors, or an LLM decoder"
)]
pub struct Cli {
    /// The module (`model.mlir` of a model folder in decoder mode).
    pub file: PathBuf,
    /// Function to run (function mode; default: the only public function).
    #[arg(long)]
    pub entry: Option<String>,
    /// Inputs as safetensors, named arg0, arg1, … (weights by their names).
    #[arg(long, value_name = "FILE")]
    pub inputs: Option<PathBuf>,
    /// Use random inputs (and random weights unless --weights is given).
    #[arg(long)]
    pub random_inputs: bool,
    /// Weights for `kforge.weight` references, as safetensors.
    #[arg(long, value_name = "FILE")]
    pub weights: Option<PathBuf>,
    /// Seed of random inputs (and of sampling in decoder mode).
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
    /// Write results as safetensors (result0, result1, …), atomically.
    #[arg(long, value_name = "FILE")]
    pub outputs: Option<PathBuf>,
    /// Compare with the reference interpreter; exit 1 beyond --tolerance.
    #[arg(long)]
    pub check: bool,
    /// Relative tolerance of --check (max|got − want| / max|want|).
    #[arg(long, default_value_t = 1e-5, value_parser = values::tolerance)]
    pub tolerance: f64,
    /// Print results (up to 64 values each).
    #[arg(long)]
    pub print: bool,

    /// Print the perplexity of this UTF-8 text under the model (decoder
    /// mode, CPU): llama.cpp's definition, chunks of --perplexity-context
    /// tokens, each chunk's second half scored.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["prompt", "prompt_ids"])]
    pub perplexity: Option<PathBuf>,
    /// Tokens per perplexity chunk (llama.cpp's -c; at least 4).
    #[arg(
        long,
        value_name = "TOKENS",
        default_value_t = 512,
        requires = "perplexity"
    )]
    pub perplexity_context: usize,
    /// Generate after this prompt (decoder mode).
    #[arg(long)]
    pub prompt: Option<String>,
    /// Generate after these token ids (comma-separated) instead of a text prompt.
    #[arg(long, value_name = "IDS", conflicts_with = "prompt")]
    pub prompt_ids: Option<String>,
    /// Save the logits after the prompt as safetensors (tensor "logits").
    #[arg(long, value_name = "FILE")]
    pub save_logits: Option<PathBuf>,
    /// Apply the model's chat template to the prompt (a user message).
    #[arg(long)]
    pub chat: bool,
    /// New tokens at most.
    #[arg(long, default_value_t = 64)]
    pub max_tokens: usize,
    /// KV-cache capacity in tokens.
    #[arg(long, default_value_t = 2048)]
    pub max_context: usize,
    /// Sampling temperature (0: greedy; finite, ≥ 0).
    #[arg(long, default_value_t = 0.0, value_parser = values::temperature, allow_negative_numbers = true)]
    pub temperature: f32,
    /// Keep the k most likely tokens (0: all).
    #[arg(long, default_value_t = 0)]
    pub top_k: usize,
    /// Nucleus sampling threshold, in (0, 1] (1: every token).
    #[arg(long, default_value_t = 1.0, value_parser = values::top_p, allow_negative_numbers = true)]
    pub top_p: f32,
    /// Keep generating past the end-of-sequence token.
    #[arg(long)]
    pub ignore_eos: bool,
    /// Print token ids, text and timings as JSON instead of streaming text.
    #[arg(long)]
    pub json: bool,
    /// Also send the prompt to this OpenAI-compatible API (`…/v1`) and print
    /// both answers and speeds; the key is read from KFORGE_API_KEY.
    #[arg(long, value_name = "URL", requires = "prompt")]
    pub compare_with: Option<String>,
    /// Model name sent to --compare-with.
    #[arg(long, value_name = "NAME", requires = "compare_with")]
    pub compare_model: Option<String>,
    /// Seconds the --compare-with request may take in all.
    #[arg(long, value_name = "SECONDS", default_value_t = 60.0)]
    pub compare_timeout: f64,
    /// Compile every time instead of reusing compiled code from the on-disk
    /// cache ($KFORGE_CACHE_DIR, else ~/.cache/kforge/modules).
    #[arg(long)]
    pub no_cache: bool,
    /// Compile without the fusion passes (`--lower-to-cpu-unfused`, like
    /// kforge-opt's `-O0`; decoder mode, never cached; with `--target gpu`,
    /// the decoder's ops planned as written): for comparisons.
    #[arg(long = "no-fuse", visible_alias = "O0")]
    pub no_fuse: bool,
    /// Run kernels with their default parameters: no autotuning, no tune cache.
    #[arg(long)]
    pub no_tune: bool,
    /// The autotuner's cache (default: $KFORGE_TUNE_CACHE, else
    /// ~/.cache/kforge/tune.json); missing entries are measured and saved.
    #[arg(long, value_name = "FILE", conflicts_with = "no_tune")]
    pub tune_cache: Option<PathBuf>,
    /// Worker threads (default: all cores; at most 1024).
    #[arg(long, value_parser = values::threads)]
    pub threads: Option<usize>,
    /// Where to run a function: `cpu` (JIT) or `gpu` (wgpu on Vulkan: each kforge op as WGSL kernels).
    #[arg(long, value_parser = ["cpu", "gpu"], default_value = "cpu")]
    pub target: String,
    /// GPU adapter for --target gpu: `list` prints them; `auto` (default), an index, or a name substring.
    #[arg(long, value_name = "DEVICE")]
    pub device: Option<String>,
    /// With --target gpu: write the `@decode` entry point as a GPU program (JSON, KV capacity --max-context) for
    /// `kforge-gpu-bench decode --program`, and exit.
    #[arg(long, value_name = "FILE")]
    pub gpu_program: Option<PathBuf>,
    /// With --target gpu: feed a prompt token by token through the `@decode` step instead of one run of the
    /// `@prefill` program of its length (matmuls over the prompt's rows).
    #[arg(long)]
    pub gpu_token_prefill: bool,
    /// With --gpu-program: write the `@prefill` entry point for a prompt of this many tokens instead (the batched
    /// prefill `--target gpu` runs; `kforge-gpu-bench prefill --program`).
    #[arg(long, value_name = "TOKENS", requires = "gpu_program", value_parser = clap::value_parser!(u32).range(1..))]
    pub gpu_prefill_len: Option<u32>,
}

fn main() -> ExitCode {
    // `--device list` needs no module file. (Arguments need not be UTF-8:
    // clap reports a text option that is not, and paths may be any bytes.)
    let args: Vec<std::ffi::OsString> = std::env::args_os().skip(1).collect();
    if args == ["--device", "list"] || args == ["--device=list"] {
        return gpu::list_devices().unwrap_or_else(|e| {
            eprintln!("kforge-run: error: {e:#}");
            ExitCode::from(1)
        });
    }
    // `--isa list`: the CPU kernels' ISA variants this machine runs, the
    // default first (`KFORGE_ISA=NAME` picks a lower one).
    if args == ["--isa", "list"] || args == ["--isa=list"] {
        for isa in kforge_runtime::isa::Isa::supported().iter().rev() {
            println!("{isa}");
        }
        return ExitCode::SUCCESS;
    }
    let cli: Cli = match kforge_cli::parse() {
        Ok(cli) => cli,
        Err(code) => return code,
    };
    // A bad KFORGE_ISA is an error before any work (the kernels choose once).
    if let Err(code) = kforge_cli::init_isa("kforge-run") {
        return code;
    }
    match run(&cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("kforge-run: error: {e:#}");
            ExitCode::from(1)
        }
    }
}

fn run(cli: &Cli) -> Result<ExitCode> {
    if let Some(threads) = cli.threads {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build_global()
            .with_context(|| format!("cannot start {threads} worker threads"))?;
    }
    if cli.device.as_deref() == Some("list") {
        return gpu::list_devices();
    }
    let gpu = cli.target == "gpu";
    if let Some(text) = &cli.perplexity {
        return perplexity::run(cli, text);
    }
    if cli.prompt.is_some() || cli.prompt_ids.is_some() || (gpu && cli.gpu_program.is_some()) {
        decoder::run(cli)
    } else if gpu {
        gpu::run(cli)
    } else {
        function::run(cli)
    }
}

/// The compiled-module cache the options ask for.
pub fn module_cache(cli: &Cli) -> kforge_runtime::jit::ModuleCache {
    if cli.no_cache {
        kforge_runtime::jit::ModuleCache::disabled()
    } else {
        kforge_runtime::jit::ModuleCache::default_location()
    }
}
