use super::*;
use kforge_kernels::choices;
use kforge_kernels::linear::{packed_linear_with, LinearArgs};
use kforge_kernels::matmul::{matmul_with, MatmulArgs};
use kforge_kernels::packed::PackedWeight;
use std::time::Duration;

/// One run per candidate: tests check behavior, not speed.
fn quick() -> Budget {
    Budget {
        min_runs: 1,
        min_time: Duration::ZERO,
        max_runs: 1,
    }
}

fn tuner(path: &std::path::Path) -> Tuner {
    Tuner::open(path)
        .expect("opens")
        .with_budget(quick())
        .with_progress(false)
}

fn matmul(m: usize, n: usize, k: usize) -> Problem {
    Problem {
        kernel: Kernel::Matmul,
        m,
        n,
        k,
        batch: 1,
        format: WeightFormat::F32,
    }
}

#[test]
fn tuning_saves_entries_that_a_second_run_reuses() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sub/tune.json");
    let problems = [
        matmul(19, 33, 40),
        matmul(19, 33, 40),
        Problem {
            kernel: Kernel::Linear,
            m: 1,
            n: 70,
            k: 48,
            batch: 1,
            format: WeightFormat::F32,
        },
    ];
    let mut first = tuner(&path);
    assert_eq!(first.opened(), &Opened::Missing);
    let s = first.tune(&problems).unwrap();
    assert_eq!(s, Summary { hits: 0, tuned: 2 });

    let mut second = tuner(&path);
    assert_eq!(second.opened(), &Opened::Loaded);
    assert_eq!(second.cache().entries_for_host().count(), 2);
    let s = second.tune(&problems).unwrap();
    assert_eq!(s, Summary { hits: 2, tuned: 0 });
    let e = second
        .cache()
        .get(&problems[0], rayon::current_num_threads())
        .unwrap();
    assert!(e.gflops > 0.0 && e.default_gflops > 0.0 && e.candidates > 1);
    // Nothing but the file is left in its folder (atomic writes clean up).
    let names: Vec<_> = std::fs::read_dir(path.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, vec![std::ffi::OsString::from("tune.json")]);
}

/// Corrupt cache files and why each is refused.
const CORRUPT: [(&str, &str); 5] = [
    ("{\"schema\": 1, \"entries\": {", "EOF"),
    ("[1, 2, 3]", "invalid type"),
    ("{\"schema\": 99}", "schema 99"),
    ("\u{0}\u{1}garbage", "expected value"),
    // A weight format no kernel knows.
    (
        r#"{"schema": 1, "hosts": {}, "entries": {"e": {"problem": {"kernel": "projection", "m": 1, "n": 2,
        "k": 32, "format": "q9_9"}, "threads": 1, "host": "h", "choice": {"kernel": "linear",
        "tasks_per_worker": 1}, "gflops": 1.0, "default_gflops": 1.0, "candidates": 1, "tuned_at": 0}}}"#,
        "expected a weight format (f32, f16, bf16, q8_0, q4_0, q4_1), got \"q9_9\"",
    ),
];

/// An entry of `p` on `host`.
fn entry_of(p: Problem, host: &HostId) -> Entry {
    Entry {
        problem: p,
        threads: 1,
        host: host.digest(),
        choice: Kernel::Matmul.default_choice(),
        gflops: 1.0,
        default_gflops: 1.0,
        candidates: 1,
        tuned_at: 0,
    }
}

/// The names in `dir`, sorted.
fn names_in(dir: &std::path::Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn a_corrupt_cache_in_kforges_own_folder_is_set_aside_and_rebuilt() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tune.json");
    for (text, why) in CORRUPT {
        std::fs::write(&path, text).unwrap();
        let (mut cache, opened) =
            TuneCache::open_owned(path.clone(), HostId::detect(), true).unwrap();
        let Opened::Rebuilt { reason, moved_to } = opened else {
            panic!("{text:?} was not reported: {opened:?}");
        };
        assert!(reason.contains(why), "{reason}");
        assert_eq!(std::fs::read_to_string(&moved_to).unwrap(), text);
        cache
            .insert_and_save(entry_of(matmul(5, 6, 7), &HostId::detect()))
            .unwrap();
        assert_eq!(tuner(&path).opened(), &Opened::Loaded);
        std::fs::remove_file(&moved_to).unwrap();
    }
}

