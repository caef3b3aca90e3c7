//! f16 × f16 → f32 matrix product on cooperative matrices (`coop_mat16x16`, tensor cores on NVIDIA).
//!
//! A workgroup of `sg_rows · sg_cols` subgroups (32 lanes each) computes a `bm x bn` tile of C. Each K step stages
//! `bm x bk` of A and `bk x bn` of B in workgroup memory, every staged row padded by `pad` halves (without the
//! padding bank conflicts halve the speed, TOOLCHAIN.md); each subgroup then multiplies its `(bm/sg_rows) x
//! (bn/sg_cols)` block as 16x16 fragments held in named accumulators. With `double_buffer` the next tile is
//! loaded into registers while the current one is multiplied, then stored to the other buffer (one barrier per K
//! step; with `depth2` two register sets, loads two tiles ahead); with `prefetch` (single buffer) the next tile is
//! loaded into registers before the products and stored after them, between two barriers. With `stage16` every
//! load, staging store and fragment pointer moves 16-byte words (`mat2x4<f16>`, fragments read through a word's
//! first `vec4<f16>` column): 2.4x the scalar staging on an H200 (driver SASS: `STS.128` staging stores, `LDSM`
//! fragment loads, `HMMA.16816.F32`; bench/GPU_RESULTS.md). `direct` kernels use no workgroup memory ([`generate_direct`]). Every
//! index and stride handed to `coopLoadT`/`coopStoreT` is bound to a `let` first: inline expressions there make
//! naga 30's SPIR-V writer panic.
//!
//! Loads outside A or B read zero; when the tile does not divide `m x n`, fragments go through workgroup memory and
//! only the elements inside C are written.

use super::Generated;
use crate::spec::{CoopMatmulSpec, CoopTile};
use std::fmt::Write;

/// Generates the kernel of `s`.
pub fn generate(s: &CoopMatmulSpec) -> Generated {
    let t = &s.tile;
    if t.direct {
        return generate_direct(s);
    }
    let sizes = StagedSizes::of(s);
    let mut w = String::new();
    let shared_bytes = declare_shared(&mut w, s, &sizes);
    device_loads(&mut w, s, sizes.lw);
    for (name, arr, stride, q) in [
        ("a", "As", "SA", t.bk / sizes.lw),
        ("b", "Bs", "SB", t.bn / sizes.lw),
    ] {
        shared_store(&mut w, t, sizes.lw, [name, arr, stride], q);
    }
    staged_main(&mut w, s, &sizes);
    // A and B bound as 16-byte `mat2x4<f16>` words, else as `vec4<f16>`.
    let words16 = t.wide_loads || t.stage16;
    Generated {
        body: w,
        workgroups: [s.n.div_ceil(t.bn) as u32, s.m.div_ceil(t.bm) as u32, 1],
        vec4_bindings: if words16 { vec![] } else { vec!["a", "b"] },
        wide_bindings: if words16 {
            vec![("a", "mat2x4<f16>"), ("b", "mat2x4<f16>")]
        } else {
            vec![]
        },
        needs_f16: true,
        needs_coop: true,
        writes_shared_first: true,
        needs_subgroups: false,
        shared_bytes,
    }
}

/// The sizes of a staged (not `direct`) kernel that its parts share.
struct StagedSizes {
    /// Threads of a workgroup.
    threads: usize,
    /// Rows of a subgroup's block.
    wm: usize,
    /// Columns of a subgroup's block.
    wn: usize,
    /// 16x16 fragments of a subgroup's block along its rows.
    tm: usize,
    /// 16x16 fragments of a subgroup's block along its columns.
    tn: usize,
    /// Staging buffers (2 with `double_buffer`).
    nbuf: usize,
    /// Padded row length of the staged A tile, in halves.
    sa: usize,
    /// Padded row length of the staged B tile, in halves.
    sb: usize,
    /// Halves per device-memory load.
    lw: usize,
    /// Device loads per thread of the A tile.
    a_units: usize,
    /// Device loads per thread of the B tile.
    b_units: usize,
    /// C is stored straight from the accumulators (whole tiles, f32 accumulators).
    exact: bool,
    /// Halves per unit of the shared offsets and strides.
    unit: usize,
}

