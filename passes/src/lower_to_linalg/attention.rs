//! `kforge.rope` and `kforge.attention` → `linalg.generic` (+ `tensor.insert_slice` for the KV cache).
//!
//! Attention is lowered unfused, as four generics: scores `QKᵀ` (GQA through
//! the key map `h floordiv (Hq/Hkv)`, so K/V are never repeated), scale and
//! causal mask, softmax over keys, and `P·V`. With a KV cache the new keys and
//! values are first written into the caches with `tensor.insert_slice` at the
//! run-time `position`, and the queries attend over the filled rows
//! `[0, position + S)` (a dynamic `tensor.extract_slice`), causally masked.
//! Fusion into one online-softmax kernel is the job of the fusion passes.
//! With the `tiled` choice the two contractions group the query heads by
//! key/value head instead (`[Hkv, rep, …]`, free reshapes), so every operand
//! is read through plain loop dims and `--kforge-tile-contractions` can
//! vectorize them.
//!
//! A masked score is the lowest finite value of the element type, not `-inf`:
//! a query that sees no key at all (causal, more queries than keys) gets the
//! uniform average of all values, not NaN (`dialect/OPS.md`).
use super::elementwise::softmax;
use super::emitter::{identity, lowest, Emitter, LinearKernel, Loop, Val};
use kforge_dialect::{Dim, ElementType, TensorType};

/// The loops of a batched contraction over grouped heads: four parallel
/// dims, then the reduction (`[1..]`: three parallel dims, then the reduction).
const PARALLEL_THEN_REDUCTION: [Loop; 5] = [
    Loop::Parallel,
    Loop::Parallel,
    Loop::Parallel,
    Loop::Parallel,
    Loop::Reduction,
];

/// Rotate-half RoPE; angles in f64 for accuracy at long positions.
pub(crate) fn rope(e: &mut Emitter, x: &Val, pos: &Val, theta: f64) -> Val {
    let dh = x.ty.shape[2].size().expect("verified static head dim") as i64;
    if dh == 0 {
        // Nothing to rotate (and no `mod 0` map to write).
        return x.clone();
    }
    let half = dh / 2;
    // cos/sin of each (position, frequency) once, shared by all heads: the
    // f64 sin/cos calls are the expensive part (a prefill of S tokens would
    // otherwise make S·H·Dh of them).
    let cos = angle_table(e, x, pos, theta, half, "math.cos");
    let sin = angle_table(e, x, pos, theta, half, "math.sin");
    let sources: Vec<_> = (0..3).map(|i| Some((x, i))).collect();
    let init = e.empty(&x.ty, &sources);
    let elem = x.ty.element.mlir_name();
    let partner = format!("d0, d1, (d2 + {half}) mod {dh}");
    let table = format!("d0, d2 mod {half}");
    e.generic(
        &[Loop::Parallel; 3],
        &[
            (x, &identity(3)),
            (x, &partner),
            (&cos, &table),
            (&sin, &table),
        ],
        (&init, &identity(3)),
        |r| {
            let (v, p, cf, sf) = (
                r.args[0].clone(),
                r.args[1].clone(),
                r.args[2].clone(),
                r.args[3].clone(),
            );
            let i = r.op("linalg.index 2 : index");
            let halfc = r.op(format!("arith.constant {half} : index"));
            let vc = r.op(format!("arith.mulf {v}, {cf} : {elem}"));
            let ps = r.op(format!("arith.mulf {p}, {sf} : {elem}"));
            let first = r.op(format!("arith.cmpi ult, {i}, {halfc} : index"));
            let lo = r.op(format!("arith.subf {vc}, {ps} : {elem}"));
            let hi = r.op(format!("arith.addf {vc}, {ps} : {elem}"));
            r.op(format!("arith.select {first}, {lo}, {hi} : {elem}"))
        },
    )
}

