//! `kforge-gpu-bench`: list adapters and time the GPU matmul kernels (no MLIR linked, so it can be carried to a
//! GPU machine). `kforge-bench --target gpu matmul` runs the same code.

use clap::Parser;
use kforge_gpu::cli::{run, Cli};

fn main() {
    let cli = Cli::parse();
    if let Err(e) = run(&cli) {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}
