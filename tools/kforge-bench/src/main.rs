//! `kforge-bench`: benchmark graphs and measurements.
//!
//! `kforge-bench emit-mlir KIND` prints the kforge IR of a benchmark graph
//! (matmul, attention, mlp, layer-norm, block, decoder) built with the IR builder.
//! `kforge-bench matmul --m M --n N --k K` times the compiled `kforge.matmul`
//! against OpenBLAS on the same inputs; `kforge-bench matmul --table` runs the
//! standard shapes. `kforge-bench suite` measures every kernel family and the
//! decoder into a JSON report (`--target gpu suite`: kforge-gpu's matmuls and
//! the decoder on a Vulkan adapter), `diff` compares two reports (exit 1 on a
//! regression), `plot` draws one as an SVG roofline and comparison bars.
//! `kforge-bench fusion` times each fusion pass fused vs unfused on the
//! decoder's shapes and prints a markdown table.
mod diff;
mod emit;
mod fusion;
mod gpu_tile;
mod machine;
mod matmul;
mod measure;
mod peak;
mod plot;
mod report;
mod suite;
mod values;

use anyhow::Result;
use clap::{Parser, Subcommand};
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "kforge-bench",
    version,
    about = "kforge benchmarks and reports"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Where `matmul` and `suite` run: `cpu` (compiled kforge kernels, OpenBLAS and llama.cpp beside them) or
    /// `gpu` (kforge-gpu's f32 and f16 cooperative-matrix kernels and the decoder program, timed with GPU
    /// timestamps; `matmul` is the same code as `kforge-gpu-bench matmul`).
    #[arg(long, global = true, value_parser = ["cpu", "gpu"], default_value = "cpu")]
    target: String,
    /// GPU adapter for --target gpu: `auto`, an index, or a name substring.
    #[arg(long, global = true)]
    device: Option<String>,
}

#[derive(Subcommand)]
enum Command {
    /// Print the kforge IR of a benchmark graph.
    EmitMlir(emit::EmitArgs),
    /// Time the compiled kforge.matmul against OpenBLAS's sgemm.
    Matmul(matmul::MatmulArgs),
    /// Measure every kernel family and the decoder; write a JSON report.
    Suite(suite::SuiteArgs),
    /// Time each fusion pass on the decoder's shapes, fused vs unfused, and whole decode steps; print a markdown table.
    Fusion(fusion::FusionArgs),
    /// Compare two reports; exit 1 when a case regressed, 2 when they cannot be compared.
    Diff(diff::DiffArgs),
    /// Draw a report (and a baseline) as an SVG: roofline and comparison bars.
    Plot(plot::PlotArgs),
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    // A bad KFORGE_ISA is an error before any work (the kernels choose once).
    if let Err(e) = kforge_runtime::isa::init_from_env() {
        eprintln!("kforge-bench: error: {e}");
        return ExitCode::from(1);
    }
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("kforge-bench: error: {e:#}");
            ExitCode::from(1)
        }
    }
}

/// Runs a command; `diff` answers with its own status (1: regression, 2: error).
fn run(cli: Cli) -> Result<ExitCode> {
    if cli.target == "gpu" {
        let args = match &cli.command {
            Command::Matmul(args) => args,
            Command::Suite(args) => {
                suite::gpu::run(args, cli.device.as_deref())?;
                return Ok(ExitCode::SUCCESS);
            }
            _ => anyhow::bail!(
                "--target gpu runs `matmul` and `suite` only (`diff` and `plot` read GPU reports without it)"
            ),
        };
        let (m, n, k) = args
            .shape()
            .ok_or_else(|| anyhow::anyhow!("--target gpu matmul needs --m, --n and --k"))?;
        let tile = gpu_tile::tuned(args, cli.device.as_deref(), (m, n, k))?;
        kforge_gpu::cli::matmul(&kforge_gpu::cli::MatmulArgs {
            m,
            n,
            k,
            dtype: kforge_gpu::cli::Dtype::All,
            reps: args.repeats().max(10),
            device: cli.device.clone(),
            sweep: false,
            tiles: Vec::new(),
            tile,
            tune: false,
            checked: false,
            json: None,
        })?;
        return Ok(ExitCode::SUCCESS);
    }
    let done = match cli.command {
        Command::EmitMlir(args) => emit::run(&args),
        Command::Matmul(args) => matmul::run(&args),
        Command::Suite(args) => suite::run(&args),
        Command::Fusion(args) => fusion::run(&args),
        Command::Plot(args) => plot::run(&args),
        Command::Diff(args) => {
            return Ok(diff::run(&args).unwrap_or_else(|e| {
                eprintln!("kforge-bench: error: {e:#}");
                ExitCode::from(2)
            }))
        }
    };
    done.map(|()| ExitCode::SUCCESS)
}
