//! [`CheckpointConfig`]: the llama family's hyper-parameters ([`ModelConfig`]) read from GGUF metadata or a
//! Hugging Face `config.json`, and checked for consistency.

use std::path::Path;

use kforge_model::ModelConfig;
use serde::Deserialize;

use crate::error::{FrontendError, Result};
use crate::gguf::GgufFile;

/// The largest `config.json` read (a real one is a few KB).
pub const MAX_CONFIG_BYTES: u64 = 1 << 20;

/// The parts of a Hugging Face llama `config.json` that we read.
#[derive(Debug, Deserialize)]
struct HfConfig {
    model_type: Option<String>,
    hidden_size: usize,
    num_hidden_layers: usize,
    num_attention_heads: usize,
    num_key_value_heads: Option<usize>,
    head_dim: Option<usize>,
    intermediate_size: usize,
    vocab_size: usize,
    rope_theta: Option<f64>,
    rms_norm_eps: f64,
    #[serde(default)]
    tie_word_embeddings: bool,
    max_position_embeddings: usize,
    bos_token_id: Option<serde_json::Value>,
    eos_token_id: Option<serde_json::Value>,
    rope_scaling: Option<serde_json::Value>,
    hidden_act: Option<String>,
    #[serde(default)]
    attention_bias: bool,
    #[serde(default)]
    mlp_bias: bool,
}

/// The config as checkpoints carry it: GGUF metadata and Hugging Face `config.json` (the struct itself is
/// [`ModelConfig`], shared with the runtimes through `kforge-model`).
pub trait CheckpointConfig: Sized {
    /// Reads the config from GGUF metadata (`general.architecture` must be `llama`).
    fn from_gguf(file: &GgufFile) -> Result<Self>;
    /// Reads the config from a Hugging Face `config.json`.
    fn from_hf_config(path: &Path) -> Result<Self>;
    /// Parses `config.json` text; `path` is only used in error messages.
    fn from_hf_config_str(path: &Path, text: &str) -> Result<Self>;
    /// A Hugging Face `config.json` describing this model (`LlamaForCausalLM`).
    fn to_hf_config_json(&self) -> serde_json::Value;
    /// [`ModelConfig::validate`], as an error naming the file the config came from.
    fn check_at(&self, path: &Path) -> Result<()>;
}

impl CheckpointConfig for ModelConfig {
    /// Reads the config from GGUF metadata (`general.architecture` must be `llama`).
    ///
    /// `tied_embeddings` is true when the file has no `output.weight`.
    fn from_gguf(file: &GgufFile) -> Result<Self> {
        let arch = file.require_str("general.architecture")?;
        if arch != "llama" {
            return Err(FrontendError::WrongArchitecture {
                path: file.path().to_path_buf(),
                found: arch.to_string(),
            });
        }
        let dim = file.require_usize("llama.embedding_length")?;
        let n_heads = file.require_usize("llama.attention.head_count")?;
        let n_kv_heads = optional_usize(file, "llama.attention.head_count_kv")?.unwrap_or(n_heads);
        let head_dim = match optional_usize(file, "llama.attention.key_length")? {
            Some(d) => d,
            None => dim / n_heads.max(1),
        };
        check_gguf_rope(file, head_dim)?;
        let config = ModelConfig {
            dim,
            n_layers: file.require_usize("llama.block_count")?,
            n_heads,
            n_kv_heads,
            head_dim,
            ffn_dim: file.require_usize("llama.feed_forward_length")?,
            vocab: gguf_vocab_size(file)?,
            rope_theta: match file.get("llama.rope.freq_base") {
                Some(_) => file.require_f64("llama.rope.freq_base")? as f32,
                None => 10_000.0,
            },
            rms_eps: file.require_f64("llama.attention.layer_norm_rms_epsilon")? as f32,
            tied_embeddings: file.tensor_info("output.weight").is_none(),
            max_context: file.require_usize("llama.context_length")?,
            bos_id: optional_token_id(file, "tokenizer.ggml.bos_token_id")?,
            eos_id: optional_token_id(file, "tokenizer.ggml.eos_token_id")?,
        };
        config.check_at(file.path())?;
        Ok(config)
    }

    /// Reads the config from a Hugging Face `config.json` (`model_type` must be
    /// `llama`; rope scaling, biases and activations other than SiLU are rejected).
    fn from_hf_config(path: &Path) -> Result<Self> {
        use std::io::Read;
        let file = std::fs::File::open(path).map_err(|e| FrontendError::io(path, "open", e))?;
        let mut text = String::new();
        file.take(MAX_CONFIG_BYTES + 1)
            .read_to_string(&mut text)
            .map_err(|e| FrontendError::io(path, "read", e))?;
        if text.len() as u64 > MAX_CONFIG_BYTES {
            return Err(FrontendError::InvalidConfig {
                path: path.to_path_buf(),
                reason: format!("config.json must be at most {MAX_CONFIG_BYTES} bytes"),
            });
        }
        Self::from_hf_config_str(path, &text)
    }

