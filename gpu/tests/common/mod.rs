//! Shared set-up of the GPU tests: one device for the whole test binary (lavapipe in CI).

use kforge_gpu::runtime::{open_for_tests, Gpu};
use rand::{rngs::StdRng, Rng, SeedableRng};
use std::sync::OnceLock;

/// The device, or `None` with a message on stderr when this machine has no Vulkan adapter. Set
/// `KFORGE_REQUIRE_GPU=1` to make a missing adapter fail the tests instead.
pub fn gpu() -> Option<&'static Gpu> {
    static GPU: OnceLock<Option<Gpu>> = OnceLock::new();
    GPU.get_or_init(|| open_for_tests("GPU kernel tests"))
        .as_ref()
}

/// Uniform values in [-1, 1).
pub fn random(rng: &mut StdRng, n: usize) -> Vec<f32> {
    (0..n).map(|_| rng.random_range(-1.0..1.0)).collect()
}

/// A seeded generator.
pub fn rng(seed: u64) -> StdRng {
    StdRng::seed_from_u64(seed)
}

/// Asserts `max|got − want| / max|want| ≤ tol`, naming the case.
pub fn assert_close(case: &str, got: &[f32], want: &[f32], tol: f64) {
    let err = kforge_reference::max_rel_error_f32(got, want);
    assert!(err <= tol, "{case}: relative error {err:e} above {tol:e}");
}
