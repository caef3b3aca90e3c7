//! Helpers shared by the integration tests that run the real model.
use std::path::{Path, PathBuf};

pub mod batch;
use std::process::Command;
use std::sync::OnceLock;

/// The repository root.
pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The imported model folder, imported once per test binary with the freshly
/// built importer (None: no model here).
pub fn model() -> Option<&'static Path> {
    static DIR: OnceLock<Option<PathBuf>> = OnceLock::new();
    DIR.get_or_init(|| import("smollm2-import", "f32"))
        .as_deref()
}

/// The model imported with its GGUF's own formats (`--weights as-stored`:
/// Q4_1 projections, a Q8_0 embedding table).
#[allow(
    dead_code,
    reason = "each test binary compiles this module; only decoder.rs uses it"
)]
pub fn model_as_stored() -> Option<&'static Path> {
    static DIR: OnceLock<Option<PathBuf>> = OnceLock::new();
    DIR.get_or_init(|| import("smollm2-import-as-stored", "as-stored"))
        .as_deref()
}

/// Imports the shipped GGUF into `CARGO_TARGET_TMPDIR/name` with `--weights weights`.
fn import(name: &str, weights: &str) -> Option<PathBuf> {
    let gguf = repo().join("models/smollm2-135m-instruct/model.gguf");
    if !gguf.exists() {
        eprintln!(
            "note: {} is missing (run scripts/fetch-model.sh); skipping",
            gguf.display()
        );
        return None;
    }
    let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let import = repo().join("target/debug/kforge-import");
    let status = Command::new(&import)
        .arg(&gguf)
        .arg("-o")
        .arg(&out)
        .args(["--weights", weights, "-q"])
        .status()
        .unwrap_or_else(|e| {
            panic!(
                "cannot run {} (build the workspace first): {e}",
                import.display()
            )
        });
    assert!(status.success(), "kforge-import failed");
    Some(out)
}
