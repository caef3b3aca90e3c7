//! The autotuner: measures kernel parameters per problem shape on this
//! machine and remembers the fastest in a persistent JSON cache.
//!
//! What is tuned is what the compiled code calls at run time: the matmul
//! microkernel's blocking (register-tile rows, reduction and row blocks,
//! whether `b` is packed, the streaming kernel for few rows), the packed
//! linear kernel's task split, and the projection kernels' task split
//! (multi-linear, SwiGLU; [`projection_problems`]) per weight format, timed on
//! weights of that format registered as model loading registers them. A
//! [`Problem`] is `(kernel, format, m, n, k)`; the cache key adds the thread
//! count and the host ([`HostId`]), so a choice is never reused on another
//! CPU, another build of the kernels, another pool size or another format.
//!
//! ```text
//! Tuner::open(path) ─ tune(problems) ─┬─ cache hit  → install
//!                                     └─ cache miss → search (progress bar)
//!                                                     → save atomically → install
//! ```
//!
//! Installing ([`kforge_kernels::choices`]) makes every later call of that
//! shape use the choice; nothing is recompiled.
//!
//! The GPU's tiled matmul is tuned by the same cache ([`GpuTuner`]): problems
//! `gpu_matmul`/`gpu_linear`, the host extended with the adapter and the WGSL
//! generator, candidates [`kforge_gpu::MatmulTile::candidates`] timed with GPU
//! timestamps by `kforge_gpu::tune`; the chosen tiles go to the compiler's
//! `--kforge-tile-gpu` pass.
mod cache;
mod gpu;
mod gpu_tiles;
mod host;
mod opened_cache;
mod problems;
mod progress;
mod projection;
mod search;

pub use cache::{entry_key, Entry, Opened, Peek, TuneCache, MAX_FILE_BYTES, SCHEMA};
pub use gpu::{GpuSummary, GpuTuner};
pub use gpu_tiles::{CacheFile, CpuTuning, GpuTiles, TuneCacheError};
pub use host::HostId;
pub use kforge_abi::weight_format::WeightFormat;
pub use opened_cache::{CachedTuner, OpenedCache};
pub use problems::{
    fused_projection_problems, linear_problems, matmul_problems, projection_problems,
};
pub use progress::Progress;
pub use search::{parameter_axes, search, Budget, Found};

use kforge_gpu::MatmulTile;
use kforge_kernels::choices::{self, LinearSplit, ProjectionKind};
use kforge_kernels::matmul::Blocking;
use serde::{Deserialize, Serialize};
use std::path::PathBuf;

/// A kernel the tuner knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kernel {
    /// `kforge_ukernel_matmul_f32` (also each product of a batch matmul).
    Matmul,
    /// `kforge_ukernel_linear_f32` on a packed weight.
    Linear,
    /// The GPU's tiled f32 matmul, `[m,k]·[k,n]` (a batch of them with `batch`).
    GpuMatmul,
    /// The GPU's tiled f32 matmul with a transposed `[n,k]` weight (linear layers of many rows).
    GpuLinear,
    /// `kforge_ukernel_multi_linear_*` (and a stored-format `linear`): the
    /// weights' summed rows as `n`, their format in [`Problem::format`].
    Projection,
    /// `kforge_ukernel_swiglu_linear_*`: the gate's rows as `n`.
    Swiglu,
}

impl Kernel {
    /// Its name in cache keys and messages.
    pub fn name(self) -> &'static str {
        match self {
            Kernel::Matmul => "matmul",
            Kernel::Linear => "linear",
            Kernel::GpuMatmul => "gpu_matmul",
            Kernel::GpuLinear => "gpu_linear",
            Kernel::Projection => "projection",
            Kernel::Swiglu => "swiglu",
        }
    }

    /// Whether the kernel runs on the GPU.
    pub fn is_gpu(self) -> bool {
        matches!(self, Kernel::GpuMatmul | Kernel::GpuLinear)
    }

    /// The parameters used when nothing is tuned.
    pub fn default_choice(self) -> Choice {
        match self {
            Kernel::Matmul => Choice::Matmul(Blocking::default()),
            Kernel::Linear | Kernel::Projection | Kernel::Swiglu => {
                Choice::Linear(LinearSplit::default())
            }
            Kernel::GpuMatmul | Kernel::GpuLinear => Choice::GpuTile(MatmulTile::LARGE),
        }
    }
}

