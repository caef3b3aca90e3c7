//! The GPU side of the autotuner: the tile of each tiled f32 matmul kernel, measured on the device and kept in
//! the same cache file as the CPU's choices.
//!
//! ```text
//! GpuTuner::open(path, gpu) ─ tile(spec) ─┬─ cache hit  → tile
//!                                         └─ cache miss → kforge_gpu::tune::search_matmul_tile (GPU timestamps)
//!                                                         → save atomically → tile
//! ```
//!
//! An entry's host is this machine's [`HostId`] plus the adapter (name, type, backend, driver) and a digest of the
//! WGSL the generator emits for a few fixed specs, so another GPU, driver or generator never reuses a tile. GPU
//! entries have `threads = 0`. The caller hands the tiles to the compiler (`kforge_passes::tile_gpu::annotate`).
use super::{Choice, Entry, HostId, Kernel, OpenedCache, Problem, Progress, TuneError};
use kforge_gpu::bench::Timing;
use kforge_gpu::runtime::Gpu;
use kforge_gpu::{KernelSpec, MatmulSpec, MatmulTile};
use sha2::{Digest, Sha256};
use std::path::PathBuf;

/// What [`GpuTuner::tile`] calls did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GpuSummary {
    /// Kernels whose tile came from the cache.
    pub hits: usize,
    /// Kernels measured now.
    pub tuned: usize,
}

/// Tunes GPU matmul tiles against one cache file, for one device.
#[derive(Debug)]
pub struct GpuTuner {
    file: OpenedCache,
    timing: Timing,
    summary: GpuSummary,
}

super::opened_cache::cached_tuner!(GpuTuner);

/// The host of GPU entries: this machine, the adapter, and the generator's output.
pub fn gpu_host(gpu: &Gpu) -> HostId {
    let a = gpu.adapter();
    HostId {
        gpu: Some(format!(
            "{} ({}, {}, {}); wgsl {}",
            a.name,
            a.device_type,
            a.backend,
            a.driver,
            generator_fingerprint()
        )),
        ..HostId::detect()
    }
}

/// SHA-256 (16 hex digits) of the WGSL generated for fixed matmul specs with the default tiles: any change of the
/// generator changes it.
fn generator_fingerprint() -> String {
    let mut h = Sha256::new();
    for tile in [MatmulTile::LARGE, MatmulTile::WIDE, MatmulTile::SMALL] {
        for (m, n, k, b_transposed) in [(130, 132, 20, false), (256, 256, 64, true)] {
            let spec = MatmulSpec::new(1, m, n, k, b_transposed)
                .with_bias(b_transposed)
                .with_tile(tile);
            let spec = KernelSpec::Matmul(spec);
            let text = kforge_gpu::generate(&spec).map_or_else(|e| e.to_string(), |k| k.source);
            h.update(text.as_bytes());
        }
    }
    h.finalize()[..8]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// 5 timed dispatches per candidate after 200 ms of warm-up; no warm-up on a CPU adapter (lavapipe), whose
/// speed does not ramp with load.
fn default_timing(gpu: &Gpu) -> Timing {
    let mut t = Timing::bench(5);
    if gpu.adapter().device_type == "Cpu" {
        t.warmup = std::time::Duration::ZERO;
    }
    t
}

/// The cache problem of a matmul kernel.
pub fn problem_of(spec: &MatmulSpec) -> Problem {
    Problem {
        kernel: if spec.b_transposed {
            Kernel::GpuLinear
        } else {
            Kernel::GpuMatmul
        },
        m: spec.m,
        n: spec.n,
        k: spec.k,
        batch: spec.batch,
        // A tile measured on f32 weights may not suit a stored format's staging.
        format: spec.b_format,
    }
}

impl GpuTuner {
    /// Opens `path` for `gpu` (a corrupt file is handled as [`super::TuneCache::open`] does).
    pub fn open(path: impl Into<PathBuf>, gpu: &Gpu) -> Result<Self, TuneError> {
        Ok(Self {
            file: OpenedCache::open(path.into(), gpu_host(gpu))?,
            timing: default_timing(gpu),
            summary: GpuSummary::default(),
        })
    }

    /// Times each candidate `timing.reps` times after its warm-up (default: 5 after 200 ms).
    pub fn with_timing(mut self, timing: Timing) -> Self {
        self.timing = timing;
        self
    }

    /// What the calls so far did.
    pub fn summary(&self) -> &GpuSummary {
        &self.summary
    }

    /// The tile for `spec` on this device: from the cache, or measured now over
    /// [`MatmulTile::candidates`] and saved.
    pub fn tile(&mut self, gpu: &Gpu, spec: &MatmulSpec) -> Result<MatmulTile, TuneError> {
        let problem = problem_of(spec);
        if let Some(Entry {
            choice: Choice::GpuTile(t),
            ..
        }) = self.file.cache.get(&problem, 0)
        {
            if t.check().is_ok() {
                self.summary.hits += 1;
                return Ok(*t);
            }
        }
        let bar = Progress::new(self.file.progress, 1);
        bar.start(&problem);
        let candidates = MatmulTile::candidates();
        let found = kforge_gpu::tune::search_matmul_tile(
            gpu,
            spec,
            &candidates,
            &self.timing,
            &mut |done, planned| bar.step(done, planned),
        )?;
        let gflops = |s: f64| kforge_gpu::tune::TileSearch::gflops(spec, s);
        let entry = Entry {
            problem,
            threads: 0,
            host: self.file.cache.host().digest(),
            choice: Choice::GpuTile(found.best),
            gflops: gflops(found.best_seconds),
            default_gflops: gflops(found.default_seconds),
            candidates: found.measured.len(),
            tuned_at: std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs()),
        };
        bar.finish_problem(&entry);
        bar.finish();
        self.file.save(entry)?;
        self.summary.tuned += 1;
        Ok(found.best)
    }
}
