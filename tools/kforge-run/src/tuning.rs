//! `--tune-cache` / `--no-tune`: before running, make the kernels use the parameters the autotuner found for this
//! machine (measuring missing ones). The policy lives in the runtime ([`CacheFile`], [`GpuTiles`]); this prints.
use crate::Cli;
use anyhow::Result;
use kforge_gpu::runtime::Gpu;
use kforge_runtime::tune::{CacheFile, GpuTiles, Problem};

/// The cache the flags name (`None` with `--no-tune`, or when no default location is known).
fn cache_file(cli: &Cli) -> Option<CacheFile> {
    if cli.no_tune {
        return None;
    }
    CacheFile::choose(cli.tune_cache.as_deref())
}

/// Tunes the CPU kernels of `problems` unless `--no-tune` ([`CacheFile::tune_cpu`]).
pub fn tune(cli: &Cli, problems: &[Problem]) -> Result<()> {
    let Some(cache) = cache_file(cli) else {
        return Ok(());
    };
    let report = cache.tune_cpu(problems)?;
    for warning in &report.warnings {
        eprintln!("kforge-run: warning: {warning}");
    }
    if let Some(summary) = report.summary(&cache.path) {
        eprintln!("kforge-run: {summary}");
    }
    Ok(())
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