/// One product to tune: `[m, k] · [k, n]` (matmul) or `[m, k] · [n, k]ᵀ`
/// (linear).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Problem {
    /// Which kernel.
    pub kernel: Kernel,
    /// Rows of the left operand.
    pub m: usize,
    /// Output columns.
    pub n: usize,
    /// Reduction length.
    pub k: usize,
    /// Independent products (GPU batch matmul; 1 elsewhere).
    #[serde(default = "one", skip_serializing_if = "is_one")]
    pub batch: usize,
    /// How the weight (`b`) is stored: f32, or a format the kernels read as
    /// stored (their best parameters differ: a Q4_1 block costs more
    /// instructions per byte than an f32 panel).
    #[serde(
        default,
        with = "kforge_abi::weight_format::by_name",
        skip_serializing_if = "kforge_abi::weight_format::is_f32"
    )]
    pub format: WeightFormat,
}

fn one() -> usize {
    1
}

fn is_one(v: &usize) -> bool {
    *v == 1
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ", self.kernel.name())?;
        if self.format != WeightFormat::F32 {
            write!(f, "{} ", self.format)?;
        }
        write!(f, "{}x{}x{}", self.m, self.n, self.k)?;
        if self.batch != 1 {
            write!(f, " b{}", self.batch)?;
        }
        Ok(())
    }
}

