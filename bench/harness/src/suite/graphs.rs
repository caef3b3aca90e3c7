//! The kernel cases of the suite as kforge IR, each with its counted flops and
//! the fewest bytes it must move (inputs read once, outputs written once).
use anyhow::{ensure, Result};
use kforge_dialect::builder::transformer::LlamaBlockConfig;
use kforge_dialect::{create_context, FunctionBuilder, TensorType, ValueId};
use melior::ir::operation::OperationLike;
use std::collections::BTreeMap;

/// One compiled-kernel case: a module with one public function.
#[derive(Clone, Debug)]
pub struct KernelSpec {
    /// The case's name in the report.
    pub name: String,
    /// The kernel family.
    pub kind: &'static str,
    /// Shape parameters.
    pub params: BTreeMap<String, u64>,
    /// The function to call.
    pub entry: &'static str,
    /// The module, as text.
    pub text: String,
    /// Counted floating-point operations of one call.
    pub flops: f64,
    /// The fewest bytes one call moves.
    pub bytes: f64,
}

/// SmolLM2-135M's attention heads and widths.
fn smollm2() -> LlamaBlockConfig {
    LlamaBlockConfig::smollm2_135m()
}

/// Builds `@entry(inputs) -> outputs` with `body` and prints the module.
fn function_text(
    entry: &str,
    inputs: &[TensorType],
    body: impl FnOnce(&mut FunctionBuilder) -> Result<Vec<ValueId>>,
) -> Result<String> {
    let context = create_context();
    let mut f = FunctionBuilder::new(&context, entry, inputs);
    let outputs = body(&mut f)?;
    let module = f.finish_module(&outputs)?;
    ensure!(
        module.as_operation().verify(),
        "the {entry} module does not verify"
    );
    Ok(module.as_operation().to_string())
}

fn params(pairs: &[(&str, u64)]) -> BTreeMap<String, u64> {
    pairs.iter().map(|&(k, v)| (k.to_string(), v)).collect()
}

/// Bytes of `count` f32 values.
fn f32_bytes(count: u64) -> f64 {
    4.0 * count as f64
}

/// `[b, m, k] · [b, k, n]`.
pub fn batch_matmul(b: u64, m: u64, k: u64, n: u64) -> Result<KernelSpec> {
    let text = function_text(
        "batch_matmul",
        &[TensorType::f32(&[b, m, k]), TensorType::f32(&[b, k, n])],
        |f| Ok(vec![f.batch_matmul(f.arg(0), f.arg(1))?]),
    )?;
    Ok(KernelSpec {
        name: format!("batch_matmul/{b}x{m}x{k}x{n}"),
        kind: "batch_matmul",
        params: params(&[("b", b), ("m", m), ("k", k), ("n", n)]),
        entry: "batch_matmul",
        text,
        flops: 2.0 * (b * m * n * k) as f64,
        bytes: f32_bytes(b * (m * k + k * n + m * n)),
    })
}

/// Causal grouped-query attention of `queries` new positions over `keys`
/// positions (prefill: equal; decode: one query over a context), SmolLM2 heads.
pub fn attention(phase: &str, queries: u64, keys: u64) -> Result<KernelSpec> {
    let cfg = smollm2();
    let (h, kv, d) = (cfg.n_heads, cfg.n_kv_heads, cfg.head_dim);
    let text = function_text(
        "attention",
        &[
            TensorType::f32(&[queries, h, d]),
            TensorType::f32(&[keys, kv, d]),
            TensorType::f32(&[keys, kv, d]),
        ],
        |f| {
            let scale = 1.0 / (d as f64).sqrt();
            Ok(vec![f.attention(
                f.arg(0),
                f.arg(1),
                f.arg(2),
                true,
                scale,
            )?])
        },
    )?;
    // Query i sees keys j ≤ i + (keys − queries): two products of D per pair and head.
    let pairs: u64 = (0..queries)
        .map(|i| (i + keys + 1).saturating_sub(queries).min(keys))
        .sum();
    Ok(KernelSpec {
        name: format!("attention/{phase}/q{queries}xkv{keys}"),
        kind: "attention",
        params: params(&[
            ("queries", queries),
            ("keys", keys),
            ("heads", h),
            ("kv_heads", kv),
            ("head_dim", d),
        ]),
        entry: "attention",
        text,
        flops: 4.0 * (h * d * pairs) as f64,
        bytes: f32_bytes(2 * queries * h * d + 2 * keys * kv * d),
    })
}