// Tests that a corrupt file of the user's (`--tune-cache FILE` outside
// kforge's own folder) is reported, never renamed or saved over, and that
// tuning goes on in memory.
#[test]
fn a_corrupt_cache_of_the_users_is_left_untouched_and_tuning_stays_in_memory() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tune.json");
    for (text, why) in CORRUPT {
        std::fs::write(&path, text).unwrap();
        let mut t = tuner(&path);
        let Opened::InMemory { reason } = t.opened().clone() else {
            panic!("{text:?} was not reported: {:?}", t.opened());
        };
        assert!(reason.contains(why), "{reason}");
        let warning = t.opened().warning(&path).unwrap();
        assert!(warning.contains("left it untouched"), "{warning}");
        let p = matmul(5, 6, 7);
        assert_eq!(t.tune(&[p]).unwrap().tuned, 1);
        assert!(t.cache().get(&p, rayon::current_num_threads()).is_some());
        assert_eq!(std::fs::read_to_string(&path).unwrap(), text, "untouched");
        assert_eq!(names_in(dir.path()), ["tune.json"], "nothing set aside");
    }
}

// Tests that a cache path that is not a regular file is an error before
// anything is read or written: `--tune-cache /dev/null` once renamed the
// machine's /dev/null, and `/dev/full` was read without end. The devices are
// reached through links in a temporary folder; a pipe must not block.
#[cfg(unix)]
#[test]
fn paths_that_are_not_regular_files_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let null = dir.path().join("null-link");
    let zero = dir.path().join("zero-link");
    std::os::unix::fs::symlink("/dev/null", &null).unwrap();
    std::os::unix::fs::symlink("/dev/zero", &zero).unwrap();
    let fifo = dir.path().join("fifo");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    let mut cases = vec![
        (null.clone(), "a character device"),
        (zero, "a character device"),
        (dir.path().to_path_buf(), "a folder"),
    ];
    if made.is_ok_and(|s| s.success()) {
        cases.push((fifo, "a named pipe"));
    }
    for (path, kind) in cases {
        let err = Tuner::open(&path).unwrap_err().to_string();
        assert!(
            err.contains(&format!("is {kind}, not a regular file")),
            "{}: {err}",
            path.display()
        );
        assert!(matches!(
            TuneCache::peek(&path, &HostId::detect(), 1),
            Peek::Unusable(_)
        ));
    }
    use std::os::unix::fs::FileTypeExt;
    let kind = std::fs::metadata("/dev/null").unwrap().file_type();
    assert!(kind.is_char_device(), "/dev/null is still a device");
    assert!(!std::path::Path::new("/dev/null.corrupt").exists());
}

// Tests that a file that became a device after it was opened is not written
// (the save re-checks), and that a link to a regular file is written through.
#[cfg(unix)]
#[test]
fn saving_refuses_a_device_and_writes_through_a_link() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tune.json");
    let host = HostId::detect();
    let (mut cache, opened) = TuneCache::open(&path, host.clone()).unwrap();
    assert_eq!(opened, Opened::Missing);
    std::os::unix::fs::symlink("/dev/null", &path).unwrap();
    let err = cache
        .insert_and_save(entry_of(matmul(2, 3, 4), &host))
        .unwrap_err();
    assert!(err.to_string().contains("not a regular file"), "{err}");
    std::fs::remove_file(&path).unwrap();
    let target = dir.path().join("real.json");
    std::os::unix::fs::symlink(&target, &path).unwrap();
    let (mut cache, _) = TuneCache::open(&path, host.clone()).unwrap();
    cache
        .insert_and_save(entry_of(matmul(2, 3, 4), &host))
        .unwrap();
    assert!(std::fs::symlink_metadata(&path)
        .unwrap()
        .file_type()
        .is_symlink());
    assert_eq!(tuner(&target).cache().len(), 1);
}

