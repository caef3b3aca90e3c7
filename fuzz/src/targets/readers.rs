//! The weight and tensor readers: GGUF (`kforge-import model.gguf`), a Hugging
//! Face folder's safetensors and config.json (`kforge-import folder/`), and the
//! runtime's tensor file (`kforge-run --inputs`, and the weights of an import).
//! Seeds are small valid files built here with the frontend's own writers.
use super::{normalize, Seeds, Setup, Target, Verdict};
use kforge_frontend::gguf::{GgmlType, GgufArray, GgufFile, GgufValue, GgufValueType, GgufWriter};
use kforge_frontend::hf::HfFolder;
use kforge_frontend::llama::{tensor_specs, CheckpointConfig, LlamaWeights, ModelConfig};
use kforge_frontend::tokenizer_export::GgufTokenizer;
use safetensors::tensor::TensorView;
use safetensors::Dtype;
use std::path::{Path, PathBuf};

/// A tiny llama (1 layer, dim 32, 4 heads of 8, 2 kv heads, ffn 64, vocab 16)
/// as a Hugging Face config.json: rows of 32 and 64 quantize to whole blocks.
pub const TINY_CONFIG_JSON: &str = r#"{"model_type": "llama", "hidden_size": 32, "num_hidden_layers": 1,
 "num_attention_heads": 4, "num_key_value_heads": 2, "intermediate_size": 64, "vocab_size": 16,
 "rms_norm_eps": 1e-05, "rope_theta": 10000.0, "tie_word_embeddings": true,
 "max_position_embeddings": 64, "bos_token_id": 1, "eos_token_id": 2}"#;

fn tiny_config() -> ModelConfig {
    ModelConfig::from_hf_config_str(Path::new("config.json"), TINY_CONFIG_JSON)
        .expect("the tiny config is valid")
}

/// Deterministic small values (multiples of 1/64 in ±2).
fn values(n: usize, salt: u32) -> Vec<f32> {
    let mut state = 0x2545_f491_u32 ^ salt;
    (0..n)
        .map(|_| {
            state = state.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
            ((state >> 24) as f32 - 128.0) / 64.0
        })
        .collect()
}

fn string_array(items: &[&str]) -> GgufValue {
    GgufValue::Array(GgufArray {
        elem_type: GgufValueType::String,
        items: items
            .iter()
            .map(|s| GgufValue::String(s.to_string()))
            .collect(),
    })
}

/// A tiny llama GGUF: every tensor of the tiny config, stored as `dtype`.
fn tiny_gguf(dtype: GgmlType, version: u32, alignment: u64) -> Vec<u8> {
    let config = tiny_config();
    let tokens = [
        "<|endoftext|>",
        "<|im_start|>",
        "<|im_end|>",
        "a",
        "b",
        "ab",
        "Ġ",
        "Ġab",
        "1",
        "2",
        "c",
        "d",
        "e",
        "f",
        "g",
        "h",
    ];
    let u32v = |v: usize| GgufValue::U32(v as u32);
    let mut w = GgufWriter::new();
    w.version(version).alignment(alignment);
    w.metadata("general.architecture", GgufValue::String("llama".into()))
        .metadata("llama.block_count", u32v(config.n_layers))
        .metadata("llama.context_length", u32v(config.max_context))
        .metadata("llama.embedding_length", u32v(config.dim))
        .metadata("llama.feed_forward_length", u32v(config.ffn_dim))
        .metadata("llama.attention.head_count", u32v(config.n_heads))
        .metadata("llama.attention.head_count_kv", u32v(config.n_kv_heads))
        .metadata("llama.rope.freq_base", GgufValue::F32(config.rope_theta))
        .metadata(
            "llama.attention.layer_norm_rms_epsilon",
            GgufValue::F32(config.rms_eps),
        )
        .metadata("llama.vocab_size", u32v(config.vocab))
        .metadata("llama.rope.dimension_count", u32v(config.head_dim))
        .metadata("tokenizer.ggml.model", GgufValue::String("gpt2".into()))
        .metadata("tokenizer.ggml.pre", GgufValue::String("smollm".into()))
        .metadata("tokenizer.ggml.tokens", string_array(&tokens))
        .metadata(
            "tokenizer.ggml.token_type",
            GgufValue::Array(GgufArray {
                elem_type: GgufValueType::I32,
                items: (0..16)
                    .map(|i| GgufValue::I32(if i < 3 { 3 } else { 1 }))
                    .collect(),
            }),
        )
        .metadata("tokenizer.ggml.merges", string_array(&["a b", "Ġ ab"]))
        .metadata("tokenizer.ggml.bos_token_id", GgufValue::U32(1))
        .metadata("tokenizer.ggml.eos_token_id", GgufValue::U32(2))
        .metadata("tokenizer.ggml.add_bos_token", GgufValue::Bool(false))
        .metadata(
            "tokenizer.chat_template",
            GgufValue::String("{{ messages }}".into()),
        );
    for (i, spec) in tensor_specs(&config).iter().enumerate() {
        let n: usize = spec.shape.iter().product();
        let data = values(n, i as u32);
        // Norm weights (rank 1) stay f32, as llama.cpp stores them.
        let dtype = if spec.shape.len() == 1 {
            GgmlType::F32
        } else {
            dtype
        };
        match dtype {
            GgmlType::F16 => w.tensor_f16(&spec.gguf_name, &spec.shape, &data),
            GgmlType::BF16 => w.tensor_bf16(&spec.gguf_name, &spec.shape, &data),
            GgmlType::Q8_0 => w.tensor_q8_0(&spec.gguf_name, &spec.shape, &data),
            GgmlType::Q4_0 => w.tensor_q4_0(&spec.gguf_name, &spec.shape, &data),
            GgmlType::Q4_1 => w.tensor_q4_1(&spec.gguf_name, &spec.shape, &data),
            _ => w.tensor_f32(&spec.gguf_name, &spec.shape, &data),
        };
    }
    w.to_bytes()
}

