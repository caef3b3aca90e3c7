//! Imports are written whole: a failed import (a bad config, a tokenizer that cannot
//! be read) leaves a previous import byte for byte as it was, and a folder the
//! importer did not write is never replaced.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use common::{llama_gguf, tiny_config, tiny_weights};
use kforge_frontend::gguf::GgufValue;
use kforge_frontend::llama::CheckpointConfig;
use kforge_frontend::llama::LlamaWeights;
use kforge_frontend::{import_gguf, import_hf, FrontendError, ModelManifest};

/// Every file under `dir` (relative name → bytes).
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            let name = e.file_name().to_string_lossy().into_owned();
            (name, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

/// The regular files of `dir` (name → bytes), folders left out.
fn snapshot_files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().unwrap().is_file())
        .map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            (name, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

/// The entries of `dir` (to see that no staging folder is left behind).
fn entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// A tiny GGUF at `dir/name` (theta as given).
fn gguf(dir: &Path, name: &str, rope_theta: f32) -> PathBuf {
    let mut w = llama_gguf(&tiny_weights(&tiny_config()), &[], &[]);
    w.set_metadata("llama.rope.freq_base", GgufValue::F32(rope_theta));
    let path = dir.join(name);
    w.write(&path).unwrap();
    path
}

/// A tiny Hugging Face folder at `dir/name`, with `tokenizer.json` when given.
fn hf_folder(dir: &Path, name: &str, weights: &LlamaWeights, tokenizer: Option<&str>) -> PathBuf {
    let hf = dir.join(name);
    std::fs::create_dir(&hf).unwrap();
    std::fs::write(
        hf.join("config.json"),
        weights.config.to_hf_config_json().to_string(),
    )
    .unwrap();
    let owned: Vec<(String, Vec<u8>, Vec<usize>)> = weights
        .tensors
        .iter()
        .map(|t| {
            (
                t.name.clone(),
                t.tensor.to_le_bytes(),
                t.tensor.shape.clone(),
            )
        })
        .collect();
    let views: Vec<_> = owned
        .iter()
        .map(|(n, b, s)| {
            let view = safetensors::tensor::TensorView::new(safetensors::Dtype::F32, s.clone(), b);
            (n.clone(), view.unwrap())
        })
        .collect();
    safetensors::serialize_to_file(views, None, &hf.join("model.safetensors")).unwrap();
    if let Some(text) = tokenizer {
        std::fs::write(hf.join("tokenizer.json"), text).unwrap();
    }
    hf
}

#[test]
fn an_import_writes_model_mlir_and_leaves_no_staging_folder() {
    let dir = tempfile::tempdir().unwrap();
    let source = gguf(dir.path(), "tiny.gguf", 10_000.0);
    let out = dir.path().join("import");
    let summary = import_gguf(&source, &out).unwrap();
    assert_eq!(summary.model_path, out.join("model.mlir"));
    let model = std::fs::read_to_string(&summary.model_path).unwrap();
    assert!(model.contains("func.func @decode"), "{model}");
    assert_eq!(
        entries(&out),
        [
            "kforge-model.json",
            "model.mlir",
            "tokenizer.json",
            "tokenizer_config.json",
            "weights.safetensors"
        ]
    );
    assert_eq!(entries(dir.path()), ["import", "tiny.gguf"]);
    // A second import replaces the first whole.
    let again = import_gguf(&source, &out).unwrap();
    assert_eq!(again.manifest, summary.manifest);
    assert_eq!(entries(dir.path()), ["import", "tiny.gguf"]);
}

#[test]
fn a_failed_gguf_import_leaves_the_previous_import_intact() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("import");
    import_gguf(gguf(dir.path(), "good.gguf", 10_000.0), &out).unwrap();
    let before = snapshot(&out);

    let bad = gguf(dir.path(), "bad.gguf", f32::INFINITY);
    let err = import_gguf(&bad, &out).unwrap_err();
    assert!(matches!(err, FrontendError::InvalidConfig { .. }), "{err}");
    assert!(
        err.to_string()
            .contains("rope_theta must be positive and finite in f32 (found 0.00001 and inf)"),
        "{err}"
    );
    assert_eq!(snapshot(&out), before);
    assert_eq!(entries(dir.path()), ["bad.gguf", "good.gguf", "import"]);
}

