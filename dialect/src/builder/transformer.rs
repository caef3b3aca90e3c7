//! Builders for whole transformer blocks (llama family: pre-norm, RoPE, GQA,
//! SwiGLU) out of kforge ops.
use super::{BuildError, FunctionBuilder, ValueId};
use crate::types::TensorType;

/// Hyper-parameters of one llama-style decoder block.
#[derive(Clone, Debug, PartialEq)]
pub struct LlamaBlockConfig {
    /// Model width `D`.
    pub dim: u64,
    /// Query heads.
    pub n_heads: u64,
    /// Key/value heads (GQA when fewer than `n_heads`).
    pub n_kv_heads: u64,
    /// Width of one head.
    pub head_dim: u64,
    /// Hidden width of the MLP.
    pub ffn_dim: u64,
    /// RoPE base.
    pub rope_theta: f64,
    /// RMSNorm epsilon.
    pub rms_eps: f64,
}

impl LlamaBlockConfig {
    /// SmolLM2-135M's block.
    pub fn smollm2_135m() -> Self {
        Self {
            dim: 576,
            n_heads: 9,
            n_kv_heads: 3,
            head_dim: 64,
            ffn_dim: 1536,
            rope_theta: 100_000.0,
            rms_eps: 1e-5,
        }
    }
}

/// The weights of one block, as values of the function being built.
#[derive(Clone, Copy, Debug)]
pub struct LlamaBlockWeights {
    /// `[D]`
    pub attn_norm: ValueId,
    /// `[H·Dh, D]`
    pub wq: ValueId,
    /// `[Hkv·Dh, D]`
    pub wk: ValueId,
    /// `[Hkv·Dh, D]`
    pub wv: ValueId,
    /// `[D, H·Dh]`
    pub wo: ValueId,
    /// `[D]`
    pub mlp_norm: ValueId,
    /// `[F, D]`
    pub w_gate: ValueId,
    /// `[F, D]`
    pub w_up: ValueId,
    /// `[D, F]`
    pub w_down: ValueId,
}

impl LlamaBlockWeights {
    /// Declares the block's weights as `kforge.weight` ops named with Hugging
    /// Face's names under `prefix` (e.g. `model.layers.0.`).
    pub fn declare(
        f: &mut FunctionBuilder,
        cfg: &LlamaBlockConfig,
        prefix: &str,
    ) -> Result<Self, BuildError> {
        let (d, q, kv, ffn) = (
            cfg.dim,
            cfg.n_heads * cfg.head_dim,
            cfg.n_kv_heads * cfg.head_dim,
            cfg.ffn_dim,
        );
        let mut w = |name: &str, shape: &[u64]| {
            f.weight(&format!("{prefix}{name}"), &TensorType::f32(shape))
        };
        Ok(Self {
            attn_norm: w("input_layernorm.weight", &[d])?,
            wq: w("self_attn.q_proj.weight", &[q, d])?,
            wk: w("self_attn.k_proj.weight", &[kv, d])?,
            wv: w("self_attn.v_proj.weight", &[kv, d])?,
            wo: w("self_attn.o_proj.weight", &[d, q])?,
            mlp_norm: w("post_attention_layernorm.weight", &[d])?,
            w_gate: w("mlp.gate_proj.weight", &[ffn, d])?,
            w_up: w("mlp.up_proj.weight", &[ffn, d])?,
            w_down: w("mlp.down_proj.weight", &[d, ffn])?,
        })
    }
}

/// A KV cache for one block: the caches `[C, Hkv, Dh]` and the write position (`tensor<i64>`).
#[derive(Clone, Copy, Debug)]
pub struct KvCache {
    /// Key cache.
    pub keys: ValueId,
    /// Value cache.
    pub values: ValueId,
    /// Row where the new keys go.
    pub position: ValueId,
}

/// One block's output and, with a cache, the updated caches.
#[derive(Clone, Copy, Debug)]
pub struct BlockOutput {
    /// `[S, D]`
    pub hidden: ValueId,
    /// Updated `(keys, values)` when a cache was given.
    pub cache: Option<(ValueId, ValueId)>,
}

/// Builds `x + attn(norm(x)); h + mlp(norm(h))` for `x: [S, D]` at `positions: [S]`.
pub fn llama_block(
    f: &mut FunctionBuilder,
    cfg: &LlamaBlockConfig,
    x: ValueId,
    positions: ValueId,
    w: &LlamaBlockWeights,
    cache: Option<KvCache>,
) -> Result<BlockOutput, BuildError> {
    let seq = f.type_of(x).shape[0]
        .size()
        .ok_or_else(|| BuildError::Type("a static sequence length".into()))?;
    let (h, hkv, dh) = (cfg.n_heads, cfg.n_kv_heads, cfg.head_dim);
    let normed = f.rms_norm(x, w.attn_norm, cfg.rms_eps)?;
    let q = f.linear(normed, w.wq, None)?;
    let k = f.linear(normed, w.wk, None)?;
    let v = f.linear(normed, w.wv, None)?;
    let q = f.reshape(q, &[seq, h, dh])?;
    let k = f.reshape(k, &[seq, hkv, dh])?;
    let v = f.reshape(v, &[seq, hkv, dh])?;
    let q = f.rope(q, positions, cfg.rope_theta)?;
    let k = f.rope(k, positions, cfg.rope_theta)?;
    let scale = 1.0 / (dh as f64).sqrt();
    let (attn, new_cache) = match cache {
        None => (f.attention(q, k, v, true, scale)?, None),
        Some(c) => {
            let (o, kc, vc) =
                f.attention_with_cache(q, k, v, c.keys, c.values, c.position, true, scale)?;
            (o, Some((kc, vc)))
        }
    };
    let attn = f.reshape(attn, &[seq, h * dh])?;
    let attn = f.linear(attn, w.wo, None)?;
    let hidden = f.add(x, attn)?;
    let normed = f.rms_norm(hidden, w.mlp_norm, cfg.rms_eps)?;
    let mlp = f.mlp_swiglu(normed, w.w_gate, w.w_up, w.w_down)?;
    Ok(BlockOutput {
        hidden: f.add(hidden, mlp)?,
        cache: new_cache,
    })
}
