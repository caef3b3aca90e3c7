//! Fingerprints the sources that decide what code the JIT generates, for the
//! module cache's key (`src/jit/cache.rs`): the dialect, the passes and the JIT
//! itself. A change to any of them invalidates every cached module, so a pass
//! edited without bumping a version constant never runs stale code.
//!
//! The fingerprint is a SHA-256 of every file's path and contents, in sorted
//! order, exported as `KFORGE_CODEGEN_FINGERPRINT`; the kernels alone, for the
//! autotuner's cache key (`src/tune`), as `KFORGE_KERNELS_FINGERPRINT`. Directories that do not
//! exist (a packaged crate has no `../passes`) are skipped.
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

/// What is fingerprinted, relative to this crate.
const INPUTS: &[&str] = &[
    "../dialect/src",
    "../dialect/kforge.irdl.mlir",
    "../kernels/src/epilogue.rs",
    "../kernels/src/isa.rs",
    "../passes/src",
    "src/jit",
];

/// What the autotuner's cache key fingerprints: the kernels it tunes.
const KERNEL_INPUTS: &[&str] = &["../kernels/src/cpu"];

fn main() {
    println!(
        "cargo:rustc-env=KFORGE_CODEGEN_FINGERPRINT={}",
        fingerprint(INPUTS)
    );
    println!(
        "cargo:rustc-env=KFORGE_KERNELS_FINGERPRINT={}",
        fingerprint(KERNEL_INPUTS)
    );
}

/// SHA-256 (hex) of every file under `inputs`, with its path, in sorted order.
fn fingerprint(inputs: &[&str]) -> String {
    let mut files = Vec::new();
    for input in inputs {
        println!("cargo:rerun-if-changed={input}");
        collect(Path::new(input), &mut files);
    }
    files.sort();
    let mut hasher = Sha256::new();
    for file in &files {
        let contents = std::fs::read(file).unwrap_or_default();
        hasher.update(file.to_string_lossy().as_bytes());
        hasher.update((contents.len() as u64).to_le_bytes());
        hasher.update(&contents);
    }
    hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn collect(path: &Path, out: &mut Vec<PathBuf>) {
    if path.is_file() {
        out.push(path.to_path_buf());
    } else if let Ok(entries) = std::fs::read_dir(path) {
        for entry in entries.flatten() {
            collect(&entry.path(), out);
        }
    }
}