impl StagedSizes {
    /// The sizes of `s`'s kernel.
    fn of(s: &CoopMatmulSpec) -> StagedSizes {
        let t = &s.tile;
        let threads = t.threads();
        let (wm, wn) = (t.bm / t.sg_rows, t.bn / t.sg_cols);
        // Halves per device-memory load: 4 (`vec4<f16>`, 8 bytes) or 8 (`mat2x4<f16>`, 16 bytes: naga 30 types
        // `bitcast<vec2<f16>>(u32)` as a scalar, so a `vec4<u32>` cannot be unpacked without conversions).
        // With `stage16` the unit is a `vec4<u32>` word (8 halves) from device memory to `coopLoadT`.
        let lw = if t.wide_loads || t.stage16 { 8 } else { 4 };
        StagedSizes {
            threads,
            wm,
            wn,
            tm: wm / 16,
            tn: wn / 16,
            nbuf: if t.double_buffer { 2 } else { 1 },
            sa: t.bk + t.pad,
            sb: t.bn + t.pad,
            lw,
            a_units: t.bm * t.bk / lw / threads,
            b_units: t.bk * t.bn / lw / threads,
            // f16 accumulators reach the f32 output through workgroup memory, like partial tiles do.
            exact: s.m.is_multiple_of(t.bm) && s.n.is_multiple_of(t.bn) && !t.acc_f16,
            unit: if t.stage16 {
                8
            } else if t.vec_shared {
                4
            } else {
                1
            },
        }
    }
}

/// The scalar type of the accumulators.
fn acc_type(t: &CoopTile) -> &'static str {
    if t.acc_f16 {
        "f16"
    } else {
        "f32"
    }
}

/// The type of one device-memory load and its zero.
fn load_type(t: &CoopTile) -> (&'static str, &'static str) {
    if t.wide_loads || t.stage16 {
        ("mat2x4<f16>", "mat2x4<f16>()")
    } else {
        ("vec4<f16>", "vec4<f16>(0.0h)")
    }
}

/// The shape constants and the workgroup arrays (As, Bs, and Cs where C goes through workgroup memory); returns
/// the bytes of workgroup memory they take.
fn declare_shared(w: &mut String, s: &CoopMatmulSpec, z: &StagedSizes) -> usize {
    let t = &s.tile;
    let (sa, sb, u) = (z.sa, z.sb, z.unit);
    super::util::shape_consts(w, s.m, s.n, s.k, t.bk);
    let _ = writeln!(
        w,
        "const SA: u32 = {}u;\nconst SB: u32 = {}u;\nconst ABUF: u32 = {}u;\nconst BBUF: u32 = {}u;",
        sa / u,
        sb / u,
        t.bm * sa / u,
        t.bk * sb / u
    );
    // With `vec_shared` (`stage16`) every shared offset and stride below counts vec4<f16> (vec4<u32>) units.
    let elem = if t.stage16 {
        "mat2x4<f16>"
    } else if t.vec_shared {
        "vec4<f16>"
    } else {
        "f16"
    };
    let _ = writeln!(
        w,
        "var<workgroup> As: array<{elem}, {}>;",
        z.nbuf * t.bm * sa / u
    );
    let _ = writeln!(
        w,
        "var<workgroup> Bs: array<{elem}, {}>;",
        z.nbuf * t.bk * sb / u
    );
    let mut shared = 2 * z.nbuf * (t.bm * sa + t.bk * sb);
    if !z.exact {
        let _ = writeln!(
            w,
            "var<workgroup> Cs: array<{}, {}>;",
            acc_type(t),
            t.sg_rows * t.sg_cols * 256
        );
        shared += if t.acc_f16 { 2 } else { 4 } * t.sg_rows * t.sg_cols * 256;
    }
    shared
}

