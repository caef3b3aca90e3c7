//! CPU references of every kernel, in plain Rust with f64 accumulation: the ground truth of the tests and of
//! `kforge-gpu-bench --check`. Semantics follow `dialect/OPS.md`.

use crate::spec::{
    broadcast_shapes, AttentionSpec, BinaryOp, Epilogue, EpilogueOp, MatmulSpec, UnaryOp,
};

/// `c[b] = a[b]·b[b]` (or `a·bᵀ`, plus bias) as [`MatmulSpec`] describes.
pub fn matmul(s: &MatmulSpec, a: &[f32], b: &[f32], bias: Option<&[f32]>) -> Vec<f32> {
    let (m, n, k) = (s.m, s.n, s.k);
    let mut c = vec![0.0f32; s.batch * m * n];
    for bt in 0..s.batch {
        let a = &a[bt * m * k..];
        let b = if s.b_transposed { b } else { &b[bt * k * n..] };
        for i in 0..m {
            for j in 0..n {
                let mut acc = 0.0f64;
                for p in 0..k {
                    let bv = if s.b_transposed {
                        b[j * k + p]
                    } else {
                        b[p * n + j]
                    };
                    acc += f64::from(a[i * k + p]) * f64::from(bv);
                }
                if let Some(bias) = bias {
                    acc += f64::from(bias[j]);
                }
                c[bt * m * n + i * n + j] = acc as f32;
            }
        }
    }
    c
}

/// `x[m,k] · w[n,k]ᵀ` (a linear layer without bias).
pub fn linear(x: &[f32], w: &[f32], m: usize, n: usize, k: usize) -> Vec<f32> {
    matmul(&MatmulSpec::new(1, m, n, k, true), x, w, None)
}

/// `y = a op b` with numpy broadcasting.
pub fn binary(
    op: BinaryOp,
    a: &[f32],
    a_shape: &[usize],
    b: &[f32],
    b_shape: &[usize],
) -> Vec<f32> {
    let out = broadcast_shapes(a_shape, b_shape).unwrap_or_default();
    let len: usize = out.iter().product();
    let index = |shape: &[usize], mut i: usize| {
        let mut idx = 0;
        let mut stride = 1;
        for d in (0..out.len()).rev() {
            let c = i % out[d];
            i /= out[d];
            if d + shape.len() >= out.len() {
                let sd = shape[d + shape.len() - out.len()];
                if sd != 1 {
                    idx += c * stride;
                }
                stride *= sd;
            }
        }
        idx
    };
    (0..len)
        .map(|i| {
            let (x, y) = (a[index(a_shape, i)], b[index(b_shape, i)]);
            match op {
                BinaryOp::Add => x + y,
                BinaryOp::Mul => x * y,
            }
        })
        .collect()
}

/// `y = ep(x)`: the steps of `e` in order on `x` (of shape `e.out`), binary steps taking `operands` in order.
pub fn epilogue(e: &Epilogue, x: &[f32], operands: &[&[f32]]) -> Vec<f32> {
    let mut y = x.to_vec();
    let mut next = operands.iter();
    for step in &e.steps {
        y = match step {
            EpilogueOp::Binary(op, shape) => {
                let operand = next.next().copied().unwrap_or_default();
                binary(*op, &y, &e.out, operand, shape)
            }
            EpilogueOp::Unary(op) => unary(*op, &y),
        };
    }
    y
}

/// `y = op(x)`.
pub fn unary(op: UnaryOp, x: &[f32]) -> Vec<f32> {
    x.iter()
        .map(|&v| {
            let v = f64::from(v);
            let y = match op {
                UnaryOp::Silu => v / (1.0 + (-v).exp()),
                UnaryOp::GeluTanh => {
                    0.5 * v
                        * (1.0
                            + ((2.0 / std::f64::consts::PI).sqrt() * (v + 0.044715 * v * v * v))
                                .tanh())
                }
                UnaryOp::GeluErf => 0.5 * v * (1.0 + erf(v / std::f64::consts::SQRT_2)),
            };
            y as f32
        })
        .collect()
}

/// erf by its series / continued fraction (|error| < 1e-12 over the f32 range).
fn erf(x: f64) -> f64 {
    if x.abs() < 2.5 {
        // Maclaurin series.
        let mut sum = x;
        let mut term = x;
        for n in 1..80 {
            term *= -x * x / n as f64;
            sum += term / (2 * n + 1) as f64;
        }
        sum * 2.0 / std::f64::consts::PI.sqrt()
    } else {
        // Continued fraction of erfc.
        let a = x.abs();
        let mut f = 0.0;
        for n in (1..60).rev() {
            f = n as f64 / 2.0 / (a + f);
        }
        let erfc = (-a * a).exp() / std::f64::consts::PI.sqrt() / (a + f);
        (1.0 - erfc) * x.signum()
    }
}

/// Softmax over the middle dim of `[outer, axis, inner]`.
pub fn softmax(x: &[f32], outer: usize, axis: usize, inner: usize) -> Vec<f32> {
    let mut y = vec![0.0; x.len()];
    for o in 0..outer {
        for i in 0..inner {
            let at = |j: usize| o * axis * inner + j * inner + i;
            let m = (0..axis)
                .map(|j| x[at(j)])
                .fold(f32::NEG_INFINITY, f32::max);
            let s: f64 = (0..axis).map(|j| f64::from(x[at(j)] - m).exp()).sum();
            for j in 0..axis {
                y[at(j)] = (f64::from(x[at(j)] - m).exp() / s) as f32;
            }
        }
    }
    y
}

