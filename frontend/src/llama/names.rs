//! The llama family's tensors: their canonical (Hugging Face) names, their GGUF
//! names, their shapes, in one ordered table ([`tensor_specs`]) that drives import,
//! validation and graph construction alike.

use serde::{Deserialize, Serialize};

use kforge_model::ModelConfig;

/// The RoPE row permutation that GGUF applies to a projection (llama.cpp rotates
/// interleaved pairs; Hugging Face rotates halves).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum RopePermutation {
    /// The tensor is stored the same way in both formats.
    None,
    /// The rows are permuted per head, over this many heads (`n_heads` for Q,
    /// `n_kv_heads` for K); see [`super::unpermute_rope_rows`].
    Heads(usize),
}

/// One tensor of the model: names in both formats, row-major shape, permutation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TensorSpec {
    /// The canonical (Hugging Face) name, used in `weights.safetensors` and the IR.
    pub name: String,
    /// The GGUF name.
    pub gguf_name: String,
    /// The row-major shape (`[out, in]` for projections, Hugging Face layout).
    pub shape: Vec<usize>,
    /// How the GGUF rows differ from the canonical rows.
    pub rope: RopePermutation,
}

impl TensorSpec {
    fn new(name: String, gguf_name: String, shape: Vec<usize>) -> Self {
        Self {
            name,
            gguf_name,
            shape,
            rope: RopePermutation::None,
        }
    }

    fn with_rope(mut self, n_heads: usize) -> Self {
        self.rope = RopePermutation::Heads(n_heads);
        self
    }
}

/// Canonical name of the token embedding.
pub const EMBED_TOKENS: &str = "model.embed_tokens.weight";
/// Canonical name of the final RMSNorm weight.
pub const FINAL_NORM: &str = "model.norm.weight";
/// Canonical name of the output projection (absent when embeddings are tied).
pub const LM_HEAD: &str = "lm_head.weight";

/// The per-layer tensors: canonical suffix after `model.layers.{i}.`, GGUF suffix
/// after `blk.{i}.`.
pub const LAYER_TENSORS: [(&str, &str); 9] = [
    ("input_layernorm.weight", "attn_norm.weight"),
    ("self_attn.q_proj.weight", "attn_q.weight"),
    ("self_attn.k_proj.weight", "attn_k.weight"),
    ("self_attn.v_proj.weight", "attn_v.weight"),
    ("self_attn.o_proj.weight", "attn_output.weight"),
    ("post_attention_layernorm.weight", "ffn_norm.weight"),
    ("mlp.gate_proj.weight", "ffn_gate.weight"),
    ("mlp.up_proj.weight", "ffn_up.weight"),
    ("mlp.down_proj.weight", "ffn_down.weight"),
];

/// The canonical name of a per-layer tensor, e.g.
/// `layer_tensor_name(3, "self_attn.q_proj.weight")` = `model.layers.3.self_attn.q_proj.weight`.
pub fn layer_tensor_name(layer: usize, suffix: &str) -> String {
    format!("model.layers.{layer}.{suffix}")
}

/// Every tensor the model needs, in canonical order: the embedding; per layer the
/// input norm, q, k, v, o, the post-attention norm, gate, up, down; the final norm;
/// then `lm_head.weight` unless embeddings are tied.
pub fn tensor_specs(config: &ModelConfig) -> Vec<TensorSpec> {
    let (dim, ffn, vocab) = (config.dim, config.ffn_dim, config.vocab);
    let mut specs = vec![TensorSpec::new(
        EMBED_TOKENS.into(),
        "token_embd.weight".into(),
        vec![vocab, dim],
    )];
    for layer in 0..config.n_layers {
        for (suffix, gguf_suffix) in LAYER_TENSORS {
            let name = layer_tensor_name(layer, suffix);
            let gguf_name = format!("blk.{layer}.{gguf_suffix}");
            let spec = match suffix {
                "self_attn.q_proj.weight" => {
                    TensorSpec::new(name, gguf_name, vec![config.q_dim(), dim])
                        .with_rope(config.n_heads)
                }
                "self_attn.k_proj.weight" => {
                    TensorSpec::new(name, gguf_name, vec![config.kv_dim(), dim])
                        .with_rope(config.n_kv_heads)
                }
                "self_attn.v_proj.weight" => {
                    TensorSpec::new(name, gguf_name, vec![config.kv_dim(), dim])
                }
                "self_attn.o_proj.weight" => {
                    TensorSpec::new(name, gguf_name, vec![dim, config.q_dim()])
                }
                "mlp.gate_proj.weight" | "mlp.up_proj.weight" => {
                    TensorSpec::new(name, gguf_name, vec![ffn, dim])
                }
                "mlp.down_proj.weight" => TensorSpec::new(name, gguf_name, vec![dim, ffn]),
                _ => TensorSpec::new(name, gguf_name, vec![dim]),
            };
            specs.push(spec);
        }
    }
    specs.push(TensorSpec::new(
        FINAL_NORM.into(),
        "output_norm.weight".into(),
        vec![dim],
    ));
    if !config.tied_embeddings {
        specs.push(TensorSpec::new(
            LM_HEAD.into(),
            "output.weight".into(),
            vec![vocab, dim],
        ));
    }
    specs
}
