//! `write_gguf_f32`: an import written back as an f32 GGUF for llama.cpp. On the tiny
//! synthetic model: the round trip GGUF → import → f32 GGUF gives the same tensors
//! (bit for bit, under GGUF names, Q/K in GGUF row order), the same config and the
//! same tokenizer metadata; re-importing it gives the same import; and the failures
//! (a missing or changed source, a Hugging Face import, a vocabulary mismatch, a
//! damaged import) leave no file behind.

mod common;

use std::path::{Path, PathBuf};

use common::{llama_gguf, tiny_config, tiny_weights};
use kforge_frontend::gguf::{GgmlType, GgufFile, GgufValue};
use kforge_frontend::llama::CheckpointConfig;
use kforge_frontend::llama::{LlamaWeights, ModelConfig};
use kforge_frontend::tokenizer_export::GgufTokenizer;
use kforge_frontend::{
    import_gguf, import_hf, write_gguf_f32, write_gguf_f32_with_tokenizer, FrontendError,
};
use safetensors::SafeTensors;

/// Writes `weights` as a GGUF (tensors in `f16` stored as F16), imports it, and
/// returns (temp dir, source GGUF path, import dir).
fn imported(weights: &LlamaWeights, f16: &[&str]) -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("source.gguf");
    llama_gguf(weights, &[], f16).write(&source).unwrap();
    let import = dir.path().join("import");
    import_gguf(&source, &import).unwrap();
    (dir, source, import)
}

/// Every file name in `dir`.
fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// The f32 GGUF has the source's tensors (as f32, exactly), the same config and the
/// same `tokenizer.*` metadata.
fn assert_same_model(source: &GgufFile, exported: &GgufFile) {
    assert_eq!(
        ModelConfig::from_gguf(exported).unwrap(),
        ModelConfig::from_gguf(source).unwrap()
    );
    let mut names: Vec<&str> = source.tensors().iter().map(|t| t.name.as_str()).collect();
    let mut exported_names: Vec<&str> =
        exported.tensors().iter().map(|t| t.name.as_str()).collect();
    names.sort_unstable();
    exported_names.sort_unstable();
    assert_eq!(exported_names, names);
    for info in exported.tensors() {
        assert_eq!(info.dtype, GgmlType::F32, "{}", info.name);
        let want = source.tensor_f32(&info.name).unwrap();
        let got = exported.tensor_f32(&info.name).unwrap();
        assert_eq!(got.shape, want.shape, "{}", info.name);
        let bits =
            |t: &kforge_frontend::Tensor| t.data.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
        assert!(bits(&got) == bits(&want), "{}: data differs", info.name);
    }
    let tokenizer_keys = |f: &GgufFile| -> Vec<(String, GgufValue)> {
        f.metadata()
            .iter()
            .filter(|(k, _)| k.starts_with("tokenizer."))
            .cloned()
            .collect()
    };
    assert_eq!(tokenizer_keys(exported), tokenizer_keys(source));
    let mut want_tok = GgufTokenizer::from_gguf(source).unwrap();
    want_tok.path = exported.path().to_path_buf();
    assert_eq!(GgufTokenizer::from_gguf(exported).unwrap(), want_tok);
    assert_eq!(
        exported
            .get("general.architecture")
            .and_then(|v| v.as_str()),
        Some("llama")
    );
    assert_eq!(
        exported.get("general.file_type").and_then(|v| v.as_u64()),
        Some(0)
    );
}