/// SwiGLU MLP of `rows` tokens, SmolLM2 widths.
pub fn mlp(rows: u64) -> Result<KernelSpec> {
    let cfg = smollm2();
    let (d, ff) = (cfg.dim, cfg.ffn_dim);
    let text = function_text(
        "mlp",
        &[
            TensorType::f32(&[rows, d]),
            TensorType::f32(&[ff, d]),
            TensorType::f32(&[ff, d]),
            TensorType::f32(&[d, ff]),
        ],
        |f| {
            Ok(vec![f.mlp_swiglu(
                f.arg(0),
                f.arg(1),
                f.arg(2),
                f.arg(3),
            )?])
        },
    )?;
    Ok(KernelSpec {
        name: format!("mlp/{rows}x{d}x{ff}"),
        kind: "mlp",
        params: params(&[("rows", rows), ("dim", d), ("ffn_dim", ff)]),
        entry: "mlp",
        text,
        // Three projections, plus silu (≈4) and the product per hidden value.
        flops: (6 * rows * d * ff + 5 * rows * ff) as f64,
        bytes: f32_bytes(2 * rows * d + 3 * d * ff),
    })
}

/// RMSNorm of `rows` × `dim`.
pub fn rms_norm(rows: u64, dim: u64) -> Result<KernelSpec> {
    let text = function_text(
        "rms_norm",
        &[TensorType::f32(&[rows, dim]), TensorType::f32(&[dim])],
        |f| Ok(vec![f.rms_norm(f.arg(0), f.arg(1), 1e-5)?]),
    )?;
    Ok(KernelSpec {
        name: format!("rms_norm/{rows}x{dim}"),
        kind: "rms_norm",
        params: params(&[("rows", rows), ("dim", dim)]),
        entry: "rms_norm",
        text,
        // Square and sum, then scale and weight: 4 per element.
        flops: (4 * rows * dim) as f64,
        bytes: f32_bytes(2 * rows * dim + dim),
    })
}

/// LayerNorm of `rows` × `dim`.
pub fn layer_norm(rows: u64, dim: u64) -> Result<KernelSpec> {
    let text = function_text(
        "layer_norm",
        &[
            TensorType::f32(&[rows, dim]),
            TensorType::f32(&[dim]),
            TensorType::f32(&[dim]),
        ],
        |f| Ok(vec![f.layer_norm(f.arg(0), f.arg(1), f.arg(2), 1e-5)?]),
    )?;
    Ok(KernelSpec {
        name: format!("layer_norm/{rows}x{dim}"),
        kind: "layer_norm",
        params: params(&[("rows", rows), ("dim", dim)]),
        entry: "layer_norm",
        text,
        // Mean, centre, square and sum, normalize, scale and shift: 7 per element.
        flops: (7 * rows * dim) as f64,
        bytes: f32_bytes(2 * rows * dim + 2 * dim),
    })
}

/// Rotary embedding of `rows` positions of SmolLM2's query heads.
pub fn rope(rows: u64) -> Result<KernelSpec> {
    let cfg = smollm2();
    let (h, d) = (cfg.n_heads, cfg.head_dim);
    let text = function_text(
        "rope",
        &[TensorType::f32(&[rows, h, d]), TensorType::i64(&[rows])],
        |f| Ok(vec![f.rope(f.arg(0), f.arg(1), 10_000.0)?]),
    )?;
    Ok(KernelSpec {
        name: format!("rope/{rows}x{h}x{d}"),
        kind: "rope",
        params: params(&[("rows", rows), ("heads", h), ("head_dim", d)]),
        entry: "rope",
        text,
        // Two products and a sum per element (sines and cosines not counted).
        flops: (3 * rows * h * d) as f64,
        bytes: f32_bytes(2 * rows * h * d) + 8.0 * rows as f64,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attention_counts_causal_pairs() {
        let prefill = attention("prefill", 4, 4).unwrap();
        let decode = attention("decode", 1, 4).unwrap();
        // Prefill: 1 + 2 + 3 + 4 pairs; decode: 4.
        assert_eq!(prefill.flops / decode.flops, 10.0 / 4.0);
        assert!(prefill.text.contains("kforge.attention"));
    }

    #[test]
    fn every_kernel_builds() {
        for spec in [
            batch_matmul(2, 3, 4, 5).unwrap(),
            mlp(2).unwrap(),
            rms_norm(2, 8).unwrap(),
            layer_norm(2, 8).unwrap(),
            rope(2).unwrap(),
        ] {
            assert!(
                spec.text.contains(&format!("@{}", spec.entry)),
                "{}",
                spec.name
            );
            assert!(spec.flops > 0.0 && spec.bytes > 0.0);
        }
    }
}
