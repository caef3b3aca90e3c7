//! One thread per element: broadcast binary ops, activations, RoPE, KV-cache writes and embedding lookups.

use super::util::grid_1d;
use super::Generated;
use crate::spec::{BinaryOp, UnaryOp};
use kforge_abi::weight_format::WeightFormat;
use std::fmt::Write;

const WG: usize = 256;

/// `main` prologue: the element index `i` of this thread and an early return past `len`.
pub fn prologue(len: usize) -> (String, [u32; 3]) {
    let grid = grid_1d(len.div_ceil(WG));
    let s = format!(
        "@compute @workgroup_size({WG})\nfn main(@builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wid: vec3<u32>) {{\n  let i = (wid.x + wid.y * {gx}u) * {WG}u + lid;\n  if (i >= {len}u) {{ return; }}\n",
        gx = grid[0]
    );
    (s, grid)
}

/// Row-major strides of `shape` aligned to the trailing dims of `out`, 0 where `shape` broadcasts.
pub fn broadcast_strides(shape: &[usize], out: &[usize]) -> Vec<usize> {
    let lead = out.len() - shape.len();
    let mut strides = vec![0; out.len()];
    let mut stride = 1;
    for d in (0..shape.len()).rev() {
        if shape[d] != 1 {
            strides[lead + d] = stride;
        }
        stride *= shape[d];
    }
    strides
}

/// WGSL expression of the index into an operand of `shape` for output element `i`.
fn index_expr(w: &mut String, var: &str, shape: &[usize], out: &[usize]) {
    if shape == out {
        let _ = writeln!(w, "  let {var} = i;");
        return;
    }
    let strides = broadcast_strides(shape, out);
    let _ = writeln!(w, "  var {var} = 0u;\n  {{ var r = i;");
    for d in (0..out.len()).rev() {
        if strides[d] != 0 && out[d] > 1 {
            let _ = writeln!(
                w,
                "    {var} = {var} + (r % {}u) * {}u;",
                out[d], strides[d]
            );
        }
        if d > 0 {
            let _ = writeln!(w, "    r = r / {}u;", out[d]);
        }
    }
    w.push_str("  }\n");
}

/// `y = a op b` with broadcasting.
pub fn binary(op: BinaryOp, a: &[usize], b: &[usize], out: &[usize]) -> Generated {
    let len: usize = out.iter().product();
    let (mut w, grid) = prologue(len);
    index_expr(&mut w, "ia", a, out);
    index_expr(&mut w, "ib", b, out);
    let sym = match op {
        BinaryOp::Add => "+",
        BinaryOp::Mul => "*",
    };
    let _ = writeln!(w, "  y[i] = a[ia] {sym} b[ib];\n}}");
    Generated {
        body: w,
        workgroups: grid,
        ..Default::default()
    }
}

/// `erf_approx(x)`: Abramowitz & Stegun 7.1.26 (|error| ≤ 1.5e-7); WGSL has no erf.
pub const ERF_APPROX: &str = "fn erf_approx(x: f32) -> f32 {\n  let s = sign(x);\n  let a = abs(x);\n  let t = 1.0 / (1.0 + 0.3275911 * a);\n  let p = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));\n  return s * (1.0 - p * exp(-a * a));\n}\n";

/// The WGSL expression of `op` applied to `v` (`GeluErf` calls [`ERF_APPROX`]'s function).
pub fn unary_expr(op: UnaryOp) -> &'static str {
    match op {
        UnaryOp::Silu => "v / (1.0 + exp(-v))",
        UnaryOp::GeluTanh => {
            "0.5 * v * (1.0 + tanh(0.7978845608028654 * (v + 0.044715 * v * v * v)))"
        }
        UnaryOp::GeluErf => "0.5 * v * (1.0 + erf_approx(v * 0.7071067811865476))",
    }
}

/// `y = op(x)`.
pub fn unary(op: UnaryOp, len: usize) -> Generated {
    let (pro, grid) = prologue(len);
    let mut w = String::new();
    if op == UnaryOp::GeluErf {
        w.push_str(ERF_APPROX);
    }
    w.push_str(&pro);
    w.push_str("  let v = x[i];\n");
    let _ = writeln!(w, "  y[i] = {};\n}}", unary_expr(op));
    Generated {
        body: w,
        workgroups: grid,
        ..Default::default()
    }
}

/// Rotate-half RoPE: one thread per `(s, h, i < head_dim/2)`, angles from the host's `cos_sin` table.
pub fn rope(seq: usize, heads: usize, head_dim: usize, _theta: f32) -> Generated {
    let half = head_dim / 2;
    let (mut w, grid) = prologue(seq * heads * half);
    let _ = writeln!(
        w,
        "  let j = i % {half}u;\n  let row = i / {half}u;\n  let t = (row / {heads}u) * {head_dim}u + j;\n  let c = cos_sin[t];\n  let sn = cos_sin[t + {half}u];\n  let base = row * {head_dim}u + j;\n  let lo = x[base];\n  let hi = x[base + {half}u];\n  y[base] = lo * c - hi * sn;\n  y[base + {half}u] = hi * c + lo * sn;\n}}"
    );
    Generated {
        body: w,
        workgroups: grid,
        ..Default::default()
    }
}