/// `y = x / √(mean(x²) + ε) · w` per row of `dim`.
pub fn rms_norm(x: &[f32], w: &[f32], dim: usize, eps: f32) -> Vec<f32> {
    x.chunks(dim)
        .flat_map(|row| {
            let ms: f64 = row
                .iter()
                .map(|&v| f64::from(v) * f64::from(v))
                .sum::<f64>()
                / dim as f64;
            let scale = 1.0 / (ms + f64::from(eps)).sqrt();
            row.iter()
                .zip(w)
                .map(move |(&v, &g)| (f64::from(v) * scale * f64::from(g)) as f32)
        })
        .collect()
}

/// Rotate-half RoPE of `x: [seq, heads, head_dim]`.
pub fn rope(x: &[f32], positions: &[u32], heads: usize, head_dim: usize, theta: f32) -> Vec<f32> {
    let half = head_dim / 2;
    let mut y = x.to_vec();
    for (s, &pos) in positions.iter().enumerate() {
        for h in 0..heads {
            let base = (s * heads + h) * head_dim;
            for i in 0..half {
                let f = f64::from(theta).powf(-2.0 * i as f64 / head_dim as f64);
                let (sin, cos) = (f64::from(pos) * f).sin_cos();
                let (lo, hi) = (f64::from(x[base + i]), f64::from(x[base + i + half]));
                y[base + i] = (lo * cos - hi * sin) as f32;
                y[base + i + half] = (hi * cos + lo * sin) as f32;
            }
        }
    }
    y
}

/// The `cos_sin: [seq, head_dim]` table of [`crate::KernelSpec::Rope`]: for each position the cosines of the
/// angles `pos · θ^(−2i/Dh)`, `i < Dh/2`, then their sines, computed in f64.
pub fn rope_table(positions: &[i64], head_dim: usize, theta: f32) -> Vec<f32> {
    let half = head_dim / 2;
    let mut t = Vec::with_capacity(positions.len() * head_dim);
    for &pos in positions {
        let angles: Vec<f64> = (0..half)
            .map(|i| pos as f64 * f64::from(theta).powf(-2.0 * i as f64 / head_dim as f64))
            .collect();
        t.extend(angles.iter().map(|a| a.cos() as f32));
        t.extend(angles.iter().map(|a| a.sin() as f32));
    }
    t
}

/// Attention of `q: [sq, hq, d]` over rows `[0, kv_len)` of `k`, `v: [kv_rows, hkv, d]`; query `i` sees key `j`
/// iff `j ≤ i + q_off` when causal; a query that sees no key averages its values uniformly.
pub fn attention(
    a: &AttentionSpec,
    q: &[f32],
    k: &[f32],
    v: &[f32],
    kv_len: usize,
    q_off: i64,
) -> Vec<f32> {
    let (d, group) = (a.d, a.hq / a.hkv);
    let mut out = vec![0.0f32; a.sq * a.hq * d];
    for i in 0..a.sq {
        for h in 0..a.hq {
            let kh = h / group;
            let qrow = &q[(i * a.hq + h) * d..][..d];
            let visible = |j: usize| !a.causal || j as i64 <= i as i64 + q_off;
            let scores: Vec<f64> = (0..kv_len)
                .map(|j| {
                    let krow = &k[(j * a.hkv + kh) * d..][..d];
                    let dot: f64 = qrow
                        .iter()
                        .zip(krow)
                        .map(|(&x, &y)| f64::from(x) * f64::from(y))
                        .sum();
                    dot * f64::from(a.scale)
                })
                .collect();
            let any = (0..kv_len).any(visible);
            let m = (0..kv_len)
                .filter(|&j| visible(j))
                .map(|j| scores[j])
                .fold(f64::NEG_INFINITY, f64::max);
            let p: Vec<f64> = (0..kv_len)
                .map(|j| match (any, visible(j)) {
                    (false, _) => 1.0,
                    (true, true) => (scores[j] - m).exp(),
                    (true, false) => 0.0,
                })
                .collect();
            let total: f64 = p.iter().sum();
            for e in 0..d {
                let acc: f64 = (0..kv_len)
                    .map(|j| p[j] * f64::from(v[(j * a.hkv + kh) * d + e]))
                    .sum();
                out[(i * a.hq + h) * d + e] = if total > 0.0 {
                    (acc / total) as f32
                } else {
                    0.0
                };
            }
        }
    }
    out
}

/// `y[s,:] = table[min(ids[s], vocab-1),:]`.
pub fn embedding(ids: &[u32], table: &[f32], vocab: usize, dim: usize) -> Vec<f32> {
    ids.iter()
        .flat_map(|&id| {
            let r = (id as usize).min(vocab - 1);
            table[r * dim..(r + 1) * dim].iter().copied()
        })
        .collect()
}

/// Relative error `max|x − y| / max(max|y|, tiny)`; NaN anywhere gives infinity.
pub fn max_rel_error(got: &[f32], want: &[f32]) -> f64 {
    if got.len() != want.len() {
        return f64::INFINITY;
    }
    let scale = want
        .iter()
        .fold(0.0f64, |m, &v| m.max(f64::from(v).abs()))
        .max(1e-30);
    let mut err = 0.0f64;
    for (&g, &w) in got.iter().zip(want) {
        if g.is_nan() || w.is_nan() {
            return f64::INFINITY;
        }
        err = err.max((f64::from(g) - f64::from(w)).abs());
    }
    err / scale
}