/// `load_a`, `load_b`: one `lw`-half unit of the A or B tile from device memory (zero outside the matrix).
fn device_loads(w: &mut String, s: &CoopMatmulSpec, lw: usize) {
    let t = &s.tile;
    // Unit u of the A tile: row u / (bk/lw), halves lw(u % (bk/lw)).. ; of the B tile: row u / (bn/lw).
    let (vty, zero) = load_type(t);
    // `stage16` with whole tiles: no bounds test on the device loads.
    let whole = s.m.is_multiple_of(t.bm) && s.n.is_multiple_of(t.bn) && s.k.is_multiple_of(t.bk);
    let guarded = |test: &str, load: &str| {
        if t.stage16 && whole {
            format!("return {load};")
        } else {
            format!("if ({test}) {{ return {load}; }}\n  return {zero};")
        }
    };
    let ga = guarded("r < M && k < K", &format!("a[(r * K + k) / {lw}u]"));
    let gb = guarded("k < K && n < N", &format!("b[(k * N + n) / {lw}u]"));
    let _ = writeln!(
        w,
        "\nfn load_a(u: u32, row0: u32, k0: u32) -> {vty} {{\n  let r = row0 + u / {q}u;\n  let k = k0 + (u % {q}u) * {lw}u;\n  {ga}\n}}",
        q = t.bk / lw
    );
    let _ = writeln!(
        w,
        "fn load_b(u: u32, col0: u32, k0: u32) -> {vty} {{\n  let k = k0 + u / {q}u;\n  let n = col0 + (u % {q}u) * {lw}u;\n  {gb}\n}}",
        q = t.bn / lw
    );
}

/// `store_{name}`: one loaded unit into the shared array `arr` (row stride `stride`, `q` units a row), whole
/// (`vec_shared`, `stage16`) or half by half.
fn shared_store(w: &mut String, t: &CoopTile, lw: usize, [name, arr, stride]: [&str; 3], q: usize) {
    let (vty, _) = load_type(t);
    let body = if t.vec_shared || t.stage16 {
        format!("  {arr}[buf + (u / {q}u) * {stride} + u % {q}u] = v;")
    } else {
        let mut b = format!("  let o = buf + (u / {q}u) * {stride} + (u % {q}u) * {lw}u;\n");
        if t.rot_stores {
            rotated_half_stores(&mut b, t, lw, arr);
        } else {
            for j in 0..lw {
                let _ = writeln!(b, "  {arr}[o + {j}u] = {};", unit_half(t, j));
            }
        }
        b.pop();
        b
    };
    let _ = writeln!(
        w,
        "fn store_{name}(u: u32, buf: u32, v: {vty}) {{\n{body}\n}}"
    );
}

/// Half `i` of the loaded unit `v`: a component of the `vec4<f16>`, or of one of the `mat2x4<f16>`'s two columns.
fn unit_half(t: &CoopTile, i: usize) -> String {
    let c = ["x", "y", "z", "w"][i % 4];
    if t.wide_loads {
        format!("v[{}].{c}", i / 4)
    } else {
        format!("v.{c}")
    }
}

