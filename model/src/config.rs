//! [`ModelConfig`]: the hyper-parameters of a llama-family decoder, as the importer writes them into
//! `kforge-model.json` and the runtimes read them back, with the limits and consistency checks every reader
//! applies before sizing anything by them.

use serde::{Deserialize, Serialize};

/// The most decoder layers a config may declare (the largest llama-family models
/// have 126): a file's claim is bounded before anything is sized by it.
pub const MAX_LAYERS: usize = 4096;
/// The most a width may be: `dim`, `head_dim`, `ffn_dim` (the largest llama-family
/// models: 16384, 128, 53248).
pub const MAX_WIDTH: usize = 1 << 20;
/// The most query or key/value heads.
pub const MAX_HEADS: usize = 1 << 16;
/// The largest vocabulary (the largest llama-family vocabularies have about 2^18).
pub const MAX_VOCAB: usize = 1 << 24;
/// The longest context a config may declare (`max_context`; 16 Mi tokens).
pub const MAX_CONTEXT: usize = 1 << 24;
/// The most parameters (2^40: 4 TiB of f32 weights), so every size computed from a
/// config fits `u64` and `usize` with room to spare.
pub const MAX_PARAMETERS: u64 = 1 << 40;

/// The hyper-parameters of a llama-family decoder (Hugging Face `LlamaForCausalLM`
/// semantics: RMSNorm, rotate-half RoPE, grouped-query attention, SwiGLU MLP).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelConfig {
    /// Model width (`hidden_size`, `llama.embedding_length`).
    pub dim: usize,
    /// Decoder layers (`num_hidden_layers`, `llama.block_count`).
    pub n_layers: usize,
    /// Query heads.
    pub n_heads: usize,
    /// Key/value heads (grouped-query attention; equal to `n_heads` for MHA).
    pub n_kv_heads: usize,
    /// Width of one head.
    pub head_dim: usize,
    /// Hidden width of the SwiGLU MLP (`intermediate_size`).
    pub ffn_dim: usize,
    /// Vocabulary size (rows of the embedding).
    pub vocab: usize,
    /// RoPE base frequency.
    pub rope_theta: f32,
    /// RMSNorm epsilon.
    pub rms_eps: f32,
    /// Whether the output projection reuses the token embedding (no `lm_head.weight`).
    pub tied_embeddings: bool,
    /// The longest context the model was trained for.
    pub max_context: usize,
    /// Beginning-of-sequence token id, when known.
    pub bos_id: Option<u32>,
    /// End-of-sequence token id, when known.
    pub eos_id: Option<u32>,
}

