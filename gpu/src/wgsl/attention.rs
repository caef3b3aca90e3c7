//! Attention with an online softmax: one 128-thread workgroup per (query, head).
//!
//! Keys are scored 128 at a time (thread `t` scores key `c + t` against the query staged in workgroup memory),
//! the chunk's probabilities are kept in workgroup memory, and each thread accumulates output dims `t, t+128, …`
//! rescaled by `exp(m_old − m_new)` as the running maximum grows. A masked key scores the lowest finite f32 (not
//! −∞), so a query that sees no key averages all values uniformly, as `dialect/OPS.md` specifies. The number of
//! keys (`params[0]`) and the causal offset (`params[1]`, an i32: negative when there are more queries than keys) are read at run time, so a decode step reuses one
//! pipeline at every position.

use super::util::{f32_lit, grid_1d};
use super::Generated;
use crate::spec::AttentionSpec;
use std::fmt::Write;

const WG: usize = 128;

/// Generates the kernel of `a`.
pub fn attention(a: &AttentionSpec) -> Generated {
    let rows = a.sq * a.hq;
    let grid = grid_1d(rows);
    let na = a.d.div_ceil(WG);
    let mut w = String::new();
    let _ = writeln!(
        w,
        "const HQ: u32 = {}u;\nconst HKV: u32 = {}u;\nconst D: u32 = {}u;\nconst GROUP: u32 = {}u;\nconst KVROWS: u32 = {}u;\nconst SCALE: f32 = {};\nconst LOWEST: f32 = -3.4028235e38;",
        a.hq,
        a.hkv,
        a.d,
        a.hq / a.hkv,
        a.kv_rows,
        f32_lit(a.scale)
    );
    let _ = writeln!(
        w,
        "var<workgroup> qs: array<f32, {}>;\nvar<workgroup> ps: array<f32, {WG}>;\nvar<workgroup> red: array<f32, {WG}>;\nvar<workgroup> kv_len_s: u32;\nvar<workgroup> q_off_s: u32;",
        a.d
    );
    for (name, comb) in [
        ("max", "max(red[t], red[t + s])"),
        ("sum", "red[t] + red[t + s]"),
    ] {
        let _ = writeln!(
            w,
            "fn reduce_{name}(t: u32, v: f32) -> f32 {{\n  red[t] = v;\n  workgroupBarrier();\n  for (var s = {}u; s > 0u; s = s / 2u) {{\n    if (t < s) {{ red[t] = {comb}; }}\n    workgroupBarrier();\n  }}\n  let r = red[0];\n  workgroupBarrier();\n  return r;\n}}",
            WG / 2
        );
    }
    let _ = writeln!(
        w,
        "@compute @workgroup_size({WG})\nfn main(@builtin(local_invocation_index) t: u32, @builtin(workgroup_id) wid: vec3<u32>) {{\n  let row = min(wid.x + wid.y * {gx}u, {last}u);\n  let qi = row / HQ;\n  let h = row % HQ;\n  let kh = h / GROUP;",
        gx = grid[0],
        last = rows - 1
    );
    w.push_str("  if (t == 0u) { kv_len_s = min(params[0], KVROWS); q_off_s = params[1]; }\n");
    w.push_str("  for (var d = t; d < D; d = d + 128u) { qs[d] = q[row * D + d]; }\n");
    w.push_str(
        "  let kv_len = workgroupUniformLoad(&kv_len_s);\n  let q_off = bitcast<i32>(q_off_s);\n",
    );
    for i in 0..na {
        let _ = writeln!(w, "  var acc{i} = 0.0;");
    }
    w.push_str("  var m = LOWEST;\n  var l = 0.0;\n");
    w.push_str("  for (var c = 0u; c < kv_len; c = c + 128u) {\n    let j = c + t;\n    let valid = j < kv_len;\n    var s = LOWEST;\n");
    let visible = if a.causal {
        "valid && i32(j) <= i32(qi) + q_off"
    } else {
        "valid"
    };
    let _ = writeln!(
        w,
        "    if ({visible}) {{\n      let kb = (j * HKV + kh) * D;\n      var dot = 0.0;\n      for (var d = 0u; d < D; d = d + 1u) {{ dot = fma(qs[d], k[kb + d], dot); }}\n      s = dot * SCALE;\n    }}"
    );
    w.push_str("    let m_new = max(m, reduce_max(t, s));\n    var p = 0.0;\n    if (valid) { p = exp(s - m_new); }\n    ps[t] = p;\n");
    w.push_str("    let lc = reduce_sum(t, p);\n    let alpha = exp(m - m_new);\n    l = l * alpha + lc;\n    m = m_new;\n");
    w.push_str("    let n = min(128u, kv_len - c);\n");
    for i in 0..na {
        let _ = writeln!(
            w,
            "    {{ let d = t + {o}u; if (d < D) {{ var s2 = acc{i} * alpha; for (var jj = 0u; jj < n; jj = jj + 1u) {{ s2 = fma(ps[jj], v[((c + jj) * HKV + kh) * D + d], s2); }} acc{i} = s2; }} }}",
            o = i * WG
        );
    }
    w.push_str(
        "    workgroupBarrier();\n  }\n  var inv = 0.0;\n  if (l > 0.0) { inv = 1.0 / l; }\n",
    );
    for i in 0..na {
        let _ = writeln!(
            w,
            "  {{ let d = t + {}u; if (d < D) {{ out[row * D + d] = acc{i} * inv; }} }}",
            i * WG
        );
    }
    w.push_str("}\n");
    Generated {
        body: w,
        workgroups: grid,
        shared_bytes: (a.d + 2 * WG) * 4 + 8,
        ..Default::default()
    }
}
