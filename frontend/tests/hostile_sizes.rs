//! Counts and sizes a file claims are bounded before anything is sized by them: tiny
//! crafted files that claim 2^32 − 1 layers, tensors or metadata pairs, a head width
//! of 2^62 or 10^12 layers get a clear error at once (no allocation, no panic).

mod common;

use common::{llama_gguf, tiny_config, tiny_weights};
use kforge_frontend::gguf::{GgufFile, GgufValue, GgufWriter};
use kforge_frontend::hf::HfFolder;
use kforge_frontend::llama::CheckpointConfig;
use kforge_frontend::llama::{LlamaWeights, ModelConfig};
use kforge_frontend::FrontendError;
use std::path::Path;

/// A GGUF of the tiny model's metadata only (no tensor), with `key` set to `value`.
fn metadata_only(key: &str, value: GgufValue) -> Vec<u8> {
    let mut w = GgufWriter::new();
    common::llama_metadata(&mut w, &tiny_config());
    w.set_metadata(key, value);
    w.to_bytes()
}

fn config_error(bytes: Vec<u8>) -> String {
    assert!(bytes.len() < 2048, "a tiny file ({} bytes)", bytes.len());
    let file = GgufFile::from_bytes("tiny.gguf", bytes).unwrap();
    let err = LlamaWeights::from_gguf(&file).unwrap_err();
    assert!(matches!(err, FrontendError::InvalidConfig { .. }), "{err}");
    err.to_string()
}

#[test]
fn a_gguf_claiming_four_billion_blocks_is_rejected_before_any_tensor() {
    let err = config_error(metadata_only("llama.block_count", GgufValue::U32(u32::MAX)));
    assert!(
        err.ends_with("invalid model config: n_layers must be at most 4096 (found 4294967295)"),
        "{err}"
    );
}

#[test]
fn a_gguf_head_dim_of_2_pow_62_is_an_error_not_a_panic() {
    let mut bytes = metadata_only("llama.attention.key_length", GgufValue::U64(1 << 62));
    let err = config_error(std::mem::take(&mut bytes));
    assert!(
        err.contains("llama.rope.dimension_count") || err.contains("head_dim must be at most"),
        "{err}"
    );
    // With the rope dimension agreeing, the width limit answers.
    let mut w = GgufWriter::new();
    common::llama_metadata(&mut w, &tiny_config());
    w.set_metadata("llama.attention.key_length", GgufValue::U64(1 << 62));
    w.set_metadata("llama.rope.dimension_count", GgufValue::U64(1 << 62));
    let err = config_error(w.to_bytes());
    assert!(
        err.ends_with("head_dim must be at most 1048576 (found 4611686018427387904)"),
        "{err}"
    );
}

#[test]
fn a_gguf_header_claiming_four_billion_tensors_or_pairs_is_malformed() {
    // The metadata count in a 400-byte file; the tensor count after whole metadata.
    for (offset, what, len) in [(16, "metadata pairs", 400), (8, "tensor infos", usize::MAX)] {
        let mut bytes = llama_gguf(&tiny_weights(&tiny_config()), &[], &[]).to_bytes();
        bytes[offset..offset + 8].copy_from_slice(&u64::from(u32::MAX).to_le_bytes());
        bytes.truncate(len);
        let err = GgufFile::from_bytes("tiny.gguf", bytes).unwrap_err();
        assert!(matches!(err, FrontendError::Malformed { .. }), "{err}");
        assert!(
            err.to_string()
                .contains(&format!("the header declares 4294967295 {what}")),
            "{err}"
        );
    }
}

#[test]
fn every_size_of_a_config_is_bounded() {
    let path = Path::new("config.json");
    let cases: [(&str, serde_json::Value, &str); 6] = [
        (
            "num_hidden_layers",
            serde_json::json!(1_000_000_000_000u64),
            "n_layers must be at most 4096 (found 1000000000000)",
        ),
        (
            "head_dim",
            serde_json::json!(1u64 << 62),
            "head_dim must be at most 1048576 (found 4611686018427387904)",
        ),
        (
            "vocab_size",
            serde_json::json!(u64::MAX),
            "vocab must be at most 16777216 (found 18446744073709551615)",
        ),
        (
            "max_position_embeddings",
            serde_json::json!(1u64 << 40),
            "max_context must be at most 16777216 (found 1099511627776)",
        ),
        (
            "rope_theta",
            serde_json::json!(1e39),
            "rms_eps and rope_theta must be positive and finite in f32",
        ),
        (
            "rms_norm_eps",
            serde_json::json!(-1.0),
            "rms_eps and rope_theta must be positive and finite in f32",
        ),
    ];
    for (key, value, want) in cases {
        let mut json = tiny_config().to_hf_config_json();
        json[key] = value;
        let err = ModelConfig::from_hf_config_str(path, &json.to_string()).unwrap_err();
        assert!(err.to_string().contains(want), "{key}: {err}");
    }
    // Within every limit, but together 2^40 parameters or more.
    let mut json = tiny_config().to_hf_config_json();
    json["hidden_size"] = serde_json::json!(1 << 20);
    json["intermediate_size"] = serde_json::json!(1 << 20);
    json["num_attention_heads"] = serde_json::json!(1 << 13);
    json["num_key_value_heads"] = serde_json::json!(1 << 13);
    json["head_dim"] = serde_json::json!(128);
    json["num_hidden_layers"] = serde_json::json!(4096);
    let err = ModelConfig::from_hf_config_str(path, &json.to_string()).unwrap_err();
    assert!(
        err.to_string()
            .contains("the model must have at most 1099511627776 parameters"),
        "{err}"
    );
}

#[test]
fn an_hf_config_larger_than_its_files_is_rejected_before_loading() {
    let dir = tempfile::tempdir().unwrap();
    let mut json = tiny_config().to_hf_config_json();
    json["num_hidden_layers"] = serde_json::json!(4096);
    std::fs::write(dir.path().join("config.json"), json.to_string()).unwrap();
    std::fs::write(dir.path().join("model.safetensors"), [0u8; 64]).unwrap();
    let folder = HfFolder::scan(dir.path()).unwrap();
    let err = folder.load().unwrap_err().to_string();
    assert!(
        err.contains("more than the safetensors files can hold (at least"),
        "{err}"
    );
    assert!(err.contains("the files have 64)"), "{err}");

    // A config.json of more than 1 MiB is not read whole.
    let mut text = json.to_string();
    text.push_str(&" ".repeat(2 << 20));
    std::fs::write(dir.path().join("config.json"), text).unwrap();
    let err = ModelConfig::from_hf_config(&dir.path().join("config.json")).unwrap_err();
    assert!(
        err.to_string()
            .contains("config.json must be at most 1048576 bytes"),
        "{err}"
    );
}
