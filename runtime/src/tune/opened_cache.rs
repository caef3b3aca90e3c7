//! What the CPU and the GPU tuner share: the cache file they read and write,
//! how opening it went, and whether they draw a progress bar.
use super::{Entry, HostId, Opened, TuneCache, TuneError};
use std::path::PathBuf;

/// A tuner's open cache file.
#[derive(Debug)]
pub struct OpenedCache {
    pub(super) cache: TuneCache,
    pub(super) opened: Opened,
    pub(super) progress: bool,
}

impl OpenedCache {
    /// Opens the cache file at `path` for `host` (see [`TuneCache::open`] for
    /// a corrupt file), its error naming the file; progress bars on.
    pub(super) fn open(path: PathBuf, host: HostId) -> Result<Self, TuneError> {
        let (cache, opened) =
            TuneCache::open(&path, host).map_err(|source| TuneError::Cache { path, source })?;
        Ok(Self {
            cache,
            opened,
            progress: true,
        })
    }

    /// Adds `entry` and writes the file, its error naming the file.
    pub(super) fn save(&mut self, entry: Entry) -> Result<(), TuneError> {
        self.cache
            .insert_and_save(entry)
            .map_err(|source| TuneError::Cache {
                path: self.cache.path().to_path_buf(),
                source,
            })
    }
}

/// The methods every tuner gives over its [`OpenedCache`].
pub trait CachedTuner: Sized {
    /// The tuner's cache file.
    fn opened_cache(&self) -> &OpenedCache;

    /// The tuner's cache file, to change.
    fn opened_cache_mut(&mut self) -> &mut OpenedCache;

    /// How opening the file went (for a warning when it was rebuilt).
    fn opened(&self) -> &Opened {
        &self.opened_cache().opened
    }

    /// The cache.
    fn cache(&self) -> &TuneCache {
        &self.opened_cache().cache
    }

    /// Draws a progress bar on standard error while measuring (default on;
    /// hidden anyway when standard error is not a terminal).
    fn with_progress(mut self, on: bool) -> Self {
        self.opened_cache_mut().progress = on;
        self
    }
}

/// Implements [`CachedTuner`] for a tuner whose [`OpenedCache`] is its
/// `file` field.
macro_rules! cached_tuner {
    ($tuner:ty) => {
        impl $crate::tune::CachedTuner for $tuner {
            fn opened_cache(&self) -> &$crate::tune::OpenedCache {
                &self.file
            }

            fn opened_cache_mut(&mut self) -> &mut $crate::tune::OpenedCache {
                &mut self.file
            }
        }
    };
}
pub(super) use cached_tuner;
