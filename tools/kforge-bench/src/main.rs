//! `kforge-bench`: benchmark graphs and measurements.
//!
//! `kforge-bench emit-mlir KIND` prints the kforge IR of a benchmark graph
//! (matmul, attention, mlp, layer-norm, block, decoder) built with the IR builder.
//! `kforge-bench matmul --m M --n N --k K` times the compiled `kforge.matmul`
//! against OpenBLAS on the same inputs; `kforge-bench matmul --table` runs the
//! standard shapes.
mod emit;
mod matmul;

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
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("kforge-bench: error: {e:#}");
            ExitCode::from(1)
        }
    }
}

fn run(cli: Cli) -> Result<()> {
    match cli.command {
        Command::EmitMlir(args) => emit::run(&args),
        Command::Matmul(args) => matmul::run(&args),
    }
}
