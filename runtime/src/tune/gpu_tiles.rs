//! [`GpuTiles`]: the GPU autotuner as the chooser of `--kforge-tile-gpu` (`kforge_passes::tile_gpu::annotate`),
//! opening the cache only when a kernel first asks for a tile. As for the CPU: a cache the user named
//! ([`CacheFile::explicit`]) that cannot be used fails the run; the default cache costs a warning and the run goes
//! on with the per-shape tiles.

use super::{CachedTuner, GpuTuner, TuneCache};
use kforge_gpu::runtime::Gpu;
use kforge_gpu::{MatmulSpec, MatmulTile};
use std::path::{Path, PathBuf};

/// The tune cache a run uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CacheFile {
    /// The file.
    pub path: PathBuf,
    /// Whether the user named it (`--tune-cache`): then failing to use it is an error, not a warning.
    pub explicit: bool,
}

impl CacheFile {
    /// `named`, else the default cache ([`TuneCache::default_path`]); `None` when neither is known.
    pub fn choose(named: Option<&Path>) -> Option<CacheFile> {
        match named {
            Some(p) => Some(CacheFile {
                path: p.to_path_buf(),
                explicit: true,
            }),
            None => TuneCache::default_path().map(|path| CacheFile {
                path,
                explicit: false,
            }),
        }
    }
}

/// What [`CacheFile::tune_cpu`] did, for the tool to print.
#[derive(Debug, Default)]
pub struct CpuTuning {
    /// Warnings: a cache rebuilt, or the default cache unusable (then the
    /// kernels keep their default parameters).
    pub warnings: Vec<String>,
    /// Problems measured now (not found in the cache).
    pub tuned: usize,
    /// Seconds spent.
    pub seconds: f64,
}

impl CpuTuning {
    /// What was measured, for a tool to print after its name (`None` when
    /// every problem was in the cache at `path`).
    pub fn summary(&self, path: &Path) -> Option<String> {
        (self.tuned > 0).then(|| {
            format!(
                "tuned {} kernel shape{} in {:.1} s (cache '{}')",
                self.tuned,
                if self.tuned == 1 { "" } else { "s" },
                self.seconds,
                path.display()
            )
        })
    }
}

impl CacheFile {
    /// Makes the CPU kernels of `problems` use this cache's parameters,
    /// measuring (and saving) those it lacks. A cache the user named that
    /// cannot be used is an error; the default one costs a warning.
    pub fn tune_cpu(&self, problems: &[super::Problem]) -> Result<CpuTuning, TuneCacheError> {
        let mut report = CpuTuning::default();
        if problems.is_empty() {
            return Ok(report);
        }
        let start = std::time::Instant::now();
        let result = (|| -> Result<usize, super::TuneError> {
            let mut tuner = super::Tuner::open(&self.path)?;
            report.warnings.extend(tuner.opened().warning(&self.path));
            Ok(tuner.tune(problems)?.tuned)
        })();
        report.seconds = start.elapsed().as_secs_f64();
        match result {
            Ok(tuned) => report.tuned = tuned,
            Err(e) if !self.explicit => report
                .warnings
                .push(format!("{e}; running with default kernel parameters")),
            Err(e) => {
                return Err(TuneCacheError(format!(
                    "cannot use the tune cache '{}': {e}",
                    self.path.display()
                )))
            }
        }
        Ok(report)
    }
}

/// A named cache that could not be used.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct TuneCacheError(String);

enum State {
    Closed,
    Open(Box<GpuTuner>),
    Off,
}

/// Tiles for one device from one cache, opened lazily.
pub struct GpuTiles<'g> {
    gpu: &'g Gpu,
    cache: Option<CacheFile>,
    state: State,
    failure: Option<TuneCacheError>,
    warnings: Vec<String>,
    start: std::time::Instant,
}

impl<'g> GpuTiles<'g> {
    /// Tiles from `cache` (`None`: every kernel keeps its per-shape tile, as `--no-tune`).
    pub fn new(gpu: &'g Gpu, cache: Option<CacheFile>) -> GpuTiles<'g> {
        GpuTiles {
            gpu,
            cache,
            state: State::Closed,
            failure: None,
            warnings: Vec::new(),
            start: std::time::Instant::now(),
        }
    }

    /// The tile of `spec`: from the cache, or measured now and saved (`None`: keep the per-shape tile).
    pub fn choose(&mut self, spec: &MatmulSpec) -> Option<MatmulTile> {
        if matches!(self.state, State::Closed) {
            self.state = self.open();
        }
        let State::Open(tuner) = &mut self.state else {
            return None;
        };
        let cache = self.cache.as_ref()?;
        match tuner.tile(self.gpu, spec) {
            Ok(tile) => Some(tile),
            Err(e) => {
                let message = format!("cannot use the tune cache '{}': {e}", cache.path.display());
                if cache.explicit {
                    self.failure.get_or_insert(TuneCacheError(message));
                } else {
                    self.warnings
                        .push(format!("{message}; running with default GPU tiles"));
                }
                self.state = State::Off;
                None
            }
        }
    }

    fn open(&mut self) -> State {
        let Some(cache) = &self.cache else {
            return State::Off;
        };
        match GpuTuner::open(&cache.path, self.gpu) {
            Ok(t) => {
                self.warnings.extend(t.opened().warning(&cache.path));
                State::Open(Box::new(t))
            }
            Err(e) if !cache.explicit => {
                self.warnings
                    .push(format!("{e}; running with default GPU tiles"));
                State::Off
            }
            Err(e) => {
                let message = format!("cannot use the tune cache: {e}");
                self.failure.get_or_insert(TuneCacheError(message));
                State::Off
            }
        }
    }

    /// Warnings so far (a rebuilt cache, a default cache that could not be used), each once.
    pub fn take_warnings(&mut self) -> Vec<String> {
        std::mem::take(&mut self.warnings)
    }

    /// The first failure of a named cache, else what was measured: `Some("tuned N GPU matmul tile(s) in S s
    /// (cache 'PATH')")` when any tile was measured now.
    pub fn finish(self) -> Result<Option<String>, TuneCacheError> {
        if let Some(e) = self.failure {
            return Err(e);
        }
        let (State::Open(t), Some(cache)) = (&self.state, &self.cache) else {
            return Ok(None);
        };
        let tuned = t.summary().tuned;
        Ok((tuned > 0).then(|| {
            format!(
                "tuned {tuned} GPU matmul tile{} in {:.1} s (cache '{}')",
                if tuned == 1 { "" } else { "s" },
                self.start.elapsed().as_secs_f64(),
                cache.path.display()
            )
        }))
    }
}
