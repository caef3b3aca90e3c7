//! f16 × f16 → f32 matrix product on cooperative matrices (`coop_mat16x16`, tensor cores on NVIDIA).
//!
//! A workgroup of `sg_rows · sg_cols` subgroups (32 lanes each) computes a `bm x bn` tile of C. Each K step stages
//! `bm x bk` of A and `bk x bn` of B in workgroup memory, every staged row padded by `pad` halves (without the
//! padding bank conflicts halve the speed, TOOLCHAIN.md); each subgroup then multiplies its `(bm/sg_rows) x
//! (bn/sg_cols)` block as 16x16 fragments held in named accumulators. With `double_buffer` the next tile is
//! loaded into registers while the current one is multiplied, then stored to the other buffer (one barrier per K
//! step). Every index and stride handed to `coopLoadT`/`coopStoreT` is bound to a `let` first: inline expressions
//! there make naga 30's SPIR-V writer panic.
//!
//! Loads outside A or B read zero; when the tile does not divide `m x n`, fragments go through workgroup memory and
//! only the elements inside C are written.

use super::Generated;
use crate::spec::CoopMatmulSpec;
use std::fmt::Write;

/// Generates the kernel of `s`.
pub fn generate(s: &CoopMatmulSpec) -> Generated {
    let t = &s.tile;
    let threads = t.threads();
    let (wm, wn) = (t.bm / t.sg_rows, t.bn / t.sg_cols);
    let (tm, tn) = (wm / 16, wn / 16);
    let nbuf = if t.double_buffer { 2 } else { 1 };
    let (sa, sb) = (t.bk + t.pad, t.bn + t.pad);
    let (a_units, b_units) = (t.bm * t.bk / 4 / threads, t.bk * t.bn / 4 / threads);
    let exact = s.m.is_multiple_of(t.bm) && s.n.is_multiple_of(t.bn);
    let unit = if t.vec_shared { 4 } else { 1 };
    let mut w = String::new();
    let _ = writeln!(
        w,
        "const M: u32 = {}u;\nconst N: u32 = {}u;\nconst K: u32 = {}u;\nconst KTILES: u32 = {}u;",
        s.m,
        s.n,
        s.k,
        s.k.div_ceil(t.bk)
    );
    let _ = writeln!(
        w,
        "const SA: u32 = {}u;\nconst SB: u32 = {}u;\nconst ABUF: u32 = {}u;\nconst BBUF: u32 = {}u;",
        sa / unit,
        sb / unit,
        t.bm * sa / unit,
        t.bk * sb / unit
    );
    // With `vec_shared` every shared offset and stride below counts vec4<f16> units (`u` = 4 halves).
    let (elem, u) = if t.vec_shared {
        ("vec4<f16>", 4)
    } else {
        ("f16", 1)
    };
    let _ = writeln!(
        w,
        "var<workgroup> As: array<{elem}, {}>;",
        nbuf * t.bm * sa / u
    );
    let _ = writeln!(
        w,
        "var<workgroup> Bs: array<{elem}, {}>;",
        nbuf * t.bk * sb / u
    );
    let mut shared = 2 * nbuf * (t.bm * sa + t.bk * sb);
    if !exact {
        let _ = writeln!(
            w,
            "var<workgroup> Cs: array<f32, {}>;",
            t.sg_rows * t.sg_cols * 256
        );
        shared += 4 * t.sg_rows * t.sg_cols * 256;
    }
    // Unit u of the A tile: row u / (bk/4), halves 4(u % (bk/4)).. ; of the B tile: row u / (bn/4).
    let _ = writeln!(
        w,
        "\nfn load_a(u: u32, row0: u32, k0: u32) -> vec4<f16> {{\n  let r = row0 + u / {q}u;\n  let k = k0 + (u % {q}u) * 4u;\n  if (r < M && k < K) {{ return a[(r * K + k) / 4u]; }}\n  return vec4<f16>(0.0h);\n}}",
        q = t.bk / 4
    );
    let _ = writeln!(
        w,
        "fn load_b(u: u32, col0: u32, k0: u32) -> vec4<f16> {{\n  let k = k0 + u / {q}u;\n  let n = col0 + (u % {q}u) * 4u;\n  if (k < K && n < N) {{ return b[(k * N + n) / 4u]; }}\n  return vec4<f16>(0.0h);\n}}",
        q = t.bn / 4
    );
    for (name, arr, stride, q) in [("a", "As", "SA", t.bk / 4), ("b", "Bs", "SB", t.bn / 4)] {
        let body = if t.vec_shared {
            format!("  {arr}[buf + (u / {q}u) * {stride} + u % {q}u] = v;")
        } else {
            format!(
                "  let o = buf + (u / {q}u) * {stride} + (u % {q}u) * 4u;\n  {arr}[o] = v.x; {arr}[o + 1u] = v.y; {arr}[o + 2u] = v.z; {arr}[o + 3u] = v.w;"
            )
        };
        let _ = writeln!(
            w,
            "fn store_{name}(u: u32, buf: u32, v: vec4<f16>) {{\n{body}\n}}"
        );
    }
    let _ = writeln!(
        w,
        "@compute @workgroup_size({threads})\nfn main(@builtin(local_invocation_index) t: u32, @builtin(workgroup_id) wg: vec3<u32>) {{"
    );
    let _ = writeln!(
        w,
        "  let sg = t / 32u;\n  let sr = sg / {c}u;\n  let sc = sg % {c}u;\n  let row0 = wg.y * {bm}u;\n  let col0 = wg.x * {bn}u;",
        c = t.sg_cols,
        bm = t.bm,
        bn = t.bn
    );
    for i in 0..tm {
        for j in 0..tn {
            let _ = writeln!(w, "  var acc{i}_{j} = coop_mat16x16<f32, C>();");
        }
    }
    let loads = |w: &mut String, k0: &str, decl: &str| {
        for u in 0..a_units {
            let _ = writeln!(
                w,
                "  {decl}ra{u} = load_a(t + {}u, row0, {k0});",
                u * threads
            );
        }
        for u in 0..b_units {
            let _ = writeln!(
                w,
                "  {decl}rb{u} = load_b(t + {}u, col0, {k0});",
                u * threads
            );
        }
    };
    let stores = |w: &mut String, abuf: &str, bbuf: &str| {
        for u in 0..a_units {
            let _ = writeln!(w, "  store_a(t + {}u, {abuf}, ra{u});", u * threads);
        }
        for u in 0..b_units {
            let _ = writeln!(w, "  store_b(t + {}u, {bbuf}, rb{u});", u * threads);
        }
    };
    loads(&mut w, "0u", "var ");
    stores(&mut w, "0u", "0u");
    w.push_str("  workgroupBarrier();\n  for (var kt = 0u; kt < KTILES; kt = kt + 1u) {\n");
    w.push_str("  let more = kt + 1u < KTILES;\n  let k1 = (kt + 1u) * ");
    let _ = writeln!(w, "{}u;", t.bk);
    if t.double_buffer {
        w.push_str("  let a_cur = (kt % 2u) * ABUF;\n  let b_cur = (kt % 2u) * BBUF;\n");
        w.push_str("  if (more) {\n");
        loads(&mut w, "k1", "");
        w.push_str("  }\n");
    } else {
        w.push_str("  let a_cur = 0u;\n  let b_cur = 0u;\n");
    }
    for kk in 0..t.bk / 16 {
        w.push_str("  {\n");
        for i in 0..tm {
            let _ = writeln!(
                w,
                "    let pa{i} = a_cur + (sr * {wm}u + {}u) * SA + {}u;\n    let fa{i} = coopLoadT<coop_mat16x16<f16, A>>(&As[pa{i}], SA);",
                i * 16,
                kk * 16 / unit
            );
        }
        for j in 0..tn {
            let _ = writeln!(
                w,
                "    let pb{j} = b_cur + {}u * SB + sc * {}u + {}u;\n    let fb{j} = coopLoadT<coop_mat16x16<f16, B>>(&Bs[pb{j}], SB);",
                kk * 16,
                wn / unit,
                j * 16 / unit
            );
        }
        for i in 0..tm {
            for j in 0..tn {
                let _ = writeln!(
                    w,
                    "    acc{i}_{j} = coopMultiplyAdd(fa{i}, fb{j}, acc{i}_{j});"
                );
            }
        }
        w.push_str("  }\n");
    }
    if t.double_buffer {
        w.push_str("  if (more) {\n  let a_nxt = ABUF - a_cur;\n  let b_nxt = BBUF - b_cur;\n");
        stores(&mut w, "a_nxt", "b_nxt");
        w.push_str("  }\n  workgroupBarrier();\n");
    } else {
        w.push_str("  workgroupBarrier();\n  if (more) {\n");
        loads(&mut w, "k1", "");
        stores(&mut w, "0u", "0u");
        w.push_str("  }\n  workgroupBarrier();\n");
    }
    w.push_str("  }\n");
    store_c(&mut w, tm, tn, wm, wn, exact);
    w.push_str("}\n");
    Generated {
        body: w,
        workgroups: [s.n.div_ceil(t.bn) as u32, s.m.div_ceil(t.bm) as u32, 1],
        vec4_bindings: vec!["a", "b"],
        needs_f16: true,
        needs_coop: true,
        shared_bytes: shared,
    }
}

fn store_c(w: &mut String, tm: usize, tn: usize, wm: usize, wn: usize, exact: bool) {
    w.push_str("  let ldc = N;\n");
    for i in 0..tm {
        for j in 0..tn {
            let _ = writeln!(
                w,
                "  {{\n    let r = row0 + sr * {wm}u + {}u;\n    let n = col0 + sc * {wn}u + {}u;",
                i * 16,
                j * 16
            );
            if exact {
                let _ = writeln!(
                    w,
                    "    let pc = r * N + n;\n    coopStoreT(acc{i}_{j}, &c[pc], ldc);"
                );
            } else {
                let _ = writeln!(
                    w,
                    "    let ps = sg * 256u;\n    let s16 = 16u;\n    coopStoreT(acc{i}_{j}, &Cs[ps], s16);\n    workgroupBarrier();"
                );
                w.push_str(
                    "    for (var e = t % 32u; e < 256u; e = e + 32u) {\n      let rr = r + e / 16u;\n      let nn = n + e % 16u;\n      if (rr < M && nn < N) { c[rr * N + nn] = Cs[ps + e]; }\n    }\n    workgroupBarrier();\n",
                );
            }
            w.push_str("  }\n");
        }
    }
}
