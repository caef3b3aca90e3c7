//! The autotuner's persistent cache: one JSON file of measured choices.
//!
//! ```json
//! { "schema": 1,
//!   "hosts": { "<digest>": { "cpu_model": "…", "cpu_features": […], … } },
//!   "entries": { "matmul f32 1024x1024x1024 t2 @<digest>": {
//!       "problem": {…}, "threads": 2, "host": "<digest>", "choice": {…},
//!       "gflops": 190.2, "default_gflops": 183.0, "candidates": 24, "tuned_at": 1764110000 } } }
//! ```
//!
//! An entry's key holds the problem, the thread count and the digest of the
//! host ([`super::HostId`]: CPU model and features, kforge version, kernel
//! sources), so another CPU or another build never reuses it; entries of
//! other hosts stay in the file (a home folder may be shared) but are unused.
//! Writes are atomic and merge with what is on disk at the time. A file that
//! does not parse is reported, kept beside as `<name>.corrupt`, and rebuilt.
use super::{Choice, HostId, Problem};
use crate::atomic::write_atomically;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Version of the file layout above.
pub const SCHEMA: u32 = 1;

/// One measured choice.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    /// What was tuned.
    pub problem: Problem,
    /// Worker threads it was measured with.
    pub threads: usize,
    /// Digest of the host (a key of the file's `hosts`).
    pub host: String,
    /// The fastest parameters found.
    pub choice: Choice,
    /// Their speed, GFLOP/s (median).
    pub gflops: f64,
    /// The defaults' speed, GFLOP/s (median), for the record.
    pub default_gflops: f64,
    /// Candidates measured.
    pub candidates: usize,
    /// Seconds since the Unix epoch.
    pub tuned_at: u64,
}

/// The file's contents.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
struct CacheFile {
    schema: u32,
    #[serde(default)]
    hosts: BTreeMap<String, HostId>,
    #[serde(default)]
    entries: BTreeMap<String, Entry>,
}

/// How opening the cache went.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Opened {
    /// The file was read.
    Loaded,
    /// No file yet: it is created on the first save.
    Missing,
    /// The file did not parse (or had another schema): it was moved to
    /// `moved_to` and the cache starts empty.
    Rebuilt {
        /// Why it was not usable.
        reason: String,
        /// Where the old file now is.
        moved_to: PathBuf,
    },
}

impl Opened {
    /// What to tell the user about the cache file at `path`: only a rebuilt
    /// cache has something to say.
    pub fn warning(&self, path: &Path) -> Option<String> {
        match self {
            Opened::Rebuilt { reason, moved_to } => Some(format!(
                "tune cache '{}' is not valid ({reason}); kept it as '{}' and started a new one",
                path.display(),
                moved_to.display()
            )),
            Opened::Loaded | Opened::Missing => None,
        }
    }
}

/// What [`TuneCache::peek`] found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Peek {
    /// No file.
    Missing,
    /// A valid cache with this many entries for the host and thread count.
    Present {
        /// Entries measured on this host with this many threads.
        entries_for_host: usize,
    },
    /// A file that [`TuneCache::open`] would set aside, and why.
    Unusable(String),
}

/// The cache of one file, for one host.
#[derive(Debug)]
pub struct TuneCache {
    path: PathBuf,
    host: HostId,
    file: CacheFile,
}

/// The key of a problem's entry on a host with `threads` workers.
pub fn entry_key(problem: &Problem, threads: usize, host_digest: &str) -> String {
    let batch = if problem.batch == 1 {
        String::new()
    } else {
        format!(" b{}", problem.batch)
    };
    format!(
        "{} f32 {}x{}x{}{batch} t{threads} @{host_digest}",
        problem.kernel.name(),
        problem.m,
        problem.n,
        problem.k
    )
}

