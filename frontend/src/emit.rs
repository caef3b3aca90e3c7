//! `model.mlir`: the decoder of an imported llama-family model as kforge IR.
//!
//! The module holds two entry points built by
//! [`kforge_dialect::builder::transformer::llama_decoder_step`]: `@decode` (one
//! new token, all shapes static) and `@prefill` (any number of new tokens: the
//! sequence dim is dynamic, so a prompt is one call without padding), and
//! [`kforge_dialect::builder::transformer::llama_decoder_batch_step`]'s
//! `@decode_batch` (one new token for each of a batch of sequences, each in
//! its own KV-cache slot: what a server's continuous batching runs). Weights are `kforge.weight` references by their canonical
//! (Hugging Face) names into `weights.safetensors`.
use crate::llama::ModelConfig;
use crate::{FrontendError, Result};
use kforge_dialect::builder::transformer::{
    llama_decoder_batch_step, llama_decoder_step, LlamaBlockConfig, LlamaDecoderConfig,
    WeightFormats,
};
use melior::ir::operation::OperationLike;
use melior::ir::{BlockLike, Location, Module};
use std::path::Path;

/// File name of the decoder module in an import folder.
pub const MODEL_FILE: &str = "model.mlir";

/// The builder's view of a llama config.
pub fn decoder_config(c: &ModelConfig, formats: WeightFormats) -> LlamaDecoderConfig {
    LlamaDecoderConfig {
        block: LlamaBlockConfig {
            dim: c.dim as u64,
            n_heads: c.n_heads as u64,
            n_kv_heads: c.n_kv_heads as u64,
            head_dim: c.head_dim as u64,
            ffn_dim: c.ffn_dim as u64,
            rope_theta: c.rope_theta as f64,
            rms_eps: c.rms_eps as f64,
        },
        n_layers: c.n_layers as u64,
        vocab: c.vocab as u64,
        tied_embeddings: c.tied_embeddings,
        formats,
    }
}

/// The text of `model.mlir` for `config`.
pub fn model_mlir(config: &ModelConfig, formats: WeightFormats) -> Result<String> {
    let context = kforge_dialect::create_context();
    let module = Module::new(Location::unknown(&context));
    let cfg = decoder_config(config, formats);
    for (name, seq) in [("decode", Some(1)), ("prefill", None)] {
        let funcs = llama_decoder_step(&context, name, &cfg, seq)
            .map_err(|e| FrontendError::Graph(e.to_string()))?;
        for func in funcs {
            module.body().append_operation(func);
        }
    }
    let batch = llama_decoder_batch_step(&context, "decode_batch", &cfg)
        .map_err(|e| FrontendError::Graph(e.to_string()))?;
    for func in batch {
        module.body().append_operation(func);
    }
    if !module.as_operation().verify() {
        return Err(FrontendError::Graph(
            "the decoder module does not verify".into(),
        ));
    }
    Ok(format!(
        "// SmolLM2-style llama decoder imported by kforge-import: {} layers, dim {}, {} heads ({} kv), vocab {}.\n{}",
        config.n_layers,
        config.dim,
        config.n_heads,
        config.n_kv_heads,
        config.vocab,
        module.as_operation()
    ))
}

/// Writes `model.mlir` into `out_dir` (atomically).
pub fn write_model_mlir(config: &ModelConfig, out_dir: &Path) -> Result<std::path::PathBuf> {
    let text = model_mlir(config, WeightFormats::default())?;
    let path = out_dir.join(MODEL_FILE);
    crate::atomic::write_bytes_atomically(&path, text.as_bytes())?;
    Ok(path)
}
