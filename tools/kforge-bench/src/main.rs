//! `kforge-bench`: benchmark graphs and measurements.
//!
//! `kforge-bench emit-mlir KIND` prints the kforge IR of a benchmark graph
//! (matmul, attention, mlp, layer-norm, block, decoder) built with the IR builder.
//! `kforge-bench matmul --m M --n N --k K` times the compiled `kforge.matmul`
//! against OpenBLAS on the same inputs; `kforge-bench matmul --table` runs the
//! standard shapes. `kforge-bench suite` measures every kernel family and the
//! decoder into a JSON report, `diff` compares two reports (exit 1 on a
//! regression), `plot` draws one as an SVG roofline and comparison bars.
mod diff;
mod emit;
mod machine;
mod matmul;
mod measure;
mod peak;
mod plot;
mod report;
mod suite;

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
}

#[derive(Subcommand)]
enum Command {
    /// Print the kforge IR of a benchmark graph.
    EmitMlir(emit::EmitArgs),
    /// Time the compiled kforge.matmul against OpenBLAS's sgemm.
    Matmul(matmul::MatmulArgs),
    /// Measure every kernel family and the decoder; write a JSON report.
    Suite(suite::SuiteArgs),
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
    let done = match cli.command {
        Command::EmitMlir(args) => emit::run(&args),
        Command::Matmul(args) => matmul::run(&args),
        Command::Suite(args) => suite::run(&args),
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