#[test]
fn the_tiny_model_round_trips_through_an_f32_gguf() {
    let config = tiny_config();
    let weights = tiny_weights(&config);
    let (dir, source_path, import) = imported(&weights, &[]);
    let out = dir.path().join("nested/out/model-f32.gguf");

    let summary = write_gguf_f32(&import, &out).unwrap();
    assert_eq!(summary.out_path, out);
    assert_eq!(summary.bytes, std::fs::metadata(&out).unwrap().len());
    assert_eq!(summary.n_tensors, 1 + 9 * 2 + 1);
    assert_eq!(
        summary.tokenizer_source,
        std::fs::canonicalize(&source_path).unwrap()
    );

    let source = GgufFile::open(&source_path).unwrap();
    let exported = GgufFile::open(&out).unwrap();
    assert_eq!((exported.version(), exported.alignment()), (3, 32));
    assert_eq!(exported.metadata().len(), summary.n_metadata);
    assert!(exported.tensor_info("output.weight").is_none(), "tied");
    // Q and K are stored in GGUF (interleaved) row order, as in the source file.
    assert_same_model(&source, &exported);
    // Reading it back gives the canonical weights.
    let back = LlamaWeights::from_gguf(&exported).unwrap();
    assert_eq!(back.tensors, weights.tensors);
    // No temporary file is left beside it.
    assert_eq!(names_in(out.parent().unwrap()), ["model-f32.gguf"]);

    // Re-importing the export gives the same weights file contents.
    let again = dir.path().join("again");
    import_gguf(&out, &again).unwrap();
    let a = std::fs::read(import.join("weights.safetensors")).unwrap();
    let b = std::fs::read(again.join("weights.safetensors")).unwrap();
    let (a, b) = (
        SafeTensors::deserialize(&a).unwrap(),
        SafeTensors::deserialize(&b).unwrap(),
    );
    assert_eq!(a.names().len(), b.names().len());
    for name in a.names() {
        assert_eq!(
            a.tensor(name).unwrap().data(),
            b.tensor(name).unwrap().data(),
            "{name}"
        );
    }
    // Exporting again replaces the file with the same bytes.
    let first = std::fs::read(&out).unwrap();
    write_gguf_f32(&import, &out).unwrap();
    assert!(std::fs::read(&out).unwrap() == first);
}

#[test]
fn an_untied_model_keeps_its_output_matrix() {
    let mut config = tiny_config();
    config.tied_embeddings = false;
    let weights = tiny_weights(&config);
    let (dir, source_path, import) = imported(&weights, &[]);
    let out = dir.path().join("out.gguf");
    write_gguf_f32(&import, &out).unwrap();
    let exported = GgufFile::open(&out).unwrap();
    assert!(exported.tensor_info("output.weight").is_some());
    assert_same_model(&GgufFile::open(&source_path).unwrap(), &exported);
}

#[test]
fn half_precision_source_tensors_are_written_as_f32() {
    let config = tiny_config();
    let weights = tiny_weights(&config);
    let f16 = [
        "blk.0.attn_q.weight",
        "blk.1.ffn_up.weight",
        "output_norm.weight",
    ];
    let (dir, source_path, import) = imported(&weights, &f16);
    let out = dir.path().join("out.gguf");
    write_gguf_f32(&import, &out).unwrap();
    let source = GgufFile::open(&source_path).unwrap();
    assert_eq!(
        source.tensor_info("blk.0.attn_q.weight").unwrap().dtype,
        GgmlType::F16
    );
    assert_same_model(&source, &GgufFile::open(&out).unwrap());
}

