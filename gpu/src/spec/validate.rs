//! Which specs can be generated and run: sizes, shapes, tiles and formats checked before any WGSL exists.

use super::*;
use crate::weights::check_row;

impl KernelSpec {
    /// Checks that the spec can be generated and run: no zero sizes, consistent shapes, supported tiles.
    pub fn validate(&self) -> Result<()> {
        let name = self.name();
        if let Some((format, k)) = self.stored_rows() {
            check_row(format, k).map_err(|why| invalid(&name, why))?;
        }
        let bindings = self.try_bindings()?;
        if bindings.iter().any(|b| b.len == 0) {
            return Err(invalid(
                &name,
                "every operand must have at least one element",
            ));
        }
        if let Some(b) = bindings.iter().find(|b| {
            b.len
                .checked_mul(b.elem.bytes())
                .is_none_or(|bytes| bytes > (1usize << 31))
        }) {
            return Err(invalid(
                &name,
                format!(
                    "binding '{}' ({} elements of {} bytes) is larger than 2 GiB",
                    b.name,
                    b.len,
                    b.elem.bytes()
                ),
            ));
        }
        match self {
            KernelSpec::Matmul(s) if s.b_format != WeightFormat::F32 && !s.b_transposed => {
                Err(invalid(
                    &name,
                    "a stored-format b must be a transposed (linear) weight",
                ))
            }
            KernelSpec::Matmul(s) => s.tile.check().map_err(|why| invalid(&name, why)),
            KernelSpec::CoopMatmul(s) => validate_coop(&name, s),
            KernelSpec::GemvEpilogue { m, n, epilogue, .. } => {
                if product(&epilogue.out).is_none() || product(&epilogue.out) != m.checked_mul(*n) {
                    return Err(invalid(
                        &name,
                        format!(
                            "epilogue shape {:?} does not hold {m}x{n} elements",
                            epilogue.out
                        ),
                    ));
                }
                epilogue.validate(&name)
            }
            KernelSpec::Epilogue(e) => e.validate(&name),
            KernelSpec::MultiGemv { ns, .. } if ns.is_empty() || ns.len() > MULTI_W.len() => Err(
                invalid(&name, format!("expected 1 to 4 weights (got {})", ns.len())),
            ),
            KernelSpec::Binary { a, b, out, .. } => match broadcast_shapes(a, b) {
                Some(o) if &o == out => Ok(()),
                _ => Err(invalid(
                    &name,
                    format!("shapes {a:?} and {b:?} do not broadcast to {out:?}"),
                )),
            },
            KernelSpec::RopeKvWrite { d, .. } if d % 2 != 0 => {
                Err(invalid(&name, format!("head dim ({d}) must be even")))
            }
            KernelSpec::Rope { head_dim, .. } if head_dim % 2 != 0 => Err(invalid(
                &name,
                format!("head dim ({head_dim}) must be even"),
            )),
            KernelSpec::AttentionSplit(AttentionSpec { d, .. })
            | KernelSpec::AttentionSplitRope(AttentionSpec { d, .. })
            | KernelSpec::AttentionCombine { d, .. }
                if d % 4 != 0 =>
            {
                Err(invalid(
                    &name,
                    format!("head dim ({d}) must be a multiple of 4"),
                ))
            }
            KernelSpec::AttentionCombine { d, .. } if !64usize.is_multiple_of(d / 4) => {
                Err(invalid(
                    &name,
                    format!("head dim ({d}) must be 4 times a divisor of 64"),
                ))
            }
            KernelSpec::AttentionSplitRope(a) if a.per_row => Err(invalid(
                &name,
                "has no form with one sequence per query row (per_row)".to_string(),
            )),
            KernelSpec::AttentionSplitRope(a) if a.d % 8 != 0 => Err(invalid(
                &name,
                format!(
                    "head dim ({}) must be a multiple of 8 (rotated quads in pairs)",
                    a.d
                ),
            )),
            KernelSpec::AttentionSplit(a) | KernelSpec::AttentionSplitRope(a)
                if !ATTENTION_SPLIT_KEYS.is_multiple_of(a.d / 4) =>
            {
                Err(invalid(
                    &name,
                    format!(
                        "head dim ({}) must be 4 times a divisor of {ATTENTION_SPLIT_KEYS}",
                        a.d
                    ),
                ))
            }
            KernelSpec::AttentionSplit(a) | KernelSpec::AttentionSplitRope(a)
                if a.hq % a.hkv != 0 =>
            {
                Err(invalid(
                    &name,
                    format!(
                        "query heads ({}) must be a multiple of key/value heads ({})",
                        a.hq, a.hkv
                    ),
                ))
            }
            KernelSpec::Attention(a) if a.hq % a.hkv != 0 => Err(invalid(
                &name,
                format!(
                    "query heads ({}) must be a multiple of key/value heads ({})",
                    a.hq, a.hkv
                ),
            )),
            KernelSpec::Attention(a) if a.d > 1024 => {
                Err(invalid(&name, format!("head dim ({}) above 1024", a.d)))
            }
            _ => Ok(()),
        }
    }
}

