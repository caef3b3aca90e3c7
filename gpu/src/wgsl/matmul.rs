//! The f32 matrix product: 128x128 workgroup tile, BK = 8, 256 threads, 8x8 outputs per thread, fully unrolled.
//!
//! Layout (thread `t`, `tx = t % 16`, `ty = t / 16`): the thread owns rows `4ty..4ty+4` and `64+4ty..64+4ty+4`
//! and columns `4tx..4tx+4` and `64+4tx..64+4tx+4` of the tile, held in 16 named `vec4` accumulators `c{r}_{h}`
//! (row `r` of 8, column half `h`). Per step of `k` a thread reads two `vec4` of A (staged transposed, `As[k][m]`)
//! and two of B (`Bs[k][n]`) from workgroup memory and issues 64 FMAs. The staging is double-buffered: the next
//! K tile is read from global memory into registers before this one is multiplied and stored to the other buffer
//! after, so each K step needs one barrier. `b_transposed` (a linear layer's `[n,k]` weight) stages B like A.
//!
//! Shapes the tile does not divide are masked: loads outside the matrix read zero, stores outside are skipped;
//! a spec whose shapes divide the tile gets code without the checks.

use super::Generated;
use crate::spec::MatmulSpec;
use std::fmt::Write;

const TILE: usize = 128;
const BK: usize = 8;