#[test]
fn a_hugging_face_import_needs_a_tokenizer_gguf() {
    let config = tiny_config();
    let weights = tiny_weights(&config);
    let dir = tempfile::tempdir().unwrap();
    let hf = dir.path().join("hf");
    std::fs::create_dir(&hf).unwrap();
    std::fs::write(
        hf.join("config.json"),
        config.to_hf_config_json().to_string(),
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
    let views: Vec<(String, safetensors::tensor::TensorView<'_>)> = owned
        .iter()
        .map(|(n, b, s)| {
            let view = safetensors::tensor::TensorView::new(safetensors::Dtype::F32, s.clone(), b);
            (n.clone(), view.unwrap())
        })
        .collect();
    safetensors::serialize_to_file(views, None, &hf.join("model.safetensors")).unwrap();
    let import = dir.path().join("import");
    import_hf(&hf, &import).unwrap();

    let out = dir.path().join("out.gguf");
    let err = write_gguf_f32(&import, &out).unwrap_err();
    assert!(matches!(err, FrontendError::Tokenizer { .. }), "{err}");
    assert!(err.to_string().contains("Hugging Face"), "{err}");
    assert!(!out.exists());

    let tokenizer_gguf = dir.path().join("tokenizer.gguf");
    llama_gguf(&weights, &[], &[])
        .write(&tokenizer_gguf)
        .unwrap();
    let summary = write_gguf_f32_with_tokenizer(&import, &tokenizer_gguf, &out).unwrap();
    assert_eq!(summary.tokenizer_source, tokenizer_gguf);
    assert_same_model(
        &GgufFile::open(&tokenizer_gguf).unwrap(),
        &GgufFile::open(&out).unwrap(),
    );
}

#[test]
fn a_missing_or_changed_source_is_reported() {
    let weights = tiny_weights(&tiny_config());
    let (dir, source_path, import) = imported(&weights, &[]);
    let out = dir.path().join("out.gguf");

    let bytes = std::fs::read(&source_path).unwrap();
    std::fs::write(&source_path, &bytes[..bytes.len() - 1]).unwrap();
    let err = write_gguf_f32(&import, &out).unwrap_err();
    assert!(err.to_string().contains("re-import"), "{err}");

    std::fs::remove_file(&source_path).unwrap();
    let err = write_gguf_f32(&import, &out).unwrap_err();
    assert!(matches!(err, FrontendError::Io { .. }), "{err}");
    assert!(err.to_string().contains("source.gguf"), "{err}");
    assert!(!out.exists());
}

#[test]
fn a_tokenizer_of_another_vocabulary_is_rejected() {
    let config = tiny_config();
    let weights = tiny_weights(&config);
    let (dir, _, import) = imported(&weights, &[]);
    // The tiny tokenizer has 16 tokens; a model with vocab 32 does not match it.
    let mut bigger = config.clone();
    bigger.vocab = 32;
    let (_other_dir, _, other_import) = imported(&tiny_weights(&bigger), &[]);
    let tokenizer_gguf = dir.path().join("tokenizer.gguf");
    llama_gguf(&weights, &[], &[])
        .write(&tokenizer_gguf)
        .unwrap();
    let out = dir.path().join("out.gguf");
    let err = write_gguf_f32_with_tokenizer(&other_import, &tokenizer_gguf, &out).unwrap_err();
    assert!(matches!(err, FrontendError::Tokenizer { .. }), "{err}");
    assert!(err.to_string().contains("16 tokens"), "{err}");
    assert!(!out.exists());
    // The matching one works.
    write_gguf_f32_with_tokenizer(&import, &tokenizer_gguf, &out).unwrap();
}

#[test]
fn a_damaged_import_leaves_the_old_file_in_place() {
    let weights = tiny_weights(&tiny_config());
    let (dir, _, import) = imported(&weights, &[]);
    let out_dir = dir.path().join("out");
    std::fs::create_dir(&out_dir).unwrap();
    let out = out_dir.join("model.gguf");
    std::fs::write(&out, b"old").unwrap();

    // A weights file that lacks a tensor of the table.
    let bytes = std::fs::read(import.join("weights.safetensors")).unwrap();
    let st = SafeTensors::deserialize(&bytes).unwrap();
    let kept: Vec<(String, safetensors::tensor::TensorView<'_>)> = st
        .tensors()
        .into_iter()
        .filter(|(n, _)| n != "model.layers.1.mlp.up_proj.weight")
        .collect();
    safetensors::serialize_to_file(kept, None, &import.join("weights.safetensors")).unwrap();
    let err = write_gguf_f32(&import, &out).unwrap_err();
    assert!(matches!(err, FrontendError::MissingTensor { .. }), "{err}");
    assert!(err.to_string().contains("up_proj"), "{err}");
    assert_eq!(std::fs::read(&out).unwrap(), b"old");
    assert_eq!(names_in(&out_dir), ["model.gguf"]);

    // No manifest: not an import.
    std::fs::remove_file(import.join("kforge-model.json")).unwrap();
    let err = write_gguf_f32(&import, &out).unwrap_err();
    assert!(err.to_string().contains("kforge-model.json"), "{err}");
    assert_eq!(std::fs::read(&out).unwrap(), b"old");
}

/// Regression (hostile campaign): `--export-gguf-f32` naming a pipe waited
/// forever: the pipe is written in place, and reading the written file back
/// to check it reopened the pipe, which waits for a writer that never comes.
#[test]
fn export_to_a_pipe_is_not_read_back() {
    let weights = tiny_weights(&tiny_config());
    let (dir, source_path, import) = imported(&weights, &[]);
    let fifo = dir.path().join("export.gguf");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
    // The reading end, as a shell's process substitution would give it.
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read(fifo).unwrap())
    };
    let (done, waited) = std::sync::mpsc::channel();
    std::thread::spawn(move || done.send(write_gguf_f32(&import, &fifo).map(|_| ())));
    let result = waited
        .recv_timeout(std::time::Duration::from_secs(60))
        .expect("the export to a pipe returns");
    result.unwrap();
    let bytes = reader.join().unwrap();
    let copy = dir.path().join("copy.gguf");
    std::fs::write(&copy, bytes).unwrap();
    assert_same_model(
        &GgufFile::open(&source_path).unwrap(),
        &GgufFile::open(&copy).unwrap(),
    );
}