#[test]
fn a_failed_hf_import_leaves_the_previous_import_intact() {
    let dir = tempfile::tempdir().unwrap();
    let weights = tiny_weights(&tiny_config());
    let out = dir.path().join("import");
    let good = hf_folder(dir.path(), "good", &weights, Some(r#"{"good": true}"#));
    import_hf(&good, &out).unwrap();
    let before = snapshot(&out);

    // rope_theta beyond f32 (inf once read as f32).
    let bad = hf_folder(dir.path(), "theta", &weights, Some(r#"{"bad": true}"#));
    let mut json = weights.config.to_hf_config_json();
    json["rope_theta"] = serde_json::json!(1e39);
    std::fs::write(bad.join("config.json"), json.to_string()).unwrap();
    let err = import_hf(&bad, &out).unwrap_err();
    assert!(
        err.to_string()
            .contains("rope_theta must be positive and finite"),
        "{err}"
    );
    assert_eq!(snapshot(&out), before);

    // A tokenizer.json that cannot be read (a folder): an I/O error after the
    // weights are written.
    let unreadable = hf_folder(dir.path(), "tokenizer", &weights, None);
    std::fs::create_dir(unreadable.join("tokenizer.json")).unwrap();
    let err = import_hf(&unreadable, &out).unwrap_err();
    assert!(matches!(err, FrontendError::Io { .. }), "{err}");
    assert_eq!(snapshot(&out), before);
    assert_eq!(
        entries(dir.path()),
        ["good", "import", "theta", "tokenizer"]
    );
}

#[test]
fn an_hf_import_without_a_tokenizer_keeps_none_of_the_previous_one() {
    let dir = tempfile::tempdir().unwrap();
    let weights = tiny_weights(&tiny_config());
    let out = dir.path().join("import");
    import_hf(hf_folder(dir.path(), "with", &weights, Some("{}")), &out).unwrap();
    assert!(out.join("tokenizer.json").is_file());

    let summary = import_hf(hf_folder(dir.path(), "without", &weights, None), &out).unwrap();
    assert_eq!(summary.tokenizer_path, None);
    assert_eq!(summary.manifest.tokenizer, None);
    assert_eq!(ModelManifest::read(&out).unwrap().tokenizer, None);
    assert!(
        !out.join("tokenizer.json").exists(),
        "the old tokenizer is gone"
    );
}

#[cfg(unix)]
#[test]
fn a_folder_the_importer_did_not_write_is_never_replaced() {
    use std::os::unix::fs::MetadataExt;
    let dir = tempfile::tempdir().unwrap();
    let source = gguf(dir.path(), "tiny.gguf", 10_000.0);

    // A folder of the user's: files, no manifest.
    let mine = dir.path().join("mine");
    std::fs::create_dir(&mine).unwrap();
    std::fs::write(mine.join("weights.safetensors"), "my own file").unwrap();
    let err = import_gguf(&source, &mine).unwrap_err();
    assert!(matches!(err, FrontendError::OutputFolder { .. }), "{err}");
    assert!(
        err.to_string().ends_with(
            "refusing to replace the output folder: it is not a kforge import (no readable import manifest kforge-model.json)"
        ),
        "{err}"
    );
    assert_eq!(
        std::fs::read_to_string(mine.join("weights.safetensors")).unwrap(),
        "my own file"
    );

    // A previous import with files of the user's added: carried over unchanged
    // (the same file), a folder of the user's refused.
    let import = dir.path().join("import");
    import_gguf(&source, &import).unwrap();
    std::fs::write(import.join("notes.txt"), "mine").unwrap();
    let inode = |p: &Path| std::os::unix::fs::MetadataExt::ino(&std::fs::metadata(p).unwrap());
    let notes = inode(&import.join("notes.txt"));
    import_gguf(&source, &import).unwrap();
    assert_eq!(
        std::fs::read_to_string(import.join("notes.txt")).unwrap(),
        "mine"
    );
    assert_eq!(inode(&import.join("notes.txt")), notes, "the same file");
    assert_eq!(
        std::fs::metadata(import.join("notes.txt")).unwrap().nlink(),
        1
    );
    std::fs::create_dir(import.join("runs")).unwrap();
    std::fs::write(import.join("runs").join("log"), "mine").unwrap();
    let before = snapshot_files(&import);
    let err = import_gguf(&source, &import).unwrap_err();
    assert!(
        err.to_string()
            .contains("it holds 1 entry that is not a regular file (runs); move it out first"),
        "{err}"
    );
    assert_eq!(snapshot_files(&import), before);
    assert_eq!(
        std::fs::read_to_string(import.join("runs").join("log")).unwrap(),
        "mine"
    );

    // A regular file.
    let file = dir.path().join("file");
    std::fs::write(&file, "x").unwrap();
    let err = import_gguf(&source, &file).unwrap_err();
    assert!(
        err.to_string().contains("it exists and is not a folder"),
        "{err}"
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "x");

    // An empty folder is taken.
    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    import_gguf(&source, &empty).unwrap();
    assert!(empty.join("kforge-model.json").is_file());
    assert!(!entries(dir.path()).iter().any(|n| n.starts_with('.')));
}

#[cfg(unix)]
#[test]
fn a_link_to_an_import_is_followed_and_kept() {
    let dir = tempfile::tempdir().unwrap();
    let source = gguf(dir.path(), "tiny.gguf", 10_000.0);
    let real = dir.path().join("real");
    import_gguf(&source, &real).unwrap();
    let link = dir.path().join("link");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    let summary = import_gguf(&source, &link).unwrap();
    assert!(std::fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    assert_eq!(summary.out_dir, std::fs::canonicalize(&real).unwrap());
    assert!(link.join("model.mlir").is_file());
}
