//! The f32 matrix product, blocked by a [`MatmulTile`]: a `bm x bn` workgroup tile, `bk` of the reduction staged per
//! step, `tm x tn` outputs per thread, fully unrolled (128x128x8 with 8x8 per thread is [`MatmulTile::LARGE`]).
//!
//! Layout (thread `t`, `tx = t % (bn/tn)`, `ty = t / (bn/tn)`): the thread owns rows `g·(4bm/tm) + 4ty + 0..4` for
//! each row group `g < tm/4` and columns `h·(4bn/tn) + 4tx + 0..4` for each column group `h < tn/4`, held in named
//! `vec4` accumulators `c{r}_{h}` (row `r` of `tm`, column group `h`). Per step of `k` a thread reads `tm/4` `vec4`
//! of A (staged transposed, `As[k][m]`) and `tn/4` of B (`Bs[k][n]`) from workgroup memory and issues `tm·tn` FMAs;
//! neighbouring threads read neighbouring `vec4`s. The staging is double-buffered: the next K tile is read from
//! global memory into registers (`ra{j}`, `rb{j}`: the tile's `vec4`s split evenly over the threads) before this one
//! is multiplied and stored to the other buffer after, so each K step needs one barrier. `b_transposed` (a linear
//! layer's `[n,k]` weight) stages B like A.
//!
//! A transposed B stored in another format than f32 ([`crate::weights`]) is decoded four weights at a time as its
//! tiles are loaded (`stored::helpers`' `w4`), so the workgroup tiles hold f32 and the rest of the kernel is the same.
//!
//! Shapes the tile does not divide are masked: loads outside the matrix read zero, stores outside are skipped;
//! a spec whose shapes divide the tile gets code without the checks.

use super::{stored, Generated};
use crate::spec::MatmulSpec;
use crate::tile::MatmulTile;
use kforge_abi::weight_format::WeightFormat;
use std::fmt::Write;

const COMPONENTS: [&str; 4] = ["x", "y", "z", "w"];

/// Generates the kernel of `s` (its tile already checked by [`MatmulTile::check`]).
pub fn generate(s: &MatmulSpec) -> Generated {
    let t = &s.tile;
    let mut vec4_bindings = Vec::new();
    // vec4 global access needs rows that are multiples of 4 floats.
    let a_vec = s.k.is_multiple_of(4);
    let stored_b = s.b_transposed && s.b_format != WeightFormat::F32;
    let b_vec = if stored_b {
        false
    } else if s.b_transposed {
        s.k.is_multiple_of(4)
    } else {
        s.n.is_multiple_of(4)
    };
    let c_vec = s.n.is_multiple_of(4);
    if a_vec {
        vec4_bindings.push("a");
    }
    if b_vec {
        vec4_bindings.push("b");
    }
    if c_vec {
        vec4_bindings.push("c");
        if s.bias {
            vec4_bindings.push("bias");
        }
    }
    let mut w = String::new();
    super::util::shape_consts(&mut w, s.m, s.n, s.k, t.bk);
    if stored_b {
        w.push_str(&stored::common(s.b_format));
        w.push_str(&stored::helpers(s.b_format, "b", s.k));
    }
    let _ = writeln!(
        w,
        "var<workgroup> As: array<vec4<f32>, {}>;\nvar<workgroup> Bs: array<vec4<f32>, {}>;\n",
        2 * t.bm * t.bk / 4,
        2 * t.bn * t.bk / 4
    );
    let k_exact = s.k.is_multiple_of(t.bk);
    w.push_str(&load_rows_fn(
        "a",
        t.bk,
        a_vec,
        "M",
        s.m.is_multiple_of(t.bm) && k_exact,
    ));
    let b_exact = s.n.is_multiple_of(t.bn) && k_exact;
    w.push_str(&if stored_b {
        load_stored_rows_fn(t.bk, b_exact)
    } else if s.b_transposed {
        load_rows_fn("b", t.bk, b_vec, "N", b_exact)
    } else {
        load_b_fn(t.bn, b_vec, s.n.is_multiple_of(t.bn) && k_exact)
    });
    w.push_str(&main_fn(s, c_vec));
    Generated {
        body: w,
        workgroups: [
            s.n.div_ceil(t.bn) as u32,
            s.m.div_ceil(t.bm) as u32,
            s.batch as u32,
        ],
        vec4_bindings,
        shared_bytes: t.shared_bytes(),
        ..Default::default()
    }
}

