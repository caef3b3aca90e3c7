//! `kforge-serve`: an OpenAI-compatible server for a model folder written by
//! `kforge-import`. Parses flags, loads the model, prints where it listens,
//! and runs `kforge_server` until SIGTERM or Ctrl-C (then finishes the
//! responses in flight and exits).
use anyhow::{bail, Context, Result};
use clap::{Parser, ValueEnum};
use kforge_gpu::runtime::{Gpu, GpuOptions};
use kforge_runtime::generate::{
    BatchDecoder, CpuBatchDecoder, DecoderModel, GpuBatchDecoder, GpuDecoderOptions, ModelFolder,
};
use kforge_runtime::tune::CacheFile;
use kforge_server::http::AppState;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

/// Where the model runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Target {
    /// The JIT-compiled CPU decoder (`@decode_batch`).
    Cpu,
    /// The GPU (`@decode_batch` as resident GPU programs, the KV-cache slots on the device).
    Gpu,
}

/// Command line.
#[derive(Parser, Debug)]
#[command(
    name = "kforge-serve",
    version,
    about = "Serve a kforge model over HTTP with OpenAI's API (chat and text completions, streaming, continuous batching)"
)]
struct Cli {
    /// The model (`model.mlir` of a folder written by kforge-import).
    file: PathBuf,
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1")]
    host: String,
    /// Port to listen on (0: any free port; the one taken is printed).
    #[arg(long, default_value_t = 8080)]
    port: u16,
    /// Where the model runs.
    #[arg(long, value_enum, default_value_t = Target::Cpu)]
    target: Target,
    /// The GPU adapter with --target gpu: `auto`, an index or a name substring (`kforge-run --device list`).
    #[arg(long, value_name = "ADAPTER")]
    device: Option<String>,
    /// Sequences decoded together at most (KV-cache slots).
    #[arg(long, default_value_t = 8, value_parser = clap::value_parser!(u16).range(1..=256))]
    slots: u16,
    /// Tokens per sequence (prompt and completion) at most.
    #[arg(long, default_value_t = 2048)]
    max_context: usize,
    /// Requests that may wait for a slot; more get HTTP 429.
    #[arg(long, default_value_t = 64)]
    queue: usize,
    /// The model's id in the API (default: the model folder's name).
    #[arg(long)]
    model_name: Option<String>,
    /// The autotuner's cache (default: $KFORGE_TUNE_CACHE, else ~/.cache/kforge/tune.json); missing entries are measured and saved
    #[arg(long, value_name = "FILE")]
    tune_cache: Option<PathBuf>,
    /// Run kernels with their default parameters: no autotuning, no tune cache
    #[arg(long, conflicts_with = "tune_cache")]
    no_tune: bool,
}

fn main() -> ExitCode {
    let cli = match kforge_cli::parse::<Cli>() {
        Ok(cli) => cli,
        Err(code) => return code,
    };
    if let Err(code) = kforge_cli::init_isa("kforge-serve") {
        return code;
    }
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("kforge-serve: error: {e:#}");
            ExitCode::from(1)
        }
    }
}

fn run(cli: Cli) -> Result<()> {
    if cli.device.is_some() && cli.target != Target::Gpu {
        bail!("--device names a GPU adapter: it needs --target gpu");
    }
    let (decoder, folder) = match cli.target {
        Target::Cpu => cpu_decoder(&cli)?,
        Target::Gpu => gpu_decoder(&cli)?,
    };
    let model_id = match cli.model_name.clone() {
        Some(name) => name,
        None => folder
            .dir
            .canonicalize()
            .ok()
            .and_then(|d| d.file_name().map(|n| n.to_string_lossy().into_owned()))
            .unwrap_or_else(|| "kforge".into()),
    };
    let (slots, capacity) = (decoder.slots(), decoder.capacity());
    let engine = kforge_server::engine::spawn(decoder, folder.clone(), cli.queue)
        .context("cannot start the engine thread")?;
    let state = Arc::new(AppState::new(engine, folder, model_id.clone()));
    // One thread for HTTP: the model's work runs on the engine thread and rayon's pool.
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    runtime.block_on(async move {
        let address = format!("{}:{}", cli.host, cli.port);
        let listener = tokio::net::TcpListener::bind(&address)
            .await
            .with_context(|| format!("cannot listen on {address}"))?;
        let local = listener.local_addr()?;
        eprintln!(
            "kforge-serve: listening on http://{local} (model '{model_id}', {slots} slots of {capacity} tokens)"
        );
        kforge_server::serve(listener, state, shutdown_signal()).await?;
        eprintln!("kforge-serve: stopped");
        Ok(())
    })
}

/// A served decoder and its model folder.
type Served = (Box<dyn BatchDecoder + Send>, Arc<ModelFolder>);

/// The JIT-compiled model's slots, its kernels tuned for this machine unless `--no-tune`.
fn cpu_decoder(cli: &Cli) -> Result<Served> {
    let model = DecoderModel::load(&cli.file)
        .with_context(|| format!("cannot load {}", cli.file.display()))?;
    if !cli.no_tune {
        tune(cli, &model)?;
    }
    let folder = model.folder.clone();
    let decoder = CpuBatchDecoder::new(model, cli.slots.into(), cli.max_context)?;
    Ok((Box::new(decoder), folder))
}

/// The model's slots on the GPU `--device` names.
fn gpu_decoder(cli: &Cli) -> Result<Served> {
    let folder = ModelFolder::open(&cli.file)
        .with_context(|| format!("cannot load {}", cli.file.display()))?;
    let gpu = Gpu::open(&GpuOptions {
        device: cli.device.clone(),
        unchecked_shaders: false,
    })?;
    eprintln!("kforge-serve: device: {}", gpu.adapter());
    let options = GpuDecoderOptions {
        max_context: cli.max_context,
        fuse: true,
        batched_prefill: true,
    };
    let decoder = GpuBatchDecoder::load(gpu, &folder, cli.slots.into(), options)
        .with_context(|| format!("cannot load {} on the GPU", cli.file.display()))?;
    eprintln!(
        "kforge-serve: @decode_batch on the GPU: {} dispatches per step of {} rows",
        decoder.kernels_per_step(),
        decoder.slots()
    );
    Ok((Box::new(decoder), Arc::new(folder)))
}

/// Makes the kernels use the autotuner's parameters for this machine, as
/// `kforge-run` does ([`CacheFile::tune_cpu`]).
fn tune(cli: &Cli, model: &DecoderModel) -> Result<()> {
    let Some(cache) = CacheFile::choose(cli.tune_cache.as_deref()) else {
        return Ok(());
    };
    let report = cache.tune_cpu(&model.tune_problems()?)?;
    for warning in &report.warnings {
        eprintln!("kforge-serve: warning: {warning}");
    }
    if let Some(summary) = report.summary(&cache.path) {
        eprintln!("kforge-serve: {summary}");
    }
    Ok(())
}

/// SIGTERM or Ctrl-C.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
    eprintln!("kforge-serve: shutting down: finishing the requests in flight");
}
