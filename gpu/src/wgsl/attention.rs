//! Attention with an online softmax: one 128-thread workgroup per (query, head).
//!
//! Where the head dim is a multiple of 4 and its quads divide the workgroup (SmolLM2's 64: 16 quads, 8 groups),
//! [`attention`] reads `q`, `k`, `v` and `out` as `vec4`s: a key's score is 16 `dot`s, and the `p·v` sum is split
//! over the whole workgroup — thread `t` accumulates quad `t % 16` over every 8th key of a chunk — with the 8
//! partial sums added once at the end. The scalar form below (one thread per output dim, a serial loop over the
//! chunk's 128 keys) took 27 µs per decode step's attention on an H100 at 130 keys, most of a token's GPU time.
//!
//! Keys are scored 128 at a time (thread `t` scores key `c + t` against the query staged in workgroup memory),
//! the chunk's probabilities are kept in workgroup memory, and each thread accumulates output dims `t, t+128, …`
//! rescaled by `exp(m_old − m_new)` as the running maximum grows. A masked key scores the lowest finite f32 (not
//! −∞), so a query that sees no key averages all values uniformly, as `dialect/OPS.md` specifies. The number of
//! keys (`params[0]`) and the causal offset (`params[1]`, an i32: negative when there are more queries than keys) are read at run time, so a decode step reuses one
//! pipeline at every position.

use super::util::{f32_lit, grid_1d};
use super::Generated;
use crate::spec::{AttentionSpec, ATTENTION_SPLIT_KEYS};
use std::fmt::Write;

const WG: usize = 128;

/// Generates the kernel of `a`.
pub fn attention(a: &AttentionSpec) -> Generated {
    if a.d.is_multiple_of(4) && a.d / 4 <= WG && WG.is_multiple_of(a.d / 4) {
        return attention_vec4(a);
    }
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
    reducers(&mut w, WG);
    let _ = writeln!(
        w,
        "@compute @workgroup_size({WG})\nfn main(@builtin(local_invocation_index) t: u32, @builtin(workgroup_id) wid: vec3<u32>) {{\n  let row = min(wid.x + wid.y * {gx}u, {last}u);\n  let qi = row / HQ;\n  let h = row % HQ;\n  let kh = h / GROUP;",
        gx = grid[0],
        last = rows - 1
    );
    let _ = writeln!(w, "  let base = {};\n{}", slot_base(a), load_params(a));
    w.push_str("  for (var d = t; d < D; d = d + 128u) { qs[d] = q[row * D + d]; }\n");
    w.push_str(
        "  let kv_len = workgroupUniformLoad(&kv_len_s);\n  let q_off = bitcast<i32>(q_off_s);\n",
    );
    for i in 0..na {
        let _ = writeln!(w, "  var acc{i} = 0.0;");
    }
    w.push_str("  var m = LOWEST;\n  var l = 0.0;\n");
    w.push_str("  for (var c = 0u; c < kv_len; c = c + 128u) {\n    let j = c + t;\n    let valid = j < kv_len;\n    var s = LOWEST;\n");
    let visible = visible(a);
    let _ = writeln!(
        w,
        "    if ({visible}) {{\n      let kb = ((base + j) * HKV + kh) * D;\n      var dot = 0.0;\n      for (var d = 0u; d < D; d = d + 1u) {{ dot = fma(qs[d], k[kb + d], dot); }}\n      s = dot * SCALE;\n    }}"
    );
    w.push_str("    let m_new = max(m, reduce_max(t, s));\n    var p = 0.0;\n    if (valid) { p = exp(s - m_new); }\n    ps[t] = p;\n");
    w.push_str("    let lc = reduce_sum(t, p);\n    let alpha = exp(m - m_new);\n    l = l * alpha + lc;\n    m = m_new;\n");
    w.push_str("    let n = min(128u, kv_len - c);\n");
    for i in 0..na {
        let _ = writeln!(
            w,
            "    {{ let d = t + {o}u; if (d < D) {{ var s2 = acc{i} * alpha; for (var jj = 0u; jj < n; jj = jj + 1u) {{ s2 = fma(ps[jj], v[((base + c + jj) * HKV + kh) * D + d], s2); }} acc{i} = s2; }} }}",
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

/// `reduce_max` and `reduce_sum` over a workgroup of `wg` threads through `red`.
fn reducers(w: &mut String, wg: usize) {
    for (name, comb) in [
        ("max", "max(red[t], red[t + s])"),
        ("sum", "red[t] + red[t + s]"),
    ] {
        let _ = writeln!(
            w,
            "fn reduce_{name}(t: u32, v: f32) -> f32 {{\n  red[t] = v;\n  workgroupBarrier();\n  for (var s = {}u; s > 0u; s = s / 2u) {{\n    if (t < s) {{ red[t] = {comb}; }}\n    workgroupBarrier();\n  }}\n  let r = red[0];\n  workgroupBarrier();\n  return r;\n}}",
            wg / 2
        );
    }
}

/// The first cache row of this workgroup's query row: its own slot's with one sequence per row.
fn slot_base(a: &AttentionSpec) -> &'static str {
    if a.per_row {
        "qi * KVROWS"
    } else {
        "0u"
    }
}

/// Thread 0 reads the keys to walk and the causal offset: `params = [kv_len, q_off]`, or, one sequence per row,
/// row `qi`'s position `p` (keys `0..=p`, all of them visible).
fn load_params(a: &AttentionSpec) -> &'static str {
    if a.per_row {
        "  if (t == 0u) { kv_len_s = min(params[qi] + 1u, KVROWS); q_off_s = params[qi]; }"
    } else {
        "  if (t == 0u) { kv_len_s = min(params[0], KVROWS); q_off_s = params[1]; }"
    }
}

/// When key `j` counts for query `qi` (`valid`: `j` is below the keys to walk).
fn visible(a: &AttentionSpec) -> &'static str {
    if a.causal && !a.per_row {
        "valid && i32(j) <= i32(qi) + q_off"
    } else {
        "valid"
    }
}