/// `fn load_{x}(base, row0, k0, l) -> vec4<f32>`: `vec4` number `l` of a `rows x bk` tile of a row-major
/// `[rows, K]` matrix (A, or a transposed B) at `row0, k0`: row `l / (bk/4)`, `k` from `4·(l % (bk/4))`; zero
/// outside the matrix.
fn load_rows_fn(x: &str, bk: usize, vec: bool, rows: &str, exact: bool) -> String {
    let mut w = String::new();
    let _ = writeln!(
        w,
        "fn load_{x}(base: u32, row0: u32, k0: u32, l: u32) -> vec4<f32> {{"
    );
    let q = bk / 4;
    let _ = writeln!(
        w,
        "  let r = row0 + l / {q}u;\n  let k = k0 + (l % {q}u) * 4u;"
    );
    if exact {
        if vec {
            let _ = writeln!(w, "  return {x}[(base + r * K + k) / 4u];");
        } else {
            let _ = writeln!(
                w,
                "  let i = base + r * K + k;\n  return vec4<f32>({x}[i], {x}[i + 1u], {x}[i + 2u], {x}[i + 3u]);"
            );
        }
    } else {
        let _ = writeln!(w, "  var v = vec4<f32>(0.0);\n  if (r < {rows}) {{");
        if vec {
            let _ = writeln!(w, "    if (k < K) {{ v = {x}[(base + r * K + k) / 4u]; }}");
        } else {
            for (c, comp) in COMPONENTS.iter().enumerate() {
                let _ = writeln!(
                    w,
                    "    if (k + {c}u < K) {{ v.{comp} = {x}[base + r * K + k + {c}u]; }}"
                );
            }
        }
        w.push_str("  }\n  return v;\n");
    }
    w.push_str("}\n\n");
    w
}

/// [`load_rows_fn`] for a transposed B in a stored format: the 4 weights decoded from its words (`base` is 0:
/// the weight is shared by the batch).
fn load_stored_rows_fn(bk: usize, exact: bool) -> String {
    let q = bk / 4;
    let mut w = String::from("fn load_b(base: u32, row0: u32, k0: u32, l: u32) -> vec4<f32> {\n");
    let _ = writeln!(
        w,
        "  let r = row0 + l / {q}u;\n  let k = k0 + (l % {q}u) * 4u;"
    );
    if exact {
        w.push_str("  return b_w4(r, k);\n");
    } else {
        w.push_str("  if (r < N && k < K) { return b_w4(r, k); }\n  return vec4<f32>(0.0);\n");
    }
    w.push_str("}\n\n");
    w
}

/// `fn load_b(base, col0, k0, l) -> vec4<f32>`: `vec4` number `l` of a `bk x bn` tile of `[K, N]` B: row
/// `k0 + l / (bn/4)`, columns `col0 + 4·(l % (bn/4))..+4`.
fn load_b_fn(bn: usize, vec: bool, exact: bool) -> String {
    let q = bn / 4;
    let mut w = String::from("fn load_b(base: u32, col0: u32, k0: u32, l: u32) -> vec4<f32> {\n");
    let _ = writeln!(
        w,
        "  let k = k0 + l / {q}u;\n  let n = col0 + (l % {q}u) * 4u;"
    );
    if exact && vec {
        w.push_str("  return b[(base + k * N + n) / 4u];\n");
    } else if exact {
        w.push_str("  let i = base + k * N + n;\n  return vec4<f32>(b[i], b[i + 1u], b[i + 2u], b[i + 3u]);\n");
    } else {
        w.push_str("  var v = vec4<f32>(0.0);\n  if (k < K) {\n");
        if vec {
            w.push_str("    if (n < N) { v = b[(base + k * N + n) / 4u]; }\n");
        } else {
            for (c, comp) in COMPONENTS.iter().enumerate() {
                let _ = writeln!(
                    w,
                    "    if (n + {c}u < N) {{ v.{comp} = b[base + k * N + n + {c}u]; }}"
                );
            }
        }
        w.push_str("  }\n  return v;\n");
    }
    w.push_str("}\n\n");
    w
}

