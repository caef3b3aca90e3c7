//! The storage bindings of each kernel spec, in binding order, with lengths checked for overflow.

use super::*;
use crate::weights::words;

/// The bindings of a matmul: `a`, `b` (`[n, k]` when transposed, shared by the batch), the optional `bias`, `c`.
fn matmul_bindings(s: &MatmulSpec) -> Vec<SizedBinding> {
    let b_len = if s.b_transposed {
        product(&[s.n, s.k])
    } else {
        product(&[s.batch, s.k, s.n])
    };
    let b_binding = if s.b_transposed {
        weight("b", s.b_format, s.n, s.k)
    } else {
        b("b", Elem::F32, b_len, false)
    };
    let mut v = vec![
        b("a", Elem::F32, product(&[s.batch, s.m, s.k]), false),
        b_binding,
    ];
    if s.bias {
        v.push(b("bias", Elem::F32, Some(s.n), false));
    }
    v.push(b("c", Elem::F32, product(&[s.batch, s.m, s.n]), true));
    v
}

/// The binding of an `[n, k]` weight stored as `format`: f32 elements, or the stored bytes as u32 words.
fn weight(name: &'static str, format: WeightFormat, n: usize, k: usize) -> SizedBinding {
    match format {
        WeightFormat::F32 => b(name, Elem::F32, product(&[n, k]), false),
        stored => b(name, Elem::U32, words(stored, n, k), false),
    }
}

/// The bindings of a gemv: `x`, `w`, then `extra` (a bias or an epilogue's operands), then `y`.
fn gemv_bindings(
    m: usize,
    n: usize,
    k: usize,
    format: WeightFormat,
    extra: Vec<SizedBinding>,
) -> Vec<SizedBinding> {
    let mut v = vec![
        b("x", Elem::F32, product(&[m, k]), false),
        weight("w", format, n, k),
    ];
    v.extend(extra);
    v.push(b("y", Elem::F32, product(&[m, n]), true));
    v
}

/// The bindings of a multi-gemv: `x`, every weight, then every output.
fn multi_gemv_bindings(
    m: usize,
    k: usize,
    ns: &[usize],
    format: WeightFormat,
    norm: bool,
) -> Vec<SizedBinding> {
    let mut v = vec![b("x", Elem::F32, product(&[m, k]), false)];
    if norm {
        v.push(b("norm", Elem::F32, Some(k), false));
    }
    v.extend(
        ns.iter()
            .zip(MULTI_W)
            .map(|(n, w)| weight(w, format, *n, k)),
    );
    v.extend(
        ns.iter()
            .zip(MULTI_Y)
            .map(|(n, y)| b(y, Elem::F32, product(&[m, *n]), true)),
    );
    v
}

impl KernelSpec {
    /// The storage bindings, inputs first, then outputs (and `params` last where the kernel has one). A length
    /// that overflows `usize` reads `usize::MAX`: [`KernelSpec::validate`] rejects such a spec
    /// ([`KernelSpec::try_bindings`] says which binding).
    pub fn bindings(&self) -> Vec<Binding> {
        self.sized_bindings().into_iter().map(|(b, _)| b).collect()
    }

    /// [`KernelSpec::bindings`], or an error naming the first binding whose length overflows `usize`.
    pub fn try_bindings(&self) -> Result<Vec<Binding>> {
        self.sized_bindings()
            .into_iter()
            .map(|(b, len)| match len {
                Some(_) => Ok(b),
                None => Err(invalid(
                    &self.name(),
                    format!("the length of binding '{}' overflows usize", b.name),
                )),
            })
            .collect()
    }

