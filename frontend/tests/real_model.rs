//! Checks on the real model, SmolLM2-135M-Instruct (Q4_1 GGUF), against ANCHORS.md and
//! the numpy reference fixture. Each test prints a note and passes when the model has
//! not been fetched (scripts/fetch-model.sh).

mod common;

use std::collections::BTreeMap;

use common::{fixture_path, real_model};
use kforge_frontend::gguf::{GgmlType, GgufFile};
use kforge_frontend::llama::CheckpointConfig;
use kforge_frontend::llama::{tensor_specs, ModelConfig};
use kforge_frontend::tokenizer_export::GgufTokenizer;
use kforge_frontend::{import_gguf, write_gguf_f32, ModelManifest};
use safetensors::SafeTensors;
use serde_json::Value;

const PROMPT: &str = "The capital of France is";
const PROMPT_IDS: [u32; 5] = [504, 3575, 282, 4649, 314];

fn fixture() -> Value {
    let text = std::fs::read_to_string(fixture_path())
        .expect("reference/numpy/fixtures/smollm2_logits.json is committed");
    serde_json::from_str(&text).unwrap()
}

fn exported_tokenizer(file: &GgufFile) -> tokenizers::Tokenizer {
    let json = GgufTokenizer::from_gguf(file)
        .unwrap()
        .to_tokenizer_json()
        .unwrap();
    json.to_string().parse().unwrap()
}

#[test]
fn metadata_matches_the_anchors() {
    let Some(path) = real_model("metadata_matches_the_anchors") else {
        return;
    };
    let file = GgufFile::open(&path).unwrap();
    assert_eq!((file.version(), file.alignment()), (3, 32));
    let config = ModelConfig::from_gguf(&file).unwrap();
    let expected = ModelConfig {
        dim: 576,
        n_layers: 30,
        n_heads: 9,
        n_kv_heads: 3,
        head_dim: 64,
        ffn_dim: 1536,
        vocab: 49152,
        rope_theta: 1e5,
        rms_eps: 1e-5,
        tied_embeddings: true,
        max_context: 8192,
        bos_id: Some(1),
        eos_id: Some(2),
    };
    assert_eq!(config, expected);

    let mut by_type = BTreeMap::new();
    for t in file.tensors() {
        *by_type.entry(t.dtype.to_string()).or_insert(0) += 1;
    }
    assert_eq!(file.tensors().len(), 272);
    assert_eq!(
        by_type,
        BTreeMap::from([("F32".into(), 61), ("Q4_1".into(), 210), ("Q8_0".into(), 1)])
    );
    assert_eq!(
        file.tensor_info("token_embd.weight").unwrap().dtype,
        GgmlType::Q8_0
    );
    assert!(
        file.tensor_info("output.weight").is_none(),
        "embeddings are tied"
    );

    let tokenizer = GgufTokenizer::from_gguf(&file).unwrap();
    assert_eq!(
        (tokenizer.tokens.len(), tokenizer.merges.len()),
        (49152, 48900)
    );
    assert_eq!(tokenizer.pre, "smollm");
    assert_eq!(tokenizer.tokens[2], "<|im_end|>");
    assert!(!tokenizer.add_bos);
    assert!(tokenizer.chat_template.unwrap().contains("<|im_start|>"));
    let control = tokenizer.token_types.iter().filter(|&&t| t == 3).count();
    assert_eq!(control, 17);
}

#[test]
fn exported_tokenizer_reproduces_the_reference_ids() {
    let Some(path) = real_model("exported_tokenizer_reproduces_the_reference_ids") else {
        return;
    };
    let file = GgufFile::open(&path).unwrap();
    let tokenizer = exported_tokenizer(&file);
    let enc = tokenizer.encode(PROMPT, false).unwrap();
    assert_eq!(enc.get_ids(), PROMPT_IDS);
    assert_eq!(tokenizer.decode(&PROMPT_IDS, false).unwrap(), PROMPT);
    // ANCHORS.md: the continuation " Paris.\n\nThe answer is: 2018-01".
    let next = [
        7042, 30, 198, 198, 504, 2988, 314, 42, 216, 34, 32, 33, 40, 29, 32, 33,
    ];
    let text = tokenizer.decode(&next, false).unwrap();
    assert_eq!(text, " Paris.\n\nThe answer is: 2018-01");
    assert_eq!(
        tokenizer.encode(text.as_str(), false).unwrap().get_ids(),
        next
    );
    // Digits one by one.
    let ids = tokenizer.encode("12345", false).unwrap().get_ids().to_vec();
    assert_eq!(ids.len(), 5);
    assert_eq!(tokenizer.decode(&ids[..1], false).unwrap(), "1");
    // Control tokens are special: kept whole, dropped when decoding with skip.
    let chat = "<|im_start|>user\nHi<|im_end|>\n";
    let ids = tokenizer.encode(chat, false).unwrap().get_ids().to_vec();
    assert_eq!((ids[0], ids[ids.len() - 2]), (1, 2));
    assert_eq!(tokenizer.decode(&ids, true).unwrap(), "user\nHi\n");
}