/// Stores the registers `{reg}{j}` (loaded `vec4`s of a `rows x bk` tile) into `shared` buffer `buf`, transposed:
/// `S[k][row]`, `rows/4` `vec4`s per `k`.
fn store_transposed(
    w: &mut String,
    t: &MatmulTile,
    rows: usize,
    shared: &str,
    reg: &str,
    buf: &str,
) {
    let q = t.bk / 4;
    let threads = t.threads();
    let loads = rows * t.bk / 4 / threads;
    for j in 0..loads {
        let _ = writeln!(
            w,
            "    {{ let l = t + {}u; let m = l / {q}u; let k = (l % {q}u) * 4u; let o = {buf} + k * {}u + m / 4u; let c = m % 4u;",
            j * threads,
            rows / 4
        );
        for (i, comp) in COMPONENTS.iter().enumerate() {
            let _ = writeln!(
                w,
                "      {shared}[o + {}u][c] = {reg}{j}.{comp};",
                i * rows / 4
            );
        }
        w.push_str("    }\n");
    }
}

fn store_all(w: &mut String, s: &MatmulSpec, buf_a: &str, buf_b: &str) {
    let t = &s.tile;
    store_transposed(w, t, t.bm, "As", "ra", buf_a);
    if s.b_transposed {
        store_transposed(w, t, t.bn, "Bs", "rb", buf_b);
    } else {
        let threads = t.threads();
        for j in 0..t.b_loads() {
            let _ = writeln!(w, "    Bs[{buf_b} + t + {}u] = rb{j};", j * threads);
        }
    }
}

/// Loads the registers `ra{j}`, `rb{j}` of the K tile at `k0`.
fn load_all(w: &mut String, s: &MatmulSpec, indent: &str) {
    let t = &s.tile;
    let threads = t.threads();
    for j in 0..t.a_loads() {
        let _ = writeln!(
            w,
            "{indent}ra{j} = load_a(a_base, row0, k0, t + {}u);",
            j * threads
        );
    }
    for j in 0..t.b_loads() {
        let _ = writeln!(
            w,
            "{indent}rb{j} = load_b(b_base, col0, k0, t + {}u);",
            j * threads
        );
    }
}

