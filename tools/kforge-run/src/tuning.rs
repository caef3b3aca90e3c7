//! `--tune-cache` / `--no-tune`: before running, make the kernels use the parameters the autotuner found for this
//! machine (measuring missing ones). The policy lives in the runtime ([`CacheFile`], [`GpuTiles`]); this prints.
use crate::Cli;
use anyhow::{Context, Result};
use kforge_gpu::runtime::Gpu;
use kforge_runtime::tune::{CacheFile, CachedTuner, GpuTiles, Problem, Tuner};

/// The cache the flags name (`None` with `--no-tune`, or when no default location is known).
fn cache_file(cli: &Cli) -> Option<CacheFile> {
    if cli.no_tune {
        return None;
    }
    CacheFile::choose(cli.tune_cache.as_deref())
}

/// Tunes the CPU kernels of `problems` unless `--no-tune`. A cache that does not parse is reported and rebuilt.
/// Without `--tune-cache`, a cache that cannot be written costs a warning (the run goes on with default
/// parameters); with it, an error.
pub fn tune(cli: &Cli, problems: &[Problem]) -> Result<()> {
    let Some(cache) = cache_file(cli).filter(|_| !problems.is_empty()) else {
        return Ok(());
    };
    let path = &cache.path;
    let result = (|| -> Result<()> {
        let mut tuner = Tuner::open(path)?;
        if let Some(warning) = tuner.opened().warning(path) {
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
        Err(e) if !cache.explicit => {
            eprintln!("kforge-run: warning: {e:#}; running with default kernel parameters");
            Ok(())
        }
        other => other.with_context(|| format!("cannot use the tune cache '{}'", path.display())),
    }
}

/// The GPU matmul tiles the flags ask for: the autotuner's for `gpu`, or the per-shape ones with `--no-tune`.
pub fn gpu_tiles<'g>(cli: &Cli, gpu: &'g Gpu) -> GpuTiles<'g> {
    GpuTiles::new(gpu, cache_file(cli))
}

/// Prints the tiles' warnings and what was measured; a named cache that could not be used is an error.
pub fn report_gpu_tiles(mut tiles: GpuTiles) -> Result<()> {
    for warning in tiles.take_warnings() {
        eprintln!("kforge-run: warning: {warning}");
    }
    if let Some(summary) = tiles.finish()? {
        eprintln!("kforge-run: {summary}");
    }
    Ok(())
}
