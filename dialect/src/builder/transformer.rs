//! Builders for whole transformer blocks (llama family: pre-norm, RoPE, GQA,
//! SwiGLU) out of kforge ops.
use super::{BuildError, FunctionBuilder, ValueId};
use crate::signature::AttrValue;
use crate::types::{Dim, ElementType, TensorType};
use kforge_abi::weight_format::WeightFormat;

/// How a decoder's weights are stored (dialect/OPS.md, `weight_format`);
/// norms are always f32.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct WeightFormats {
    /// Every projection of every block.
    pub projections: WeightFormat,
    /// The embedding table (and the output projection when tied).
    pub embeddings: WeightFormat,
    /// An untied output projection.
    pub lm_head: WeightFormat,
}

/// The type of an `[n, k]` weight stored as `format`: f32 `[n, k]`, or the
/// bytes `[n, k/block, block_bytes] × i8`.
pub fn stored_type(format: WeightFormat, n: u64, k: u64) -> TensorType {
    if format == WeightFormat::F32 {
        return TensorType::f32(&[n, k]);
    }
    let block = format.block_elems() as u64;
    TensorType {
        shape: vec![
            Dim::Static(n),
            Dim::Static(k / block),
            Dim::Static(format.block_bytes() as u64),
        ],
        element: ElementType::I8,
    }
}

/// The `weight_format` attribute of an op on a weight stored as `format`
/// (none for f32).
pub fn format_attr(format: WeightFormat) -> Option<(&'static str, AttrValue)> {
    (format != WeightFormat::F32).then(|| ("weight_format", AttrValue::Str(format.name().into())))
}

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
    /// How the projections are stored.
    pub format: WeightFormat,
}

impl LlamaBlockWeights {
    /// Declares the block's weights as `kforge.weight` ops named with Hugging
    /// Face's names under `prefix` (e.g. `model.layers.0.`).
    pub fn declare(
        f: &mut FunctionBuilder,
        cfg: &LlamaBlockConfig,
        prefix: &str,
        format: WeightFormat,
    ) -> Result<Self, BuildError> {
        let (d, q, kv, ffn) = (
            cfg.dim,
            cfg.n_heads * cfg.head_dim,
            cfg.n_kv_heads * cfg.head_dim,
            cfg.ffn_dim,
        );
        let mut w = |name: &str, shape: &[u64]| {
            let ty = match shape {
                &[n, k] => stored_type(format, n, k),
                _ => TensorType::f32(shape),
            };
            f.weight(&format!("{prefix}{name}"), &ty)
        };
        Ok(Self {
            format,
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
    let q = f.linear_stored(normed, w.wq, w.format)?;
    let k = f.linear_stored(normed, w.wk, w.format)?;
    let v = f.linear_stored(normed, w.wv, w.format)?;
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
    let attn = f.linear_stored(attn, w.wo, w.format)?;
    let hidden = f.add(x, attn)?;
    let normed = f.rms_norm(hidden, w.mlp_norm, cfg.rms_eps)?;
    let mlp = if w.format == WeightFormat::F32 {
        f.mlp_swiglu(normed, w.w_gate, w.w_up, w.w_down)?
    } else {
        // `kforge.mlp` takes f32 weights: its parts, which
        // `--kforge-fuse-swiglu` joins again.
        let g = f.linear_stored(normed, w.w_gate, w.format)?;
        let u = f.linear_stored(normed, w.w_up, w.format)?;
        let g = f.silu(g)?;
        let h = f.mul(g, u)?;
        f.linear_stored(h, w.w_down, w.format)?
    };
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
    /// How the weights are stored.
    pub formats: WeightFormats,
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
    step_and_layer(context, name, cfg, &StepTypes::new(&cfg.block, seq))
}

/// Builds `@name_layer` and `@name` over `types` (callee first).
fn step_and_layer<'c>(
    context: &'c melior::Context,
    name: &str,
    cfg: &LlamaDecoderConfig,
    types: &StepTypes,
) -> Result<Vec<melior::ir::Operation<'c>>, BuildError> {
    let layer_name = format!("{name}_layer");
    let layer = decoder_layer_function(
        context,
        &layer_name,
        &cfg.block,
        types,
        cfg.formats.projections,
    )?;
    let step = decoder_step_function(context, name, &layer_name, cfg, types)?;
    Ok(vec![layer, step])
}

/// Builds `@name`, one decode step of a batch of independent sequences, and
/// `@name_layer`, its block function:
///
/// ```text
/// @name(ids: [B] i64, positions: [B] i64,
///       k_cache_0, v_cache_0, …: [B', ?, Hkv, Dh] f32)
///   -> (logits: [B, V], k_cache_0', v_cache_0', …)
/// ```
/// Row `b` is the next token of the sequence in cache slot `b`, at position
/// `positions[b]` (its RoPE position and the cache row it is written to); the
/// projections are `[B, D]` matrix products (each weight read once for the
/// batch), attention is per row over its own slot (`kforge.attention` with
/// rank-4 caches, dialect/OPS.md). `B' = B`: the caller passes the caches'
/// first `B` slots.
pub fn llama_decoder_batch_step<'c>(
    context: &'c melior::Context,
    name: &str,
    cfg: &LlamaDecoderConfig,
) -> Result<Vec<melior::ir::Operation<'c>>, BuildError> {
    step_and_layer(context, name, cfg, &StepTypes::batch(&cfg.block))
}

