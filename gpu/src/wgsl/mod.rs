//! WGSL generators: one file per kernel family, each turning a [`KernelSpec`] into WGSL text.
//!
//! Generated code is specialised to its spec's shapes (constants, unrolled register blocks): neither naga nor the
//! drivers unroll loops over register tiles, and an unrolled 8x8-per-thread SGEMM runs 17× faster than the same
//! loop over a private array (TOOLCHAIN.md). Every kernel is parsed and validated by naga ([`crate::validate`])
//! before it reaches a driver.

mod argmax;
mod attention;
mod coop_matmul;
mod elementwise;
mod epilogue;
mod gemv;
mod matmul;
mod norm;
mod stored;
mod util;

use crate::error::Result;
use crate::spec::{Binding, KernelSpec};

/// A generated kernel: WGSL, the launch grid and what the adapter must offer.
#[derive(Debug, Clone)]
pub struct Kernel {
    /// The spec it implements.
    pub spec: KernelSpec,
    /// Kernel name (also in the source's first comment).
    pub name: String,
    /// WGSL source; the entry point is `main`.
    pub source: String,
    /// Workgroups to dispatch.
    pub workgroups: [u32; 3],
    /// Storage bindings in order.
    pub bindings: Vec<Binding>,
    /// Needs `SHADER_F16`.
    pub needs_f16: bool,
    /// Needs `EXPERIMENTAL_COOPERATIVE_MATRIX` (16x16 f16 → f32) and subgroups of 32.
    pub needs_coop: bool,
    /// Bytes of workgroup memory used.
    pub shared_bytes: usize,
    /// Every workgroup variable is written before it is read: the pipeline skips the zero-filling prologue
    /// (a store per element and a barrier at every workgroup's start).
    pub writes_shared_first: bool,
    /// Needs subgroup operations (`SUBGROUP`).
    pub needs_subgroups: bool,
}

/// What a device offers that generators may use beyond portable WGSL ([`crate::runtime::Gpu::target`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Target {
    /// Subgroup operations (`SUBGROUP`): the several-row GEMV reduces its sums with them.
    pub subgroups: bool,
}

/// Generates the WGSL of a spec for any device (portable WGSL: [`Target::default`]) and validates it with naga.
pub fn generate(spec: &KernelSpec) -> Result<Kernel> {
    generate_for(spec, Target::default())
}

/// Generates the WGSL of a spec for a device offering `target` and validates it with naga.
pub fn generate_for(spec: &KernelSpec, target: Target) -> Result<Kernel> {
    spec.validate()?;
    let name = spec.name();
    let g = match spec {
        KernelSpec::Matmul(s) => matmul::generate(s),
        KernelSpec::CoopMatmul(s) => coop_matmul::generate(s),
        KernelSpec::Gemv {
            m,
            n,
            k,
            bias,
            format,
        } => gemv::generate(*m, *n, *k, *bias, *format, target),
        KernelSpec::GemvEpilogue {
            m,
            n,
            k,
            epilogue,
            format,
        } => gemv::with_epilogue(*m, *n, *k, epilogue, *format, target),
        KernelSpec::MultiGemv {
            m,
            k,
            ns,
            format,
            norm_eps,
        } => gemv::multi(*m, *k, ns, *format, *norm_eps, target),
        KernelSpec::SwigluGemv {
            m,
            n,
            k,
            format,
            norm_eps,
        } => gemv::swiglu(*m, *n, *k, *format, *norm_eps, target),
        KernelSpec::Epilogue(e) => epilogue::generate(e),
        KernelSpec::Binary { op, a, b, out } => elementwise::binary(*op, a, b, out),
        KernelSpec::Unary { op, len } => elementwise::unary(*op, *len),
        KernelSpec::Softmax { outer, axis, inner } => norm::softmax(*outer, *axis, *inner),
        KernelSpec::RmsNorm { rows, dim, eps } => norm::rms_norm(*rows, *dim, *eps),
        KernelSpec::LayerNorm { rows, dim, eps } => norm::layer_norm(*rows, *dim, *eps),
        KernelSpec::Rope {
            seq,
            heads,
            head_dim,
            theta,
        } => elementwise::rope(*seq, *heads, *head_dim, *theta),
        KernelSpec::Attention(a) => attention::attention(a),
        KernelSpec::AttentionSplit(a) => attention::attention_split(a),
        KernelSpec::AttentionSplitRope(a) => attention::attention_split_rope(a),
        KernelSpec::AttentionCombine { rows, d, blocks } => {
            attention::attention_combine(*rows, *d, *blocks)
        }
        KernelSpec::KvWrite { seq, row, rows } => elementwise::kv_write(*seq, *row, *rows),
        KernelSpec::KvWritePair { seq, row, rows } => elementwise::kv_write_pair(*seq, *row, *rows),
        KernelSpec::KvWriteRows { batch, row, rows } => {
            elementwise::kv_write_rows(*batch, *row, *rows)
        }
        KernelSpec::Embedding {
            seq,
            vocab,
            dim,
            format,
        } => elementwise::embedding(*seq, *vocab, *dim, *format),
        KernelSpec::RopeKvWrite {
            seq,
            hq,
            hkv,
            d,
            rows,
        } => elementwise::rope_kv_write(*seq, *hq, *hkv, *d, *rows),
        KernelSpec::ArgmaxFeed { n } => argmax::argmax(1, *n),
        KernelSpec::ArgmaxRows { rows, n } => argmax::argmax(*rows, *n),
    };
    let bindings = spec.bindings();
    let mut source = format!("// kforge kernel: {name}\n");
    if g.needs_f16 {
        source.push_str("enable f16;\n");
    }
    if g.needs_coop {
        source.push_str("enable wgpu_cooperative_matrix;\n");
    }
    source.push_str(&util::binding_decls(
        &bindings,
        &g.vec4_bindings,
        &g.wide_bindings,
    ));
    source.push_str(&g.body);
    crate::validate::validate_wgsl(&name, &source)?;
    Ok(Kernel {
        spec: spec.clone(),
        name,
        source,
        workgroups: g.workgroups,
        bindings,
        needs_f16: g.needs_f16,
        needs_coop: g.needs_coop,
        shared_bytes: g.shared_bytes,
        writes_shared_first: g.writes_shared_first,
        needs_subgroups: g.needs_subgroups,
    })
}

/// What a family generator returns; [`generate`] adds the header and binding declarations.
#[derive(Debug, Default)]
pub(crate) struct Generated {
    /// Everything after the bindings: workgroup variables, helpers, `main`.
    pub body: String,
    pub workgroups: [u32; 3],
    /// Bindings declared as `array<vec4<…>>` instead of scalars (by name).
    pub vec4_bindings: Vec<&'static str>,
    /// Bindings declared with a 16-byte element (`mat2x4<f16>` or `vec4<u32>`: loads of 8 halves): (name, type).
    pub wide_bindings: Vec<(&'static str, &'static str)>,
    pub needs_f16: bool,
    pub needs_coop: bool,
    pub shared_bytes: usize,
    /// See [`Kernel::writes_shared_first`].
    pub writes_shared_first: bool,
    /// See [`Kernel::needs_subgroups`].
    pub needs_subgroups: bool,
}
