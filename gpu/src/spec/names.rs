//! Kernel names: what generated code, errors and timings call a spec.

use super::*;

impl KernelSpec {
    /// Name used in generated code, errors and timings, e.g. `matmul_4096x4096x4096`.
    pub fn name(&self) -> String {
        match self {
            KernelSpec::Matmul(s) => format!(
                "{}_{}x{}x{}{}_t{}{}",
                if s.b_transposed { "linear" } else { "matmul" },
                s.m,
                s.n,
                s.k,
                if s.batch > 1 {
                    format!("_b{}", s.batch)
                } else {
                    String::new()
                },
                s.tile.label(),
                format_suffix(s.b_format)
            ),
            KernelSpec::CoopMatmul(s) => {
                format!("coop_matmul_f16_{}x{}x{}_{}", s.m, s.n, s.k, s.tile.label())
            }
            KernelSpec::Gemv {
                m, n, k, format, ..
            } => {
                format!("gemv_{m}x{n}x{k}{}", format_suffix(*format))
            }
            KernelSpec::GemvEpilogue {
                m,
                n,
                k,
                epilogue,
                format,
            } => format!(
                "gemv_{m}x{n}x{k}{}_{}",
                format_suffix(*format),
                epilogue.label()
            ),
            KernelSpec::MultiGemv {
                m,
                k,
                ns,
                format,
                norm_eps,
            } => {
                let ns: Vec<String> = ns.iter().map(usize::to_string).collect();
                format!(
                    "{}multi_gemv_{m}x{}x{k}{}",
                    rms_prefix(*norm_eps),
                    ns.join("_"),
                    format_suffix(*format)
                )
            }
            KernelSpec::SwigluGemv {
                m,
                n,
                k,
                format,
                norm_eps,
            } => format!(
                "{}swiglu_gemv_{m}x{n}x{k}{}",
                rms_prefix(*norm_eps),
                format_suffix(*format)
            ),
            KernelSpec::Epilogue(e) => format!("epilogue_{}_{}", dims(&e.out), e.label()),
            KernelSpec::Binary { op, out, .. } => {
                format!("{}_{}", format!("{op:?}").to_lowercase(), dims(out))
            }
            KernelSpec::Unary { op, len } => format!("{}_{len}", format!("{op:?}").to_lowercase()),
            KernelSpec::Softmax { outer, axis, inner } => format!("softmax_{outer}x{axis}x{inner}"),
            KernelSpec::RmsNorm { rows, dim, .. } => format!("rms_norm_{rows}x{dim}"),
            KernelSpec::LayerNorm { rows, dim, .. } => format!("layer_norm_{rows}x{dim}"),
            KernelSpec::Rope {
                seq,
                heads,
                head_dim,
                ..
            } => format!("rope_{seq}x{heads}x{head_dim}"),
            KernelSpec::Attention(a) => attention_name("attention", a),
            KernelSpec::AttentionSplit(a) => attention_name("attention_split", a),
            KernelSpec::AttentionSplitRope(a) => attention_name("attention_split_rope", a),
            KernelSpec::AttentionCombine { rows, d, blocks } => {
                format!("attention_combine_{rows}x{d}_b{blocks}")
            }
            KernelSpec::KvWrite { seq, row, rows } => format!("kv_write_{seq}x{row}_into_{rows}"),
            KernelSpec::KvWriteRows { batch, row, rows } => {
                format!("kv_write_rows_{batch}x{row}_into_{rows}")
            }
            KernelSpec::KvWritePair { seq, row, rows } => {
                format!("kv_write_pair_{seq}x{row}_into_{rows}")
            }
            KernelSpec::Embedding {
                seq,
                vocab,
                dim,
                format,
            } => format!("embedding_{seq}_{vocab}x{dim}{}", format_suffix(*format)),
            KernelSpec::ArgmaxFeed { n } => format!("argmax_feed_{n}"),
            KernelSpec::ArgmaxRows { rows, n } => format!("argmax_rows_{rows}x{n}"),
            KernelSpec::RopeKvWrite {
                seq,
                hq,
                hkv,
                d,
                rows,
            } => format!("rope_kv_write_{seq}x{hq}+{hkv}x{d}_into_{rows}"),
        }
    }
}

/// The name prefix of a GEMV with a fused RMS norm.
fn rms_prefix(norm_eps: Option<f32>) -> &'static str {
    if norm_eps.is_some() {
        "rms_"
    } else {
        ""
    }
}

/// `_q4_1` for a stored format, nothing for f32.
fn format_suffix(format: WeightFormat) -> String {
    match format {
        WeightFormat::F32 => String::new(),
        f => format!("_{}", f.name()),
    }
}

fn dims(shape: &[usize]) -> String {
    shape
        .iter()
        .map(|d| d.to_string())
        .collect::<Vec<_>>()
        .join("x")
}

/// `{family}_{sq}x{hq}x{d}_kv{rows}x{hkv}`, `_rows` for one sequence per query row.
fn attention_name(family: &str, a: &crate::spec::AttentionSpec) -> String {
    format!(
        "{family}_{}x{}x{}_kv{}x{}{}",
        a.sq,
        a.hq,
        a.d,
        a.kv_rows,
        a.hkv,
        if a.per_row { "_rows" } else { "" }
    )
}
