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
    use crate::types::Dim;
    let seq = f.type_of(x).shape[0];
    let (h, hkv, dh) = (cfg.n_heads, cfg.n_kv_heads, cfg.head_dim);
    let normed = f.rms_norm(x, w.attn_norm, cfg.rms_eps)?;
    let q = f.linear(normed, w.wq, None)?;
    let k = f.linear(normed, w.wk, None)?;
    let v = f.linear(normed, w.wv, None)?;
    let q = f.reshape_dims(q, &[seq, Dim::Static(h), Dim::Static(dh)])?;
    let k = f.reshape_dims(k, &[seq, Dim::Static(hkv), Dim::Static(dh)])?;
    let v = f.reshape_dims(v, &[seq, Dim::Static(hkv), Dim::Static(dh)])?;
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
    let attn = f.reshape_dims(attn, &[seq, Dim::Static(h * dh)])?;
    let attn = f.linear(attn, w.wo, None)?;
    let hidden = f.add(x, attn)?;
    let normed = f.rms_norm(hidden, w.mlp_norm, cfg.rms_eps)?;
    let mlp = f.mlp_swiglu(normed, w.w_gate, w.w_up, w.w_down)?;
    Ok(BlockOutput {
        hidden: f.add(hidden, mlp)?,
        cache: new_cache,
    })
}

/// Hyper-parameters of a whole llama-family decoder.
#[derive(Clone, Debug, PartialEq)]
pub struct LlamaDecoderConfig {
    /// One block's shape (all blocks are alike).
    pub block: LlamaBlockConfig,
    /// Number of blocks.
    pub n_layers: u64,
    /// Vocabulary size.
    pub vocab: u64,
    /// The output projection reuses `model.embed_tokens.weight`.
    pub tied_embeddings: bool,
}

/// Builds `@name`, one step of the decoder over `seq` new tokens (`None`: any
/// number, a dynamic dim) with a KV
/// cache, and `@name_layer`, the private block function it calls once per
/// layer (one copy of the block's code instead of `n_layers`):
///
/// ```text
/// @name(ids: [S] i64, positions: [S] i64, position: i64, last: [1] i64,
///       k_cache_0, v_cache_0, …: [?, Hkv, Dh] f32)
///   -> (logits: [1, V] of row `last`, k_cache_0', v_cache_0', …)
/// ```
/// The caches' first dim (the context capacity) is dynamic, so one compiled
/// module serves any `--max-context`. `position` is where the new rows go and
/// `positions` their RoPE positions (`position + i`). Only row `last` is
/// projected to logits (the gather is a `kforge.embedding` over the hidden
/// states), so a padded prefill chunk costs one vocabulary projection.
/// Returns the functions in module order (callee first).
pub fn llama_decoder_step<'c>(
    context: &'c melior::Context,
    name: &str,
    cfg: &LlamaDecoderConfig,
    seq: Option<u64>,
) -> Result<Vec<melior::ir::Operation<'c>>, BuildError> {
    let types = StepTypes::new(&cfg.block, seq);
    let layer_name = format!("{name}_layer");
    let layer = decoder_layer_function(context, &layer_name, &cfg.block, &types)?;
    let step = decoder_step_function(context, name, &layer_name, cfg, &types)?;
    Ok(vec![layer, step])
}

/// The tensor types a decoder step passes around.
struct StepTypes {
    /// `[S] i64`: token ids, RoPE positions.
    tokens: TensorType,
    /// `[?, Hkv, Dh] f32`: one layer's K or V cache.
    cache: TensorType,
    /// `[S, D] f32`: the hidden states.
    hidden: TensorType,
}

impl StepTypes {
    fn new(b: &LlamaBlockConfig, seq: Option<u64>) -> Self {
        use crate::types::{Dim, ElementType};
        let seq_dim = seq.map(Dim::Static).unwrap_or(Dim::Dynamic);
        Self {
            tokens: TensorType {
                shape: vec![seq_dim],
                element: ElementType::I64,
            },
            cache: TensorType {
                shape: vec![
                    Dim::Dynamic,
                    Dim::Static(b.n_kv_heads),
                    Dim::Static(b.head_dim),
                ],
                element: ElementType::F32,
            },
            hidden: TensorType {
                shape: vec![seq_dim, Dim::Static(b.dim)],
                element: ElementType::F32,
            },
        }
    }
}

