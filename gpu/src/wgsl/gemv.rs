//! Projections of few rows of `x` (decode): memory-bound, so each 256-thread workgroup reads 4 rows of a weight
//! once, coalesced (`vec4` when `k % 4 == 0`), and reduces the 4 dot products per row of `x` in workgroup memory.
//! Several rows (a batched decode step, up to 8) take 64-thread workgroups that read each weight element once for
//! all rows and reduce every row's sums in one tree ([`columns_rows`]) instead of a pass and a tree per row.
//!
//! - [`generate`]: `y = x · wᵀ (+ bias)`.
//! - [`with_epilogue`]: the same with a fused epilogue applied in registers before the store.
//! - [`multi`]: several weights of one input in one dispatch; each workgroup takes 4 columns of one weight.
//! - [`swiglu`]: both the gate and the up dot products of 4 columns in one workgroup, `silu(g)·u` stored.
//!
//! [`multi`] and [`swiglu`] may take an RMS norm of `x` (`norm_eps`, binding `norm: [k]`): the dot products read
//! `x·γ` and sum `x²` on the way, and the results are scaled by `1/√(Σx²/k + ε)` (a row's norm is one factor
//! of its dot products), so the norm costs no dispatch of its own.
//!
//! Weights in a stored format (f16, bf16, ggml's blocks: [`crate::weights`]) are read as their raw words, each
//! thread decoding a unit of 8 weights per step in registers (`stored::helpers`' `dot8`).

use super::util::{f32_lit, grid_1d};
use super::{epilogue, stored, Generated, Target};
use crate::spec::Epilogue;
use crate::weights::UNIT;
use kforge_abi::weight_format::WeightFormat;
use std::fmt::Write;

const WG: usize = 256;
/// Threads of a workgroup of several rows, as the grid allows ([`row_threads`]).
const WG_ROWS_MIN: usize = 32;
const WG_ROWS_MAX: usize = 128;
/// Threads a grid of several rows aims at in all ([`row_threads`]).
const ROWS_GRID_THREADS: usize = 16384;
const COLS: usize = 4;

/// How a kernel of this family reads `x`.
struct Shape {
    m: usize,
    k: usize,
    format: WeightFormat,
    /// ε of an RMS norm fused in front (binding `norm`).
    norm_eps: Option<f32>,
    /// Threads of a workgroup: [`WG`] for one row, [`row_threads`] for several.
    threads: usize,
    /// Several rows' sums reduced with subgroup operations ([`reduce_by_subgroups`]) rather than a tree.
    subgroups: bool,
}

impl Shape {
    /// The shape of a kernel of `groups` workgroups.
    fn new(
        m: usize,
        k: usize,
        format: WeightFormat,
        norm_eps: Option<f32>,
        groups: usize,
        target: Target,
    ) -> Shape {
        let mut s = Shape {
            m,
            k,
            format,
            norm_eps,
            threads: WG,
            subgroups: false,
        };
        if m > 1 {
            let knobs = row_knobs();
            s.threads = knobs
                .threads
                .unwrap_or_else(|| row_threads(groups, s.reads()));
            s.subgroups = knobs.subgroups.unwrap_or(target.subgroups);
        }
        s
    }

    /// Slots of each workgroup reduction array: one per thread, and per row for several rows.
    fn slots(&self) -> usize {
        self.m.max(1) * self.threads
    }

    /// Reads of a weight row by the workgroup's threads: `vec4`s (or scalars) of f32, units of a stored format.
    fn reads(&self) -> usize {
        if self.stored() {
            self.k / UNIT
        } else {
            self.kv()
        }
    }

    /// `k % 4 == 0`: `x` (and f32 weights) are read as `vec4` (always so for a stored format, whose rows are
    /// whole units of 8).
    fn vec(&self) -> bool {
        self.k.is_multiple_of(4)
    }

    fn stored(&self) -> bool {
        self.format != WeightFormat::F32
    }

    /// The decoding helpers of `weights` (none for f32).
    fn helpers(&self, weights: &[&str]) -> String {
        if !self.stored() {
            return String::new();
        }
        let mut w = stored::common(self.format);
        for b in weights {
            w.push_str(&stored::helpers(self.format, b, self.k));
        }
        w
    }

    /// Elements (or `vec4`s) of a row.
    fn kv(&self) -> usize {
        if self.vec() {
            self.k / 4
        } else {
            self.k
        }
    }
}

