//! The llama importers on a tiny synthetic model: GGUF → canonical weights (renamed,
//! Q/K un-permuted), the written import folder, the Hugging Face reader, and the errors
//! for a wrong architecture, a missing tensor, a wrong shape and a bad config.

mod common;

use common::{llama_gguf, tiny_config, tiny_weights};
use kforge_frontend::gguf::{GgufFile, GgufValue};
use kforge_frontend::llama::CheckpointConfig;
use kforge_frontend::llama::{tensor_specs, LlamaWeights, ModelConfig, RopePermutation};
use kforge_frontend::{import_gguf, import_hf, FrontendError, ModelManifest};
use safetensors::SafeTensors;

fn gguf_file(bytes: Vec<u8>) -> GgufFile {
    GgufFile::from_bytes("tiny.gguf", bytes).unwrap()
}

#[test]
fn config_is_read_from_gguf_metadata() {
    let config = tiny_config();
    let file = gguf_file(llama_gguf(&tiny_weights(&config), &[], &[]).to_bytes());
    assert_eq!(ModelConfig::from_gguf(&file).unwrap(), config);
}

#[test]
fn the_tensor_table_lists_hugging_face_names_in_order() {
    let mut config = tiny_config();
    let specs = tensor_specs(&config);
    assert_eq!(specs.len(), 1 + 9 * 2 + 1);
    let names: Vec<&str> = specs.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(
        &names[..4],
        [
            "model.embed_tokens.weight",
            "model.layers.0.input_layernorm.weight",
            "model.layers.0.self_attn.q_proj.weight",
            "model.layers.0.self_attn.k_proj.weight",
        ]
    );
    assert_eq!(names.last(), Some(&"model.norm.weight"));
    let k = &specs[3];
    assert_eq!(
        (k.gguf_name.as_str(), k.shape.clone(), k.rope),
        (
            "blk.0.attn_k.weight",
            vec![16, 32],
            RopePermutation::Heads(2)
        )
    );
    let down = specs
        .iter()
        .find(|s| s.name == "model.layers.1.mlp.down_proj.weight")
        .unwrap();
    assert_eq!(
        (down.gguf_name.as_str(), down.shape.clone()),
        ("blk.1.ffn_down.weight", vec![32, 64])
    );

    config.tied_embeddings = false;
    let specs = tensor_specs(&config);
    let last = specs.last().unwrap();
    assert_eq!(
        (last.name.as_str(), last.gguf_name.as_str()),
        ("lm_head.weight", "output.weight")
    );
}

#[test]
fn gguf_weights_are_renamed_and_q_k_rows_unpermuted_exactly() {
    let config = tiny_config();
    let canonical = tiny_weights(&config);
    let f16_stored = ["blk.1.ffn_up.weight", "output_norm.weight"];
    let file = gguf_file(llama_gguf(&canonical, &[], &f16_stored).to_bytes());
    // The stored Q rows differ from the canonical ones: the permutation is real.
    let stored_q = file.tensor_f32("blk.0.attn_q.weight").unwrap();
    assert_ne!(
        &stored_q,
        canonical
            .get("model.layers.0.self_attn.q_proj.weight")
            .unwrap()
    );

    let loaded = LlamaWeights::from_gguf(&file).unwrap();
    assert_eq!(loaded.config, config);
    assert_eq!(loaded.tensors, canonical.tensors);
}

#[test]
fn an_untied_model_exports_lm_head() {
    let mut config = tiny_config();
    config.tied_embeddings = false;
    let canonical = tiny_weights(&config);
    let file = gguf_file(llama_gguf(&canonical, &[], &[]).to_bytes());
    let loaded = LlamaWeights::from_gguf(&file).unwrap();
    assert!(!loaded.config.tied_embeddings);
    assert_eq!(
        loaded.get("lm_head.weight"),
        canonical.get("lm_head.weight")
    );
}