    /// [`KernelSpec::bindings`] with each length as computed (`None` where it overflows `usize`).
    fn sized_bindings(&self) -> Vec<SizedBinding> {
        use Elem::*;
        match self {
            KernelSpec::Matmul(s) => matmul_bindings(s),
            KernelSpec::CoopMatmul(s) => vec![
                b("a", F16, product(&[s.m, s.k]), false),
                b("b", F16, product(&[s.k, s.n]), false),
                b("c", F32, product(&[s.m, s.n]), true),
            ],
            KernelSpec::Gemv {
                m,
                n,
                k,
                bias,
                format,
            } => {
                let bias = bias.then(|| b("bias", F32, Some(*n), false));
                gemv_bindings(*m, *n, *k, *format, bias.into_iter().collect())
            }
            KernelSpec::GemvEpilogue {
                m,
                n,
                k,
                epilogue,
                format,
            } => gemv_bindings(*m, *n, *k, *format, epilogue.bindings()),
            KernelSpec::MultiGemv {
                m,
                k,
                ns,
                format,
                norm_eps,
            } => multi_gemv_bindings(*m, *k, ns, *format, norm_eps.is_some()),
            KernelSpec::SwigluGemv {
                m,
                n,
                k,
                format,
                norm_eps,
            } => {
                let mut v = vec![b("x", F32, product(&[*m, *k]), false)];
                if norm_eps.is_some() {
                    v.push(b("norm", F32, Some(*k), false));
                }
                v.extend([
                    weight("w_gate", *format, *n, *k),
                    weight("w_up", *format, *n, *k),
                    b("y", F32, product(&[*m, *n]), true),
                ]);
                v
            }
            KernelSpec::Epilogue(e) => {
                let len = product(&e.out);
                let mut v = vec![b("x", F32, len, false)];
                v.extend(e.bindings());
                v.push(b("y", F32, len, true));
                v
            }
            KernelSpec::Binary { a, b: bs, out, .. } => vec![
                b("a", F32, product(a), false),
                b("b", F32, product(bs), false),
                b("y", F32, product(out), true),
            ],
            KernelSpec::Unary { len, .. } => {
                vec![
                    b("x", F32, Some(*len), false),
                    b("y", F32, Some(*len), true),
                ]
            }
            KernelSpec::Softmax { outer, axis, inner } => {
                let n = product(&[*outer, *axis, *inner]);
                vec![b("x", F32, n, false), b("y", F32, n, true)]
            }
            KernelSpec::RmsNorm { rows, dim, .. } => vec![
                b("x", F32, product(&[*rows, *dim]), false),
                b("w", F32, Some(*dim), false),
                b("y", F32, product(&[*rows, *dim]), true),
            ],
            KernelSpec::LayerNorm { rows, dim, .. } => vec![
                b("x", F32, product(&[*rows, *dim]), false),
                b("gamma", F32, Some(*dim), false),
                b("beta", F32, Some(*dim), false),
                b("y", F32, product(&[*rows, *dim]), true),
            ],
            KernelSpec::Rope {
                seq,
                heads,
                head_dim,
                ..
            } => vec![
                b("x", F32, product(&[*seq, *heads, *head_dim]), false),
                b("cos_sin", F32, product(&[*seq, *head_dim]), false),
                b("y", F32, product(&[*seq, *heads, *head_dim]), true),
            ],
            KernelSpec::Attention(a) => vec![
                b("q", F32, product(&[a.sq, a.hq, a.d]), false),
                b("k", F32, product(&a.cache_dims()), false),
                b("v", F32, product(&a.cache_dims()), false),
                b("out", F32, product(&[a.sq, a.hq, a.d]), true),
                b("params", U32, Some(a.params_len()), false),
            ],
            KernelSpec::AttentionSplitRope(a) => vec![
                b("q", F32, product(&[a.sq, a.hq, a.d]), false),
                b("k_new", F32, product(&[a.sq, a.hkv, a.d]), false),
                b("v_new", F32, product(&[a.sq, a.hkv, a.d]), false),
                b("cos_sin", F32, product(&[a.sq, a.d]), false),
                b("k", F32, product(&[a.kv_rows, a.hkv, a.d]), true),
                b("v", F32, product(&[a.kv_rows, a.hkv, a.d]), true),
                b(
                    "partial",
                    F32,
                    product(&[a.sq, a.hq, a.split_blocks(), a.d + 4]),
                    true,
                ),
                b("params", U32, Some(2), false),
            ],
            KernelSpec::AttentionSplit(a) => vec![
                b("q", F32, product(&[a.sq, a.hq, a.d]), false),
                b("k", F32, product(&a.cache_dims()), false),
                b("v", F32, product(&a.cache_dims()), false),
                b(
                    "partial",
                    F32,
                    product(&[a.sq, a.hq, a.split_blocks(), a.d + 4]),
                    true,
                ),
                b("params", U32, Some(a.params_len()), false),
            ],
            KernelSpec::AttentionCombine { rows, d, blocks } => vec![
                b("partial", F32, product(&[*rows, *blocks, *d + 4]), false),
                b("out", F32, product(&[*rows, *d]), true),
            ],
            KernelSpec::KvWrite { seq, row, rows } => vec![
                b("rows_new", F32, product(&[*seq, *row]), false),
                b("cache", F32, product(&[*rows, *row]), true),
                b("params", U32, Some(1), false),
            ],
            KernelSpec::KvWriteRows { batch, row, rows } => vec![
                b("k_new", F32, product(&[*batch, *row]), false),
                b("v_new", F32, product(&[*batch, *row]), false),
                b("k_cache", F32, product(&[*batch, *rows, *row]), true),
                b("v_cache", F32, product(&[*batch, *rows, *row]), true),
                b("params", U32, Some(*batch), false),
            ],
            KernelSpec::KvWritePair { seq, row, rows } => vec![
                b("k_new", F32, product(&[*seq, *row]), false),
                b("v_new", F32, product(&[*seq, *row]), false),
                b("k_cache", F32, product(&[*rows, *row]), true),
                b("v_cache", F32, product(&[*rows, *row]), true),
                b("params", U32, Some(1), false),
            ],
            KernelSpec::Embedding {
                seq,
                vocab,
                dim,
                format,
            } => vec![
                b("ids", U32, Some(*seq), false),
                weight("table", *format, *vocab, *dim),
                b("y", F32, product(&[*seq, *dim]), true),
            ],
            KernelSpec::RopeKvWrite {
                seq,
                hq,
                hkv,
                d,
                rows,
            } => vec![
                b("q", F32, product(&[*seq, *hq, *d]), false),
                b("k_new", F32, product(&[*seq, *hkv, *d]), false),
                b("v_new", F32, product(&[*seq, *hkv, *d]), false),
                b("cos_sin", F32, product(&[*seq, *d]), false),
                b("q_rot", F32, product(&[*seq, *hq, *d]), true),
                b("k_cache", F32, product(&[*rows, *hkv, *d]), true),
                b("v_cache", F32, product(&[*rows, *hkv, *d]), true),
                b("params", U32, Some(1), false),
            ],
            KernelSpec::ArgmaxFeed { n } => {
                vec![b("x", F32, Some(*n), false), b("ids", U32, Some(1), true)]
            }
            KernelSpec::ArgmaxRows { rows, n } => vec![
                b("x", F32, product(&[*rows, *n]), false),
                b("ids", U32, Some(*rows), true),
            ],
        }
    }
}