/// [`crate::spec::KernelSpec::RopeKvWrite`]: one thread per half-row pair of each head of the step — the `hq`
/// query heads rotated into `q_rot`, the `hkv` key heads rotated into the key cache, the `hkv` value heads copied
/// into the value cache — with [`rope`]'s arithmetic.
pub fn rope_kv_write(seq: usize, hq: usize, hkv: usize, d: usize, rows: usize) -> Generated {
    let half = d / 2;
    let heads = hq + 2 * hkv;
    let (mut w, grid) = prologue(seq * heads * half);
    let _ = writeln!(
        w,
        "  let j = i % {half}u;
  let s = i / {half}u / {heads}u;
  let h = (i / {half}u) % {heads}u;
  let c = cos_sin[s * {d}u + j];
  let sn = cos_sin[s * {d}u + j + {half}u];
  if (h < {hq}u) {{
    let at = (s * {hq}u + h) * {d}u + j;
    let lo = q[at];
    let hi = q[at + {half}u];
    q_rot[at] = lo * c - hi * sn;
    q_rot[at + {half}u] = hi * c + lo * sn;
    return;
  }}
  let kv = (h - {hq}u) % {hkv}u;
  let row = params[0] + s;
  if (row >= {rows}u) {{ return; }}
  let src = (s * {hkv}u + kv) * {d}u + j;
  let dst = (row * {hkv}u + kv) * {d}u + j;
  if (h < {hq}u + {hkv}u) {{
    let lo = k_new[src];
    let hi = k_new[src + {half}u];
    k_cache[dst] = lo * c - hi * sn;
    k_cache[dst + {half}u] = hi * c + lo * sn;
  }} else {{
    v_cache[dst] = v_new[src];
    v_cache[dst + {half}u] = v_new[src + {half}u];
  }}
}}"
    );
    Generated {
        body: w,
        workgroups: grid,
        ..Default::default()
    }
}

/// Copy new key/value rows into a cache at row `params[0]` (rows past the cache are dropped).
pub fn kv_write(seq: usize, row: usize, rows: usize) -> Generated {
    kv_write_into(seq, row, rows, &[("rows_new", "cache")])
}

/// `k_cache` and `v_cache` rows `params[0]..` = `k_new`, `v_new` (a step's keys and values, one dispatch).
pub fn kv_write_pair(seq: usize, row: usize, rows: usize) -> Generated {
    kv_write_into(
        seq,
        row,
        rows,
        &[("k_new", "k_cache"), ("v_new", "v_cache")],
    )
}

/// Row `b` of `k_new`/`v_new` into row `params[b]` of slot `b` of `k_cache`/`v_cache` (a batched decode step; a
/// position past the slot is dropped).
pub fn kv_write_rows(batch: usize, row: usize, rows: usize) -> Generated {
    let (mut w, grid) = prologue(batch * row);
    let _ = writeln!(
        w,
        "  let b = i / {row}u;\n  let p = params[b];\n  if (p < {rows}u) {{\n    let dst = (b * {rows}u + p) * {row}u + i % {row}u;\n    k_cache[dst] = k_new[i];\n    v_cache[dst] = v_new[i];\n  }}\n}}"
    );
    Generated {
        body: w,
        workgroups: grid,
        ..Default::default()
    }
}

/// Each `(new, cache)` binding pair: `cache` rows `params[0]..` = `new`, rows past the cache dropped.
fn kv_write_into(seq: usize, row: usize, rows: usize, pairs: &[(&str, &str)]) -> Generated {
    let (mut w, grid) = prologue(seq * row);
    let _ = writeln!(
        w,
        "  let dst = (params[0] + i / {row}u) * {row}u + i % {row}u;\n  if (dst < {}u) {{",
        rows * row
    );
    for (new, cache) in pairs {
        let _ = writeln!(w, "    {cache}[dst] = {new}[i];");
    }
    w.push_str("  }\n}\n");
    Generated {
        body: w,
        workgroups: grid,
        ..Default::default()
    }
}

/// `y[s, :] = table[min(ids[s], vocab-1), :]`.
pub fn embedding(seq: usize, vocab: usize, dim: usize, format: WeightFormat) -> Generated {
    let (main, grid) = prologue(seq * dim);
    let mut w = String::new();
    if format != WeightFormat::F32 {
        w.push_str(&super::stored::common(format));
        w.push_str(&super::stored::helpers(format, "table", dim));
    }
    w.push_str(&main);
    let read = if format == WeightFormat::F32 {
        format!("table[id * {dim}u + c]")
    } else {
        "table_w4(id, c & ~3u)[c & 3u]".to_string()
    };
    let _ = writeln!(
        w,
        "  let s = i / {dim}u;\n  let id = min(ids[s], {}u);\n  let c = i % {dim}u;\n  y[i] = {read};\n}}",
        vocab - 1
    );
    Generated {
        body: w,
        workgroups: grid,
        ..Default::default()
    }
}