fn main_fn(s: &MatmulSpec, c_vec: bool) -> String {
    let t = &s.tile;
    let threads = t.threads();
    let (cols, a_stage, b_stage) = (t.bn / t.tn, t.bm * t.bk / 4, t.bn * t.bk / 4);
    let mut w = format!(
        "@compute @workgroup_size({threads})\nfn main(@builtin(local_invocation_index) t: u32, @builtin(workgroup_id) wg: vec3<u32>) {{\n"
    );
    let _ = writeln!(
        w,
        "  let tx = t % {cols}u;\n  let ty = t / {cols}u;\n  let row0 = wg.y * {}u;\n  let col0 = wg.x * {}u;",
        t.bm, t.bn
    );
    w.push_str("  let a_base = wg.z * M * K;\n");
    let b_base = if s.b_transposed { "0u" } else { "wg.z * K * N" };
    let _ = writeln!(w, "  let b_base = {b_base};");
    for r in 0..t.tm {
        for h in 0..t.tn / 4 {
            let _ = writeln!(w, "  var c{r}_{h} = vec4<f32>(0.0);");
        }
    }
    for j in 0..t.a_loads() {
        let _ = writeln!(w, "  var ra{j}: vec4<f32>;");
    }
    for j in 0..t.b_loads() {
        let _ = writeln!(w, "  var rb{j}: vec4<f32>;");
    }
    w.push_str("  var k0 = 0u;\n");
    load_all(&mut w, s, "  ");
    store_all(&mut w, s, "0u", "0u");
    w.push_str("  workgroupBarrier();\n");
    w.push_str("  for (var kt = 0u; kt < KTILES; kt = kt + 1u) {\n");
    let _ = writeln!(
        w,
        "    let ca = (kt % 2u) * {a_stage}u;\n    let cb = (kt % 2u) * {b_stage}u;\n    let more = kt + 1u < KTILES;"
    );
    let _ = writeln!(w, "    if (more) {{\n      k0 = (kt + 1u) * {}u;", t.bk);
    load_all(&mut w, s, "      ");
    w.push_str("    }\n");
    let (a_groups, b_groups) = (t.tm / 4, t.tn / 4);
    for k in 0..t.bk {
        w.push_str("    {");
        for g in 0..a_groups {
            let _ = write!(
                w,
                " let a{g} = As[ca + {}u + ty];",
                k * t.bm / 4 + g * t.bm / t.tm
            );
        }
        for h in 0..b_groups {
            let _ = write!(
                w,
                " let b{h} = Bs[cb + {}u + tx];",
                k * t.bn / 4 + h * t.bn / t.tn
            );
        }
        w.push('\n');
        for r in 0..t.tm {
            let comp = COMPONENTS[r % 4];
            for h in 0..b_groups {
                let _ = writeln!(
                    w,
                    "      c{r}_{h} = fma(vec4<f32>(a{}.{comp}), b{h}, c{r}_{h});",
                    r / 4
                );
            }
        }
        w.push_str("    }\n");
    }
    w.push_str("    if (more) {\n");
    let _ = writeln!(
        w,
        "    let na = {a_stage}u - ca;\n    let nb = {b_stage}u - cb;"
    );
    store_all(&mut w, s, "na", "nb");
    w.push_str("    }\n    workgroupBarrier();\n  }\n");
    write_c(&mut w, s, c_vec);
    w.push_str("}\n");
    w
}

fn write_c(w: &mut String, s: &MatmulSpec, c_vec: bool) {
    let t = &s.tile;
    w.push_str("  let c_base = wg.z * M * N;\n");
    let exact = s.m.is_multiple_of(t.bm) && s.n.is_multiple_of(t.bn);
    for r in 0..t.tm {
        let row = format!(
            "row0 + {}u + ty * 4u + {}u",
            (r / 4) * t.bm * 4 / t.tm,
            r % 4
        );
        for h in 0..t.tn / 4 {
            let col = format!("col0 + {}u + tx * 4u", h * t.bn * 4 / t.tn);
            let _ = writeln!(w, "  {{ let r = {row}; let n = {col}; var v = c{r}_{h};");
            if c_vec {
                if s.bias {
                    w.push_str("    if (n < N) { v = v + bias[n / 4u]; }\n");
                }
                if exact {
                    w.push_str("    c[(c_base + r * N + n) / 4u] = v;\n");
                } else {
                    w.push_str("    if (r < M && n < N) { c[(c_base + r * N + n) / 4u] = v; }\n");
                }
            } else {
                for (i, comp) in COMPONENTS.iter().enumerate() {
                    let bias = if s.bias {
                        format!(" + bias[n + {i}u]")
                    } else {
                        String::new()
                    };
                    let _ = writeln!(
                        w,
                        "    if (r < M && n + {i}u < N) {{ c[c_base + r * N + n + {i}u] = v.{comp}{bias}; }}"
                    );
                }
            }
            w.push_str("  }\n");
        }
    }
}
