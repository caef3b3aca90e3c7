use super::*;
use crate::kernels::choices;
use crate::kernels::linear::{packed_linear_with, LinearArgs};
use crate::kernels::matmul::{matmul_with, MatmulArgs};
use crate::kernels::packed::PackedWeight;
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

#[test]
fn a_corrupt_cache_is_set_aside_and_rebuilt() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tune.json");
    for (text, why) in [
        ("{\"schema\": 1, \"entries\": {", "EOF"),
        ("[1, 2, 3]", "invalid type"),
        ("{\"schema\": 99}", "schema 99"),
        ("\u{0}\u{1}garbage", "expected value"),
    ] {
        std::fs::write(&path, text).unwrap();
        let mut t = tuner(&path);
        let Opened::Rebuilt { reason, moved_to } = t.opened().clone() else {
            panic!("{text:?} was not reported: {:?}", t.opened());
        };
        assert!(reason.contains(why), "{reason}");
        assert_eq!(std::fs::read_to_string(&moved_to).unwrap(), text);
        t.tune(&[matmul(5, 6, 7)]).unwrap();
        assert_eq!(tuner(&path).opened(), &Opened::Loaded);
        std::fs::remove_file(&moved_to).unwrap();
    }
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

#[test]
fn an_unreadable_cache_path_is_an_error_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    // A folder where the file should be.
    let err = Tuner::open(dir.path()).unwrap_err();
    assert!(err.to_string().contains("tune cache"), "{err}");
}