/// Generates the kernel of `s`.
pub fn generate(s: &MatmulSpec) -> Generated {
    let mut vec4_bindings = Vec::new();
    // vec4 global access needs rows that are multiples of 4 floats.
    let a_vec = s.k.is_multiple_of(4);
    let b_vec = if s.b_transposed {
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
    let tiles = s.k.div_ceil(BK);
    let _ = writeln!(
        w,
        "const M: u32 = {}u;\nconst N: u32 = {}u;\nconst K: u32 = {}u;\nconst KTILES: u32 = {tiles}u;",
        s.m, s.n, s.k
    );
    w.push_str(
        "var<workgroup> As: array<vec4<f32>, 512>;\nvar<workgroup> Bs: array<vec4<f32>, 512>;\n\n",
    );
    w.push_str(&load_fn(
        "a",
        a_vec,
        "M",
        s.m.is_multiple_of(TILE) && s.k.is_multiple_of(BK),
    ));
    w.push_str(&if s.b_transposed {
        load_fn(
            "b",
            b_vec,
            "N",
            s.n.is_multiple_of(TILE) && s.k.is_multiple_of(BK),
        )
    } else {
        load_b_fn(b_vec, s.n.is_multiple_of(TILE) && s.k.is_multiple_of(BK))
    });
    w.push_str(&main_fn(s, c_vec));
    Generated {
        body: w,
        workgroups: [
            s.n.div_ceil(TILE) as u32,
            s.m.div_ceil(TILE) as u32,
            s.batch as u32,
        ],
        vec4_bindings,
        shared_bytes: 2 * 512 * 16,
        ..Default::default()
    }
}

/// `fn load_{x}(base, row0, k0, t) -> vec4<f32>`: the 4 consecutive `k` of row `row0 + t/2` at `k0 + 4(t%2)` of a
/// row-major `[rows, K]` matrix (A, or a transposed B), zero outside it.
fn load_fn(x: &str, vec: bool, rows: &str, exact: bool) -> String {
    let mut w = String::new();
    let _ = writeln!(
        w,
        "fn load_{x}(base: u32, row0: u32, k0: u32, t: u32) -> vec4<f32> {{"
    );
    w.push_str("  let r = row0 + t / 2u;\n  let k = k0 + (t % 2u) * 4u;\n");
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
            for (c, comp) in ["x", "y", "z", "w"].iter().enumerate() {
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

/// `fn load_b(base, col0, k0, t) -> vec4<f32>`: row `k0 + t/32`, columns `col0 + 4(t%32)..+4` of `[K, N]` B.
fn load_b_fn(vec: bool, exact: bool) -> String {
    let mut w = String::from("fn load_b(base: u32, col0: u32, k0: u32, t: u32) -> vec4<f32> {\n");
    w.push_str("  let k = k0 + t / 32u;\n  let n = col0 + (t % 32u) * 4u;\n");
    if exact && vec {
        w.push_str("  return b[(base + k * N + n) / 4u];\n");
    } else if exact {
        w.push_str("  let i = base + k * N + n;\n  return vec4<f32>(b[i], b[i + 1u], b[i + 2u], b[i + 3u]);\n");
    } else {
        w.push_str("  var v = vec4<f32>(0.0);\n  if (k < K) {\n");
        if vec {
            w.push_str("    if (n < N) { v = b[(base + k * N + n) / 4u]; }\n");
        } else {
            for (c, comp) in ["x", "y", "z", "w"].iter().enumerate() {
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

/// Stores a thread's loaded A (or transposed B) vector into `As`/`Bs` buffer `buf`, transposed: `S[k][m]`.
fn store_transposed(w: &mut String, shared: &str, reg: &str, buf: &str) {
    let _ = writeln!(
        w,
        "    {{ let m = t / 2u; let k = (t % 2u) * 4u; let o = {buf} + k * 32u + m / 4u; let c = m % 4u;"
    );
    for (i, comp) in ["x", "y", "z", "w"].iter().enumerate() {
        let _ = writeln!(w, "      {shared}[o + {}u][c] = {reg}.{comp};", i * 32);
    }
    w.push_str("    }\n");
}

fn store_all(w: &mut String, s: &MatmulSpec, buf: &str) {
    store_transposed(w, "As", "ra", buf);
    if s.b_transposed {
        store_transposed(w, "Bs", "rb", buf);
    } else {
        let _ = writeln!(w, "    Bs[{buf} + (t / 32u) * 32u + t % 32u] = rb;");
    }
}

fn main_fn(s: &MatmulSpec, c_vec: bool) -> String {
    let mut w = String::from(
        "@compute @workgroup_size(256)\nfn main(@builtin(local_invocation_index) t: u32, @builtin(workgroup_id) wg: vec3<u32>) {\n",
    );
    w.push_str("  let tx = t % 16u;\n  let ty = t / 16u;\n  let row0 = wg.y * 128u;\n  let col0 = wg.x * 128u;\n");
    w.push_str("  let a_base = wg.z * M * K;\n");
    let b_base = if s.b_transposed { "0u" } else { "wg.z * K * N" };
    let _ = writeln!(w, "  let b_base = {b_base};");
    for r in 0..8 {
        for h in 0..2 {
            let _ = writeln!(w, "  var c{r}_{h} = vec4<f32>(0.0);");
        }
    }
    let load_b = "load_b(b_base, col0, k0, t)";
    let _ = writeln!(
        w,
        "  var k0 = 0u;\n  var ra = load_a(a_base, row0, k0, t);\n  var rb = {load_b};"
    );
    store_all(&mut w, s, "0u");
    w.push_str("  workgroupBarrier();\n");
    w.push_str("  for (var kt = 0u; kt < KTILES; kt = kt + 1u) {\n");
    w.push_str("    let cur = (kt % 2u) * 256u;\n    let nxt = 256u - cur;\n    let more = kt + 1u < KTILES;\n");
    let _ = writeln!(
        w,
        "    if (more) {{\n      k0 = (kt + 1u) * 8u;\n      ra = load_a(a_base, row0, k0, t);\n      rb = {load_b};\n    }}"
    );
    for k in 0..BK {
        let _ = writeln!(
            w,
            "    {{ let a0 = As[cur + {o}u + ty]; let a1 = As[cur + {o2}u + ty]; let b0 = Bs[cur + {o}u + tx]; let b1 = Bs[cur + {o2}u + tx];",
            o = k * 32,
            o2 = k * 32 + 16
        );
        for r in 0..8 {
            let a = if r < 4 { "a0" } else { "a1" };
            let comp = ["x", "y", "z", "w"][r % 4];
            for h in 0..2 {
                let _ = writeln!(
                    w,
                    "      c{r}_{h} = fma(vec4<f32>({a}.{comp}), b{h}, c{r}_{h});"
                );
            }
        }
        w.push_str("    }\n");
    }
    w.push_str("    if (more) {\n");
    store_all(&mut w, s, "nxt");
    w.push_str("    }\n    workgroupBarrier();\n  }\n");
    write_c(&mut w, s, c_vec);
    w.push_str("}\n");
    w
}

fn write_c(w: &mut String, s: &MatmulSpec, c_vec: bool) {
    w.push_str("  let c_base = wg.z * M * N;\n");
    let exact = s.m.is_multiple_of(TILE) && s.n.is_multiple_of(TILE);
    for r in 0..8 {
        let row = if r < 4 {
            format!("row0 + ty * 4u + {r}u")
        } else {
            format!("row0 + 64u + ty * 4u + {}u", r - 4)
        };
        for h in 0..2 {
            let col = format!("col0 + {}u + tx * 4u", h * 64);
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
                for (i, comp) in ["x", "y", "z", "w"].iter().enumerate() {
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