/// `[S, Dh/2]` table of `f(pos[s]·θ^(−2j/Dh))` (f = `math.cos` or `math.sin`),
/// computed in f64 and rounded once to the element type.
fn angle_table(e: &mut Emitter, x: &Val, pos: &Val, theta: f64, half: i64, f: &str) -> Val {
    let elem = x.ty.element.mlir_name();
    let ty = TensorType {
        shape: vec![x.ty.shape[0], Dim::Static(half as u64)],
        element: x.ty.element,
    };
    let init = e.empty(&ty, &[Some((x, 0)), None]);
    let pos_elem = pos.ty.element.mlir_name();
    let log_step = -2.0 * theta.ln() / (2 * half) as f64;
    e.generic(
        &[Loop::Parallel; 2],
        &[(pos, "d0")],
        (&init, "d0, d1"),
        |r| {
            let position = r.args[0].clone();
            let j = r.op("linalg.index 1 : index");
            let ji = r.op(format!("arith.index_cast {j} : index to i64"));
            let jf = r.op(format!("arith.sitofp {ji} : i64 to f64"));
            let step = r.float(log_step, "f64");
            let ex = r.op(format!("arith.mulf {jf}, {step} : f64"));
            let freq = r.op(format!("math.exp {ex} : f64"));
            let pf = r.op(format!("arith.sitofp {position} : {pos_elem} to f64"));
            let angle = r.op(format!("arith.mulf {pf}, {freq} : f64"));
            let value = r.op(format!("{f} {angle} : f64"));
            r.op(format!("arith.truncf {value} : f64 to {elem}"))
        },
    )
}

/// Attention options read from the op.
pub(crate) struct AttentionAttrs {
    pub causal: bool,
    pub scale: f64,
}

/// The number of rows of dim 0 of `v` as an `index` value.
fn dim0(e: &mut Emitter, v: &Val) -> String {
    match v.ty.shape[0] {
        Dim::Static(n) => e.index_const(n as i64),
        Dim::Dynamic => e.dim(v, 0),
    }
}

/// Attention without a cache: keys are `k`; query `i` sees keys `j ≤ i + (Sk − Sq)`.
pub(crate) fn attention(e: &mut Emitter, q: &Val, k: &Val, v: &Val, attrs: &AttentionAttrs) -> Val {
    let sq = dim0(e, q);
    let sk = dim0(e, k);
    let offset = e.fresh("offset");
    e.line(format!("{offset} = arith.subi {sk}, {sq} : index"));
    attend(e, q, k, v, attrs, &offset, &sk)
}

/// Attention with a KV cache: returns `(out, k_cache', v_cache')`.
pub(crate) fn attention_with_cache(
    e: &mut Emitter,
    q: &Val,
    k: &Val,
    v: &Val,
    caches: (&Val, &Val),
    position: &Val,
    attrs: &AttentionAttrs,
) -> (Val, Val, Val) {
    let p64 = e.fresh("pos");
    e.line(format!(
        "{p64} = tensor.extract {}[] : {}",
        position.name, position.ty
    ));
    let p = e.fresh("pos");
    let pos_elem = position.ty.element.mlir_name();
    e.line(format!(
        "{p} = arith.index_cast {p64} : {pos_elem} to index"
    ));
    let s = dim0(e, k);
    let sizes: Vec<String> = (0..3)
        .map(|i| match k.ty.shape[i] {
            Dim::Dynamic if i == 0 => s.clone(),
            _ => e.size(k, i),
        })
        .collect();
    let mut updated = Vec::new();
    for (new, cache) in [(k, caches.0), (v, caches.1)] {
        let name = e.fresh("cache");
        e.line(format!(
            "{name} = tensor.insert_slice {} into {}[{p}, 0, 0] [{}] [1, 1, 1] : {} into {}",
            new.name,
            cache.name,
            sizes.join(", "),
            new.ty,
            cache.ty
        ));
        updated.push(Val {
            name,
            ty: cache.ty.clone(),
        });
    }
    let limit = e.fresh("limit");
    e.line(format!("{limit} = arith.addi {p}, {s} : index"));
    // Attend over the filled rows only: cost follows the context, not the capacity.
    let mut filled = Vec::new();
    for cache in &updated {
        // Heads and head dim: static sizes, or read from the cache.
        let inner: Vec<String> = (1..3).map(|i| e.size(cache, i)).collect();
        let name = e.fresh("keys");
        let ty = TensorType {
            shape: vec![Dim::Dynamic, cache.ty.shape[1], cache.ty.shape[2]],
            element: cache.ty.element,
        };
        e.line(format!(
            "{name} = tensor.extract_slice {}[0, 0, 0] [{limit}, {}] [1, 1, 1] : {} to {ty}",
            cache.name,
            inner.join(", "),
            cache.ty
        ));
        filled.push(Val { name, ty });
    }
    let out = attend(e, q, &filled[0], &filled[1], attrs, &p, &limit);
    let vc = updated.pop().expect("two caches");
    let kc = updated.pop().expect("two caches");
    (out, kc, vc)
}

