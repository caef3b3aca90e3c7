//! `--tune-cache` / `--no-tune`: before running, make the kernels use the
//! parameters the autotuner found for this machine (measuring missing ones).
use crate::Cli;
use anyhow::{Context, Result};
use kforge_runtime::tune::{Problem, TuneCache, Tuner};

/// Tunes `problems` unless `--no-tune`. A cache that does not parse is
/// reported and rebuilt. Without `--tune-cache`, a cache that cannot be
/// written costs a warning (the run goes on with default parameters); with
/// it, an error.
pub fn tune(cli: &Cli, problems: &[Problem]) -> Result<()> {
    if cli.no_tune || problems.is_empty() {
        return Ok(());
    }
    let (path, explicit) = match &cli.tune_cache {
        Some(p) => (p.clone(), true),
        None => match TuneCache::default_path() {
            Some(p) => (p, false),
            None => return Ok(()),
        },
    };
    let result = (|| -> Result<()> {
        let mut tuner = Tuner::open(&path)?;
        if let Some(warning) = tuner.opened().warning(&path) {
            eprintln!("kforge-run: warning: {warning}");
        }
        let start = std::time::Instant::now();
        let summary = tuner.tune(problems)?;
        if summary.tuned > 0 {
            eprintln!(
                "kforge-run: tuned {} kernel shape{} in {:.1} s (cache '{}')",
                summary.tuned,
                if summary.tuned == 1 { "" } else { "s" },
                start.elapsed().as_secs_f64(),
                path.display()
            );
        }
        Ok(())
    })();
    match result {
        Err(e) if !explicit => {
            eprintln!("kforge-run: warning: {e:#}; running with default kernel parameters");
            Ok(())
        }
        other => other.with_context(|| format!("cannot use the tune cache '{}'", path.display())),
    }
}