/// Threads of a workgroup of several rows, from the grid's `groups` and the `reads` of a weight row: the power of
/// two nearest to [`ROWS_GRID_THREADS`]` / groups`, within 32…128 and no more than the reads' next power of two.
/// Each thread holds every row's sums, reduced in workgroup memory (`log2` levels, a barrier each): a small grid
/// (576 columns: 144 workgroups) wants more threads to spread `k` over, a large one (the 49152-column head: 12288
/// workgroups) fewer, cheaper to reduce. Measured on an H100 at 8 rows (bench/gpu_gemv_rows.sh, 2026-12-07): the
/// head 171 µs with 64 threads, 97 µs with 32; 576 columns 9.1 µs with 64 or 128, 1536 gated columns best at 32.
fn row_threads(groups: usize, reads: usize) -> usize {
    let most = reads.next_power_of_two().clamp(WG_ROWS_MIN, WG_ROWS_MAX);
    let ideal = ROWS_GRID_THREADS as f64 / groups.max(1) as f64;
    let below = (ideal.log2().floor().exp2() as usize).clamp(WG_ROWS_MIN, most);
    let above = (below * 2).min(most);
    // Nearest on a log scale: `above` when `ideal` is past the two's geometric mean.
    if ideal * ideal > (below * above) as f64 {
        above
    } else {
        below
    }
}

/// Diagnostic overrides of the several-row form, for timing variants with `kforge-gpu-bench kernel`:
/// `KFORGE_GPU_GEMV_ROW_THREADS=32|64|128|256` (threads of a workgroup, in place of [`row_threads`]) and
/// `KFORGE_GPU_GEMV_SUBGROUPS=0|1` (the sums reduced by a tree, or with subgroup operations:
/// [`reduce_by_subgroups`], which the device must offer; by default, subgroups where the target has them).
struct RowKnobs {
    threads: Option<usize>,
    subgroups: Option<bool>,
}

fn row_knobs() -> &'static RowKnobs {
    static KNOBS: std::sync::OnceLock<RowKnobs> = std::sync::OnceLock::new();
    KNOBS.get_or_init(|| RowKnobs {
        threads: std::env::var("KFORGE_GPU_GEMV_ROW_THREADS")
            .ok()
            .and_then(|v| v.parse().ok())
            .filter(|t: &usize| [32, 64, 128, 256].contains(t)),
        subgroups: match std::env::var("KFORGE_GPU_GEMV_SUBGROUPS").as_deref() {
            Ok("1") => Some(true),
            Ok("0") => Some(false),
            _ => None,
        },
    })
}

/// `main`'s header; `g` is this workgroup's linear index, clamped to the last of `groups` (extra workgroups of a
/// 2D grid redo the last one's columns). `shared` reduction arrays of vec4 (one slot per thread and row), and
/// `ssq` for Σx² with a fused norm.
fn header(groups: usize, shared: usize, s: &Shape) -> (String, [u32; 3]) {
    let grid = grid_1d(groups);
    let (wg, slots) = (s.threads, s.slots());
    let mut w = String::new();
    for i in 0..shared {
        let _ = writeln!(w, "var<workgroup> red{i}: array<vec4<f32>, {slots}>;");
    }
    if s.norm_eps.is_some() {
        let _ = writeln!(w, "var<workgroup> ssq: array<f32, {slots}>;");
    }
    let lanes = if s.subgroups {
        ", @builtin(subgroup_invocation_id) lane: u32, @builtin(subgroup_id) sg: u32, @builtin(num_subgroups) subgroups: u32"
    } else {
        ""
    };
    let _ = writeln!(
        w,
        "@compute @workgroup_size({wg})\nfn main(@builtin(local_invocation_index) t: u32, @builtin(workgroup_id) wid: vec3<u32>{lanes}) {{\n  let g = min(wid.x + wid.y * {gx}u, {last}u);",
        gx = grid[0],
        last = groups - 1
    );
    (w, grid)
}

/// `c0`, the first of this workgroup's 4 columns, and `o0..o3`, where each column's weight row starts (a stored
/// format's row index; an f32 row's first element), the last column repeated past `n`.
fn column_offsets(w: &mut String, s: &Shape, n: usize, group: &str) {
    let _ = writeln!(w, "  let c0 = {group} * {COLS}u;");
    for c in 0..COLS {
        if s.stored() {
            let _ = writeln!(w, "  let o{c} = min(c0 + {c}u, {}u);", n - 1);
        } else {
            let _ = writeln!(w, "  let o{c} = min(c0 + {c}u, {}u) * {}u;", n - 1, s.kv());
        }
    }
}