/// Parameters of one kernel call.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kernel", rename_all = "snake_case")]
pub enum Choice {
    /// The matmul microkernel's blocking.
    Matmul(#[serde(with = "blocking_serde")] Blocking),
    /// The packed linear kernel's split.
    Linear(#[serde(with = "split_serde")] LinearSplit),
    /// A GPU matmul's tile.
    GpuTile(MatmulTile),
}

impl Choice {
    /// Whether these parameters are usable (a cache file may be edited by hand).
    pub fn is_valid(&self) -> bool {
        match self {
            Choice::Matmul(b) => {
                (1..=kforge_kernels::tile::MR_MAX).contains(&b.mr) && b.kc > 0 && b.mc > 0
            }
            Choice::Linear(s) => (1..=64).contains(&s.tasks_per_worker),
            Choice::GpuTile(t) => t.check().is_ok(),
        }
    }

    /// Makes later CPU calls of `p`'s shape use these parameters (GPU tiles are handed to the compiler instead:
    /// see [`GpuTuner`]).
    fn install(&self, p: &Problem) {
        let shape = (p.m, p.n, p.k);
        match (self, p.kernel) {
            (Choice::Matmul(b), _) => choices::install_matmul(shape, *b),
            (Choice::Linear(s), Kernel::Projection) => {
                choices::install_projection(ProjectionKind::Multi, shape, p.format, *s)
            }
            (Choice::Linear(s), Kernel::Swiglu) => {
                choices::install_projection(ProjectionKind::Swiglu, shape, p.format, *s)
            }
            (Choice::Linear(s), _) => choices::install_linear(shape, *s),
            (Choice::GpuTile(_), _) => {}
        }
    }
}

mod blocking_serde {
    use super::Blocking;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    #[derive(Serialize, Deserialize)]
    struct Fields {
        mr: usize,
        kc: usize,
        mc: usize,
        pack_b_min_m: usize,
        skinny_max_m: usize,
    }

    pub fn serialize<S: Serializer>(b: &Blocking, s: S) -> Result<S::Ok, S::Error> {
        Fields {
            mr: b.mr,
            kc: b.kc,
            mc: b.mc,
            pack_b_min_m: b.pack_b_min_m,
            skinny_max_m: b.skinny_max_m,
        }
        .serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Blocking, D::Error> {
        let f = Fields::deserialize(d)?;
        Ok(Blocking {
            mr: f.mr,
            kc: f.kc,
            mc: f.mc,
            pack_b_min_m: f.pack_b_min_m,
            skinny_max_m: f.skinny_max_m,
        })
    }
}

mod split_serde {
    use super::LinearSplit;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    #[derive(Serialize, Deserialize)]
    struct Fields {
        tasks_per_worker: usize,
    }

    pub fn serialize<S: Serializer>(v: &LinearSplit, s: S) -> Result<S::Ok, S::Error> {
        Fields {
            tasks_per_worker: v.tasks_per_worker,
        }
        .serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<LinearSplit, D::Error> {
        let f = Fields::deserialize(d)?;
        Ok(LinearSplit {
            tasks_per_worker: f.tasks_per_worker,
        })
    }
}

/// Errors of the tuner (only I/O on the cache file).
#[derive(Debug, thiserror::Error)]
pub enum TuneError {
    /// The cache file could not be read, moved aside or written.
    #[error("tune cache {path}: {source}")]
    Cache {
        /// The file.
        path: PathBuf,
        /// What failed.
        source: std::io::Error,
    },
    /// Measuring on the GPU failed.
    #[error("GPU autotuning: {0}")]
    Gpu(#[from] kforge_gpu::GpuError),
}

/// What [`Tuner::tune`] did per problem.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    /// Problems found in the cache.
    pub hits: usize,
    /// Problems measured now.
    pub tuned: usize,
}

/// Tunes problems against one cache file.
#[derive(Debug)]
pub struct Tuner {
    file: OpenedCache,
    budget: Budget,
}

opened_cache::cached_tuner!(Tuner);

impl Tuner {
    /// Opens `path` (see [`TuneCache::open`] for a corrupt file).
    pub fn open(path: impl Into<PathBuf>) -> Result<Self, TuneError> {
        Ok(Self {
            file: OpenedCache::open(path.into(), HostId::detect())?,
            budget: Budget::default(),
        })
    }

    /// Uses `budget` per candidate.
    pub fn with_budget(mut self, budget: Budget) -> Self {
        self.budget = budget;
        self
    }

    /// Makes every problem use its best known parameters on the current rayon
    /// pool: from the cache, or measured now and saved. Duplicates, empty
    /// problems and GPU problems (tuned by [`GpuTuner`]) are skipped.
    pub fn tune(&mut self, problems: &[Problem]) -> Result<Summary, TuneError> {
        let threads = rayon::current_num_threads();
        let mut todo: Vec<Problem> = problems
            .iter()
            .filter(|p| p.m > 0 && p.n > 0 && p.k > 0 && !p.kernel.is_gpu())
            // Only the projection kernels read stored formats.
            .filter(|p| match p.kernel {
                Kernel::Projection | Kernel::Swiglu => projection::ProjectionBuffers::supports(p),
                _ => p.format == WeightFormat::F32,
            })
            .copied()
            .collect();
        todo.sort();
        todo.dedup();
        let mut summary = Summary::default();
        let mut misses = Vec::new();
        for p in &todo {
            match self.file.cache.get(p, threads) {
                Some(e) if e.choice.is_valid() && e.choice_matches(p) => {
                    e.choice.install(p);
                    summary.hits += 1;
                }
                _ => misses.push(*p),
            }
        }
        if misses.is_empty() {
            return Ok(summary);
        }
        let bar = Progress::new(self.file.progress, misses.len());
        for p in misses {
            bar.start(&p);
            let found = search(&p, &self.budget, &mut |done, planned| {
                bar.step(done, planned)
            });
            found.choice.install(&p);
            let entry = Entry {
                problem: p,
                threads,
                host: self.file.cache.host().digest(),
                choice: found.choice,
                gflops: found.gflops,
                default_gflops: found.default_gflops,
                candidates: found.candidates,
                tuned_at: std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map_or(0, |d| d.as_secs()),
            };
            bar.finish_problem(&entry);
            self.file.save(entry)?;
            summary.tuned += 1;
        }
        bar.finish();
        Ok(summary)
    }
}

impl Entry {
    /// Whether the stored choice belongs to the problem's kernel.
    fn choice_matches(&self, p: &Problem) -> bool {
        matches!(
            (&self.choice, p.kernel),
            (Choice::Matmul(_), Kernel::Matmul)
                | (
                    Choice::Linear(_),
                    Kernel::Linear | Kernel::Projection | Kernel::Swiglu
                )
                | (Choice::GpuTile(_), Kernel::GpuMatmul | Kernel::GpuLinear)
        )
    }
}

#[cfg(test)]
mod tests;
