//! `kforge-bench`: the command line of kforge's benchmark harness
//! (`kforge_bench_harness`, which does the work).
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
use anyhow::{Context, Result};
use clap::{Parser, Subcommand};
use kforge_bench_harness::{diff, emit, fusion, gpu_matmul, matmul, plot, suite};
use std::io::Write;
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
    EmitMlir(emit::Graph),
    /// Time the compiled kforge.matmul against OpenBLAS's sgemm.
    Matmul(matmul::MatmulOptions),
    /// Measure every kernel family and the decoder; write a JSON report.
    Suite(suite::SuiteOptions),
    /// Time each fusion pass on the decoder's shapes, fused vs unfused, and whole decode steps; print a markdown table.
    Fusion(fusion::FusionOptions),
    /// Compare two reports; exit 1 when a case regressed, 2 when they cannot be compared.
    Diff(diff::DiffOptions),
    /// Draw a report (and a baseline) as an SVG: roofline and comparison bars.
    Plot(plot::PlotOptions),
}

fn main() -> ExitCode {
    let cli: Cli = match kforge_cli::parse() {
        Ok(cli) => cli,
        Err(code) => return code,
    };
    // A bad KFORGE_ISA is an error before any work (the kernels choose once).
    if let Err(code) = kforge_cli::init_isa("kforge-bench") {
        return code;
    }
    run(cli)
}

/// `diff` answers with its own status: 1 a regression, 2 an error.
fn run_diff(args: &diff::DiffOptions) -> ExitCode {
    let printed = diff::run(args).and_then(|comparison| {
        print(&diff::render(&comparison, args))?;
        Ok(comparison.regressions())
    });
    match printed {
        Ok(0) => ExitCode::SUCCESS,
        Ok(_) => ExitCode::from(1),
        Err(e) => {
            eprintln!("kforge-bench: error: {e:#}");
            ExitCode::from(2)
        }
    }
}

/// Runs a command: exit 1 on an error; `diff` answers with its own status.
fn run(cli: Cli) -> ExitCode {
    let device = cli.device.as_deref();
    let gpu = cli.target == "gpu";
    let mut out = std::io::stdout().lock();
    let done = match cli.command {
        Command::Matmul(args) if gpu => gpu_matmul::run(&args, device),
        Command::Suite(args) if gpu => suite::gpu::run(&args, device).and_then(|r| print_suite(&args, r)),
        _ if gpu => Err(anyhow::anyhow!(
            "--target gpu runs `matmul` and `suite` only (`diff` and `plot` read GPU reports without it)"
        )),
        Command::Diff(args) => return run_diff(&args),
        Command::EmitMlir(graph) => emit::module_text(&graph).and_then(|text| print(&text)),
        Command::Matmul(args) => matmul::run(&args, &mut out),
        Command::Suite(args) => suite::run(&args).and_then(|r| print_suite(&args, r)),
        Command::Fusion(args) => fusion::run(&args, &mut out),
        Command::Plot(args) => {
            plot::run(&args).and_then(|()| print(&format!("wrote {}\n", args.output.display())))
        }
    };
    match done {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("kforge-bench: error: {e:#}");
            ExitCode::from(1)
        }
    }
}

fn print_suite(args: &suite::SuiteOptions, done: suite::SuiteRun) -> Result<()> {
    print(&format!(
        "{}wrote {} ({} cases in {:.0} s)\n",
        done.summary,
        args.output.display(),
        done.report.cases.len(),
        done.report.wall_seconds
    ))
}

fn print(text: &str) -> Result<()> {
    std::io::stdout()
        .lock()
        .write_all(text.as_bytes())
        .context("cannot write to stdout")
}
