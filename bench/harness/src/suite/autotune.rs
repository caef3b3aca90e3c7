//! The autotuner's part in a suite run. By default the suite measures the
//! kernels' default parameters and only records the tune cache's state (read
//! without touching the file); `--tune` makes the matmul cases use tuned
//! parameters first (from the cache, measuring and saving missing ones), as
//! `kforge-run` does.
use super::cases::CaseSpec;
use crate::report::Autotune;
use anyhow::{Context, Result};
use kforge_runtime::tune::{CachedTuner, HostId, Kernel, Peek, Problem, TuneCache, Tuner};
use std::path::{Path, PathBuf};

/// The cache file the run uses: `--tune-cache`, else the runtime's default.
pub fn cache_path(explicit: Option<&Path>) -> Option<PathBuf> {
    explicit
        .map(Path::to_path_buf)
        .or_else(TuneCache::default_path)
}

/// The matmul microkernel's problems among `cases` (each product of a batch matmul too).
pub fn matmul_problems(cases: &[CaseSpec]) -> Vec<Problem> {
    cases
        .iter()
        .filter_map(|c| match c {
            CaseSpec::Matmul { m, n, k } => Some((*m, *n, *k)),
            CaseSpec::Kernel(spec) if spec.kind == "batch_matmul" => {
                let p = |name: &str| spec.params.get(name).copied().unwrap_or(0);
                Some((p("m"), p("n"), p("k")))
            }
            _ => None,
        })
        .map(|(m, n, k)| Problem {
            kernel: Kernel::Matmul,
            m: m as usize,
            n: n as usize,
            k: k as usize,
            batch: 1,
            format: kforge_runtime::tune::WeightFormat::F32,
        })
        .collect()
}

/// Tunes `problems` against `path` on the current pool; the state to record.
pub fn tune(path: &Path, problems: &[Problem], threads: usize) -> Result<Autotune> {
    let mut tuner = Tuner::open(path)
        .with_context(|| format!("cannot open the tune cache {}", path.display()))?;
    if let Some(warning) = tuner.opened().warning(path) {
        eprintln!("warning: {warning}");
    }
    let summary = tuner
        .tune(problems)
        .with_context(|| format!("cannot tune with the cache {}", path.display()))?;
    let mut state = cache_state(Some(path), threads);
    state.state = "applied".into();
    state.cache_hits = Some(summary.hits);
    state.tuned_now = Some(summary.tuned);
    Ok(state)
}

/// The cache's state, read without changing the file: `not-applied` (the
/// suite runs default parameters), with how many entries match this host and
/// thread count.
pub fn cache_state(path: Option<&Path>, threads: usize) -> Autotune {
    let mut state = Autotune {
        state: "not-applied".into(),
        cache_path: path.map(|p| p.display().to_string()),
        cache_file: None,
        entries_for_this_host: None,
        cache_hits: None,
        tuned_now: None,
    };
    let Some(path) = path else {
        state.cache_file =
            Some("no cache location (no HOME, XDG_CACHE_HOME or KFORGE_TUNE_CACHE)".into());
        return state;
    };
    match TuneCache::peek(path, &HostId::detect(), threads) {
        Peek::Missing => state.cache_file = Some("missing".into()),
        Peek::Unusable(reason) => state.cache_file = Some(format!("not usable: {reason}")),
        Peek::Present { entries_for_host } => {
            state.cache_file = Some("present".into());
            state.entries_for_this_host = Some(entries_for_host);
        }
    }
    state
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_cache_is_recorded_as_missing() {
        let dir = tempfile::tempdir().unwrap();
        let s = cache_state(Some(&dir.path().join("tune.json")), 2);
        assert_eq!(s.state, "not-applied");
        assert_eq!(s.cache_file.as_deref(), Some("missing"));
    }

    #[test]
    fn entries_of_this_host_and_thread_count_are_counted() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("tune.json");
        let here = HostId::detect();
        let (mut cache, _) = TuneCache::open(&path, here.clone()).unwrap();
        let entry = |m: usize, threads: usize, host: String| kforge_runtime::tune::Entry {
            problem: Problem {
                kernel: Kernel::Matmul,
                m,
                n: 8,
                k: 8,
                batch: 1,
                format: kforge_runtime::tune::WeightFormat::F32,
            },
            threads,
            host,
            choice: Kernel::Matmul.default_choice(),
            gflops: 1.0,
            default_gflops: 1.0,
            candidates: 1,
            tuned_at: 0,
        };
        for e in [
            entry(1, 2, here.digest()),
            entry(2, 1, here.digest()),
            entry(3, 2, "other".into()),
        ] {
            cache.insert_and_save(e).unwrap();
        }
        let before = std::fs::read_to_string(&path).unwrap();
        let s = cache_state(Some(&path), 2);
        assert_eq!(s.entries_for_this_host, Some(1));
        assert_eq!(std::fs::read_to_string(&path).unwrap(), before, "untouched");
    }

    #[test]
    fn a_corrupt_cache_is_reported_and_left_in_place() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("tune.json");
        std::fs::write(&path, "{ not json").unwrap();
        let s = cache_state(Some(&path), 2);
        assert!(
            s.cache_file.as_deref().unwrap().starts_with("not usable: "),
            "{:?}",
            s.cache_file
        );
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "{ not json");
    }
}