/// How [`attention_vec4_with`] runs.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// One workgroup per query row over every key, the output normalized.
    Whole,
    /// One workgroup per (row, key block), the block's sums stored.
    Split,
    /// [`Mode::Split`] with the step's RoPE and cache writes inside.
    SplitRope,
}

/// The `vec4` form (see the module doc): same scores, masking and online softmax as the scalar one.
fn attention_vec4(a: &AttentionSpec) -> Generated {
    attention_vec4_with(a, Mode::Whole)
}

/// [`crate::spec::KernelSpec::AttentionSplit`]: the `vec4` form over one key block per workgroup
/// ([`ATTENTION_SPLIT_KEYS`] threads, one key each), the block's unnormalized sums and `(m, l)` stored.
pub fn attention_split(a: &AttentionSpec) -> Generated {
    attention_vec4_with(a, Mode::Split)
}

/// [`crate::spec::KernelSpec::AttentionSplitRope`]: [`attention_split`] whose query rows are rotated as they are
/// loaded and whose new keys and values (rows `p..p+sq`, `p` the causal offset) come from `k_new`/`v_new`, the
/// keys rotated on the fly; the first query head of each key/value head writes them into the caches.
pub fn attention_split_rope(a: &AttentionSpec) -> Generated {
    attention_vec4_with(a, Mode::SplitRope)
}

/// `lo·cos − hi·sin` and `hi·cos + lo·sin` of a quad pair, named `{name}_lo`/`{name}_hi`, with the cos/sin quads of
/// table row `r` and the pair's quad `e < DQ/2` (the same arithmetic as the RoPE kernel).
fn rotated(name: &str, src: &str, base: &str) -> String {
    format!(
        "let {name}_cs = cos_sin[r * DQ + e];\n      let {name}_sn = cos_sin[r * DQ + HALF + e];\n      let {name}_a = {src}[{base} + e];\n      let {name}_b = {src}[{base} + e + HALF];\n      let {name}_lo = {name}_a * {name}_cs - {name}_b * {name}_sn;\n      let {name}_hi = {name}_b * {name}_cs + {name}_a * {name}_sn;"
    )
}