impl KernelSpec {
    /// The storage format of the spec's weight and its row length, where the weight is not f32.
    fn stored_rows(&self) -> Option<(WeightFormat, usize)> {
        let (format, k) = match self {
            KernelSpec::Matmul(s) => (s.b_format, s.k),
            KernelSpec::Gemv { k, format, .. }
            | KernelSpec::GemvEpilogue { k, format, .. }
            | KernelSpec::MultiGemv { k, format, .. }
            | KernelSpec::SwigluGemv { k, format, .. } => (*format, *k),
            KernelSpec::Embedding { dim, format, .. } => (*format, *dim),
            _ => return None,
        };
        (format != WeightFormat::F32).then_some((format, k))
    }
}

fn validate_coop(name: &str, s: &CoopMatmulSpec) -> Result<()> {
    let t = &s.tile;
    if !s.k.is_multiple_of(4) || !s.n.is_multiple_of(4) {
        return Err(invalid(
            name,
            format!("k ({}) and n ({}) must be multiples of 4", s.k, s.n),
        ));
    }
    let unit = if t.wide_loads || t.stage16 { 8 } else { 4 };
    let eights = t.wide_loads || t.stage16 || t.direct;
    if eights && (!s.k.is_multiple_of(8) || !s.n.is_multiple_of(8) || t.vec_shared) {
        return Err(invalid(
            name,
            format!(
                "16-byte loads need k ({}) and n ({}) multiples of 8 and scalar staging",
                s.k, s.n
            ),
        ));
    }
    // Checked: a tile read from a program file may hold any sizes.
    let threads = product(&[t.sg_rows, t.sg_cols, 32]);
    let multiple = |n: usize, of: Option<usize>| of.is_some_and(|of| n.is_multiple_of(of));
    let loads_split = |a: usize, b: usize| {
        a.checked_mul(b)
            .is_some_and(|n| multiple(n / unit, threads))
    };
    let ok = multiple(t.bm, t.sg_rows.checked_mul(16))
        && multiple(t.bn, t.sg_cols.checked_mul(16))
        && t.bk.is_multiple_of(16)
        && t.pad.is_multiple_of(8)
        && loads_split(t.bm, t.bk)
        && loads_split(t.bk, t.bn)
        && threads.is_some_and(|n| n <= 1024);
    if !ok {
        return Err(invalid(name, format!("unsupported tile {}", t.label())));
    }
    let whole = s.m.is_multiple_of(t.bm) && s.n.is_multiple_of(t.bn) && s.k.is_multiple_of(t.bk);
    if t.depth2 && !t.double_buffer {
        return Err(invalid(
            name,
            format!("tile {}: depth2 needs double_buffer", t.label()),
        ));
    }
    if t.direct && (!whole || t.acc_f16) {
        return Err(invalid(
            name,
            format!(
                "direct fragment loads need m, n, k ({}, {}, {}) multiples of the tile {} and f32 accumulation",
                s.m,
                s.n,
                s.k,
                t.label()
            ),
        ));
    }
    Ok(())
}