impl ModelConfig {
    /// Checks that the numbers describe a valid model: all sizes non-zero and within
    /// the limits above ([`MAX_LAYERS`], [`MAX_WIDTH`], …, [`MAX_PARAMETERS`]), the
    /// query heads divide `dim`, the kv heads divide the query heads, `head_dim` is
    /// even (RoPE rotates pairs), `rms_eps` and `rope_theta` positive and finite, and
    /// the special token ids are inside the vocabulary.
    pub fn validate(&self) -> Result<(), InvalidConfig> {
        let fail = |reason: String| Err(InvalidConfig { reason });
        let sizes = [
            ("dim", self.dim),
            ("n_layers", self.n_layers),
            ("n_heads", self.n_heads),
            ("n_kv_heads", self.n_kv_heads),
            ("head_dim", self.head_dim),
            ("ffn_dim", self.ffn_dim),
            ("vocab", self.vocab),
        ];
        if let Some((name, _)) = sizes.iter().find(|(_, v)| *v == 0) {
            return fail(format!("{name} must be positive (found 0)"));
        }
        let limits = [
            ("dim", self.dim, MAX_WIDTH),
            ("n_layers", self.n_layers, MAX_LAYERS),
            ("n_heads", self.n_heads, MAX_HEADS),
            ("n_kv_heads", self.n_kv_heads, MAX_HEADS),
            ("head_dim", self.head_dim, MAX_WIDTH),
            ("ffn_dim", self.ffn_dim, MAX_WIDTH),
            ("vocab", self.vocab, MAX_VOCAB),
            ("max_context", self.max_context, MAX_CONTEXT),
        ];
        if let Some((name, value, limit)) = limits.iter().find(|(_, v, limit)| v > limit) {
            return fail(format!("{name} must be at most {limit} (found {value})"));
        }
        match self.parameter_count() {
            Some(n) if n <= MAX_PARAMETERS => {}
            n => {
                let found = n.map_or_else(|| "more than 2^64".to_string(), |n| n.to_string());
                return fail(format!(
                    "the model must have at most {MAX_PARAMETERS} parameters (found {found})"
                ));
            }
        }
        if !self.dim.is_multiple_of(self.n_heads) {
            return fail(format!(
                "n_heads must divide dim (dim {} % n_heads {} = {})",
                self.dim,
                self.n_heads,
                self.dim % self.n_heads
            ));
        }
        if !self.n_heads.is_multiple_of(self.n_kv_heads) {
            return fail(format!(
                "n_kv_heads must divide n_heads (n_heads {} % n_kv_heads {} = {})",
                self.n_heads,
                self.n_kv_heads,
                self.n_heads % self.n_kv_heads
            ));
        }
        if !self.head_dim.is_multiple_of(2) {
            return fail(format!(
                "head_dim must be even for RoPE (found {})",
                self.head_dim
            ));
        }
        let usable = |v: f32| v > 0.0 && v.is_finite();
        if !(usable(self.rms_eps) && usable(self.rope_theta)) {
            return fail(format!(
                "rms_eps and rope_theta must be positive and finite in f32 (found {} and {})",
                self.rms_eps, self.rope_theta
            ));
        }
        for (name, id) in [("bos_id", self.bos_id), ("eos_id", self.eos_id)] {
            if let Some(id) = id.filter(|&id| id as usize >= self.vocab) {
                return fail(format!(
                    "{name} must be below vocab {} (found {id})",
                    self.vocab
                ));
            }
        }
        Ok(())
    }

    /// The number of parameters of tensors (norms, projections, embeddings), computed
    /// without overflow (`None` beyond `u64`).
    pub fn parameter_count(&self) -> Option<u64> {
        let n = |v: usize| u64::try_from(v).ok();
        let (dim, ffn, vocab) = (n(self.dim)?, n(self.ffn_dim)?, n(self.vocab)?);
        let head_dim = n(self.head_dim)?;
        let q = n(self.n_heads)?.checked_mul(head_dim)?;
        let kv = n(self.n_kv_heads)?.checked_mul(head_dim)?;
        // Two norms, q and o, k and v, gate, up and down.
        let per_layer = dim
            .checked_mul(2)?
            .checked_add(q.checked_mul(dim)?.checked_mul(2)?)?
            .checked_add(kv.checked_mul(dim)?.checked_mul(2)?)?
            .checked_add(ffn.checked_mul(dim)?.checked_mul(3)?)?;
        let embeddings = vocab
            .checked_mul(dim)?
            .checked_mul(if self.tied_embeddings { 1 } else { 2 })?;
        per_layer
            .checked_mul(n(self.n_layers)?)?
            .checked_add(embeddings)?
            .checked_add(dim)
    }

    /// Rows of the query projection (`n_heads * head_dim`).
    pub fn q_dim(&self) -> usize {
        self.n_heads * self.head_dim
    }

    /// Rows of each of the key and value projections (`n_kv_heads * head_dim`).
    pub fn kv_dim(&self) -> usize {
        self.n_kv_heads * self.head_dim
    }

    /// KV-cache bytes per token of context: keys and values of every layer in f32 (`usize::MAX` on overflow).
    pub fn kv_bytes_per_token(&self) -> usize {
        [2, self.n_layers, self.n_kv_heads, self.head_dim, 4]
            .iter()
            .try_fold(1usize, |n, &d| n.checked_mul(d))
            .unwrap_or(usize::MAX)
    }
}

/// Why a [`ModelConfig`] does not describe a valid model.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{reason}")]
pub struct InvalidConfig {
    /// What is wrong, with the value found.
    pub reason: String,
}
