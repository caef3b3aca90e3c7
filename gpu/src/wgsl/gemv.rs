//! `y = x · wᵀ (+ bias)` for few rows of `x` (decode): memory-bound, so each 256-thread workgroup reads 4 rows of
//! `w` once, coalesced (`vec4` when `k % 4 == 0`), and reduces the 4 dot products per row of `x` in workgroup
//! memory.

use super::util::grid_1d;
use super::Generated;
use std::fmt::Write;

const WG: usize = 256;
const COLS: usize = 4;

/// Generates the kernel for `x: [m, k]`, `w: [n, k]`.
pub fn generate(m: usize, n: usize, k: usize, bias: bool) -> Generated {
    let vec = k.is_multiple_of(4);
    let kv = if vec { k / 4 } else { k };
    let groups = n.div_ceil(COLS);
    let grid = grid_1d(groups);
    let mut w = String::from("var<workgroup> red: array<vec4<f32>, 256>;\n");
    let _ = writeln!(
        w,
        "@compute @workgroup_size({WG})\nfn main(@builtin(local_invocation_index) t: u32, @builtin(workgroup_id) wid: vec3<u32>) {{\n  let g = min(wid.x + wid.y * {gx}u, {last}u);\n  let c0 = g * {COLS}u;",
        gx = grid[0],
        last = groups - 1
    );
    for c in 0..COLS {
        let _ = writeln!(w, "  let w{c} = min(c0 + {c}u, {}u) * {kv}u;", n - 1);
    }
    let _ = writeln!(
        w,
        "  for (var r = 0u; r < {m}u; r = r + 1u) {{\n    var acc = vec4<f32>(0.0);\n    for (var kk = t; kk < {kv}u; kk = kk + {WG}u) {{\n      let xv = x[r * {kv}u + kk];"
    );
    let term = |c: usize| {
        if vec {
            format!("dot(xv, w[w{c} + kk])")
        } else {
            format!("xv * w[w{c} + kk]")
        }
    };
    let _ = writeln!(
        w,
        "      acc = acc + vec4<f32>({}, {}, {}, {});\n    }}",
        term(0),
        term(1),
        term(2),
        term(3)
    );
    let _ = writeln!(
        w,
        "    red[t] = acc;\n    workgroupBarrier();\n    for (var s = {}u; s > 0u; s = s / 2u) {{\n      if (t < s) {{ red[t] = red[t] + red[t + s]; }}\n      workgroupBarrier();\n    }}",
        WG / 2
    );
    w.push_str("    if (t < 4u) {\n      let col = c0 + t;\n");
    let b = if bias { " + bias[col]" } else { "" };
    let _ = writeln!(
        w,
        "      if (col < {n}u) {{ y[r * {n}u + col] = red[0][t]{b}; }}\n    }}\n    workgroupBarrier();\n  }}\n}}"
    );
    Generated {
        body: w,
        workgroups: grid,
        vec4_bindings: if vec { vec!["x", "w"] } else { vec![] },
        shared_bytes: WG * 16,
        ..Default::default()
    }
}