/// Attention with a cache slot per row (batched decode; `caches: [B, C, Hkv,
/// D]`, `positions: [B]`): returns `(out, k_cache', v_cache')`. Two `scf.for`
/// loops over the rows: the first writes row `b`'s key and value at
/// `[b, positions[b]]` (`tensor.insert_slice` on the loop-carried caches, in
/// place once bufferized), the second attends row `b`'s query over rows
/// `[0, positions[b]]` of slot `b` (the one-row case of [`attend`], the
/// microkernel call included) and inserts it into the output.
pub(crate) fn attention_with_cache_slots(
    e: &mut Emitter,
    q: &Val,
    k: &Val,
    v: &Val,
    caches: (&Val, &Val),
    positions: &Val,
    attrs: &AttentionAttrs,
) -> (Val, Val, Val) {
    let rows = dim0(e, q);
    let (zero, one) = (e.index_const(0), e.index_const(1));
    let row_ty = |x: &Val| TensorType {
        shape: vec![Dim::Static(1), x.ty.shape[1], x.ty.shape[2]],
        element: x.ty.element,
    };
    let (k_row_ty, q_row_ty) = (row_ty(k), row_ty(q));
    let kv_sizes = [e.size(k, 1), e.size(k, 2)];
    let q_sizes = [e.size(q, 1), e.size(q, 2)];
    let pos_elem = positions.ty.element.mlir_name();
    let position_of = |e: &mut Emitter, row: &str| {
        let p64 = e.fresh("pos");
        e.line(format!(
            "{p64} = tensor.extract {}[{row}] : {}",
            positions.name, positions.ty
        ));
        let p = e.fresh("pos");
        e.line(format!(
            "{p} = arith.index_cast {p64} : {pos_elem} to index"
        ));
        p
    };
    // 1. Each row's key and value into its slot.
    let (kc, vc) = caches;
    let written = e.fresh("written");
    let (row, k_it, v_it) = (e.fresh("row"), e.fresh("kc"), e.fresh("vc"));
    e.line(format!(
        "{written}:2 = scf.for {row} = {zero} to {rows} step {one} iter_args({k_it} = {}, {v_it} = {}) -> ({}, {}) {{",
        kc.name, vc.name, kc.ty, vc.ty
    ));
    let p = position_of(e, &row);
    let mut yielded = Vec::new();
    for (new, cache, it) in [(k, kc, &k_it), (v, vc, &v_it)] {
        let slice = e.fresh("new");
        e.line(format!(
            "{slice} = tensor.extract_slice {}[{row}, 0, 0] [1, {}, {}] [1, 1, 1] : {} to {k_row_ty}",
            new.name, kv_sizes[0], kv_sizes[1], new.ty
        ));
        let updated = e.fresh("cache");
        e.line(format!(
            "{updated} = tensor.insert_slice {slice} into {it}[{row}, {p}, 0, 0] [1, 1, {}, {}] [1, 1, 1, 1] : {k_row_ty} into {}",
            kv_sizes[0], kv_sizes[1], cache.ty
        ));
        yielded.push(updated);
    }
    e.line(format!(
        "scf.yield {}, {} : {}, {}",
        yielded[0], yielded[1], kc.ty, vc.ty
    ));
    e.line("}");
    let updated = [
        Val {
            name: format!("{written}#0"),
            ty: kc.ty.clone(),
        },
        Val {
            name: format!("{written}#1"),
            ty: vc.ty.clone(),
        },
    ];
    // 2. Each row's query over its slot's rows [0, p].
    let out_init = e.empty(&q.ty, &[Some((q, 0)), Some((q, 1)), Some((q, 2))]);
    let attended = e.fresh("attended");
    let (row, out_it) = (e.fresh("row"), e.fresh("out"));
    e.line(format!(
        "{attended} = scf.for {row} = {zero} to {rows} step {one} iter_args({out_it} = {}) -> ({}) {{",
        out_init.name, q.ty
    ));
    let p = position_of(e, &row);
    let limit = e.fresh("limit");
    e.line(format!("{limit} = arith.addi {p}, {one} : index"));
    let q_row = e.fresh("query");
    e.line(format!(
        "{q_row} = tensor.extract_slice {}[{row}, 0, 0] [1, {}, {}] [1, 1, 1] : {} to {q_row_ty}",
        q.name, q_sizes[0], q_sizes[1], q.ty
    ));
    let q_row = Val {
        name: q_row,
        ty: q_row_ty.clone(),
    };
    let mut filled = Vec::new();
    for cache in &updated {
        let ty = TensorType {
            shape: vec![Dim::Dynamic, cache.ty.shape[2], cache.ty.shape[3]],
            element: cache.ty.element,
        };
        let name = e.fresh("keys");
        e.line(format!(
            "{name} = tensor.extract_slice {}[{row}, 0, 0, 0] [1, {limit}, {}, {}] [1, 1, 1, 1] : {} to {ty}",
            cache.name, kv_sizes[0], kv_sizes[1], cache.ty
        ));
        filled.push(Val { name, ty });
    }
    let out_row = attend(e, &q_row, &filled[0], &filled[1], attrs, &p, &limit);
    let inserted = e.fresh("out");
    e.line(format!(
        "{inserted} = tensor.insert_slice {} into {out_it}[{row}, 0, 0] [1, {}, {}] [1, 1, 1] : {q_row_ty} into {}",
        out_row.name, q_sizes[0], q_sizes[1], q.ty
    ));
    e.line(format!("scf.yield {inserted} : {}", q.ty));
    e.line("}");
    let [kc, vc] = updated;
    (
        Val {
            name: attended,
            ty: q.ty.clone(),
        },
        kc,
        vc,
    )
}

