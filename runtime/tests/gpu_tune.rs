//! The GPU autotuner on this machine's adapter (lavapipe in CI): tiles measured once, saved beside CPU entries,
//! reused, and a corrupt cache rebuilt.

use kforge_gpu::bench::Timing;
use kforge_gpu::runtime::{open_for_tests, Gpu};
use kforge_gpu::MatmulSpec;
use kforge_runtime::tune::{CachedTuner, GpuTuner, Opened};

fn gpu() -> Option<Gpu> {
    open_for_tests("the GPU autotuner tests")
}

/// One timed dispatch, no warm-up: the tests check the bookkeeping, not the choice.
const QUICK: Timing = Timing {
    reps: 1,
    warmup: std::time::Duration::ZERO,
};

fn spec(m: usize, n: usize, k: usize, b_transposed: bool) -> MatmulSpec {
    MatmulSpec::new(1, m, n, k, b_transposed)
}

#[test]
fn tiles_are_measured_once_then_read_from_the_cache() {
    let Some(g) = gpu() else { return };
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tune.json");
    // A CPU entry of another host must survive the GPU's saves.
    std::fs::write(
        &path,
        r#"{"schema":1,"hosts":{},"entries":{"matmul f32 8x8x8 t2 @0000":{"problem":{"kernel":"matmul","m":8,"n":8,"k":8},"threads":2,"host":"0000","choice":{"kernel":"matmul","mr":4,"kc":256,"mc":64,"pack_b_min_m":8,"skinny_max_m":2},"gflops":1.0,"default_gflops":1.0,"candidates":1,"tuned_at":0}}}"#,
    )
    .unwrap();
    let mut tuner = GpuTuner::open(&path, &g)
        .unwrap()
        .with_timing(QUICK)
        .with_progress(false);
    assert_eq!(tuner.opened(), &Opened::Loaded);
    let (a, b) = (spec(64, 48, 32, false), spec(96, 40, 24, true));
    let ta = tuner.tile(&g, &a).unwrap();
    let tb = tuner.tile(&g, &b).unwrap();
    assert!(ta.check().is_ok() && tb.check().is_ok());
    assert_eq!(tuner.summary().tuned, 2);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("gpu_matmul f32 64x48x32 t0 @"), "{text}");
    assert!(text.contains("gpu_linear f32 96x40x24 t0 @"), "{text}");
    assert!(text.contains("matmul f32 8x8x8 t2 @0000"), "{text}");
    assert!(
        text.contains("\"gpu\": "),
        "the adapter is recorded: {text}"
    );

    let mut again = GpuTuner::open(&path, &g).unwrap().with_progress(false);
    assert_eq!(again.tile(&g, &a).unwrap(), ta);
    assert_eq!(again.tile(&g, &b).unwrap(), tb);
    assert_eq!(again.summary().hits, 2);
    assert_eq!(again.summary().tuned, 0);
}

/// A corrupt cache at a path of the user's (not kforge's own folder) is
/// left byte for byte as it is: tuning goes on in memory, nothing is saved
/// over it (the policy of `runtime::tune`, README's Autotuning paragraph).
#[test]
fn a_corrupt_cache_of_the_user_is_left_untouched() {
    let Some(g) = gpu() else { return };
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tune.json");
    std::fs::write(&path, "{ not json").unwrap();
    let mut tuner = GpuTuner::open(&path, &g)
        .unwrap()
        .with_timing(QUICK)
        .with_progress(false);
    assert!(
        matches!(tuner.opened(), Opened::InMemory { .. }),
        "{:?}",
        tuner.opened()
    );
    tuner.tile(&g, &spec(32, 32, 16, false)).unwrap();
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "{ not json");
}