/// The columns `c0 + 0..4` of `n` (group `group`, a WGSL expression) of each weight in `weights`: per row `r` of
/// `x`, the dot products reduced into `red{j}[0]` (component `t` for column `c0 + t`), then `store` run by
/// threads `t < 4` with `col = c0 + t < n` in scope.
fn columns(w: &mut String, s: &Shape, n: usize, group: &str, weights: &[&str], store: &str) {
    if s.m > 1 {
        return columns_rows(w, s, n, group, weights, store);
    }
    let (m, kv) = (s.m, s.kv());
    column_offsets(w, s, n, group);
    let _ = writeln!(w, "  for (var r = 0u; r < {m}u; r = r + 1u) {{");
    for j in 0..weights.len() {
        let _ = writeln!(w, "    var acc{j} = vec4<f32>(0.0);");
    }
    w.push_str("    var sq = 0.0;\n");
    let norm = s.norm_eps.is_some();
    if s.stored() {
        let _ = writeln!(
            w,
            "    for (var kk = t; kk < {units}u; kk = kk + {WG}u) {{\n      let xi = unit_x(kk);\n      var xa = x[r * {kv}u + xi.x];\n      var xb = x[r * {kv}u + xi.y];",
            units = s.k / UNIT
        );
        if norm {
            w.push_str("      sq = sq + dot(xa, xa) + dot(xb, xb);\n      xa = xa * norm[xi.x];\n      xb = xb * norm[xi.y];\n");
        }
    } else {
        let _ = writeln!(
            w,
            "    for (var kk = t; kk < {kv}u; kk = kk + {WG}u) {{\n      var xv = x[r * {kv}u + kk];"
        );
        if norm {
            let sq = if s.vec() { "dot(xv, xv)" } else { "xv * xv" };
            let _ = writeln!(w, "      sq = sq + {sq};\n      xv = xv * norm[kk];");
        }
    }
    for (j, wt) in weights.iter().enumerate() {
        accumulate(w, s, wt, &format!("acc{j}"), |c| format!("{wt}[o{c} + kk]"));
    }
    w.push_str("    }\n");
    for j in 0..weights.len() {
        let _ = writeln!(w, "    red{j}[t] = acc{j};");
    }
    if norm {
        w.push_str("    ssq[t] = sq;\n");
    }
    let _ = writeln!(
        w,
        "    workgroupBarrier();\n    for (var s = {}u; s > 0u; s = s / 2u) {{\n      if (t < s) {{",
        WG / 2
    );
    for j in 0..weights.len() {
        let _ = writeln!(w, "        red{j}[t] = red{j}[t] + red{j}[t + s];");
    }
    if norm {
        w.push_str("        ssq[t] = ssq[t] + ssq[t + s];\n");
    }
    // `sc` scales the row's dot products: its RMS norm, or 1.
    let scale = norm_scale(s, "0");
    let _ = writeln!(
        w,
        "      }}\n      workgroupBarrier();\n    }}\n    let sc = {scale};\n    let q = t;\n    let base = 0u;\n    let col = c0 + t;\n    if (t < {COLS}u && col < {n}u) {{\n{store}    }}\n    workgroupBarrier();\n  }}"
    );
}

