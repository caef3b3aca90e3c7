//! `--tune-cache` / `--no-tune`: before running, make the kernels use the
//! parameters the autotuner found for this machine (measuring missing ones).
use crate::Cli;
use anyhow::{bail, Context, Result};
use kforge_gpu::runtime::Gpu;
use kforge_runtime::tune::{GpuTuner, Problem, TuneCache, Tuner};
use melior::ir::Module;
use std::path::PathBuf;

/// Tunes `problems` unless `--no-tune`. A cache that does not parse is
/// reported and rebuilt. Without `--tune-cache`, a cache that cannot be
/// written costs a warning (the run goes on with default parameters); with
/// it, an error.
pub fn tune(cli: &Cli, problems: &[Problem]) -> Result<()> {
    if cli.no_tune || problems.is_empty() {
        return Ok(());
    }
    let Some((path, explicit)) = cache_path(cli) else {
        return Ok(());
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

/// The cache file, and whether the user named it.
fn cache_path(cli: &Cli) -> Option<(PathBuf, bool)> {
    match &cli.tune_cache {
        Some(p) => Some((p.clone(), true)),
        None => TuneCache::default_path().map(|p| (p, false)),
    }
}

/// Runs `--kforge-tile-gpu` on `module` with the GPU autotuner's tiles for `gpu` (measured now when missing from
/// the cache); `--no-tune`: the per-shape defaults. As for the CPU ([`tune`]), the cache is opened only when a
/// kernel needs a tile, and its failures cost a warning without `--tune-cache` and are an error with it.
pub fn tile_for_gpu(
    cli: &Cli,
    gpu: &Gpu,
    module: &Module,
    render: &dyn Fn() -> String,
) -> Result<()> {
    // `None` until the first kernel asks; then the tuner, or `None` inside when there is none to use.
    let mut tuner: Option<Option<(GpuTuner, PathBuf, bool)>> = None;
    let start = std::time::Instant::now();
    let mut failure: Option<anyhow::Error> = None;
    let annotated =
        kforge_passes::tile_gpu::annotate(module.as_operation().to_raw(), false, &mut |spec| {
            let opened = tuner.get_or_insert_with(|| open_gpu_tuner(cli, gpu, &mut failure));
            let (t, path, explicit) = opened.as_mut()?;
            match t.tile(gpu, spec) {
                Ok(tile) => Some(tile),
                Err(e) => {
                    let e = anyhow::Error::new(e)
                        .context(format!("cannot use the tune cache '{}'", path.display()));
                    if *explicit {
                        failure.get_or_insert(e);
                    } else {
                        eprintln!("kforge-run: warning: {e:#}; running with default GPU tiles");
                    }
                    *opened = None;
                    None
                }
            }
        });
    if let Some(e) = failure {
        return Err(e);
    }
    if annotated.is_err() {
        bail!("{}", render());
    }
    if let Some(Some((t, path, _))) = &tuner {
        if t.summary().tuned > 0 {
            eprintln!(
                "kforge-run: tuned {} GPU matmul tile{} in {:.1} s (cache '{}')",
                t.summary().tuned,
                if t.summary().tuned == 1 { "" } else { "s" },
                start.elapsed().as_secs_f64(),
                path.display()
            );
        }
    }
    Ok(())
}

/// The GPU tuner of the cache file, unless `--no-tune` or no file is known; an explicit file that cannot be
/// opened goes into `failure`, a default one costs a warning.
fn open_gpu_tuner(
    cli: &Cli,
    gpu: &Gpu,
    failure: &mut Option<anyhow::Error>,
) -> Option<(GpuTuner, PathBuf, bool)> {
    if cli.no_tune {
        return None;
    }
    let (path, explicit) = cache_path(cli)?;
    match GpuTuner::open(&path, gpu) {
        Ok(t) => {
            if let Some(warning) = t.opened().warning(&path) {
                eprintln!("kforge-run: warning: {warning}");
            }
            Some((t, path, explicit))
        }
        Err(e) if !explicit => {
            eprintln!("kforge-run: warning: {e}; running with default GPU tiles");
            None
        }
        Err(e) => {
            failure.get_or_insert(anyhow::Error::new(e).context("cannot use the tune cache"));
            None
        }
    }
}