fn attention_vec4_with(a: &AttentionSpec, mode: Mode) -> Generated {
    let split = mode != Mode::Whole;
    let rope = mode == Mode::SplitRope;
    let wg = if split { ATTENTION_SPLIT_KEYS } else { WG };
    let blocks = if split { a.split_blocks() } else { 1 };
    let rows = a.sq * a.hq;
    let grid = grid_1d(rows * blocks);
    let dq = a.d / 4;
    let mut w = String::new();
    let _ = writeln!(
        w,
        "const HQ: u32 = {}u;\nconst HKV: u32 = {}u;\nconst DQ: u32 = {dq}u;\nconst HALF: u32 = {}u;\nconst SQ: u32 = {}u;\nconst GROUPS: u32 = {}u;\nconst GROUP: u32 = {}u;\nconst KVROWS: u32 = {}u;\nconst SCALE: f32 = {};\nconst LOWEST: f32 = -3.4028235e38;",
        a.hq,
        a.hkv,
        dq / 2,
        a.sq,
        wg / dq,
        a.hq / a.hkv,
        a.kv_rows,
        f32_lit(a.scale)
    );
    let _ = writeln!(
        w,
        "var<workgroup> qs: array<vec4<f32>, {dq}>;\nvar<workgroup> ps: array<f32, {wg}>;\nvar<workgroup> red: array<f32, {wg}>;\nvar<workgroup> part: array<vec4<f32>, {wg}>;\nvar<workgroup> kv_len_s: u32;\nvar<workgroup> q_off_s: u32;"
    );
    reducers(&mut w, wg);
    let visible = visible(a);
    // The keys this workgroup walks: all of them, or its block.
    let (first, end) = if split {
        (
            format!("blk * {wg}u"),
            format!("min(kv_len, blk * {wg}u + {wg}u)"),
        )
    } else {
        ("0u".to_string(), "kv_len".to_string())
    };
    let store = if split {
        "    let at = lin * (DQ + 1u);\n    partial[at + t] = sum;\n    if (t == 0u) { partial[at + DQ] = vec4<f32>(m, l, 0.0, 0.0); }"
            .to_string()
    } else {
        "    var inv = 0.0;\n    if (l > 0.0) { inv = 1.0 / l; }\n    out[row * DQ + t] = sum * inv;"
            .to_string()
    };
    // The query row into workgroup memory (rotated with its new row's table row, after a barrier: `p` is read from
    // workgroup memory), and the step's new keys and
    // values into the caches (by one workgroup per key/value head and block).
    let load_q = if rope {
        format!(
            "  workgroupBarrier();\n  if (t < HALF) {{\n    let r = qi;\n    let e = t;\n    {}\n    qs[e] = q_lo;\n    qs[e + HALF] = q_hi;\n  }}\n  let p = q_off_s;\n  if (qi == 0u && h % GROUP == 0u) {{\n    let j = blk * {wg}u + t;\n    if (j >= p && j < p + SQ && j < KVROWS) {{\n      let r = j - p;\n      let nb = (r * HKV + kh) * DQ;\n      let cb = (j * HKV + kh) * DQ;\n      for (var e = 0u; e < HALF; e = e + 1u) {{\n        {}\n        k[cb + e] = kw_lo;\n        k[cb + e + HALF] = kw_hi;\n      }}\n      for (var e = 0u; e < DQ; e = e + 1u) {{ v[cb + e] = v_new[nb + e]; }}\n    }}\n  }}",
            rotated("q", "q", "row * DQ"),
            rotated("kw", "k_new", "nb")
        )
    } else {
        "  if (t < DQ) { qs[t] = q[row * DQ + t]; }".to_string()
    };
    let score = if rope {
        format!(
            "      let p = bitcast<u32>(q_off);\n      var dot4 = 0.0;\n      if (j >= p) {{\n        let r = j - p;\n        let nb = (r * HKV + kh) * DQ;\n        for (var e = 0u; e < HALF; e = e + 1u) {{\n          {}\n          dot4 = dot4 + dot(qs[e], kn_lo);\n        }}\n        for (var e = 0u; e < HALF; e = e + 1u) {{\n          {}\n          dot4 = dot4 + dot(qs[e + HALF], kn_hi);\n        }}\n      }} else {{\n        let kb = (j * HKV + kh) * DQ;\n        for (var e = 0u; e < DQ; e = e + 1u) {{ dot4 = dot4 + dot(qs[e], k[kb + e]); }}\n      }}",
            rotated("kn", "k_new", "nb"),
            rotated("kn", "k_new", "nb")
        )
    } else {
        "      let kb = ((base + j) * HKV + kh) * DQ;\n      var dot4 = 0.0;\n      for (var e = 0u; e < DQ; e = e + 1u) { dot4 = dot4 + dot(qs[e], k[kb + e]); }"
            .to_string()
    };
    let value = if rope {
        "      let vj = c + jj;\n      var vv: vec4<f32>;\n      if (vj >= bitcast<u32>(q_off)) { vv = v_new[((vj - bitcast<u32>(q_off)) * HKV + kh) * DQ + quad]; } else { vv = v[(vj * HKV + kh) * DQ + quad]; }\n      acc = fma(vec4<f32>(ps[jj]), vv, acc);"
            .to_string()
    } else {
        "      acc = fma(vec4<f32>(ps[jj]), v[((base + c + jj) * HKV + kh) * DQ + quad], acc);"
            .to_string()
    };
    let _ = writeln!(
        w,
        "@compute @workgroup_size({wg})
fn main(@builtin(local_invocation_index) t: u32, @builtin(workgroup_id) wid: vec3<u32>) {{
  let lin = min(wid.x + wid.y * {gx}u, {last}u);
  let row = lin / {blocks}u;
  let blk = lin % {blocks}u;
  let qi = row / HQ;
  let h = row % HQ;
  let kh = h / GROUP;
  let base = {base};
{params}
{load_q}
  let kv_len = workgroupUniformLoad(&kv_len_s);
  let q_off = bitcast<i32>(q_off_s);
  let quad = t % DQ;
  let group = t / DQ;
  var acc = vec4<f32>(0.0);
  var m = LOWEST;
  var l = 0.0;
  let end = {end};
  for (var c = {first}; c < end; c = c + {wg}u) {{
    let j = c + t;
    let valid = j < end;
    var s = LOWEST;
    if ({visible}) {{
{score}
      s = dot4 * SCALE;
    }}
    let m_new = max(m, reduce_max(t, s));
    var p = 0.0;
    if (valid) {{ p = exp(s - m_new); }}
    ps[t] = p;
    let lc = reduce_sum(t, p);
    let alpha = exp(m - m_new);
    l = l * alpha + lc;
    m = m_new;
    let n = min({wg}u, end - c);
    acc = acc * alpha;
    for (var jj = group; jj < n; jj = jj + GROUPS) {{
{value}
    }}
    workgroupBarrier();
  }}
  part[t] = acc;
  workgroupBarrier();
  if (t < DQ) {{
    var sum = vec4<f32>(0.0);
    for (var g = 0u; g < GROUPS; g = g + 1u) {{ sum = sum + part[g * DQ + t]; }}
{store}
  }}
}}",
        gx = grid[0],
        last = rows * blocks - 1,
        base = slot_base(a),
        params = load_params(a)
    );
    let mut vec4 = vec!["q", "k", "v", if split { "partial" } else { "out" }];
    if rope {
        vec4.extend(["k_new", "v_new", "cos_sin"]);
    }
    Generated {
        body: w,
        workgroups: grid,
        vec4_bindings: vec4,
        shared_bytes: a.d * 4 + 2 * wg * 4 + wg * 16 + 8,
        ..Default::default()
    }
}

