//! The measuring half of the GPU autotuner: times an f32 matmul with each candidate [`MatmulTile`] on this device
//! (GPU timestamps) and returns the fastest whose output agrees with the default tile's, confirmed by interleaved
//! re-timing of the finalists.
//!
//! The other half, the persistent cache keyed by problem and device, is the CPU autotuner's own
//! (`kforge_runtime::tune`): this crate does not link MLIR nor own files, so `kforge-gpu-bench matmul --tune` (the
//! binary carried to a GPU machine) searches without a cache, and `kforge-run`/`kforge-bench` search through the
//! runtime's tuner, which stores what this returns.

use crate::bench::{bench_input, sample_points, time_on, Timing};
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
    /// The fastest tile (over the confirmation rounds).
    pub best: MatmulTile,
    /// Its median seconds over the confirmation rounds.
    pub best_seconds: f64,
    /// The default tile ([`MatmulTile::for_shape`]).
    pub default: MatmulTile,
    /// The default's median seconds over the confirmation rounds.
    pub default_seconds: f64,
    /// Every candidate, in the order measured (first pass).
    pub measured: Vec<Measured>,
    /// The finalists (the default first) and their medians over the confirmation rounds, seconds.
    pub rounds: Vec<(MatmulTile, f64)>,
    /// How the times were taken.
    pub timing: String,
}

impl TileSearch {
    /// GFLOP/s of `spec` at `seconds`.
    pub fn gflops(spec: &MatmulSpec, seconds: f64) -> f64 {
        2.0 * (spec.batch * spec.m * spec.n * spec.k) as f64 / seconds / 1e9
    }
}

/// Candidates re-timed in the confirmation rounds (besides the default).
const FINALISTS: usize = 4;
/// Confirmation rounds.
const ROUNDS: usize = 3;

/// Times `spec` with the default tile and then with each of `candidates` (`timing` each), checks each candidate's
/// output at 64 sampled positions against the default's, then re-times the default and the fastest few in
/// 3 interleaved rounds and returns the fastest by its median over the rounds (one pass alone can be
/// misled by a GPU whose clocks move). A candidate the device cannot run (too much workgroup memory, too many
/// threads) is recorded and skipped. `progress` is called with (done, total) after each measurement.
pub fn search_matmul_tile(
    gpu: &Gpu,
    spec: &MatmulSpec,
    candidates: &[MatmulTile],
    timing: &Timing,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<TileSearch> {
    let default = MatmulTile::for_shape(spec.batch, spec.m, spec.n);
    let with = |tile: MatmulTile| KernelSpec::Matmul(MatmulSpec { tile, ..*spec });
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

    let default_pipeline = gpu.pipeline(&gpu.kernel(&with(default))?)?;
    let first = time_on(gpu, &default_pipeline, &refs, timing)?;
    let want = sample(&gpu.read_f32(out)?);
    let mut measured = vec![Measured {
        tile: default,
        seconds: Some(first.median),
        excluded: None,
    }];
    let mut pipelines = vec![(default, default_pipeline)];
    let others: Vec<MatmulTile> = candidates
        .iter()
        .copied()
        .filter(|&t| t != default)
        .collect();
    let total = others.len() + ROUNDS * (FINALISTS + 1);
    for (done, &tile) in others.iter().enumerate() {
        // The previous candidate's output must not pass for this one's.
        gpu.write(out, &Host::Poison(spec.batch * spec.m * spec.n))?;
        let run = gpu
            .kernel(&with(tile))
            .and_then(|k| gpu.pipeline(&k))
            .and_then(|p| Ok((time_on(gpu, &p, &refs, timing)?, p)));
        let entry = match run {
            Err(e) => excluded(tile, e.to_string()),
            Ok((t, pipeline)) => {
                let err = kforge_reference::max_rel_error_f32(&sample(&gpu.read_f32(out)?), &want);
                if err.is_nan() || err > AGREE {
                    excluded(
                        tile,
                        format!("output differs from the default tile's by {err:e} (relative)"),
                    )
                } else {
                    pipelines.push((tile, pipeline));
                    Measured {
                        tile,
                        seconds: Some(t.median),
                        excluded: None,
                    }
                }
            }
        };
        measured.push(entry);
        progress(done + 1, total);
    }
    // Confirmation: the default and the fastest few of the pass, timed again in alternation.
    let mut ranked: Vec<&Measured> = measured[1..]
        .iter()
        .filter(|m| m.seconds.is_some())
        .collect();
    ranked.sort_by(|a, b| {
        a.seconds
            .unwrap_or(f64::MAX)
            .total_cmp(&b.seconds.unwrap_or(f64::MAX))
    });
    let finalists: Vec<MatmulTile> = std::iter::once(default)
        .chain(ranked.iter().take(FINALISTS).map(|m| m.tile))
        .collect();
    let mut rounds: Vec<Vec<f64>> = vec![Vec::new(); finalists.len()];
    let mut done = others.len();
    for _ in 0..ROUNDS {
        for (i, tile) in finalists.iter().enumerate() {
            let pipeline = &pipelines
                .iter()
                .find(|(t, _)| t == tile)
                .expect("a timed tile")
                .1;
            rounds[i].push(time_on(gpu, pipeline, &refs, timing)?.median);
            done += 1;
            progress(done, total);
        }
    }
    let medians: Vec<f64> = rounds
        .iter_mut()
        .map(|r| {
            r.sort_by(f64::total_cmp);
            r[r.len() / 2]
        })
        .collect();
    let best = (0..finalists.len())
        .min_by(|&a, &b| medians[a].total_cmp(&medians[b]))
        .expect("the default is a finalist");
    Ok(TileSearch {
        best: finalists[best],
        best_seconds: medians[best],
        default,
        default_seconds: medians[0],
        measured,
        rounds: finalists.into_iter().zip(medians).collect(),
        timing: first.how,
    })
}

fn excluded(tile: MatmulTile, why: String) -> Measured {
    Measured {
        tile,
        seconds: None,
        excluded: Some(why),
    }
}