#[test]
fn import_gguf_writes_weights_tokenizer_and_manifest() {
    let config = tiny_config();
    let canonical = tiny_weights(&config);
    let dir = tempfile::tempdir().unwrap();
    let gguf = dir.path().join("tiny.gguf");
    llama_gguf(&canonical, &[], &[]).write(&gguf).unwrap();
    let out = dir.path().join("import");

    let summary = import_gguf(&gguf, &out).unwrap();
    assert_eq!(summary.manifest.config, config);
    assert_eq!(summary.manifest.tensors.len(), 20);
    assert_eq!(
        summary.manifest.source.size_bytes,
        std::fs::metadata(&gguf).unwrap().len()
    );
    assert_eq!(ModelManifest::read(&out).unwrap(), summary.manifest);

    let bytes = std::fs::read(&summary.weights_path).unwrap();
    assert_eq!(bytes.len() as u64, summary.weights_bytes);
    let st = SafeTensors::deserialize(&bytes).unwrap();
    assert_eq!(st.len(), canonical.tensors.len());
    for t in &canonical.tensors {
        let view = st.tensor(&t.name).unwrap();
        assert_eq!(view.dtype(), safetensors::Dtype::F32);
        assert_eq!(view.shape(), t.tensor.shape.as_slice());
        assert_eq!(view.data(), t.tensor.to_le_bytes().as_slice(), "{}", t.name);
    }
    // No temporary file is left behind.
    let names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(names.iter().all(|n| !n.starts_with('.')), "{names:?}");

    let tokenizer = tokenizers::Tokenizer::from_file(summary.tokenizer_path.unwrap()).unwrap();
    let enc = tokenizer.encode("ab ab<|im_end|>", false).unwrap();
    assert_eq!(enc.get_ids(), &[5, 7, 2]);
    assert_eq!(tokenizer.decode(&[5, 7], false).unwrap(), "ab ab");
    let enc = tokenizer.encode("12", false).unwrap();
    assert_eq!(enc.get_ids(), &[8, 9], "digits split one by one");

    let tok_config: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("tokenizer_config.json")).unwrap())
            .unwrap();
    assert_eq!(tok_config["eos_token"], "<|im_end|>");
    assert_eq!(tok_config["chat_template"], "{{ messages }}");
}