#[test]
fn fixture_prompts_tokenize_to_the_fixture_ids() {
    let Some(path) = real_model("fixture_prompts_tokenize_to_the_fixture_ids") else {
        return;
    };
    let tokenizer = exported_tokenizer(&GgufFile::open(&path).unwrap());
    for case in fixture()["cases"].as_array().unwrap() {
        let text = case["text"].as_str().unwrap();
        let want: Vec<u32> = serde_json::from_value(case["prompt_ids"].clone()).unwrap();
        assert_eq!(
            tokenizer.encode(text, false).unwrap().get_ids(),
            want,
            "{text:?}"
        );
    }
}

#[test]
fn import_matches_the_numpy_reference_weights() {
    let Some(path) = real_model("import_matches_the_numpy_reference_weights") else {
        return;
    };
    let out = tempfile::tempdir().unwrap();
    let summary = import_gguf(&path, out.path()).unwrap();
    let manifest = ModelManifest::read(out.path()).unwrap();
    assert_eq!(manifest, summary.manifest);
    assert_eq!(manifest.tensors.len(), 1 + 30 * 9 + 1);
    let n_params: usize = tensor_specs(&manifest.config)
        .iter()
        .map(|s| s.shape.iter().product::<usize>())
        .sum();
    assert_eq!(n_params, 134_515_008);

    let bytes = std::fs::read(&summary.weights_path).unwrap();
    assert!(bytes.len() > 4 * n_params && bytes.len() < 4 * n_params + 64 * 1024);
    let st = SafeTensors::deserialize(&bytes).unwrap();
    let probes = fixture()["weight_probes"].as_array().unwrap().clone();
    assert!(probes.len() >= 32);
    for probe in probes {
        let name = probe["name"].as_str().unwrap();
        let index: Vec<usize> = serde_json::from_value(probe["index"].clone()).unwrap();
        let want = probe["value"].as_f64().unwrap() as f32;
        let view = st.tensor(name).unwrap();
        let flat = index
            .iter()
            .zip(view.shape())
            .fold(0, |acc, (&i, &d)| acc * d + i);
        let b = &view.data()[flat * 4..flat * 4 + 4];
        let got = f32::from_le_bytes([b[0], b[1], b[2], b[3]]);
        assert_eq!(got, want, "{name}{index:?}");
    }
    let tokenizer = tokenizers::Tokenizer::from_file(summary.tokenizer_path.unwrap()).unwrap();
    assert_eq!(
        tokenizer.encode(PROMPT, false).unwrap().get_ids(),
        PROMPT_IDS
    );
}

#[test]
fn the_f32_gguf_export_holds_the_dequantized_source_tensors() {
    let Some(path) = real_model("the_f32_gguf_export_holds_the_dequantized_source_tensors") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let import = dir.path().join("import");
    import_gguf(&path, &import).unwrap();
    let out = dir.path().join("smollm2-f32.gguf");
    let summary = write_gguf_f32(&import, &out).unwrap();
    assert_eq!(summary.n_tensors, 272);
    // 134,515,008 f32 parameters plus the header (the tokenizer is most of it).
    assert!(summary.bytes > 4 * 134_515_008 && summary.bytes < 4 * 134_515_008 + (8 << 20));

    let source = GgufFile::open(&path).unwrap();
    let exported = GgufFile::open(&out).unwrap();
    assert_eq!(
        ModelConfig::from_gguf(&exported).unwrap(),
        ModelConfig::from_gguf(&source).unwrap()
    );
    assert!(exported.tensor_info("output.weight").is_none(), "tied");
    for info in source.tensors() {
        let got = exported.tensor_f32(&info.name).unwrap();
        assert_eq!(
            exported.tensor_info(&info.name).unwrap().dtype,
            GgmlType::F32
        );
        let want = source.tensor_f32(&info.name).unwrap();
        assert!(
            got == want,
            "{}: differs from the dequantized source",
            info.name
        );
    }
    for (key, value) in source.metadata() {
        if key.starts_with("tokenizer.") {
            assert_eq!(exported.get(key), Some(value), "{key}");
        }
    }
    let tokenizer = exported_tokenizer(&exported);
    assert_eq!(
        tokenizer.encode(PROMPT, false).unwrap().get_ids(),
        PROMPT_IDS
    );
}
