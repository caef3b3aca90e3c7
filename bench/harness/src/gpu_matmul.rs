//! `kforge-bench --target gpu matmul`: kforge-gpu's f32 and f16 cooperative-matrix matmuls timed with GPU
//! timestamps (the same code as `kforge-gpu-bench matmul`). The f32 tile is the GPU autotuner's
//! (`kforge_runtime::tune::GpuTuner`, the same cache file as the CPU's), measured first when missing;
//! `--no-tune`: the per-shape default.
use crate::matmul::MatmulOptions;
use anyhow::{Context, Result};
use kforge_gpu::runtime::{Gpu, GpuOptions};
use kforge_gpu::{MatmulSpec, MatmulTile};
use kforge_runtime::tune::{CachedTuner, GpuTuner, TuneCache};

/// Times `args`' shape on the adapter `device` selects and prints the result.
pub fn run(args: &MatmulOptions, device: Option<&str>) -> Result<()> {
    let (m, n, k) = args
        .shape()
        .context("--target gpu matmul needs --m, --n and --k")?;
    let tile = tuned(args, device, (m, n, k))?;
    kforge_gpu::cli::matmul(&kforge_gpu::cli::MatmulArgs {
        m,
        n,
        k,
        dtype: kforge_gpu::cli::Dtype::All,
        reps: args.repeats.max(10),
        device: device.map(str::to_string),
        sweep: false,
        tiles: Vec::new(),
        tile,
        tune: false,
        checked: false,
        json: None,
    })?;
    Ok(())
}

/// The tile to time `m×k·k×n` with (`None`: the benchmark's default).
fn tuned(
    args: &MatmulOptions,
    device: Option<&str>,
    (m, n, k): (usize, usize, usize),
) -> Result<Option<MatmulTile>> {
    if args.no_tune {
        return Ok(None);
    }
    let Some(path) = args.tune_cache.clone().or_else(TuneCache::default_path) else {
        return Ok(None);
    };
    let gpu = Gpu::open(&GpuOptions {
        device: device.map(str::to_string),
        unchecked_shaders: true,
    })?;
    let mut tuner = GpuTuner::open(&path, &gpu)
        .with_context(|| format!("cannot use the tune cache '{}'", path.display()))?;
    if let Some(warning) = tuner.opened().warning(&path) {
        eprintln!("kforge-bench: warning: {warning}");
    }
    let spec = MatmulSpec::new(1, m, n, k, false);
    let tile = tuner
        .tile(&gpu, &spec)
        .with_context(|| format!("cannot use the tune cache '{}'", path.display()))?;
    if tuner.summary().tuned > 0 {
        eprintln!(
            "kforge-bench: tuned the f32 tile of {m}x{n}x{k}: {} (cache '{}')",
            tile.label(),
            path.display()
        );
    }
    Ok(Some(tile))
}