/// Scores, mask, softmax and `P·V` over keys `k`/values `v`: query `i` sees key
/// `j` iff `j < limit` and (when causal) `j ≤ i + offset`.
fn attend(
    e: &mut Emitter,
    q: &Val,
    k: &Val,
    v: &Val,
    attrs: &AttentionAttrs,
    offset: &str,
    limit: &str,
) -> Val {
    if e.linear_kernel == LinearKernel::Ukernel && q.ty.element == ElementType::F32 {
        return attend_ukernel(e, q, k, v, attrs, offset);
    }
    let hq = q.ty.shape[1].size().expect("verified static heads");
    let hkv = k.ty.shape[1].size().expect("verified static heads");
    // Query heads per key/value head (any value serves when there are none).
    let rep = (hq / hkv).max(1);
    let elem_ty = q.ty.element;
    let elem = elem_ty.mlir_name();
    let scores_ty = TensorType {
        shape: vec![Dim::Static(hq), q.ty.shape[0], k.ty.shape[0]],
        element: elem_ty,
    };
    let scores = if e.linear_kernel == LinearKernel::Tiled {
        grouped_scores(e, q, k, rep, &scores_ty)
    } else {
        ungrouped_scores(e, q, k, rep, &scores_ty)
    };
    let masked_init = e.empty(&scores_ty, &[None, Some((q, 0)), Some((k, 0))]);
    let causal = attrs.causal;
    let scale = attrs.scale;
    let masked = e.generic(
        &[Loop::Parallel; 3],
        &[(&scores, &identity(3))],
        (&masked_init, &identity(3)),
        |r| {
            let s = r.args[0].clone();
            let sc = r.float(scale, elem);
            let scaled = r.op(format!("arith.mulf {s}, {sc} : {elem}"));
            let i = r.op("linalg.index 1 : index");
            let j = r.op("linalg.index 2 : index");
            let mut allowed = r.op(format!("arith.cmpi ult, {j}, {limit} : index"));
            if causal {
                // Signed: `offset` (Sk − Sq) is negative when there are more
                // queries than keys, and then the first queries see no key.
                let last = r.op(format!("arith.addi {i}, {offset} : index"));
                let seen = r.op(format!("arith.cmpi sle, {j}, {last} : index"));
                allowed = r.op(format!("arith.andi {allowed}, {seen} : i1"));
            }
            let lowest = r.float(lowest(elem_ty), elem);
            r.op(format!(
                "arith.select {allowed}, {scaled}, {lowest} : {elem}"
            ))
        },
    );
    let probs = softmax(e, &masked, 2);
    weighted_values(e, &probs, v, q, rep)
}