impl TuneCache {
    /// `$KFORGE_TUNE_CACHE`, else `$XDG_CACHE_HOME/kforge/tune.json`, else
    /// `~/.cache/kforge/tune.json`; `None` when no folder is known.
    pub fn default_path() -> Option<PathBuf> {
        let var = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty());
        var("KFORGE_TUNE_CACHE")
            .map(PathBuf::from)
            .or_else(|| var("XDG_CACHE_HOME").map(|d| Path::new(&d).join("kforge/tune.json")))
            .or_else(|| var("HOME").map(|d| Path::new(&d).join(".cache/kforge/tune.json")))
    }

    /// Opens the cache at `path` for this host. Only I/O errors other than a
    /// missing file fail; a corrupt file is set aside (see [`Opened`]).
    pub fn open(path: impl Into<PathBuf>, host: HostId) -> std::io::Result<(Self, Opened)> {
        let path = path.into();
        let (file, opened) = match std::fs::read(&path) {
            Ok(bytes) => match parse(&bytes) {
                Ok(file) => (file, Opened::Loaded),
                Err(reason) => {
                    let moved_to = aside(&path);
                    std::fs::rename(&path, &moved_to)?;
                    (CacheFile::default(), Opened::Rebuilt { reason, moved_to })
                }
            },
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                (CacheFile::default(), Opened::Missing)
            }
            Err(e) => return Err(e),
        };
        Ok((Self { path, host, file }, opened))
    }

    /// Reads the cache at `path` without changing anything (a corrupt file
    /// stays where it is, unlike [`Self::open`]): its entries for `host`
    /// with `threads` workers, or why the file cannot be used.
    pub fn peek(path: &Path, host: &HostId, threads: usize) -> Peek {
        match std::fs::read(path) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Peek::Missing,
            Err(e) => Peek::Unusable(format!("unreadable: {e}")),
            Ok(bytes) => match parse(&bytes) {
                Err(reason) => Peek::Unusable(reason),
                Ok(file) => {
                    let digest = host.digest();
                    Peek::Present {
                        entries_for_host: file
                            .entries
                            .values()
                            .filter(|e| e.host == digest && e.threads == threads)
                            .count(),
                    }
                }
            },
        }
    }

    /// The file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The host entries are looked up for.
    pub fn host(&self) -> &HostId {
        &self.host
    }

    /// The entry of `problem` at `threads` on this host, if measured.
    pub fn get(&self, problem: &Problem, threads: usize) -> Option<&Entry> {
        let key = entry_key(problem, threads, &self.host.digest());
        self.file.entries.get(&key)
    }

    /// Entries usable on this host.
    pub fn entries_for_host(&self) -> impl Iterator<Item = &Entry> {
        let digest = self.host.digest();
        self.file.entries.values().filter(move |e| e.host == digest)
    }

    /// Number of entries of every host.
    pub fn len(&self) -> usize {
        self.file.entries.len()
    }

    /// Whether the file holds no entry.
    pub fn is_empty(&self) -> bool {
        self.file.entries.is_empty()
    }

    /// Records `entry` and writes the file atomically, merged with entries
    /// that another process saved since this one opened it.
    pub fn insert_and_save(&mut self, entry: Entry) -> std::io::Result<()> {
        let digest = self.host.digest();
        let key = entry_key(&entry.problem, entry.threads, &digest);
        self.file.hosts.insert(digest, self.host.clone());
        self.file.entries.insert(key, entry);
        if let Ok(bytes) = std::fs::read(&self.path) {
            if let Ok(on_disk) = parse(&bytes) {
                for (k, v) in on_disk.hosts {
                    self.file.hosts.entry(k).or_insert(v);
                }
                for (k, v) in on_disk.entries {
                    self.file.entries.entry(k).or_insert(v);
                }
            }
        }
        self.file.schema = SCHEMA;
        if let Some(dir) = self.path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)?;
        }
        let mut text = serde_json::to_string_pretty(&self.file).map_err(std::io::Error::other)?;
        text.push('\n');
        write_atomically(&self.path, text.as_bytes())
    }
}

fn parse(bytes: &[u8]) -> Result<CacheFile, String> {
    let file: CacheFile = serde_json::from_slice(bytes).map_err(|e| e.to_string())?;
    if file.schema != SCHEMA {
        return Err(format!(
            "schema {} where this kforge reads schema {SCHEMA}",
            file.schema
        ));
    }
    Ok(file)
}

/// `<path>.corrupt` (or `.corrupt.N` when taken).
fn aside(path: &Path) -> PathBuf {
    let base = format!("{}.corrupt", path.display());
    let mut candidate = PathBuf::from(&base);
    let mut n = 1;
    while candidate.exists() {
        candidate = PathBuf::from(format!("{base}.{n}"));
        n += 1;
    }
    candidate
}