    /// Parses `config.json` text; `path` is only used in error messages.
    fn from_hf_config_str(path: &Path, text: &str) -> Result<Self> {
        let hf: HfConfig = serde_json::from_str(text).map_err(|source| FrontendError::Json {
            path: path.to_path_buf(),
            source,
        })?;
        let model_type = hf.model_type.as_deref().unwrap_or("");
        if model_type != "llama" {
            return Err(FrontendError::WrongArchitecture {
                path: path.to_path_buf(),
                found: model_type.to_string(),
            });
        }
        check_hf_unsupported(path, &hf)?;
        let config = ModelConfig {
            dim: hf.hidden_size,
            n_layers: hf.num_hidden_layers,
            n_heads: hf.num_attention_heads,
            n_kv_heads: hf.num_key_value_heads.unwrap_or(hf.num_attention_heads),
            head_dim: hf
                .head_dim
                .unwrap_or(hf.hidden_size / hf.num_attention_heads.max(1)),
            ffn_dim: hf.intermediate_size,
            vocab: hf.vocab_size,
            rope_theta: hf.rope_theta.unwrap_or(10_000.0) as f32,
            rms_eps: hf.rms_norm_eps as f32,
            tied_embeddings: hf.tie_word_embeddings,
            max_context: hf.max_position_embeddings,
            bos_id: first_token_id(path, "bos_token_id", hf.bos_token_id.as_ref())?,
            eos_id: first_token_id(path, "eos_token_id", hf.eos_token_id.as_ref())?,
        };
        config.check_at(path)?;
        Ok(config)
    }

    /// A Hugging Face `config.json` describing this model (`LlamaForCausalLM`).
    fn to_hf_config_json(&self) -> serde_json::Value {
        serde_json::json!({
            "architectures": ["LlamaForCausalLM"],
            "model_type": "llama",
            "hidden_size": self.dim,
            "num_hidden_layers": self.n_layers,
            "num_attention_heads": self.n_heads,
            "num_key_value_heads": self.n_kv_heads,
            "head_dim": self.head_dim,
            "intermediate_size": self.ffn_dim,
            "vocab_size": self.vocab,
            "rope_theta": self.rope_theta,
            "rms_norm_eps": self.rms_eps,
            "tie_word_embeddings": self.tied_embeddings,
            "max_position_embeddings": self.max_context,
            "bos_token_id": self.bos_id,
            "eos_token_id": self.eos_id,
            "hidden_act": "silu",
            "rope_scaling": null,
            "attention_bias": false,
            "mlp_bias": false,
            "torch_dtype": "float32",
        })
    }

    fn check_at(&self, path: &Path) -> Result<()> {
        self.validate().map_err(|e| FrontendError::InvalidConfig {
            path: path.to_path_buf(),
            reason: e.reason,
        })
    }
}

fn optional_usize(file: &GgufFile, key: &str) -> Result<Option<usize>> {
    match file.get(key) {
        Some(_) => file.require_usize(key).map(Some),
        None => Ok(None),
    }
}

fn optional_token_id(file: &GgufFile, key: &str) -> Result<Option<u32>> {
    let Some(value) = file.get(key) else {
        return Ok(None);
    };
    value
        .as_u64()
        .and_then(|v| u32::try_from(v).ok())
        .map(Some)
        .ok_or_else(|| file.type_error(key, "a token id (u32)", value))
}

/// `llama.vocab_size`, else the length of `tokenizer.ggml.tokens`, else the rows of
/// `token_embd.weight`.
fn gguf_vocab_size(file: &GgufFile) -> Result<usize> {
    if file.get("llama.vocab_size").is_some() {
        return file.require_usize("llama.vocab_size");
    }
    if let Some(tokens) = file.get("tokenizer.ggml.tokens").and_then(|v| v.as_array()) {
        return Ok(tokens.items.len());
    }
    let embd = file.require_tensor("token_embd.weight")?;
    Ok(embd.shape().first().copied().unwrap_or(0))
}

/// Rejects partial rotary embeddings and rope scaling, which this family does not
/// implement.
fn check_gguf_rope(file: &GgufFile, head_dim: usize) -> Result<()> {
    if let Some(rot) = optional_usize(file, "llama.rope.dimension_count")? {
        if rot != head_dim {
            return Err(FrontendError::InvalidConfig {
                path: file.path().to_path_buf(),
                reason: format!(
                    "partial rotary embeddings are not supported (llama.rope.dimension_count {rot}, head_dim {head_dim})"
                ),
            });
        }
    }
    if let Some(kind) = file.get("llama.rope.scaling.type").and_then(|v| v.as_str()) {
        if kind != "none" {
            return Err(FrontendError::InvalidConfig {
                path: file.path().to_path_buf(),
                reason: format!(
                    "rope scaling is not supported (llama.rope.scaling.type \"{kind}\")"
                ),
            });
        }
    }
    Ok(())
}

fn check_hf_unsupported(path: &Path, hf: &HfConfig) -> Result<()> {
    let fail = |reason: String| {
        Err(FrontendError::InvalidConfig {
            path: path.to_path_buf(),
            reason,
        })
    };
    if hf.rope_scaling.as_ref().is_some_and(|v| !v.is_null()) {
        return fail("rope_scaling is not supported (expected null)".into());
    }
    if let Some(act) = hf.hidden_act.as_deref().filter(|a| *a != "silu") {
        return fail(format!(
            "hidden_act \"{act}\" is not supported (expected \"silu\")"
        ));
    }
    if hf.attention_bias || hf.mlp_bias {
        return fail("attention_bias and mlp_bias are not supported (expected false)".into());
    }
    Ok(())
}

/// A token id that `config.json` gives as an integer or a list of integers (the first
/// is taken).
fn first_token_id(
    path: &Path,
    key: &str,
    value: Option<&serde_json::Value>,
) -> Result<Option<u32>> {
    let value = match value {
        None | Some(serde_json::Value::Null) => return Ok(None),
        Some(serde_json::Value::Array(items)) => match items.first() {
            Some(first) => first,
            None => return Ok(None),
        },
        Some(v) => v,
    };
    value
        .as_u64()
        .and_then(|v| u32::try_from(v).ok())
        .map(Some)
        .ok_or_else(|| FrontendError::InvalidConfig {
            path: path.to_path_buf(),
            reason: format!("{key} must be a token id or a list of them (found {value})"),
        })
}