/// [`columns`] for several rows of `x` (a batched decode step): each thread reads its weights' elements once for
/// every row, accumulates each row's dot products in registers, and one tree reduces every row's partial sums
/// (`red{j}[r · threads + t]`); then thread `t < 4·m` stores column `c0 + t % 4` of row `t / 4`. The same sums
/// per row as one row at a time, in another order.
fn columns_rows(w: &mut String, s: &Shape, n: usize, group: &str, weights: &[&str], store: &str) {
    let (m, kv, wg) = (s.m, s.kv(), s.threads);
    column_offsets(w, s, n, group);
    let norm = s.norm_eps.is_some();
    for r in 0..m {
        for j in 0..weights.len() {
            let _ = writeln!(w, "  var acc{j}_{r} = vec4<f32>(0.0);");
        }
        if norm {
            let _ = writeln!(w, "  var sq_{r} = 0.0;");
        }
    }
    let len = s.reads();
    let _ = writeln!(w, "  for (var kk = t; kk < {len}u; kk = kk + {wg}u) {{");
    if s.stored() {
        w.push_str("    let xi = unit_x(kk);\n");
    } else {
        for (j, wt) in weights.iter().enumerate() {
            for c in 0..COLS {
                let _ = writeln!(w, "    let w{j}_{c} = {wt}[o{c} + kk];");
            }
        }
    }
    for r in 0..m {
        if s.stored() {
            let _ = writeln!(
                w,
                "    {{\n      var xa = x[{r}u * {kv}u + xi.x];\n      var xb = x[{r}u * {kv}u + xi.y];"
            );
            if norm {
                let _ = writeln!(w, "      sq_{r} = sq_{r} + dot(xa, xa) + dot(xb, xb);\n      xa = xa * norm[xi.x];\n      xb = xb * norm[xi.y];");
            }
        } else {
            let _ = writeln!(w, "    {{\n      var xv = x[{r}u * {kv}u + kk];");
            if norm {
                let sq = if s.vec() { "dot(xv, xv)" } else { "xv * xv" };
                let _ = writeln!(
                    w,
                    "      sq_{r} = sq_{r} + {sq};\n      xv = xv * norm[kk];"
                );
            }
        }
        for (j, wt) in weights.iter().enumerate() {
            accumulate(w, s, wt, &format!("acc{j}_{r}"), |c| format!("w{j}_{c}"));
        }
        w.push_str("    }\n");
    }
    w.push_str("  }\n");
    if s.subgroups {
        reduce_by_subgroups(w, m, wg, weights.len(), norm);
    } else {
        reduce_by_tree(w, m, wg, weights.len(), norm);
    }
    let scale = norm_scale(s, "base");
    let _ = writeln!(
        w,
        "  if (t < {rows}u) {{\n    let r = t / {COLS}u;\n    let q = t % {COLS}u;\n    let base = r * {wg}u;\n    let sc = {scale};\n    let col = c0 + q;\n    if (col < {n}u) {{\n{store}    }}\n  }}",
        rows = m * COLS
    );
}

/// `acc += (x · column c0+c)` for the 4 columns, `x` being `xv` (or a stored unit's `xa, xb`), and an f32 weight
/// vector of column `c` read as `weight(c)`.
fn accumulate(w: &mut String, s: &Shape, wt: &str, acc: &str, weight: impl Fn(usize) -> String) {
    let term = |c: usize| {
        if s.stored() {
            format!("{wt}_dot8(o{c}, kk, xa, xb)")
        } else if s.vec() {
            format!("dot(xv, {})", weight(c))
        } else {
            format!("xv * {}", weight(c))
        }
    };
    let _ = writeln!(
        w,
        "      {acc} = {acc} + vec4<f32>({}, {}, {}, {});",
        term(0),
        term(1),
        term(2),
        term(3)
    );
}

/// The factor of a row's dot products: `1/√(Σx²/k + ε)` from the row's reduced `ssq[slot]` with a fused RMS
/// norm, else 1.
fn norm_scale(s: &Shape, slot: &str) -> String {
    match s.norm_eps {
        Some(eps) => format!(
            "inverseSqrt(ssq[{slot}] / {} + {})",
            f32_lit(s.k as f32),
            f32_lit(eps)
        ),
        None => "1.0".to_string(),
    }
}

/// [`columns_rows`]' reduction: every thread's partial sums of every row into workgroup memory, then a tree
/// (`log2(wg)` levels, a barrier each); the sums end in slot `r · wg` of each array.
fn reduce_by_tree(w: &mut String, m: usize, wg: usize, weights: usize, norm: bool) {
    for r in 0..m {
        for j in 0..weights {
            let _ = writeln!(w, "  red{j}[{}u + t] = acc{j}_{r};", r * wg);
        }
        if norm {
            let _ = writeln!(w, "  ssq[{}u + t] = sq_{r};", r * wg);
        }
    }
    let _ = writeln!(
        w,
        "  workgroupBarrier();\n  for (var s = {}u; s > 0u; s = s / 2u) {{\n    if (t < s) {{\n      for (var rr = 0u; rr < {m}u; rr = rr + 1u) {{\n        let at = rr * {wg}u + t;",
        wg / 2
    );
    for j in 0..weights {
        let _ = writeln!(w, "        red{j}[at] = red{j}[at] + red{j}[at + s];");
    }
    if norm {
        w.push_str("        ssq[at] = ssq[at] + ssq[at + s];\n");
    }
    w.push_str("      }\n    }\n    workgroupBarrier();\n  }\n");
}

