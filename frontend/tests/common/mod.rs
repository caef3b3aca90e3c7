//! Helpers shared by the integration tests: a tiny synthetic llama model written as
//! GGUF, and the location of the real model.

#![allow(dead_code)]

use std::path::PathBuf;

use kforge_frontend::gguf::{GgufArray, GgufValue, GgufValueType, GgufWriter};
use kforge_frontend::llama::{
    permute_rope_rows, tensor_specs, LlamaWeights, ModelConfig, NamedTensor, RopePermutation,
};
use kforge_frontend::Tensor;

/// The real model, when `scripts/fetch-model.sh` has fetched it; otherwise prints a
/// note naming the test and returns `None`.
pub fn real_model(test: &str) -> Option<PathBuf> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../models/smollm2-135m-instruct/model.gguf");
    if path.is_file() {
        Some(path)
    } else {
        eprintln!(
            "note: {test} skipped: {} is absent (run scripts/fetch-model.sh)",
            path.display()
        );
        None
    }
}

/// The numpy reference fixture (committed).
pub fn fixture_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../reference/numpy/fixtures/smollm2_logits.json")
}

/// A tiny llama: 2 layers, dim 32, 4 heads of 8, 2 kv heads, ffn 64, vocab 16.
pub fn tiny_config() -> ModelConfig {
    ModelConfig {
        dim: 32,
        n_layers: 2,
        n_heads: 4,
        n_kv_heads: 2,
        head_dim: 8,
        ffn_dim: 64,
        vocab: 16,
        rope_theta: 10_000.0,
        rms_eps: 1e-5,
        tied_embeddings: true,
        max_context: 128,
        bos_id: Some(1),
        eos_id: Some(2),
    }
}

/// Deterministic weights, exactly representable in f16 (multiples of 1/64 in ±2), so
/// F16 storage round-trips.
pub fn tiny_weights(config: &ModelConfig) -> LlamaWeights {
    let mut state = 0x2545_f491_u32;
    let tensors = tensor_specs(config)
        .into_iter()
        .map(|spec| {
            let n: usize = spec.shape.iter().product();
            let data = (0..n)
                .map(|_| {
                    state = state.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
                    ((state >> 24) as f32 - 128.0) / 64.0
                })
                .collect();
            NamedTensor {
                name: spec.name,
                tensor: Tensor::new(spec.shape, data),
            }
        })
        .collect();
    LlamaWeights {
        config: config.clone(),
        tensors,
    }
}

/// The tiny tokenizer: 16 tokens with merges `a b` and `Ġ ab`; ids 0–2 are control.
pub fn tiny_tokens() -> Vec<&'static str> {
    vec![
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
    ]
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

/// GGUF metadata of a llama model with `config` and the tiny tokenizer.
pub fn llama_metadata(w: &mut GgufWriter, config: &ModelConfig) {
    let u32v = |v: usize| GgufValue::U32(v as u32);
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
        .metadata("tokenizer.ggml.tokens", string_array(&tiny_tokens()))
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
}

/// Writes `weights` as a GGUF image with every matrix stored as `matrices`
/// (`"q4_1"`, `"q8_0"`, …: the writer's quantizers; norms F32) and the
/// embedding table as `embedding`.
pub fn llama_gguf_stored(weights: &LlamaWeights, matrices: &str, embedding: &str) -> GgufWriter {
    let mut w = GgufWriter::new();
    llama_metadata(&mut w, &weights.config);
    for (spec, t) in tensor_specs(&weights.config).iter().zip(&weights.tensors) {
        let stored = match spec.rope {
            RopePermutation::None => t.tensor.clone(),
            RopePermutation::Heads(n) => permute_rope_rows(&t.tensor, n).unwrap(),
        };
        let format = match (stored.shape.len(), spec.name.as_str()) {
            (1, _) => "f32",
            (_, "model.embed_tokens.weight") => embedding,
            _ => matrices,
        };
        let (name, shape, data) = (&spec.gguf_name, &stored.shape, &stored.data);
        match format {
            "f32" => w.tensor_f32(name, shape, data),
            "f16" => w.tensor_f16(name, shape, data),
            "q8_0" => w.tensor_q8_0(name, shape, data),
            "q4_0" => w.tensor_q4_0(name, shape, data),
            "q4_1" => w.tensor_q4_1(name, shape, data),
            other => panic!("no writer for {other}"),
        };
    }
    w
}

/// Writes `weights` as a GGUF image (Q/K rows permuted as llama.cpp stores them), all
/// tensors F32 except those named in `skip` (left out) or `f16` (stored as F16).
pub fn llama_gguf(weights: &LlamaWeights, skip: &[&str], f16: &[&str]) -> GgufWriter {
    let mut w = GgufWriter::new();
    llama_metadata(&mut w, &weights.config);
    for (spec, t) in tensor_specs(&weights.config).iter().zip(&weights.tensors) {
        if skip.contains(&spec.gguf_name.as_str()) {
            continue;
        }
        let stored = match spec.rope {
            RopePermutation::None => t.tensor.clone(),
            RopePermutation::Heads(n) => permute_rope_rows(&t.tensor, n).unwrap(),
        };
        if f16.contains(&spec.gguf_name.as_str()) {
            w.tensor_f16(&spec.gguf_name, &stored.shape, &stored.data);
        } else {
            w.tensor_f32(&spec.gguf_name, &stored.shape, &stored.data);
        }
    }
    w
}
