//! How GPU tests of every crate find their device: the default adapter (lavapipe in CI), or a skip with a message
//! where this machine has none; `KFORGE_REQUIRE_GPU=1` makes a missing adapter a failure instead (on a GPU
//! machine, so that a broken driver set-up cannot pass as a skip).

use super::{Gpu, GpuOptions};

/// Whether `KFORGE_REQUIRE_GPU=1` is set.
pub fn gpu_required() -> bool {
    std::env::var("KFORGE_REQUIRE_GPU").is_ok_and(|v| v == "1")
}

/// Opens the default adapter for the tests named by `what`: `None` with `SKIPPED: {what} did not run: …` on
/// standard error when there is none.
///
/// # Panics
/// When there is no adapter and [`gpu_required`].
pub fn open_for_tests(what: &str) -> Option<Gpu> {
    match Gpu::open(&GpuOptions::default()) {
        Ok(g) => {
            eprintln!("{what} run on: {}", g.adapter());
            Some(g)
        }
        Err(e) => {
            assert!(!gpu_required(), "KFORGE_REQUIRE_GPU=1 but {e}");
            eprintln!("SKIPPED: {what} did not run: {e}");
            None
        }
    }
}