/// The scalar stores of one unit to `arr[o..]` in an order rotated per lane group (`rot_stores`).
fn rotated_half_stores(b: &mut String, t: &CoopTile, lw: usize, arr: &str) {
    // Lanes 16 apart (lw 4) or 8 apart (lw 8) store to the same bank: rotate their store order by 2
    // halves (one 4-byte word) per lane group, so each store instruction hits distinct banks.
    let _ = writeln!(
        b,
        "  let g0 = ((u >> {}u) & 1u) == 1u;",
        if lw == 8 { 3 } else { 4 }
    );
    if lw == 8 {
        b.push_str("  let g1 = ((u >> 4u) & 1u) == 1u;\n");
    }
    let comp = |i: usize| unit_half(t, i);
    for j in 0..lw {
        let (e, i) = if lw == 8 {
            let c = |d: usize| (j + d) % 8;
            (
                format!(
                    "select(select({}, {}, g0), select({}, {}, g0), g1)",
                    comp(c(0)),
                    comp(c(2)),
                    comp(c(4)),
                    comp(c(6))
                ),
                format!(
                    "select(select({}u, {}u, g0), select({}u, {}u, g0), g1)",
                    c(0),
                    c(2),
                    c(4),
                    c(6)
                ),
            )
        } else {
            let alt = (j + 2) % 4;
            (
                format!("select({}, {}, g0)", comp(j), comp(alt)),
                format!("select({j}u, {alt}u, g0)"),
            )
        };
        let _ = writeln!(b, "  {arr}[o + {i}] = {e};");
    }
}

/// The entry point of a staged kernel: subgroup position, tile origin, accumulators, the K loop and the store
/// of C.
fn staged_main(w: &mut String, s: &CoopMatmulSpec, z: &StagedSizes) {
    let t = &s.tile;
    let _ = writeln!(
        w,
        "@compute @workgroup_size({})\nfn main(@builtin(local_invocation_index) t: u32, @builtin(workgroup_id) wg: vec3<u32>) {{",
        z.threads
    );
    let _ = writeln!(
        w,
        "  let sg = t / 32u;\n  let sr = sg / {c}u;\n  let sc = sg % {c}u;",
        c = t.sg_cols
    );
    tile_origin(w, s);
    let acc = acc_type(t);
    for i in 0..z.tm {
        for j in 0..z.tn {
            let _ = writeln!(w, "  var acc{i}_{j} = coop_mat16x16<{acc}, C>();");
        }
    }
    let st = Staging {
        t,
        threads: z.threads,
        a_units: z.a_units,
        b_units: z.b_units,
        unit: z.unit,
    };
    // `stage16`: fragments through the first `vec4<f16>` column of a word, strides in columns.
    if t.stage16 {
        w.push_str("  let SA2 = 2u * SA;\n  let SB2 = 2u * SB;\n");
    }
    if t.depth2 {
        main_loop_depth2(w, &st, s.k.div_ceil(t.bk));
    } else {
        main_loop(w, &st);
    }
    store_c(w, z.tm, z.tn, z.wm, z.wn, z.exact);
    w.push_str("}\n");
}

/// What the staging code of a tile needs: loads and stores per thread, and the unit of the shared offsets.
struct Staging<'a> {
    t: &'a CoopTile,
    threads: usize,
    a_units: usize,
    b_units: usize,
    unit: usize,
}