/// `@layer_name(hidden, positions, position, k_cache, v_cache, weights…)
/// -> (hidden', k_cache', v_cache')`: one llama block over the KV cache,
/// private, called once per layer.
fn decoder_layer_function<'c>(
    context: &'c melior::Context,
    layer_name: &str,
    b: &LlamaBlockConfig,
    types: &StepTypes,
) -> Result<melior::ir::Operation<'c>, BuildError> {
    let (d, q, kv, ffn) = (
        b.dim,
        b.n_heads * b.head_dim,
        b.n_kv_heads * b.head_dim,
        b.ffn_dim,
    );
    let inputs = [
        types.hidden.clone(),
        types.tokens.clone(),
        TensorType::i64(&[]),
        types.cache.clone(),
        types.cache.clone(),
        TensorType::f32(&[d]),
        TensorType::f32(&[q, d]),
        TensorType::f32(&[kv, d]),
        TensorType::f32(&[kv, d]),
        TensorType::f32(&[d, q]),
        TensorType::f32(&[d]),
        TensorType::f32(&[ffn, d]),
        TensorType::f32(&[ffn, d]),
        TensorType::f32(&[d, ffn]),
    ];
    let mut f = FunctionBuilder::new(context, layer_name, &inputs);
    let w = LlamaBlockWeights {
        attn_norm: f.arg(5),
        wq: f.arg(6),
        wk: f.arg(7),
        wv: f.arg(8),
        wo: f.arg(9),
        mlp_norm: f.arg(10),
        w_gate: f.arg(11),
        w_up: f.arg(12),
        w_down: f.arg(13),
    };
    let kv_cache = KvCache {
        keys: f.arg(3),
        values: f.arg(4),
        position: f.arg(2),
    };
    let (x, positions) = (f.arg(0), f.arg(1));
    let out = llama_block(&mut f, b, x, positions, &w, Some(kv_cache))?;
    let (k, v) = out.cache.expect("a cache was given");
    Ok(f.finish_private(&[out.hidden, k, v]))
}

/// The public step: embedding, a call of `@layer_name` per layer with its
/// weights and caches, the final norm and the logits of row `last`.
fn decoder_step_function<'c>(
    context: &'c melior::Context,
    name: &str,
    layer_name: &str,
    cfg: &LlamaDecoderConfig,
    types: &StepTypes,
) -> Result<melior::ir::Operation<'c>, BuildError> {
    let b = &cfg.block;
    let mut inputs = vec![
        types.tokens.clone(),
        types.tokens.clone(),
        TensorType::i64(&[]),
        TensorType::i64(&[1]),
    ];
    for _ in 0..cfg.n_layers {
        inputs.push(types.cache.clone());
        inputs.push(types.cache.clone());
    }
    let mut f = FunctionBuilder::new(context, name, &inputs);
    let (ids, positions, position, last) = (f.arg(0), f.arg(1), f.arg(2), f.arg(3));
    let embed = f.weight(
        "model.embed_tokens.weight",
        &TensorType::f32(&[cfg.vocab, b.dim]),
    )?;
    let mut hidden = f.embedding(ids, embed)?;
    let mut caches = Vec::new();
    for layer_index in 0..cfg.n_layers {
        let w = LlamaBlockWeights::declare(&mut f, b, &format!("model.layers.{layer_index}."))?;
        let (kc, vc) = (
            f.arg(4 + 2 * layer_index as usize),
            f.arg(5 + 2 * layer_index as usize),
        );
        let args = [
            hidden,
            positions,
            position,
            kc,
            vc,
            w.attn_norm,
            w.wq,
            w.wk,
            w.wv,
            w.wo,
            w.mlp_norm,
            w.w_gate,
            w.w_up,
            w.w_down,
        ];
        let r = f.call(
            layer_name,
            &args,
            &[
                types.hidden.clone(),
                types.cache.clone(),
                types.cache.clone(),
            ],
        )?;
        hidden = r[0];
        caches.push(r[1]);
        caches.push(r[2]);
    }
    let norm = f.weight("model.norm.weight", &TensorType::f32(&[b.dim]))?;
    let last_row = f.embedding(last, hidden)?;
    let normed = f.rms_norm(last_row, norm, b.rms_eps)?;
    let head = if cfg.tied_embeddings {
        embed
    } else {
        f.weight("lm_head.weight", &TensorType::f32(&[cfg.vocab, b.dim]))?
    };
    let logits = f.linear(normed, head, None)?;
    let mut outputs = vec![logits];
    outputs.extend(caches);
    Ok(f.finish(&outputs))
}