/// `scores[h, i, j] = Σ_d q[i, h, d]·k[j, h / rep, d]` over query heads
/// grouped by their key/value head, `[Hkv, rep, Sq, Sk]`, so that every
/// operand is read through plain loop dims (what the tiled strategy
/// vectorizes); the grouping is a free reshape of `q` and of the scores.
fn grouped_scores(e: &mut Emitter, q: &Val, k: &Val, rep: u64, scores_ty: &TensorType) -> Val {
    let q4 = group_heads(e, q, 1, rep);
    let hkv = k.ty.shape[1];
    let grouped_ty = TensorType {
        shape: vec![hkv, Dim::Static(rep), q.ty.shape[0], k.ty.shape[0]],
        element: q.ty.element,
    };
    let init = e.filled(&grouped_ty, &[None, None, Some((q, 0)), Some((k, 0))], 0.0);
    let elem = q.ty.element.mlir_name();
    let grouped = e.generic(
        &PARALLEL_THEN_REDUCTION,
        &[(&q4, "d2, d0, d1, d4"), (k, "d3, d0, d4")],
        (&init, "d0, d1, d2, d3"),
        |r| multiply_add(r, elem),
    );
    e.reassociate(
        "tensor.collapse_shape",
        &grouped,
        scores_ty,
        "[[0, 1], [2], [3]]",
        None,
    )
}

/// `x` with dim `at` (of `Hkv·rep` heads) split into `[Hkv, rep]`.
fn group_heads(e: &mut Emitter, x: &Val, at: usize, rep: u64) -> Val {
    let heads = x.ty.shape[at].size().expect("verified static heads");
    let mut shape = x.ty.shape.clone();
    shape.splice(at..=at, [Dim::Static(heads / rep), Dim::Static(rep)]);
    let ty = TensorType {
        shape,
        element: x.ty.element,
    };
    let sizes: Vec<String> = (0..x.ty.rank())
        .flat_map(|i| {
            if i == at {
                vec![(heads / rep).to_string(), rep.to_string()]
            } else {
                vec![e.size(x, i)]
            }
        })
        .collect();
    let groups: Vec<String> = (0..x.ty.rank())
        .map(|i| match i.cmp(&at) {
            std::cmp::Ordering::Less => format!("[{i}]"),
            std::cmp::Ordering::Equal => format!("[{i}, {}]", i + 1),
            std::cmp::Ordering::Greater => format!("[{}]", i + 1),
        })
        .collect();
    e.reassociate(
        "tensor.expand_shape",
        x,
        &ty,
        &format!("[{}]", groups.join(", ")),
        Some(sizes.join(", ")),
    )
}

/// `acc + a·b`: the body of every contraction here.
fn multiply_add(r: &mut super::emitter::Region, elem: &str) -> String {
    let (a, b, acc) = (r.args[0].clone(), r.args[1].clone(), r.args[2].clone());
    let p = r.op(format!("arith.mulf {a}, {b} : {elem}"));
    r.op(format!("arith.addf {acc}, {p} : {elem}"))
}

/// `P·V` (`out[i, h, d] = Σ_j probs[h, i, j]·v[j, h / rep, d]`).
fn weighted_values(e: &mut Emitter, probs: &Val, v: &Val, q: &Val, rep: u64) -> Val {
    let elem = q.ty.element.mlir_name();
    let out_ty = q.ty.clone();
    let out_sources: Vec<_> = (0..3).map(|i| Some((q, i))).collect();
    if e.linear_kernel == LinearKernel::Tiled {
        // Grouped as the scores: out[i, g, r, d] = Σ_j probs[g, r, i, j]·v[j, g, d].
        let p4 = group_heads(e, probs, 0, rep);
        let o4_ty = TensorType {
            shape: vec![
                q.ty.shape[0],
                v.ty.shape[1],
                Dim::Static(rep),
                q.ty.shape[2],
            ],
            element: q.ty.element,
        };
        let init = e.filled(&o4_ty, &[Some((q, 0)), None, None, Some((q, 2))], 0.0);
        let o4 = e.generic(
            &PARALLEL_THEN_REDUCTION,
            &[(&p4, "d0, d1, d2, d4"), (v, "d4, d0, d3")],
            (&init, "d2, d0, d1, d3"),
            |r| multiply_add(r, elem),
        );
        return e.reassociate(
            "tensor.collapse_shape",
            &o4,
            &out_ty,
            "[[0], [1, 2], [3]]",
            None,
        );
    }
    let out_init = e.filled(&out_ty, &out_sources, 0.0);
    e.generic(
        &PARALLEL_THEN_REDUCTION[1..],
        &[
            (probs, "d1, d0, d3"),
            (v, &format!("d3, d1 floordiv {rep}, d2")),
        ],
        (&out_init, "d0, d1, d2"),
        |r| multiply_add(r, elem),
    )
}