impl Staging<'_> {
    /// Loads of the tiles at `k0` into the registers `ra{set}{u}`, `rb{set}{u}` (declared with `decl`).
    fn loads(&self, w: &mut String, set: &str, k0: &str, decl: &str) {
        for u in 0..self.a_units {
            let t0 = u * self.threads;
            let _ = writeln!(w, "  {decl}ra{set}{u} = load_a(t + {t0}u, row0, {k0});");
        }
        for u in 0..self.b_units {
            let t0 = u * self.threads;
            let _ = writeln!(w, "  {decl}rb{set}{u} = load_b(t + {t0}u, col0, {k0});");
        }
    }

    /// Stores of the registers `ra{set}`, `rb{set}` to the shared buffers at `abuf`, `bbuf`.
    fn stores(&self, w: &mut String, set: &str, abuf: &str, bbuf: &str) {
        for u in 0..self.a_units {
            let t0 = u * self.threads;
            let _ = writeln!(w, "  store_a(t + {t0}u, {abuf}, ra{set}{u});");
        }
        for u in 0..self.b_units {
            let t0 = u * self.threads;
            let _ = writeln!(w, "  store_b(t + {t0}u, {bbuf}, rb{set}{u});");
        }
    }

    /// The products of one K step from the shared buffers at `a_cur`, `b_cur` (in scope).
    fn products(&self, w: &mut String) {
        let t = self.t;
        let (wm, wn) = (t.bm / t.sg_rows, t.bn / t.sg_cols);
        let (tm, tn, unit) = (wm / 16, wn / 16, self.unit);
        let (col, x2) = if t.stage16 { ("[0]", "2") } else { ("", "") };
        // Fragments of K block `kk` (names suffixed `_kk`), and its products.
        let frag_loads = |w: &mut String, kk: usize| {
            for i in 0..tm {
                let _ = writeln!(
                    w,
                    "    let pa{i}_{kk} = a_cur + (sr * {wm}u + {}u) * SA + {}u;\n    let fa{i}_{kk} = coopLoadT<coop_mat16x16<f16, A>>(&As[pa{i}_{kk}]{col}, SA{x2});",
                    i * 16,
                    kk * 16 / unit
                );
            }
            for j in 0..tn {
                let _ = writeln!(
                    w,
                    "    let pb{j}_{kk} = b_cur + {}u * SB + sc * {}u + {}u;\n    let fb{j}_{kk} = coopLoadT<coop_mat16x16<f16, B>>(&Bs[pb{j}_{kk}]{col}, SB{x2});",
                    kk * 16,
                    wn / unit,
                    j * 16 / unit
                );
            }
        };
        let products = |w: &mut String, kk: usize| {
            for i in 0..tm {
                for j in 0..tn {
                    let _ = writeln!(
                        w,
                        "    acc{i}_{j} = coopMultiplyAdd(fa{i}_{kk}, fb{j}_{kk}, acc{i}_{j});"
                    );
                }
            }
        };
        let blocks = t.bk / 16;
        if t.loads_first {
            // Every fragment of the K step first, then every product: the driver sees all loads before any MMA.
            w.push_str("  {\n");
            for kk in 0..blocks {
                frag_loads(w, kk);
            }
            for kk in 0..blocks {
                products(w, kk);
            }
            w.push_str("  }\n");
        } else {
            for kk in 0..blocks {
                w.push_str("  {\n");
                frag_loads(w, kk);
                products(w, kk);
                w.push_str("  }\n");
            }
        }
    }
}

/// The K loop: one shared buffer (the next tile loaded after the products, or before them with `prefetch`, two
/// barriers per step) or two (`double_buffer`: the next tile loaded before the products and stored to the other
/// buffer after them, one barrier per step).
fn main_loop(w: &mut String, st: &Staging) {
    let t = st.t;
    st.loads(w, "", "0u", "var ");
    st.stores(w, "", "0u", "0u");
    w.push_str("  workgroupBarrier();\n  for (var kt = 0u; kt < KTILES; kt = kt + 1u) {\n");
    w.push_str("  let more = kt + 1u < KTILES;\n  let k1 = (kt + 1u) * ");
    let _ = writeln!(w, "{}u;", t.bk);
    if t.double_buffer {
        w.push_str("  let a_cur = (kt % 2u) * ABUF;\n  let b_cur = (kt % 2u) * BBUF;\n");
    } else {
        w.push_str("  let a_cur = 0u;\n  let b_cur = 0u;\n");
    }
    if t.double_buffer || t.prefetch {
        w.push_str("  if (more) {\n");
        st.loads(w, "", "k1", "");
        w.push_str("  }\n");
    }
    st.products(w);
    if t.double_buffer {
        w.push_str("  if (more) {\n  let a_nxt = ABUF - a_cur;\n  let b_nxt = BBUF - b_cur;\n");
        st.stores(w, "", "a_nxt", "b_nxt");
        w.push_str("  }\n  workgroupBarrier();\n");
    } else {
        w.push_str("  workgroupBarrier();\n  if (more) {\n");
        if !t.prefetch {
            st.loads(w, "", "k1", "");
        }
        st.stores(w, "", "0u", "0u");
        w.push_str("  }\n  workgroupBarrier();\n");
    }
    w.push_str("  }\n");
}