/// The tensor types a decoder step passes around.
struct StepTypes {
    /// `[S] i64`: token ids, RoPE positions.
    tokens: TensorType,
    /// The cache write position: `tensor<i64>` for one sequence, `[B] i64`
    /// (one per row) for a batch.
    position: TensorType,
    /// `[?, Hkv, Dh] f32`: one layer's K or V cache; `[?, ?, Hkv, Dh]` (a
    /// slot per row) for a batch.
    cache: TensorType,
    /// `[S, D] f32`: the hidden states.
    hidden: TensorType,
    /// Rows are independent sequences, each with its own cache slot.
    batch: bool,
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
            position: TensorType::i64(&[]),
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
            batch: false,
        }
    }

    /// A batch of `B` (dynamic) sequences, one new token each.
    fn batch(b: &LlamaBlockConfig) -> Self {
        use crate::types::Dim;
        let mut types = Self::new(b, None);
        types.position = types.tokens.clone();
        types.cache.shape.insert(0, Dim::Dynamic);
        types.batch = true;
        types
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
    format: WeightFormat,
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
        types.position.clone(),
        types.cache.clone(),
        types.cache.clone(),
        TensorType::f32(&[d]),
        stored_type(format, q, d),
        stored_type(format, kv, d),
        stored_type(format, kv, d),
        stored_type(format, d, q),
        TensorType::f32(&[d]),
        stored_type(format, ffn, d),
        stored_type(format, ffn, d),
        stored_type(format, d, ffn),
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
        format,
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
    let mut inputs = vec![types.tokens.clone(), types.tokens.clone()];
    if !types.batch {
        inputs.extend([TensorType::i64(&[]), TensorType::i64(&[1])]);
    }
    let first_cache = inputs.len();
    for _ in 0..cfg.n_layers {
        inputs.push(types.cache.clone());
        inputs.push(types.cache.clone());
    }
    let mut f = FunctionBuilder::new(context, name, &inputs);
    let (ids, positions) = (f.arg(0), f.arg(1));
    // A batch's rows write their caches at their own positions.
    let (position, last) = if types.batch {
        (positions, None)
    } else {
        (f.arg(2), Some(f.arg(3)))
    };
    let fmt = cfg.formats;
    let embed = f.weight(
        "model.embed_tokens.weight",
        &stored_type(fmt.embeddings, cfg.vocab, b.dim),
    )?;
    let mut hidden = f.embedding_stored(ids, embed, fmt.embeddings)?;
    let mut caches = Vec::new();
    for layer_index in 0..cfg.n_layers {
        let prefix = format!("model.layers.{layer_index}.");
        let w = LlamaBlockWeights::declare(&mut f, b, &prefix, fmt.projections)?;
        let (kc, vc) = (
            f.arg(first_cache + 2 * layer_index as usize),
            f.arg(first_cache + 1 + 2 * layer_index as usize),
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
    let rows = match last {
        Some(last) => f.embedding(last, hidden)?,
        None => hidden,
    };
    let normed = f.rms_norm(rows, norm, b.rms_eps)?;
    let (head, head_format) = if cfg.tied_embeddings {
        (embed, fmt.embeddings)
    } else {
        let ty = stored_type(fmt.lm_head, cfg.vocab, b.dim);
        (f.weight("lm_head.weight", &ty)?, fmt.lm_head)
    };
    let logits = f.linear_stored(normed, head, head_format)?;
    let mut outputs = vec![logits];
    outputs.extend(caches);
    Ok(f.finish(&outputs))
}