// Tests that a file beyond the size limit is not read whole: it counts as
// one that does not parse.
#[test]
fn a_cache_file_beyond_the_size_limit_is_not_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tune.json");
    let file = std::fs::File::create(&path).unwrap();
    file.set_len(MAX_FILE_BYTES + 1).unwrap();
    let t = tuner(&path);
    let Opened::InMemory { reason } = t.opened() else {
        panic!("{:?}", t.opened());
    };
    assert!(reason.contains("larger than the 64 MiB"), "{reason}");
    assert_eq!(std::fs::metadata(&path).unwrap().len(), MAX_FILE_BYTES + 1);
}

#[test]
fn entries_of_another_host_or_thread_count_are_not_reused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tune.json");
    let p = matmul(8, 8, 8);
    let threads = rayon::current_num_threads();
    let other = HostId {
        cpu_model: "another CPU".into(),
        ..HostId::detect()
    };
    let (mut cache, _) = TuneCache::open(&path, other.clone()).unwrap();
    cache
        .insert_and_save(Entry {
            problem: p,
            threads,
            host: other.digest(),
            choice: Kernel::Matmul.default_choice(),
            gflops: 1.0,
            default_gflops: 1.0,
            candidates: 1,
            tuned_at: 0,
        })
        .unwrap();
    let mut t = tuner(&path);
    assert!(t.cache().get(&p, threads).is_none());
    assert!(t.cache().get(&p, threads + 1).is_none());
    assert_eq!(t.tune(&[p]).unwrap().tuned, 1);
    // The other host's entry is kept.
    assert_eq!(tuner(&path).cache().len(), 2);
}

#[test]
fn invalid_choices_edited_into_the_file_are_measured_again() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tune.json");
    let p = matmul(9, 9, 9);
    tuner(&path).tune(&[p]).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    let edited = regex_free_replace(&text, "\"mr\": ", "\"mr\": 99");
    std::fs::write(&path, edited).unwrap();
    assert_eq!(tuner(&path).tune(&[p]).unwrap().tuned, 1);
}

/// Replaces the number after `key` with `with`.
fn regex_free_replace(text: &str, key: &str, with: &str) -> String {
    let at = text.find(key).expect("key present");
    let end = at + key.len() + text[at + key.len()..].find(',').unwrap();
    format!("{}{}{}", &text[..at], with, &text[end..])
}

fn pattern(len: usize, salt: usize) -> Vec<f32> {
    (0..len)
        .map(|i| ((i * 13 + salt) % 17) as f32 / 17.0 - 0.5)
        .collect()
}

fn naive(a: &[f32], b: &[f32], m: usize, n: usize, k: usize) -> Vec<f32> {
    let mut c = vec![0.0f32; m * n];
    for i in 0..m {
        for j in 0..n {
            c[i * n + j] = (0..k).map(|l| a[i * k + l] * b[l * n + j]).sum();
        }
    }
    c
}

fn max_diff(x: &[f32], y: &[f32]) -> f32 {
    x.iter()
        .zip(y)
        .map(|(a, b)| (a - b).abs())
        .fold(0.0, f32::max)
}