/// [`reduce_by_tree`] with subgroup operations (where the target has them): each subgroup adds its lanes'
/// sums (`subgroupAdd`), its first lane stores them in slot `r · wg + subgroup`, and after one barrier thread `r`
/// adds row `r`'s subgroup sums into slot `r · wg`, in subgroup order: two barriers instead of one per tree level.
/// The slots are the driver's subgroup ids (`subgroup_id < num_subgroups`), whatever invocations each subgroup
/// holds, so the sums are the same from run to run.
fn reduce_by_subgroups(w: &mut String, m: usize, wg: usize, weights: usize, norm: bool) {
    for r in 0..m {
        for j in 0..weights {
            let _ = writeln!(
                w,
                "  {{\n    let v = subgroupAdd(acc{j}_{r});\n    if (lane == 0u) {{ red{j}[{}u + sg] = v; }}\n  }}",
                r * wg
            );
        }
        if norm {
            let _ = writeln!(
                w,
                "  {{\n    let v = subgroupAdd(sq_{r});\n    if (lane == 0u) {{ ssq[{}u + sg] = v; }}\n  }}",
                r * wg
            );
        }
    }
    let _ = writeln!(
        w,
        "  workgroupBarrier();\n  if (t < {m}u) {{\n    let at = t * {wg}u;\n    for (var s = 1u; s < subgroups; s = s + 1u) {{"
    );
    for j in 0..weights {
        let _ = writeln!(w, "      red{j}[at] = red{j}[at] + red{j}[at + s];");
    }
    if norm {
        w.push_str("      ssq[at] = ssq[at] + ssq[at + s];\n");
    }
    w.push_str("    }\n  }\n  workgroupBarrier();\n");
}