/// The K loop with two shared buffers and two register sets: the loads of tile kt+2 are issued before the
/// products of tile kt, and tile kt+1 (loaded a whole step earlier) is stored after them, so each load has two
/// steps of products to arrive in. Unrolled by two so that each register set keeps its names: set 0 holds the
/// even tiles, set 1 the odd ones; one barrier per step.
fn main_loop_depth2(w: &mut String, st: &Staging, ktiles: usize) {
    let bk = st.t.bk;
    st.loads(w, "0_", "0u", "var ");
    st.stores(w, "0_", "0u", "0u");
    // Tile 1 (a zero set when there is none: its loads could be unguarded).
    if ktiles > 1 {
        st.loads(w, "1_", &format!("{bk}u"), "var ");
    } else {
        st.loads(w, "1_", "0u", "var ");
    }
    // Pairs of steps; an odd last tile is a step of its own after the loop (cooperative-matrix operations must
    // stay in uniform control flow, which naga does not see in a test of the loop counter).
    w.push_str("  workgroupBarrier();\n  for (var kt = 0u; kt + 1u < KTILES; kt = kt + 2u) {\n");
    // The even step reads buffer 0 and fills buffer 1; the odd step the other way round.
    for (step, cur, nxt, set_in_flight, set_next) in [
        (0, ("0u", "0u"), ("ABUF", "BBUF"), "1_", "0_"),
        (1, ("ABUF", "BBUF"), ("0u", "0u"), "0_", "1_"),
    ] {
        let _ = writeln!(
            w,
            "  {{\n  let a_cur = {};\n  let b_cur = {};",
            cur.0, cur.1
        );
        let _ = writeln!(
            w,
            "  if (kt + {}u < KTILES) {{\n  let k2 = (kt + {}u) * {bk}u;",
            step + 2,
            step + 2
        );
        st.loads(w, set_next, "k2", "");
        w.push_str("  }\n");
        st.products(w);
        let _ = writeln!(w, "  if (kt + {}u < KTILES) {{", step + 1);
        st.stores(w, set_in_flight, nxt.0, nxt.1);
        w.push_str("  }\n  workgroupBarrier();\n  }\n");
    }
    w.push_str("  }\n");
    if ktiles % 2 == 1 {
        w.push_str("  {\n  let a_cur = 0u;\n  let b_cur = 0u;\n");
        st.products(w);
        w.push_str("  }\n");
    }
}