/// Tiny GGUFs of each storable type, version and a second alignment.
pub fn gguf_seeds(_: &Setup) -> Seeds {
    let mut inputs = Vec::new();
    for dtype in [
        GgmlType::F32,
        GgmlType::F16,
        GgmlType::BF16,
        GgmlType::Q8_0,
        GgmlType::Q4_0,
        GgmlType::Q4_1,
    ] {
        inputs.push(tiny_gguf(dtype, 3, 32));
    }
    inputs.push(tiny_gguf(GgmlType::F32, 2, 32));
    inputs.push(tiny_gguf(GgmlType::Q8_0, 3, 64));
    let dictionary = [
        "GGUF",
        "llama",
        "general.architecture",
        "llama.block_count",
        "llama.embedding_length",
        "llama.attention.head_count",
        "llama.rope.freq_base",
        "tokenizer.ggml.tokens",
        "tokenizer.ggml.merges",
        "token_embd.weight",
        "blk.0.attn_q.weight",
        "output_norm.weight",
        "general.alignment",
    ]
    .iter()
    .map(|s| s.as_bytes().to_vec())
    .collect();
    Seeds { inputs, dictionary }
}

/// A fresh folder per worker: the targets write the input there.
fn scratch() -> anyhow::Result<tempfile::TempDir> {
    Ok(tempfile::Builder::new().prefix("kforge-fuzz-").tempdir()?)
}

struct GgufTarget {
    dir: tempfile::TempDir,
}

/// The gguf target.
pub fn make_gguf(_: &Setup) -> anyhow::Result<Box<dyn Target>> {
    Ok(Box::new(GgufTarget { dir: scratch()? }))
}

impl Target for GgufTarget {
    fn run(&mut self, input: &[u8]) -> Verdict {
        let path = PathBuf::from("fuzz.gguf");
        let file = match GgufFile::from_bytes(&path, input.to_vec()) {
            Ok(f) => f,
            Err(e) => return Verdict::Handled(format!("open: {}", normalize(&e.to_string()))),
        };
        for (_, value) in file.metadata() {
            let _ = value.describe();
        }
        let mut read = 0;
        for info in file.tensors() {
            let _ = file.tensor_bytes(info);
            // The element count comes from the file: dequantize only what fits.
            if info.n_elements() <= 1 << 20 {
                read += file.tensor_f32(&info.name).is_ok() as usize;
            }
        }
        let config = match ModelConfig::from_gguf(&file) {
            Ok(c) => c,
            Err(e) => return Verdict::Handled(format!("config: {}", normalize(&e.to_string()))),
        };
        let _ = config.parameter_count();
        if let Err(e) = LlamaWeights::from_gguf(&file) {
            return Verdict::Handled(format!("weights: {}", normalize(&e.to_string())));
        }
        match GgufTokenizer::from_gguf(&file) {
            Ok(t) => {
                let _ = t.to_tokenizer_json();
                let _ = t.to_tokenizer_config_json(config.max_context);
            }
            Err(e) => return Verdict::Handled(format!("tokenizer: {}", normalize(&e.to_string()))),
        }
        // The whole import, into a fresh folder (model.mlir included).
        let gguf = self.dir.path().join("model.gguf");
        let out = self.dir.path().join("import");
        let _ = std::fs::remove_dir_all(&out);
        if std::fs::write(&gguf, input).is_err() {
            return Verdict::Handled("scratch write failed".into());
        }
        match kforge_frontend::import_gguf(&gguf, &out) {
            Ok(_) => Verdict::Handled(format!("imported, {read} tensors read")),
            Err(e) => Verdict::Handled(format!("import: {}", normalize(&e.to_string()))),
        }
    }
}