fn finish(
    body: String,
    grid: [u32; 3],
    s: &Shape,
    weights: &[&'static str],
    shared: usize,
) -> Generated {
    let mut vec4 = vec!["x"];
    if s.norm_eps.is_some() {
        vec4.push("norm");
    }
    if !s.stored() {
        vec4.extend_from_slice(weights);
    }
    Generated {
        body,
        workgroups: grid,
        vec4_bindings: if s.vec() { vec4 } else { vec![] },
        shared_bytes: {
            let slots = s.slots();
            shared * slots * 16 + if s.norm_eps.is_some() { slots * 4 } else { 0 }
        },
        // Every thread stores each row's partial sums before the reduction's first barrier.
        writes_shared_first: true,
        needs_subgroups: s.subgroups,
        ..Default::default()
    }
}

/// `y = x · wᵀ (+ bias)` for `x: [m, k]`, `w: [n, k]`.
pub fn generate(
    m: usize,
    n: usize,
    k: usize,
    bias: bool,
    format: WeightFormat,
    target: Target,
) -> Generated {
    let groups = n.div_ceil(COLS);
    let s = Shape::new(m, k, format, None, groups, target);
    let (h, grid) = header(groups, 1, &s);
    let mut w = s.helpers(&["w"]);
    w.push_str(&h);
    let b = if bias { " + bias[col]" } else { "" };
    let store = format!("      y[r * {n}u + col] = red0[base][q]{b};\n");
    columns(&mut w, &s, n, "g", &["w"], &store);
    w.push_str("}\n");
    finish(w, grid, &s, &["w"], 1)
}

/// `y = ep(x · wᵀ)`: the epilogue's steps on each dot product before its store.
pub fn with_epilogue(
    m: usize,
    n: usize,
    k: usize,
    e: &Epilogue,
    format: WeightFormat,
    target: Target,
) -> Generated {
    let groups = n.div_ceil(COLS);
    let s = Shape::new(m, k, format, None, groups, target);
    let (h, grid) = header(groups, 1, &s);
    let mut w = String::from(epilogue::helpers(e));
    w.push_str(&s.helpers(&["w"]));
    w.push_str(&h);
    let store = format!(
        "      let i = r * {n}u + col;\n      var v = red0[base][q];\n{}      y[i] = v;\n",
        epilogue::steps(e, "      ")
    );
    columns(&mut w, &s, n, "g", &["w"], &store);
    w.push_str("}\n");
    finish(w, grid, &s, &["w"], 1)
}

/// `y_j = x · w_jᵀ` for each `n_j` of `ns` (bindings `w0…`, `y0…`): the column groups of every weight in one
/// grid, a workgroup taking the branch of the weight its group falls in (uniform: `g` depends only on the
/// workgroup id).
pub fn multi(
    m: usize,
    k: usize,
    ns: &[usize],
    format: WeightFormat,
    norm_eps: Option<f32>,
    target: Target,
) -> Generated {
    const W: [&str; 4] = ["w0", "w1", "w2", "w3"];
    let counts: Vec<usize> = ns.iter().map(|n| n.div_ceil(COLS)).collect();
    let groups = counts.iter().sum();
    let s = Shape::new(m, k, format, norm_eps, groups, target);
    let (h, grid) = header(groups, 1, &s);
    let mut w = s.helpers(&W[..ns.len()]);
    w.push_str(&h);
    let mut start = 0;
    for (j, (&n, &count)) in ns.iter().zip(&counts).enumerate() {
        let end = start + count;
        let open = match (j, j + 1 == ns.len()) {
            (0, true) => "  {".to_string(),
            (0, false) => format!("  if (g < {end}u) {{"),
            (_, true) => "  } else {".to_string(),
            (_, false) => format!("  }} else if (g < {end}u) {{"),
        };
        w.push_str(&open);
        w.push('\n');
        let group = if start == 0 {
            "g".to_string()
        } else {
            format!("(g - {start}u)")
        };
        let store = format!("      y{j}[r * {n}u + col] = red0[base][q] * sc;\n");
        columns(&mut w, &s, n, &group, &[W[j]], &store);
        start = end;
    }
    w.push_str("  }\n}\n");
    finish(w, grid, &s, &W[..ns.len()], 1)
}

/// `y = silu(x · w_gateᵀ) · (x · w_upᵀ)`: gate and up of the same 4 columns in one workgroup.
pub fn swiglu(
    m: usize,
    n: usize,
    k: usize,
    format: WeightFormat,
    norm_eps: Option<f32>,
    target: Target,
) -> Generated {
    let groups = n.div_ceil(COLS);
    let s = Shape::new(m, k, format, norm_eps, groups, target);
    let (h, grid) = header(groups, 2, &s);
    let mut w = s.helpers(&["w_gate", "w_up"]);
    w.push_str(&h);
    let store = format!(
        "      let gate = red0[base][q] * sc;\n      y[r * {n}u + col] = gate / (1.0 + exp(-gate)) * (red1[base][q] * sc);\n"
    );
    columns(&mut w, &s, n, "g", &["w_gate", "w_up"], &store);
    w.push_str("}\n");
    finish(w, grid, &s, &["w_gate", "w_up"], 2)
}

#[cfg(test)]
mod tests {
    use super::{generate, row_threads, Target};
    use kforge_abi::weight_format::WeightFormat;

    #[test]
    fn several_rows_reduce_with_subgroups_only_where_the_target_has_them() {
        let with = Target { subgroups: true };
        let rows = |m, target| generate(m, 64, 64, false, WeightFormat::F32, target);
        // Unless a knob (`make test-gpu-variants`) says otherwise.
        if std::env::var_os("KFORGE_GPU_GEMV_SUBGROUPS").is_none() {
            assert!(rows(2, with).body.contains("subgroupAdd"));
            assert!(rows(2, with).needs_subgroups);
            assert!(!rows(2, Target::default()).body.contains("subgroupAdd"));
        }
        assert!(!rows(1, with).body.contains("subgroupAdd"));
    }

    #[test]
    fn several_row_workgroups_take_threads_by_grid_size() {
        // SmolLM2's projections at 8 rows: o (144 groups), QKV (240), gate/up (384), the head (12288).
        let picked: Vec<usize> = [1, 144, 240, 384, 12288]
            .map(|groups| row_threads(groups, 144))
            .to_vec();
        assert_eq!(picked, [128, 128, 64, 32, 32]);
        assert_eq!(row_threads(0, 144), 128);
        // No more threads than reads of a row: k = 64 is 16 vec4s.
        assert_eq!(row_threads(24, 16), 32);
        assert_eq!(row_threads(144, 40), 64);
    }
}
