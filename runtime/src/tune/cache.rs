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
//! Writes are atomic and merge with what is on disk at the time.
//!
//! **Files kforge did not make are never replaced.** The path must be a
//! regular file (a symbolic link to one is followed, and the link kept) or
//! not exist yet: a folder, a device (`/dev/null`, `/dev/full`), a pipe or a
//! socket is an error, before anything is read or written. Reads stop at
//! [`MAX_FILE_BYTES`]. A file that does not parse (or is larger, or of another
//! schema) is reported; then
//! - in kforge's own cache folder ([`TuneCache::own_folder`], the default
//!   path's), it is kept beside as `<name>.corrupt` and rebuilt;
//! - anywhere else (a `--tune-cache FILE` or `$KFORGE_TUNE_CACHE` of the
//!   user's), it is left untouched and never saved over: the cache starts
//!   empty and measured parameters live in memory only ([`Opened::InMemory`]).
use super::{Choice, HostId, Problem};
use crate::atomic::write_atomically;
use crate::files::{describe_bytes, is_regular_file, read_regular_file};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Version of the file layout above.
pub const SCHEMA: u32 = 1;

/// The largest cache file read (a few hundred bytes per entry): larger is
/// treated as a file that does not parse.
pub const MAX_FILE_BYTES: u64 = 64 << 20;

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
    /// The file in kforge's own folder did not parse (or had another
    /// schema): it was moved to `moved_to` and the cache starts empty.
    Rebuilt {
        /// Why it was not usable.
        reason: String,
        /// Where the old file now is.
        moved_to: PathBuf,
    },
    /// The user's file did not parse: it is left as it is, the cache starts
    /// empty, and what is measured is kept in memory, never saved.
    InMemory {
        /// Why it was not usable.
        reason: String,
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
            Opened::InMemory { reason } => Some(format!(
                "tune cache '{}' is not valid ({reason}); left it untouched: measured \
                 parameters are kept in memory only",
                path.display()
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
    /// Whether the file is kforge's own (in [`TuneCache::own_folder`]).
    own: bool,
    /// Entries are not saved (the user's file did not parse).
    in_memory: bool,
}

/// The key of a problem's entry on a host with `threads` workers.
pub fn entry_key(problem: &Problem, threads: usize, host_digest: &str) -> String {
    let batch = if problem.batch == 1 {
        String::new()
    } else {
        format!(" b{}", problem.batch)
    };
    format!(
        "{} {} {}x{}x{}{batch} t{threads} @{host_digest}",
        problem.kernel.name(),
        problem.format,
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
            .or_else(|| Self::own_folder().map(|d| d.join("tune.json")))
    }

    /// kforge's own cache folder: `$XDG_CACHE_HOME/kforge`, else
    /// `~/.cache/kforge`. A cache file there is kforge's to set aside and
    /// rebuild when it does not parse; one elsewhere is the user's.
    pub fn own_folder() -> Option<PathBuf> {
        let var = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty());
        var("XDG_CACHE_HOME")
            .map(|d| Path::new(&d).join("kforge"))
            .or_else(|| var("HOME").map(|d| Path::new(&d).join(".cache/kforge")))
    }

    /// Opens the cache at `path` for this host. A path that is not a regular
    /// file (a folder, a device, a pipe) and I/O errors other than a missing
    /// file fail; a file that does not parse is set aside in kforge's own
    /// folder and left untouched elsewhere (see [`Opened`]).
    pub fn open(path: impl Into<PathBuf>, host: HostId) -> std::io::Result<(Self, Opened)> {
        let path = path.into();
        let own = is_in_folder(&path, Self::own_folder().as_deref());
        Self::open_owned(path, host, own)
    }

    /// [`Self::open`], told whether the file is kforge's own.
    pub(super) fn open_owned(
        path: PathBuf,
        host: HostId,
        own: bool,
    ) -> std::io::Result<(Self, Opened)> {
        let parsed = read_limited(&path)?.map(|bytes| bytes.and_then(|b| parse(&b)));
        let (file, opened) = match parsed {
            None => (CacheFile::default(), Opened::Missing),
            Some(Ok(file)) => (file, Opened::Loaded),
            Some(Err(reason)) if own => {
                let moved_to = aside(&path);
                std::fs::rename(&path, &moved_to)?;
                (CacheFile::default(), Opened::Rebuilt { reason, moved_to })
            }
            Some(Err(reason)) => (CacheFile::default(), Opened::InMemory { reason }),
        };
        let in_memory = matches!(opened, Opened::InMemory { .. });
        let cache = Self {
            path,
            host,
            file,
            own,
            in_memory,
        };
        Ok((cache, opened))
    }

    /// Reads the cache at `path` without changing anything (a corrupt file
    /// stays where it is, unlike [`Self::open`]): its entries for `host`
    /// with `threads` workers, or why the file cannot be used.
    pub fn peek(path: &Path, host: &HostId, threads: usize) -> Peek {
        match read_limited(path) {
            Ok(None) => Peek::Missing,
            Err(e) => Peek::Unusable(format!("unreadable: {e}")),
            Ok(Some(Err(reason))) => Peek::Unusable(reason),
            Ok(Some(Ok(bytes))) => match parse(&bytes) {
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

    /// Whether measured entries stay in memory (the user's file did not parse).
    pub fn in_memory(&self) -> bool {
        self.in_memory
    }

    /// Records `entry` and writes the file atomically, merged with entries
    /// that another process saved since this one opened it. In memory only
    /// when the file did not parse (see [`Opened::InMemory`]); a file that
    /// became something else since it was opened (not a regular file, or one
    /// that does not parse) is not replaced, but kforge's own is set aside.
    pub fn insert_and_save(&mut self, entry: Entry) -> std::io::Result<()> {
        let digest = self.host.digest();
        let key = entry_key(&entry.problem, entry.threads, &digest);
        self.file.hosts.insert(digest, self.host.clone());
        self.file.entries.insert(key, entry);
        if self.in_memory {
            return Ok(());
        }
        let on_disk = read_limited(&self.path)?.map(|bytes| bytes.and_then(|b| parse(&b)));
        match on_disk {
            None => {}
            Some(Ok(on_disk)) => {
                for (k, v) in on_disk.hosts {
                    self.file.hosts.entry(k).or_insert(v);
                }
                for (k, v) in on_disk.entries {
                    self.file.entries.entry(k).or_insert(v);
                }
            }
            Some(Err(_)) if self.own => std::fs::rename(&self.path, aside(&self.path))?,
            Some(Err(reason)) => return Err(not_replaced(&self.path, &reason)),
        }
        self.file.schema = SCHEMA;
        if let Some(dir) = self.path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)?;
        }
        let mut text = serde_json::to_string_pretty(&self.file).map_err(std::io::Error::other)?;
        text.push('\n');
        // Through a symbolic link, the file it names is replaced, not the link.
        let target = link_target(&self.path);
        // Checked again: it may have become a device or a folder since the read.
        is_regular_file(&target)?;
        write_atomically(&target, text.as_bytes())
    }
}

/// The file `path` names through any symbolic links (which may dangle: the
/// file is created then), so that a save replaces the file, not the link.
fn link_target(path: &Path) -> PathBuf {
    let mut target = path.to_path_buf();
    for _ in 0..40 {
        let Ok(next) = std::fs::read_link(&target) else {
            break;
        };
        target = match target.parent() {
            Some(parent) => parent.join(next),
            None => next,
        };
    }
    target
}

/// The error of a save that would replace a file that no longer parses.
fn not_replaced(path: &Path, reason: &str) -> std::io::Error {
    std::io::Error::other(format!(
        "{} changed since it was opened and is not valid ({reason}): not saving over it",
        path.display()
    ))
}

/// Whether `path`'s folder is `folder` (both resolved where they exist).
fn is_in_folder(path: &Path, folder: Option<&Path>) -> bool {
    let Some(folder) = folder else {
        return false;
    };
    let resolve = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    resolve(parent) == resolve(folder)
}

/// The bytes of the regular file at `path`: `None` when it does not exist,
/// `Some(Err(why))` when it holds more than [`MAX_FILE_BYTES`]; an error when
/// it is not a regular file (never opened then: a pipe would block, a device
/// be read without end).
fn read_limited(path: &Path) -> std::io::Result<Option<Result<Vec<u8>, String>>> {
    match read_regular_file(path, MAX_FILE_BYTES) {
        Ok(bytes) => Ok(bytes.map(Ok)),
        Err(e) if e.kind() == std::io::ErrorKind::FileTooLarge => Ok(Some(Err(format!(
            "larger than the {} a tune cache may hold",
            describe_bytes(MAX_FILE_BYTES)
        )))),
        Err(e) => Err(e),
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
