//! The measuring half of the GPU autotuner: times an f32 matmul with each candidate [`MatmulTile`] on this device
//! (GPU timestamps) and returns the fastest whose output agrees with the default tile's.
//!
//! The other half, the persistent cache keyed by problem and device, is the CPU autotuner's own
//! (`kforge_runtime::tune`): this crate does not link MLIR nor own files, so `kforge-gpu-bench matmul --tune` (the
//! binary carried to a GPU machine) searches without a cache, and `kforge-run`/`kforge-bench` search through the
//! runtime's tuner, which stores what this returns.

use crate::bench::{bench_input, sample_points, time_on};
use crate::error::Result;
use crate::runtime::{Gpu, Host};
use crate::spec::{KernelSpec, MatmulSpec};
use crate::tile::MatmulTile;
use serde::Serialize;

/// Relative difference at the sampled outputs above which a candidate is wrong (f32 sums in another order
/// differ by far less).
const AGREE: f64 = 1e-4;

/// One measured candidate.
#[derive(Debug, Clone, Serialize)]
pub struct Measured {
    /// The tile.
    pub tile: MatmulTile,
    /// Median seconds of one dispatch; `None` when it could not run or disagreed with the default.
    pub seconds: Option<f64>,
    /// Why it was left out, if it was.
    pub excluded: Option<String>,
}

/// What [`search_matmul_tile`] found.
#[derive(Debug, Clone, Serialize)]
pub struct TileSearch {
    /// The fastest tile.
    pub best: MatmulTile,
    /// Its median seconds.
    pub best_seconds: f64,
    /// The default tile ([`MatmulTile::for_shape`]).
    pub default: MatmulTile,
    /// The default's median seconds.
    pub default_seconds: f64,
    /// Every candidate, in the order measured.
    pub measured: Vec<Measured>,
    /// How the times were taken.
    pub timing: String,
}

impl TileSearch {
    /// GFLOP/s of `spec` at `seconds`.
    pub fn gflops(spec: &MatmulSpec, seconds: f64) -> f64 {
        2.0 * (spec.batch * spec.m * spec.n * spec.k) as f64 / seconds / 1e9
    }
}

/// Times `spec` with the default tile and then with each of `candidates` (`reps` timed dispatches each), checks
/// each candidate's output at 64 sampled positions against the default's, and returns the fastest. A candidate
/// the device cannot run (too much workgroup memory, too many threads) is recorded and skipped. `progress` is
/// called with (done, total) after each candidate.
pub fn search_matmul_tile(
    gpu: &Gpu,
    spec: &MatmulSpec,
    candidates: &[MatmulTile],
    reps: usize,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<TileSearch> {
    let default = MatmulTile::for_shape(spec.batch, spec.m, spec.n);
    let with = |tile: MatmulTile| MatmulSpec { tile, ..*spec };
    let b_len = if spec.b_transposed {
        spec.n * spec.k
    } else {
        spec.batch * spec.k * spec.n
    };
    let mut inputs = vec![
        Host::F32(bench_input(spec.batch * spec.m * spec.k, 1)),
        Host::F32(bench_input(b_len, 2)),
    ];
    if spec.bias {
        inputs.push(Host::F32(bench_input(spec.n, 3)));
    }
    inputs.push(Host::Poison(spec.batch * spec.m * spec.n));
    let buffers: Vec<_> = inputs.iter().map(|h| gpu.upload(h)).collect();
    let refs: Vec<_> = buffers.iter().collect();
    let out = buffers.last().expect("a matmul has an output");
    let points = sample_points(spec.batch * spec.m, spec.n);
    let sample =
        |c: &[f32]| -> Vec<f32> { points.iter().map(|&(i, j)| c[i * spec.n + j]).collect() };

    let first = time_on(gpu, &KernelSpec::Matmul(with(default)), &refs, reps)?;
    let want = sample(&gpu.read_f32(out)?);
    let mut measured = vec![Measured {
        tile: default,
        seconds: Some(first.median),
        excluded: None,
    }];
    let total = candidates.len();
    for (done, &tile) in candidates.iter().enumerate() {
        if tile != default {
            measured.push(measure(
                gpu,
                &with(tile),
                &refs,
                reps,
                &|c| crate::reference::max_rel_error(&sample(c), &want),
                out,
            )?);
        }
        progress(done + 1, total);
    }
    let (best, best_seconds) = measured
        .iter()
        .filter_map(|m| m.seconds.map(|s| (m.tile, s)))
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .expect("the default tile was measured");
    Ok(TileSearch {
        best,
        best_seconds,
        default,
        default_seconds: first.median,
        measured,
        timing: first.how,
    })
}

/// Times one candidate; errors of the device (limits) and wrong outputs become exclusions, not failures.
fn measure(
    gpu: &Gpu,
    spec: &MatmulSpec,
    refs: &[&crate::runtime::GpuBuffer],
    reps: usize,
    error_of: &dyn Fn(&[f32]) -> f64,
    out: &crate::runtime::GpuBuffer,
) -> Result<Measured> {
    let tile = spec.tile;
    let excluded = |why: String| Measured {
        tile,
        seconds: None,
        excluded: Some(why),
    };
    // The previous candidate's output must not pass for this one's.
    gpu.write(out, &Host::Poison(spec.batch * spec.m * spec.n))?;
    let timing = match time_on(gpu, &KernelSpec::Matmul(*spec), refs, reps) {
        Ok(t) => t,
        Err(e) => return Ok(excluded(e.to_string())),
    };
    let err = error_of(&gpu.read_f32(out)?);
    if err.is_nan() || err > AGREE {
        return Ok(excluded(format!(
            "output differs from the default tile's by {err:e} (relative)"
        )));
    }
    Ok(Measured {
        tile,
        seconds: Some(timing.median),
        excluded: None,
    })
}
