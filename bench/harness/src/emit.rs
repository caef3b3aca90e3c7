//! Benchmark graphs as kforge IR (`kforge-bench emit-mlir`), built with the
//! dialect's IR builder on SmolLM2-135M's shapes.
use anyhow::Result;
use kforge_dialect::builder::transformer::{
    llama_block, llama_decoder_step, LlamaBlockConfig, LlamaBlockWeights, LlamaDecoderConfig,
};
use kforge_dialect::{create_context, FunctionBuilder, TensorType};
use melior::ir::operation::OperationLike;
use melior::ir::{BlockLike, Location, Module};

/// Graph kinds.
#[derive(Clone, Copy, Debug)]
#[cfg_attr(feature = "clap", derive(clap::ValueEnum))]
pub enum Kind {
    /// `C = A·B` of `m×k` by `k×n`.
    Matmul,
    /// Causal GQA attention of one sequence (SmolLM2 heads).
    Attention,
    /// SwiGLU MLP (SmolLM2 shapes).
    Mlp,
    /// LayerNorm over rows.
    LayerNorm,
    /// One llama block (SmolLM2 shapes) with weights by name.
    Block,
    /// One decoder step of SmolLM2-135M with a KV cache.
    Decoder,
}

/// What to emit: a graph and its sizes.
#[derive(Clone, Copy, Debug)]
#[cfg_attr(feature = "clap", derive(clap::Args))]
pub struct Graph {
    /// What to emit.
    #[cfg_attr(feature = "clap", arg(value_enum))]
    pub kind: Kind,
    /// Rows (sequence length, or M of a matmul).
    #[cfg_attr(feature = "clap", arg(long, default_value_t = 8))]
    pub m: u64,
    /// Columns of a matmul.
    #[cfg_attr(feature = "clap", arg(long, default_value_t = 1536))]
    pub n: u64,
    /// Reduction length of a matmul.
    #[cfg_attr(feature = "clap", arg(long, default_value_t = 576))]
    pub k: u64,
}

/// The kforge IR of `@matmul(a: [m, k], b: [k, n]) -> [m, n]` as text.
pub fn matmul_text(m: u64, n: u64, k: u64) -> Result<String> {
    let context = create_context();
    let mut f = FunctionBuilder::new(
        &context,
        "matmul",
        &[TensorType::f32(&[m, k]), TensorType::f32(&[k, n])],
    );
    let y = f.matmul(f.arg(0), f.arg(1))?;
    let module = f.finish_module(&[y])?;
    anyhow::ensure!(
        module.as_operation().verify(),
        "the matmul module does not verify"
    );
    Ok(module.as_operation().to_string())
}

/// The module of `graph` as text, verified.
pub fn module_text(args: &Graph) -> Result<String> {
    let context = create_context();
    let module = Module::new(Location::unknown(&context));
    let cfg = LlamaBlockConfig::smollm2_135m();
    let func = match args.kind {
        Kind::Matmul => return matmul_text(args.m, args.n, args.k),
        Kind::Attention => {
            let (s, h, kv, d) = (args.m, cfg.n_heads, cfg.n_kv_heads, cfg.head_dim);
            let mut f = FunctionBuilder::new(
                &context,
                "attention",
                &[
                    TensorType::f32(&[s, h, d]),
                    TensorType::f32(&[s, kv, d]),
                    TensorType::f32(&[s, kv, d]),
                ],
            );
            let y = f.attention(f.arg(0), f.arg(1), f.arg(2), true, 1.0 / (d as f64).sqrt())?;
            f.finish(&[y])
        }
        Kind::Mlp => {
            let (d, ff) = (cfg.dim, cfg.ffn_dim);
            let mut f = FunctionBuilder::new(
                &context,
                "mlp",
                &[
                    TensorType::f32(&[args.m, d]),
                    TensorType::f32(&[ff, d]),
                    TensorType::f32(&[ff, d]),
                    TensorType::f32(&[d, ff]),
                ],
            );
            let y = f.mlp_swiglu(f.arg(0), f.arg(1), f.arg(2), f.arg(3))?;
            f.finish(&[y])
        }
        Kind::LayerNorm => {
            let d = cfg.dim;
            let mut f = FunctionBuilder::new(
                &context,
                "layer_norm",
                &[
                    TensorType::f32(&[args.m, d]),
                    TensorType::f32(&[d]),
                    TensorType::f32(&[d]),
                ],
            );
            let y = f.layer_norm(f.arg(0), f.arg(1), f.arg(2), 1e-5)?;
            f.finish(&[y])
        }
        Kind::Block => {
            let mut f = FunctionBuilder::new(
                &context,
                "block",
                &[
                    TensorType::f32(&[args.m, cfg.dim]),
                    TensorType::i64(&[args.m]),
                ],
            );
            let w =
                LlamaBlockWeights::declare(&mut f, &cfg, "model.layers.0.", Default::default())?;
            let (x, pos) = (f.arg(0), f.arg(1));
            let out = llama_block(&mut f, &cfg, x, pos, &w, None)?;
            f.finish(&[out.hidden])
        }
        Kind::Decoder => {
            let dec = LlamaDecoderConfig {
                block: cfg,
                n_layers: 30,
                vocab: 49152,
                tied_embeddings: true,
                formats: Default::default(),
            };
            for func in llama_decoder_step(&context, "decode", &dec, Some(args.m))? {
                module.body().append_operation(func);
            }
            return verified_text(&module);
        }
    };
    module.body().append_operation(func);
    verified_text(&module)
}

fn verified_text(module: &Module) -> Result<String> {
    anyhow::ensure!(
        module.as_operation().verify(),
        "the emitted module does not verify"
    );
    Ok(module.as_operation().to_string())
}