fn serialize(tensors: &[(String, Dtype, Vec<usize>, Vec<u8>)]) -> Vec<u8> {
    let views: Vec<(String, TensorView)> = tensors
        .iter()
        .map(|(name, dtype, shape, data)| {
            let view = TensorView::new(*dtype, shape.clone(), data).expect("a consistent view");
            (name.clone(), view)
        })
        .collect();
    let mut meta = std::collections::HashMap::new();
    meta.insert("format".to_string(), "pt".to_string());
    safetensors::tensor::serialize(views, Some(meta)).expect("serializable")
}

fn encode(dtype: Dtype, data: &[f32]) -> Vec<u8> {
    match dtype {
        Dtype::F16 => data
            .iter()
            .flat_map(|&x| half::f16::from_f32(x).to_le_bytes())
            .collect(),
        Dtype::BF16 => data
            .iter()
            .flat_map(|&x| half::bf16::from_f32(x).to_le_bytes())
            .collect(),
        Dtype::I64 => data
            .iter()
            .flat_map(|&x| (x as i64).to_le_bytes())
            .collect(),
        Dtype::I32 => data
            .iter()
            .flat_map(|&x| (x as i32).to_le_bytes())
            .collect(),
        _ => data.iter().flat_map(|&x| x.to_le_bytes()).collect(),
    }
}

/// The tiny model's tensors under their Hugging Face names, as `dtype`.
fn tiny_safetensors(dtype: Dtype) -> Vec<u8> {
    let tensors: Vec<_> = tensor_specs(&tiny_config())
        .into_iter()
        .enumerate()
        .map(|(i, spec)| {
            let n: usize = spec.shape.iter().product();
            let data = encode(dtype, &values(n, i as u32));
            (spec.name, dtype, spec.shape, data)
        })
        .collect();
    serialize(&tensors)
}

/// The tiny model in F32, F16 and BF16.
pub fn safetensors_seeds(_: &Setup) -> Seeds {
    let inputs = [Dtype::F32, Dtype::F16, Dtype::BF16]
        .into_iter()
        .map(tiny_safetensors)
        .collect();
    let dictionary = [
        "\"dtype\"",
        "\"shape\"",
        "\"data_offsets\"",
        "\"__metadata__\"",
        "\"F32\"",
        "\"F16\"",
        "\"BF16\"",
        "\"I64\"",
        "\"U8\"",
        "model.embed_tokens.weight",
        "lm_head.weight",
        "model.layers.0.self_attn.q_proj.weight",
        "[]",
        "[0, 0]",
        "18446744073709551615",
    ]
    .iter()
    .map(|s| s.as_bytes().to_vec())
    .collect();
    Seeds { inputs, dictionary }
}

struct SafetensorsTarget {
    dir: tempfile::TempDir,
}

/// The safetensors target: a folder with the tiny config.json; the input is its weights.
pub fn make_safetensors(_: &Setup) -> anyhow::Result<Box<dyn Target>> {
    let dir = scratch()?;
    std::fs::write(dir.path().join("config.json"), TINY_CONFIG_JSON)?;
    Ok(Box::new(SafetensorsTarget { dir }))
}

impl Target for SafetensorsTarget {
    fn run(&mut self, input: &[u8]) -> Verdict {
        if std::fs::write(self.dir.path().join("model.safetensors"), input).is_err() {
            return Verdict::Handled("scratch write failed".into());
        }
        let folder = match HfFolder::scan(self.dir.path()) {
            Ok(f) => f,
            Err(e) => return Verdict::Handled(format!("scan: {}", normalize(&e.to_string()))),
        };
        match folder.load() {
            Ok(w) => Verdict::Handled(format!("loaded {} tensors", w.tensors.len())),
            Err(e) => Verdict::Handled(format!("load: {}", normalize(&e.to_string()))),
        }
    }
}