#[test]
fn import_hf_reads_a_folder_with_f16_and_bf16_tensors() {
    let config = tiny_config();
    let canonical = tiny_weights(&config);
    let dir = tempfile::tempdir().unwrap();
    let hf = dir.path().join("hf");
    std::fs::create_dir(&hf).unwrap();
    std::fs::write(
        hf.join("config.json"),
        config.to_hf_config_json().to_string(),
    )
    .unwrap();
    std::fs::write(hf.join("tokenizer.json"), "{\"copied\": true}").unwrap();
    // Split across two files, in three dtypes; plus a tensor the table does not know.
    let (first, second) = canonical.tensors.split_at(7);
    let to_bytes = |t: &kforge_frontend::Tensor, dtype: safetensors::Dtype| -> Vec<u8> {
        match dtype {
            safetensors::Dtype::F16 => t
                .data
                .iter()
                .flat_map(|&x| half::f16::from_f32(x).to_le_bytes())
                .collect(),
            safetensors::Dtype::BF16 => t
                .data
                .iter()
                .flat_map(|&x| half::bf16::from_f32(x).to_le_bytes())
                .collect(),
            _ => t.to_le_bytes(),
        }
    };
    let write =
        |name: &str, tensors: &[kforge_frontend::llama::NamedTensor], dtype, extra: bool| {
            let owned: Vec<(String, Vec<u8>, Vec<usize>)> = tensors
                .iter()
                .map(|t| {
                    (
                        t.name.clone(),
                        to_bytes(&t.tensor, dtype),
                        t.tensor.shape.clone(),
                    )
                })
                .chain(extra.then(|| {
                    (
                        "model.rotary_emb.inv_freq".to_string(),
                        vec![0u8; 16],
                        vec![4],
                    )
                }))
                .collect();
            let views: Vec<(String, safetensors::tensor::TensorView<'_>)> = owned
                .iter()
                .map(|(n, b, s)| {
                    let dt = if n.contains("rotary") {
                        safetensors::Dtype::F32
                    } else {
                        dtype
                    };
                    (
                        n.clone(),
                        safetensors::tensor::TensorView::new(dt, s.clone(), b).unwrap(),
                    )
                })
                .collect();
            safetensors::serialize_to_file(views, None, &hf.join(name)).unwrap();
        };
    write(
        "model-00001-of-00002.safetensors",
        first,
        safetensors::Dtype::F16,
        true,
    );
    write(
        "model-00002-of-00002.safetensors",
        second,
        safetensors::Dtype::BF16,
        false,
    );

    let out = dir.path().join("import");
    let summary = import_hf(&hf, &out).unwrap();
    assert_eq!(summary.manifest.config, config);
    let bytes = std::fs::read(&summary.weights_path).unwrap();
    let st = SafeTensors::deserialize(&bytes).unwrap();
    for t in &canonical.tensors {
        // Values are multiples of 1/64 within ±2: exact in f16 and in bf16.
        assert_eq!(
            st.tensor(&t.name).unwrap().data(),
            t.tensor.to_le_bytes().as_slice(),
            "{}",
            t.name
        );
    }
    assert!(st.tensor("model.rotary_emb.inv_freq").is_err());
    assert_eq!(
        std::fs::read_to_string(out.join("tokenizer.json")).unwrap(),
        "{\"copied\": true}"
    );
}

// ----------------------------------------------------------------------- errors

#[test]
fn a_wrong_architecture_names_the_one_found() {
    let weights = tiny_weights(&tiny_config());
    let mut w = llama_gguf(&weights, &[], &[]);
    w.set_metadata("general.architecture", GgufValue::String("falcon".into()));
    let err = LlamaWeights::from_gguf(&gguf_file(w.to_bytes())).unwrap_err();
    assert!(
        matches!(err, FrontendError::WrongArchitecture { .. }),
        "{err}"
    );
    assert_eq!(
        err.to_string(),
        "tiny.gguf: unsupported architecture (expected \"llama\", found \"falcon\")"
    );
}

#[test]
fn a_missing_tensor_is_named() {
    let weights = tiny_weights(&tiny_config());
    let file = gguf_file(llama_gguf(&weights, &["blk.1.ffn_up.weight"], &[]).to_bytes());
    let err = LlamaWeights::from_gguf(&file).unwrap_err();
    assert_eq!(
        err.to_string(),
        "tiny.gguf: missing tensor 'blk.1.ffn_up.weight'"
    );
}

#[test]
fn a_wrong_shape_gives_expected_and_actual() {
    let weights = tiny_weights(&tiny_config());
    let mut w = llama_gguf(&weights, &["blk.0.attn_v.weight"], &[]);
    w.tensor_f32("blk.0.attn_v.weight", &[32, 32], &[0.0; 32 * 32]);
    let err = LlamaWeights::from_gguf(&gguf_file(w.to_bytes())).unwrap_err();
    assert!(matches!(err, FrontendError::ShapeMismatch { .. }), "{err}");
    assert_eq!(
        err.to_string(),
        "tiny.gguf: tensor 'blk.0.attn_v.weight' has shape [32, 32] (expected [16, 32])"
    );
}

#[test]
fn inconsistent_head_counts_are_an_invalid_config() {
    let mut config = tiny_config();
    config.n_kv_heads = 3;
    let err = config.check_at(std::path::Path::new("c.json")).unwrap_err();
    assert_eq!(
        err.to_string(),
        "c.json: invalid model config: n_kv_heads must divide n_heads (n_heads 4 % n_kv_heads 3 = 1)"
    );
    let mut config = tiny_config();
    config.n_heads = 5;
    let err = config.check_at(std::path::Path::new("c.json")).unwrap_err();
    assert!(
        err.to_string()
            .contains("n_heads must divide dim (dim 32 % n_heads 5 = 2)"),
        "{err}"
    );
}

#[test]
fn hf_config_errors_name_the_problem() {
    let path = std::path::Path::new("config.json");
    let mut json = tiny_config().to_hf_config_json();
    json["model_type"] = "mistral".into();
    let err = ModelConfig::from_hf_config_str(path, &json.to_string()).unwrap_err();
    assert!(err.to_string().contains("found \"mistral\""), "{err}");

    let mut json = tiny_config().to_hf_config_json();
    json["rope_scaling"] = serde_json::json!({"type": "linear", "factor": 2.0});
    let err = ModelConfig::from_hf_config_str(path, &json.to_string()).unwrap_err();
    assert!(
        err.to_string().contains("rope_scaling is not supported"),
        "{err}"
    );

    let mut json = tiny_config().to_hf_config_json();
    json.as_object_mut().unwrap().remove("hidden_size");
    let err = ModelConfig::from_hf_config_str(path, &json.to_string()).unwrap_err();
    assert!(
        err.to_string().contains("missing field `hidden_size`"),
        "{err}"
    );

    let mut json = tiny_config().to_hf_config_json();
    json["eos_token_id"] = serde_json::json!([2, 0]);
    assert_eq!(
        ModelConfig::from_hf_config_str(path, &json.to_string())
            .unwrap()
            .eos_id,
        Some(2)
    );
}

#[test]
fn a_hf_folder_missing_a_tensor_or_a_config_is_named() {
    let config = tiny_config();
    let canonical = tiny_weights(&config);
    let dir = tempfile::tempdir().unwrap();
    let err = import_hf(dir.path(), dir.path().join("out")).unwrap_err();
    assert!(err.to_string().contains("config.json"), "{err}");

    std::fs::write(
        dir.path().join("config.json"),
        config.to_hf_config_json().to_string(),
    )
    .unwrap();
    let owned: Vec<(String, Vec<u8>, Vec<usize>)> = canonical.tensors[1..]
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
            (
                n.clone(),
                safetensors::tensor::TensorView::new(safetensors::Dtype::F32, s.clone(), b)
                    .unwrap(),
            )
        })
        .collect();
    safetensors::serialize_to_file(views, None, &dir.path().join("model.safetensors")).unwrap();
    let err = import_hf(dir.path(), dir.path().join("out")).unwrap_err();
    assert!(matches!(err, FrontendError::MissingTensor { .. }), "{err}");
    assert!(
        err.to_string()
            .ends_with("missing tensor 'model.embed_tokens.weight'"),
        "{err}"
    );
}