/// The kernel without workgroup memory: each subgroup loads its `tm` A and `tn` B fragments per 16 of K straight
/// from device memory through `vec4<u32>` pointers (strides in 16-byte words), the next step's fragments into
/// registers while this step's are multiplied.
fn generate_direct(s: &CoopMatmulSpec) -> Generated {
    let t = &s.tile;
    let (wm, wn) = (t.bm / t.sg_rows, t.bn / t.sg_cols);
    let (tm, tn) = (wm / 16, wn / 16);
    let mut w = String::new();
    let _ = writeln!(
        w,
        "const M: u32 = {}u;\nconst N: u32 = {}u;\nconst K: u32 = {}u;",
        s.m, s.n, s.k
    );
    let _ = writeln!(
        w,
        "@compute @workgroup_size({})\nfn main(@builtin(local_invocation_index) t: u32, @builtin(workgroup_id) wg: vec3<u32>) {{",
        t.threads()
    );
    let _ = writeln!(
        w,
        "  let sg = t / 32u;\n  let sr = sg / {c}u;\n  let sc = sg % {c}u;",
        c = t.sg_cols
    );
    tile_origin(&mut w, s);
    // Strides in the pointees, the words' 8-byte `vec4<f16>` columns.
    w.push_str("  let lda = K / 4u;\n  let ldb = N / 4u;\n");
    let _ = writeln!(
        w,
        "  let ar = row0 + sr * {wm}u;\n  let bc = col0 + sc * {wn}u;"
    );
    for i in 0..tm {
        for j in 0..tn {
            let _ = writeln!(w, "  var acc{i}_{j} = coop_mat16x16<f32, C>();");
        }
    }
    // Fragments of K step `k` (a `let` in scope): A rows ar + 16i, B columns bc + 16j.
    let frags = |w: &mut String, k: &str, decl: &str| {
        for i in 0..tm {
            let _ = writeln!(
                w,
                "  let pa{i}_{k} = ((ar + {}u) * K + {k}) / 8u;\n  {decl}fa{i} = coopLoadT<coop_mat16x16<f16, A>>(&a[pa{i}_{k}][0], lda);",
                i * 16
            );
        }
        for j in 0..tn {
            let _ = writeln!(
                w,
                "  let pb{j}_{k} = ({k} * N + bc + {}u) / 8u;\n  {decl}fb{j} = coopLoadT<coop_mat16x16<f16, B>>(&b[pb{j}_{k}][0], ldb);",
                j * 16
            );
        }
    };
    w.push_str("  let k0 = 0u;\n");
    frags(&mut w, "k0", "var ");
    w.push_str("  for (var kc = 0u; kc < K; kc = kc + 16u) {\n");
    for i in 0..tm {
        let _ = writeln!(w, "  let ca{i} = fa{i};");
    }
    for j in 0..tn {
        let _ = writeln!(w, "  let cb{j} = fb{j};");
    }
    // The last step reloads itself (no branch, no read past K).
    w.push_str("  let kn = min(kc + 16u, K - 16u);\n");
    frags(&mut w, "kn", "");
    for i in 0..tm {
        for j in 0..tn {
            let _ = writeln!(
                w,
                "  acc{i}_{j} = coopMultiplyAdd(ca{i}, cb{j}, acc{i}_{j});"
            );
        }
    }
    w.push_str("  }\n");
    store_c(&mut w, tm, tn, wm, wn, true);
    w.push_str("}\n");
    Generated {
        body: w,
        workgroups: [s.n.div_ceil(t.bn) as u32, s.m.div_ceil(t.bm) as u32, 1],
        vec4_bindings: vec![],
        wide_bindings: vec![("a", "mat2x4<f16>"), ("b", "mat2x4<f16>")],
        needs_f16: true,
        needs_coop: true,
        writes_shared_first: true,
        needs_subgroups: false,
        shared_bytes: 0,
    }
}

/// `row0`, `col0`: the tile of C this workgroup computes, row by row or in bands of `group_rows` tile rows.
fn tile_origin(w: &mut String, s: &CoopMatmulSpec) {
    let t = &s.tile;
    if t.group_rows == 0 {
        let _ = writeln!(
            w,
            "  let row0 = wg.y * {}u;\n  let col0 = wg.x * {}u;",
            t.bm, t.bn
        );
        return;
    }
    let (gx, gy) = (s.n.div_ceil(t.bn), s.m.div_ceil(t.bm));
    let _ = writeln!(
        w,
        "  let gid = wg.x + wg.y * {gx}u;\n  let first = (gid / {per}u) * {g}u;\n  let rows = min({gy}u - first, {g}u);\n  let lid = gid % {per}u;\n  let row0 = (first + lid % rows) * {bm}u;\n  let col0 = (lid / rows) * {bn}u;",
        per = t.group_rows * gx,
        g = t.group_rows,
        bm = t.bm,
        bn = t.bn
    );
}

/// The store of the accumulators to C: straight (`exact`) or through `Cs`, only the elements inside C.
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
                    "    for (var e = t % 32u; e < 256u; e = e + 32u) {\n      let rr = r + e / 16u;\n      let nn = n + e % 16u;\n      if (rr < M && nn < N) { c[rr * N + nn] = f32(Cs[ps + e]); }\n    }\n    workgroupBarrier();\n",
                );
            }
            w.push_str("  }\n");
        }
    }
}