/// Every candidate the search may pick computes the right product.
#[test]
fn every_candidate_is_correct() {
    for (m, n, k) in [(3, 45, 70), (37, 45, 70), (70, 33, 300)] {
        let a = pattern(m * k, 1);
        let b = pattern(k * n, 2);
        let want = naive(&a, &b, m, n, k);
        let p = matmul(m, n, k);
        for axis in parameter_axes(&p, &Kernel::Matmul.default_choice()) {
            for choice in axis {
                let Choice::Matmul(bl) = choice else { panic!() };
                let mut c = vec![f32::NAN; m * n];
                matmul_with(&MatmulArgs::dense(&a, &b, &mut c, m, n, k), &bl);
                assert!(max_diff(&c, &want) < 1e-4, "{bl:?} at {m}x{n}x{k}");
            }
        }
    }
    // Linear: w = bᵀ as [n, k].
    let (m, n, k) = (5, 70, 48);
    let x = pattern(m * k, 3);
    let w = pattern(n * k, 4);
    let mut wt = vec![0.0; k * n];
    for j in 0..n {
        for l in 0..k {
            wt[l * n + j] = w[j * k + l];
        }
    }
    let want = naive(&x, &wt, m, n, k);
    let packed = PackedWeight::pack(&w, n, k, k);
    let lp = Problem {
        kernel: Kernel::Linear,
        m,
        n,
        k,
        batch: 1,
        format: WeightFormat::F32,
    };
    for choice in parameter_axes(&lp, &Kernel::Linear.default_choice()).concat() {
        let Choice::Linear(split) = choice else {
            panic!()
        };
        let mut out = vec![f32::NAN; m * n];
        packed_linear_with(
            &LinearArgs::dense(&x, &w, &mut out, m, n, k),
            &packed,
            split,
        );
        assert!(max_diff(&out, &want) < 1e-4, "{split:?}");
    }
}

#[test]
fn tuned_choices_are_installed_for_the_kernels() {
    let dir = tempfile::tempdir().unwrap();
    let p = matmul(23, 29, 31);
    let mut t = tuner(&dir.path().join("tune.json"));
    t.tune(&[p]).unwrap();
    let e = t.cache().get(&p, rayon::current_num_threads()).unwrap();
    assert_eq!(
        Choice::Matmul(choices::matmul_blocking((23, 29, 31))),
        e.choice
    );
}

/// A stored-format projection is tuned on its own format's kernel, keyed
/// by the format (a Q4_1 choice is never a Q8_0 one), and installed for the
/// projection kernels of that format only.
#[test]
fn projections_are_tuned_and_installed_per_weight_format() {
    let dir = tempfile::tempdir().unwrap();
    let problem = |kernel, format| Problem {
        kernel,
        m: 1,
        n: 96,
        k: 64,
        batch: 1,
        format,
    };
    let q4_1 = problem(Kernel::Projection, WeightFormat::Q4_1);
    let swiglu = problem(Kernel::Swiglu, WeightFormat::F32);
    let mut t = tuner(&dir.path().join("tune.json"));
    assert_eq!(t.tune(&[q4_1, swiglu]).unwrap().tuned, 2);
    let threads = rayon::current_num_threads();
    let e = t.cache().get(&q4_1, threads).unwrap();
    let Choice::Linear(split) = e.choice else {
        panic!("{:?}", e.choice)
    };
    assert_eq!(
        choices::projection_split(ProjectionKind::Multi, (1, 96, 64), WeightFormat::Q4_1),
        split
    );
    assert!(t
        .cache()
        .get(&problem(Kernel::Projection, WeightFormat::Q8_0), threads)
        .is_none());
    let key = entry_key(&q4_1, threads, "h");
    assert!(key.starts_with("projection q4_1 1x96x64"), "{key}");
    // The file names the format and reads back the same problem.
    let text = std::fs::read_to_string(dir.path().join("tune.json")).unwrap();
    assert!(text.contains(r#""format": "q4_1""#), "{text}");
    let mut again = tuner(&dir.path().join("tune.json"));
    assert_eq!(again.tune(&[q4_1, swiglu]).unwrap().hits, 2);
}

#[test]
fn an_unreadable_cache_path_is_an_error_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    // A folder where the file should be.
    let err = Tuner::open(dir.path()).unwrap_err();
    assert!(err.to_string().contains("tune cache"), "{err}");
}