/// The tiny config and variations of its optional keys.
pub fn hf_config_seeds(_: &Setup) -> Seeds {
    let mut inputs = vec![TINY_CONFIG_JSON.as_bytes().to_vec()];
    inputs.push(
        TINY_CONFIG_JSON
            .replace(
                "\"bos_token_id\": 1",
                "\"bos_token_id\": [1, 3], \"head_dim\": 8",
            )
            .into_bytes(),
    );
    inputs.push(
        TINY_CONFIG_JSON
            .replace("\"rope_theta\": 10000.0", "\"rope_scaling\": null")
            .into_bytes(),
    );
    let dictionary = [
        "\"head_dim\": ",
        "\"rope_scaling\": ",
        "\"num_key_value_heads\": ",
        "null",
        "true",
        "false",
        "[]",
        "{}",
        "1e308",
        "-1",
        "\"llama\"",
    ]
    .iter()
    .map(|s| s.as_bytes().to_vec())
    .collect();
    Seeds { inputs, dictionary }
}

struct HfConfigTarget;

/// The hf-config target.
pub fn make_hf_config(_: &Setup) -> anyhow::Result<Box<dyn Target>> {
    Ok(Box::new(HfConfigTarget))
}

impl Target for HfConfigTarget {
    fn run(&mut self, input: &[u8]) -> Verdict {
        let Ok(text) = std::str::from_utf8(input) else {
            return Verdict::Handled("not utf-8".into());
        };
        match ModelConfig::from_hf_config_str(Path::new("config.json"), text) {
            Ok(c) => {
                let _ = c.parameter_count();
                let _ = c.to_hf_config_json();
                let specs = tensor_specs(&c);
                Verdict::Handled(format!("ok {} tensors", specs.len().min(64)))
            }
            Err(e) => Verdict::Handled(normalize(&e.to_string())),
        }
    }
}

/// Tensor files of every dtype kforge reads, ranks 0 to 3, and an empty one.
pub fn tensor_file_seeds(_: &Setup) -> Seeds {
    let mut inputs = Vec::new();
    let shapes: [Vec<usize>; 4] = [vec![], vec![3], vec![2, 3], vec![2, 1, 4]];
    for (k, dtype) in [Dtype::F32, Dtype::F16, Dtype::BF16, Dtype::I64, Dtype::I32]
        .into_iter()
        .enumerate()
    {
        let tensors: Vec<_> = shapes
            .iter()
            .enumerate()
            .map(|(i, shape)| {
                let n: usize = shape.iter().product();
                (
                    format!("arg{i}"),
                    dtype,
                    shape.clone(),
                    encode(dtype, &values(n, k as u32)),
                )
            })
            .collect();
        inputs.push(serialize(&tensors));
    }
    inputs.push(serialize(&[(
        "x".into(),
        Dtype::F32,
        vec![0, 4],
        Vec::new(),
    )]));
    inputs.push(serialize(&[]));
    let dictionary = [
        "\"dtype\"",
        "\"shape\"",
        "\"data_offsets\"",
        "\"F32\"",
        "\"F64\"",
        "\"I8\"",
        "\"BOOL\"",
        "\"F8_E4M3\"",
        "[]",
        "[0, 0]",
    ]
    .iter()
    .map(|s| s.as_bytes().to_vec())
    .collect();
    Seeds { inputs, dictionary }
}

struct TensorFileTarget {
    dir: tempfile::TempDir,
}

/// The tensor-file target.
pub fn make_tensor_file(_: &Setup) -> anyhow::Result<Box<dyn Target>> {
    Ok(Box::new(TensorFileTarget { dir: scratch()? }))
}

impl Target for TensorFileTarget {
    fn run(&mut self, input: &[u8]) -> Verdict {
        let path = self.dir.path().join("inputs.safetensors");
        if std::fs::write(&path, input).is_err() {
            return Verdict::Handled("scratch write failed".into());
        }
        let file = match kforge_runtime::tensor_io::TensorFile::open(&path) {
            Ok(f) => f,
            Err(e) => return Verdict::Handled(format!("open: {}", normalize(&e.to_string()))),
        };
        let mut outcome = Vec::new();
        for name in file.names() {
            let got = file.get(&name);
            let _ = file.f32_slice(&name);
            outcome.push(match got {
                Ok(Some(_)) => "ok".to_string(),
                Ok(None) => "none".to_string(),
                Err(e) => normalize(&e.to_string()),
            });
        }
        outcome.sort();
        outcome.dedup();
        Verdict::Handled(outcome.join(","))
    }
}