/// [`crate::spec::KernelSpec::AttentionCombine`]: one workgroup per query row. Thread `t` takes quad `t % DQ` of
/// the blocks `t / DQ, t / DQ + G, …` (`G = 64 / DQ` groups), merged online (`m`, `l`, `acc` rescaled as the max
/// grows); then the `G` partial merges of each quad are merged once through workgroup memory. (One thread per
/// quad walking every block serially took 9 µs per row merge at 32 blocks on an H100.)
pub fn attention_combine(rows: usize, d: usize, blocks: usize) -> Generated {
    const CWG: usize = 64;
    let dq = d / 4;
    let groups = (CWG / dq.max(1)).max(1);
    let grid = grid_1d(rows);
    let body = format!(
        "const DQ: u32 = {dq}u;
const BLOCKS: u32 = {blocks}u;
const G: u32 = {groups}u;
const LOWEST: f32 = -3.4028235e38;
var<workgroup> part_acc: array<vec4<f32>, {CWG}>;
var<workgroup> part_ml: array<vec2<f32>, {CWG}>;
@compute @workgroup_size({CWG})
fn main(@builtin(local_invocation_index) t: u32, @builtin(workgroup_id) wid: vec3<u32>) {{
  let row = min(wid.x + wid.y * {gx}u, {last}u);
  let base = row * BLOCKS * (DQ + 1u);
  let qd = t % DQ;
  let g = t / DQ;
  var m = LOWEST;
  var l = 0.0;
  var acc = vec4<f32>(0.0);
  if (g < G) {{
    for (var b = g; b < BLOCKS; b = b + G) {{
      let at = base + b * (DQ + 1u);
      let ml = partial[at + DQ];
      let m_new = max(m, ml.x);
      let keep = exp(m - m_new);
      let wt = exp(ml.x - m_new);
      l = l * keep + wt * ml.y;
      acc = acc * keep + wt * partial[at + qd];
      m = m_new;
    }}
  }}
  part_acc[t] = acc;
  part_ml[t] = vec2<f32>(m, l);
  workgroupBarrier();
  if (t < DQ) {{
    var mx = LOWEST;
    for (var gg = 0u; gg < G; gg = gg + 1u) {{ mx = max(mx, part_ml[gg * DQ + t].x); }}
    var lt = 0.0;
    var sum = vec4<f32>(0.0);
    for (var gg = 0u; gg < G; gg = gg + 1u) {{
      let ml = part_ml[gg * DQ + t];
      let wt = exp(ml.x - mx);
      lt = lt + wt * ml.y;
      sum = sum + wt * part_acc[gg * DQ + t];
    }}
    var inv = 0.0;
    if (lt > 0.0) {{ inv = 1.0 / lt; }}
    out[row * DQ + t] = sum * inv;
  }}
}}
",
        gx = grid[0],
        last = rows - 1
    );
    Generated {
        body,
        workgroups: grid,
        vec4_bindings: vec!["partial", "out"],
        shared_bytes: CWG * 16 + CWG * 8,
        ..Default::default()
    }
}