/// `scores[h, i, j] = Σ_d q[i, h, d]·k[j, h / rep, d]` (GQA through the key
/// map, so keys are never repeated).
fn ungrouped_scores(e: &mut Emitter, q: &Val, k: &Val, rep: u64, scores_ty: &TensorType) -> Val {
    let init = e.filled(scores_ty, &[None, Some((q, 0)), Some((k, 0))], 0.0);
    let elem = q.ty.element.mlir_name();
    let kv_head = format!("d0 floordiv {rep}");
    e.generic(
        &PARALLEL_THEN_REDUCTION[1..],
        &[(q, "d1, d0, d3"), (k, &format!("d2, {kv_head}, d3"))],
        (&init, "d0, d1, d2"),
        |r| multiply_add(r, elem),
    )
}

/// Position operand element types the lowering accepts.
pub(crate) fn is_index_like(t: &TensorType) -> bool {
    matches!(t.element, ElementType::I64 | ElementType::I32)
}

/// The runtime's attention microkernel (online softmax, GQA in place):
/// `(q, k, v, out: memref<?x?x?xf32, strided>, offset: i64, causal: i64, scale: f32)`.
pub(crate) const ATTENTION_UKERNEL: &str = "kforge_ukernel_attention_f32";

/// Attention as one call to [`ATTENTION_UKERNEL`] on buffers: no score matrix in
/// memory, K/V (a cache slice included) read in place through strides.
fn attend_ukernel(
    e: &mut Emitter,
    q: &Val,
    k: &Val,
    v: &Val,
    attrs: &AttentionAttrs,
    offset: &str,
) -> Val {
    let any = "memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>";
    e.declare(&format!(
        "func.func private @{ATTENTION_UKERNEL}({any}, {any}, {any}, {any}, i64, i64, f32) \
         attributes {{llvm.emit_c_interface}}"
    ));
    let memref = |t: &TensorType| t.to_string().replacen("tensor<", "memref<", 1);
    let mut casts = Vec::new();
    for x in [q, k, v] {
        // Same shape, any layout (a cache slice is strided), then erase the shape.
        let strided = memref(&x.ty).replacen(">", ", strided<[?, ?, ?], offset: ?>>", 1);
        let buf = e.fresh("buf");
        e.line(format!(
            "{buf} = bufferization.to_buffer {} read_only : {} to {strided}",
            x.name, x.ty
        ));
        let cast = e.fresh("any");
        e.line(format!("{cast} = memref.cast {buf} : {strided} to {any}"));
        casts.push(cast);
    }
    // The output has q's shape: its rows and head dim may be dynamic (heads are static).
    let mut dyn_sizes = Vec::new();
    for i in [0, 2] {
        if q.ty.shape[i] == Dim::Dynamic {
            dyn_sizes.push(e.dim(q, i));
        }
    }
    let out = e.fresh("attn");
    e.line(format!(
        "{out} = memref.alloc({}) {{alignment = 64 : i64}} : {}",
        dyn_sizes.join(", "),
        memref(&q.ty)
    ));
    let out_any = e.fresh("any");
    e.line(format!(
        "{out_any} = memref.cast {out} : {} to {any}",
        memref(&q.ty)
    ));
    let off = e.fresh("off");
    e.line(format!("{off} = arith.index_cast {offset} : index to i64"));
    let causal = e.fresh("causal");
    e.line(format!(
        "{causal} = arith.constant {} : i64",
        attrs.causal as i64
    ));
    let scale = e.fresh("scale");
    e.line(format!(
        "{scale} = arith.constant {:.9e} : f32",
        attrs.scale
    ));
    e.line(format!(
        "func.call @{ATTENTION_UKERNEL}({}, {}, {}, {out_any}, {off}, {causal}, {scale}) : ({any}, {any}, {any}, {any}, i64, i64, f32) -> ()",
        casts[0], casts[1], casts[2]
    ));
    let name = e.fresh("attended");
    e.line(format!(
        "{name} = bufferization.to_tensor {out} restrict writable : {} to {}",
        memref(&q.ty),
        q.ty
    ));
    Val {
        name,
        ty: q.ty.clone(),
    }
}
