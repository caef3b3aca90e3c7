//! `kforge-fuzz`: fuzzing for kforge on stable Rust, with no tool to install.
//! A mutational fuzzer (seeded, so a run is reproducible) whose feedback is the
//! signature of each outcome (which check rejected the input, or how far it
//! got), with crash isolation in a worker process. See fuzz/README.md.
mod driver;
mod mutate;
mod targets;

use anyhow::{bail, Result};
use clap::{Parser, Subcommand};
use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "kforge-fuzz",
    version,
    about = "Fuzz kforge's readers, front end and tools"
)]
struct Cli {
    #[command(subcommand)]
    command: Cmd,
    /// The repository (seeds come from test/lit, test/corpus, bench/results).
    #[arg(long, global = true, default_value = concat!(env!("CARGO_MANIFEST_DIR"), "/.."))]
    repo: PathBuf,
    /// Folder of the kforge tools (default: this binary's folder).
    #[arg(long, global = true)]
    bin_dir: Option<PathBuf>,
}

#[derive(Subcommand)]
enum Cmd {
    /// Fuzz targets one after the other; exit 1 when any crash was found.
    Run {
        /// Targets (`all`, or names from `kforge-fuzz list`); comma-separated.
        #[arg(long, default_value = "all", value_delimiter = ',')]
        target: Vec<String>,
        /// Seconds per target.
        #[arg(long, default_value_t = 60.0)]
        seconds: f64,
        /// Most runs per target.
        #[arg(long, default_value_t = u64::MAX)]
        runs: u64,
        /// Seed of the mutations (same seed, same inputs).
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Where corpora, crashes and the run log go.
        #[arg(long, default_value = "target/fuzz")]
        out: PathBuf,
    },
    /// Run saved inputs (crashes) through a target once each; exit 1 if any crashes.
    Replay {
        /// Target.
        target: String,
        /// Input files.
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// List the targets.
    List,
    /// Internal: the worker process of a campaign.
    #[command(hide = true)]
    Worker {
        /// Target.
        target: String,
    },
}

fn target_list(names: &[String]) -> Result<Vec<&'static targets::TargetInfo>> {
    if names.iter().any(|n| n == "all") {
        return Ok(targets::TARGETS.iter().collect());
    }
    names
        .iter()
        .map(|n| match targets::find(n) {
            Some(t) => Ok(t),
            None => bail!("unknown target '{n}' (see kforge-fuzz list)"),
        })
        .collect()
}

fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(e) => {
            eprintln!("kforge-fuzz: error: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> Result<bool> {
    let bin_dir = match cli.bin_dir {
        Some(d) => d,
        None => std::env::current_exe()?
            .parent()
            .map(PathBuf::from)
            .unwrap_or_default(),
    };
    let setup = targets::Setup {
        repo: cli.repo,
        bin_dir,
    };
    match cli.command {
        Cmd::List => {
            for t in targets::TARGETS {
                println!("{:<13} {}", t.name, t.about);
            }
            Ok(true)
        }
        Cmd::Worker { target } => {
            let Some(info) = targets::find(&target) else {
                bail!("unknown target '{target}'");
            };
            driver::worker_main(info, &setup)?;
            Ok(true)
        }
        Cmd::Replay { target, files } => {
            let Some(info) = targets::find(&target) else {
                bail!("unknown target '{target}'");
            };
            driver::replay(info, &setup, &files, &std::env::temp_dir())
        }
        Cmd::Run {
            target,
            seconds,
            runs,
            seed,
            out,
        } => {
            let budget = driver::Budget { seconds, runs };
            let mut total_crashes = 0;
            println!(
                "{:<13} {:>8} {:>7} {:>7} {:>6} {:>8} {:>5} {:>8}",
                "target", "runs", "seeds", "corpus", "sigs", "crashes", "slow", "seconds"
            );
            for info in target_list(&target)? {
                let stats = driver::campaign(info, &setup, budget, seed, &out)?;
                println!(
                    "{:<13} {:>8} {:>7} {:>7} {:>6} {:>8} {:>5} {:>8.1}",
                    stats.target,
                    stats.execs,
                    stats.seeds,
                    stats.corpus,
                    stats.signatures,
                    stats.crashes.len(),
                    stats.slow,
                    stats.seconds
                );
                total_crashes += stats.crashes.len();
                log_run(&out, &stats, seed);
            }
            if total_crashes > 0 {
                eprintln!(
                    "kforge-fuzz: {total_crashes} distinct crash(es); inputs in {}/<target>/crashes \
                     (reproduce: kforge-fuzz replay <target> FILE)",
                    out.display()
                );
            }
            Ok(total_crashes == 0)
        }
    }
}

/// Appends one JSON line per campaign to `out/runs.jsonl` (the record of hours run).
fn log_run(out: &std::path::Path, stats: &driver::Stats, seed: u64) {
    let line = serde_json::json!({
        "target": stats.target,
        "seed": seed,
        "runs": stats.execs,
        "seconds": stats.seconds,
        "corpus": stats.corpus,
        "signatures": stats.signatures,
        "crashes": stats.crashes.keys().collect::<Vec<_>>(),
        "slow": stats.slow,
        "unix_time": std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0),
    });
    if let Ok(mut f) = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(out.join("runs.jsonl"))
    {
        let _ = writeln!(f, "{line}");
    }
}
