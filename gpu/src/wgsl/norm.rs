//! Row reductions: softmax along an axis, RMS and layer normalisation, one 256-thread workgroup per row.

use super::util::{f32_lit, grid_1d};
use super::Generated;
use std::fmt::Write;

const WG: usize = 256;

/// Tree reductions over the workgroup (`op` is `max` or `+`); every thread gets the result.
fn reducers() -> String {
    let mut w = String::from("var<workgroup> red: array<f32, 256>;\n");
    for (name, comb) in [
        ("max", "max(red[t], red[t + s])"),
        ("sum", "red[t] + red[t + s]"),
    ] {
        let _ = writeln!(
            w,
            "fn reduce_{name}(t: u32, v: f32) -> f32 {{\n  red[t] = v;\n  workgroupBarrier();\n  for (var s = 128u; s > 0u; s = s / 2u) {{\n    if (t < s) {{ red[t] = {comb}; }}\n    workgroupBarrier();\n  }}\n  let r = red[0];\n  workgroupBarrier();\n  return r;\n}}"
        );
    }
    w
}

fn main_header(rows: usize) -> (String, [u32; 3]) {
    let grid = grid_1d(rows);
    let s = format!(
        "@compute @workgroup_size({WG})\nfn main(@builtin(local_invocation_index) t: u32, @builtin(workgroup_id) wid: vec3<u32>) {{\n  let row = wid.x + wid.y * {}u;\n  if (row >= {rows}u) {{ return; }}\n",
        grid[0]
    );
    (s, grid)
}

/// A kernel of one workgroup per row of `rows`: the reducers, `main`'s header (`row`, `t` in scope), then `body`
/// (which closes `main`).
fn per_row(rows: usize, body: &str) -> Generated {
    let mut w = reducers();
    let (h, grid) = main_header(rows);
    w.push_str(&h);
    w.push_str(body);
    w.push('\n');
    Generated {
        body: w,
        workgroups: grid,
        shared_bytes: WG * 4,
        ..Default::default()
    }
}

/// Softmax over the middle dim of `[outer, axis, inner]`.
pub fn softmax(outer: usize, axis: usize, inner: usize) -> Generated {
    let body = format!(
        "  let base = (row / {inner}u) * {ai}u + row % {inner}u;\n  var m = -3.4028235e38;\n  for (var j = t; j < {axis}u; j = j + {WG}u) {{ m = max(m, x[base + j * {inner}u]); }}\n  m = reduce_max(t, m);\n  var s = 0.0;\n  for (var j = t; j < {axis}u; j = j + {WG}u) {{ s = s + exp(x[base + j * {inner}u] - m); }}\n  s = reduce_sum(t, s);\n  let inv = 1.0 / s;\n  for (var j = t; j < {axis}u; j = j + {WG}u) {{ let o = base + j * {inner}u; y[o] = exp(x[o] - m) * inv; }}\n}}",
        ai = axis * inner
    );
    per_row(outer * inner, &body)
}

/// `y = x / √(mean(x²) + ε) · w` per row.
pub fn rms_norm(rows: usize, dim: usize, eps: f32) -> Generated {
    let body = format!(
        "  let base = row * {dim}u;\n  var s = 0.0;\n  for (var j = t; j < {dim}u; j = j + {WG}u) {{ let v = x[base + j]; s = fma(v, v, s); }}\n  s = reduce_sum(t, s);\n  let scale = inverseSqrt(s / {d} + {eps});\n  for (var j = t; j < {dim}u; j = j + {WG}u) {{ y[base + j] = x[base + j] * scale * w[j]; }}\n}}",
        d = f32_lit(dim as f32),
        eps = f32_lit(eps)
    );
    per_row(rows, &body)
}

/// `y = (x − μ) / √(σ² + ε) · γ + β` per row: the mean first, then the variance of the centred values (one more
/// pass over the row, read from cache), so rows far from zero keep their precision (E[x²] − μ² would cancel).
pub fn layer_norm(rows: usize, dim: usize, eps: f32) -> Generated {
    let body = format!(
        "  let base = row * {dim}u;\n  var s = 0.0;\n  for (var j = t; j < {dim}u; j = j + {WG}u) {{ s = s + x[base + j]; }}\n  let mean = reduce_sum(t, s) / {d};\n  var q = 0.0;\n  for (var j = t; j < {dim}u; j = j + {WG}u) {{ let c = x[base + j] - mean; q = fma(c, c, q); }}\n  let scale = inverseSqrt(reduce_sum(t, q) / {d} + {eps});\n  for (var j = t; j < {dim}u; j = j + {WG}u) {{ y[base + j] = fma((x[base + j] - mean) * scale, gamma[j], beta[j]); }}\n}}",
        d = f32_lit(dim as f32),
        eps = f32_lit(eps)
    );
    per_row(rows, &body)
}