#[test]
fn a_non_gpt2_tokenizer_is_rejected_by_name() {
    let mut w = llama_gguf(&tiny_weights(&tiny_config()), &[], &[]);
    w.set_metadata("tokenizer.ggml.model", GgufValue::String("llama".into()));
    let file = gguf_file(w.to_bytes());
    let err = kforge_frontend::tokenizer_export::GgufTokenizer::from_gguf(&file).unwrap_err();
    assert_eq!(
        err.to_string(),
        "tiny.gguf: cannot export tokenizer: tokenizer.ggml.model \"llama\" is not supported \
         (expected \"gpt2\", byte-level BPE)"
    );
}

#[test]
fn a_duplicate_token_or_a_bad_merge_is_rejected() {
    use kforge_frontend::gguf::{GgufArray, GgufValueType};
    use kforge_frontend::tokenizer_export::GgufTokenizer;
    let strings = |items: &[&str]| {
        GgufValue::Array(GgufArray {
            elem_type: GgufValueType::String,
            items: items
                .iter()
                .map(|s| GgufValue::String(s.to_string()))
                .collect(),
        })
    };
    let mut tokens = common::tiny_tokens();
    tokens[15] = "a";
    let mut w = llama_gguf(&tiny_weights(&tiny_config()), &[], &[]);
    w.set_metadata("tokenizer.ggml.tokens", strings(&tokens));
    let tokenizer = GgufTokenizer::from_gguf(&gguf_file(w.to_bytes())).unwrap();
    let err = tokenizer.to_tokenizer_json().unwrap_err();
    assert!(
        err.to_string()
            .ends_with("token \"a\" appears twice (second time as id 15)"),
        "{err}"
    );

    let mut w = llama_gguf(&tiny_weights(&tiny_config()), &[], &[]);
    w.set_metadata("tokenizer.ggml.merges", strings(&["a b", "ab"]));
    let err = GgufTokenizer::from_gguf(&gguf_file(w.to_bytes())).unwrap_err();
    assert!(
        err.to_string()
            .ends_with("merge #1 \"ab\" is not two tokens separated by one space"),
        "{err}"
    );
}
