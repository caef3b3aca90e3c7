//! [`super::fuse_rope::fuse_rope_into_kv_write`]: which programs it changes, and that the fused program computes
//! what the unfused one does (the attention output and both caches, bit for bit, on lavapipe in CI).

use super::fuse_rope::fuse_rope_into_kv_write;
use super::plan_op;
use kforge_dialect::{AttrValue, OpSignature, TensorType};
use kforge_gpu::program::{HostData, Program, ProgramOp, Resident, ValueDef};
use kforge_gpu::runtime::{open_for_tests, Gpu, Host};
use std::sync::OnceLock;

const HQ: u64 = 6;
const HKV: u64 = 2;
const D: u64 = 8;

fn gpu() -> Option<&'static Gpu> {
    static GPU: OnceLock<Option<Gpu>> = OnceLock::new();
    GPU.get_or_init(|| open_for_tests("the RoPE fusion tests"))
        .as_ref()
}

fn op(sig: OpSignature, operands: Vec<usize>, results: Vec<usize>) -> ProgramOp {
    ProgramOp {
        plan: plan_op(&sig).unwrap_or_else(|e| panic!("{}: {e}", sig.name)),
        name: sig.name,
        operands,
        results,
    }
}

fn rope(heads: u64) -> OpSignature {
    OpSignature {
        name: "kforge.rope".into(),
        operands: vec![
            Ok(TensorType::f32(&[1, heads, D])),
            Ok(TensorType::i64(&[1])),
        ],
        results: vec![Ok(TensorType::f32(&[1, heads, D]))],
        attributes: [("theta".into(), AttrValue::Float(10000.0))].into(),
    }
}

/// A decode step's attention: inputs `q, k, v, k_cache, v_cache, positions, position` (values 0–6), ropes of `q`
/// and `k` (values 7, 8), the cached attention (values 9–11: output, caches). With `q_read_again`, the rotated
/// queries are also an output, which keeps their rope.
fn step(q_read_again: bool, rows: u64) -> Program {
    let f = |s: &[u64]| ValueDef::Float {
        len: s.iter().product::<u64>() as usize,
    };
    let attention = OpSignature {
        name: "kforge.attention".into(),
        operands: vec![
            Ok(TensorType::f32(&[1, HQ, D])),
            Ok(TensorType::f32(&[1, HKV, D])),
            Ok(TensorType::f32(&[1, HKV, D])),
            Ok(TensorType::f32(&[rows, HKV, D])),
            Ok(TensorType::f32(&[rows, HKV, D])),
            Ok(TensorType::i64(&[])),
        ],
        results: vec![
            Ok(TensorType::f32(&[1, HQ, D])),
            Ok(TensorType::f32(&[rows, HKV, D])),
            Ok(TensorType::f32(&[rows, HKV, D])),
        ],
        attributes: [
            ("causal".into(), AttrValue::Int(1)),
            ("scale".into(), AttrValue::Float(0.35)),
        ]
        .into(),
    };
    let mut outputs = vec![9, 10, 11];
    if q_read_again {
        outputs.push(7);
    }
    Program {
        name: "decode".into(),
        values: vec![
            f(&[1, HQ, D]),
            f(&[1, HKV, D]),
            f(&[1, HKV, D]),
            f(&[rows, HKV, D]),
            f(&[rows, HKV, D]),
            ValueDef::Int { len: 1 },
            ValueDef::Int { len: 1 },
            f(&[1, HQ, D]),
            f(&[1, HKV, D]),
            f(&[1, HQ, D]),
            f(&[rows, HKV, D]),
            f(&[rows, HKV, D]),
        ],
        inputs: vec![0, 1, 2, 3, 4, 5, 6],
        outputs,
        output_shapes: Vec::new(),
        ops: vec![
            op(rope(HQ), vec![0, 5], vec![7]),
            op(rope(HKV), vec![1, 5], vec![8]),
            op(attention, vec![7, 8, 2, 3, 4, 6], vec![9, 10, 11]),
        ],
        kv_capacity: Some(rows as usize),
    }
}

fn kernel_names(p: &Program) -> Vec<String> {
    p.ops
        .iter()
        .flat_map(|o| &o.plan.kernels)
        .map(|k| k.spec.name())
        .collect()
}

#[test]
fn the_ropes_of_a_cached_attention_go_into_its_cache_write() {
    let mut p = step(false, 5);
    assert_eq!(fuse_rope_into_kv_write(&mut p), 1);
    p.check().unwrap();
    assert_eq!(
        kernel_names(&p),
        ["rope_kv_write_1x6+2x8_into_5", "attention_1x6x8_kv5x2"]
    );
    assert_eq!(p.ops[0].operands, [0, 1, 2, 3, 4, 6, 5]);
}

#[test]
fn a_rope_read_elsewhere_is_left_alone() {
    let mut p = step(true, 5);
    let before = p.clone();
    assert_eq!(fuse_rope_into_kv_write(&mut p), 0);
    assert_eq!(p, before);
}

/// Both programs from the same inputs at cache position `rows − 2`: every output, bit for bit; with a cache
/// of 5 rows (one attention kernel, the RoPE and cache writes in `rope_kv_write`) and of 40 (split across key
/// blocks with the RoPE and cache writes inside, then merged).
#[test]
fn the_fused_step_computes_what_the_unfused_one_does() {
    for rows in [5, 40] {
        fused_equals_unfused(rows);
    }
}

fn fused_equals_unfused(rows: u64) {
    let Some(g) = gpu() else { return };
    let unfused = step(false, rows);
    let split = unfused.ops[2].plan.kernels.len() == 3;
    assert_eq!(split, rows > 32, "{:?}", kernel_names(&unfused));
    let mut fused = unfused.clone();
    assert_eq!(fuse_rope_into_kv_write(&mut fused), 1);
    // Split: the rotations and cache writes inside the split kernel; else their own dispatch.
    let first = &kernel_names(&fused)[0];
    let want = if split {
        "attention_split_rope_"
    } else {
        "rope_kv_write_"
    };
    assert!(first.starts_with(want), "{:?}", kernel_names(&fused));
    assert_eq!(kernel_names(&fused).len(), 2);
    let run = |p: Program| {
        let mut weight = |name: &str, _: &[usize], _| panic!("weight '{name}' asked for");
        let r = Resident::new(g, p, &[], &mut weight).unwrap();
        for input in 0..5 {
            let len = r.program().values[input].len();
            let data = (0..len)
                .map(|i| ((i * 37 + input * 11) % 23) as f32 / 11.0 - 1.0)
                .collect();
            r.write_input(g, input, &Host::F32(data)).unwrap();
        }
        let p = rows as i64 - 2;
        let ints = vec![vec![], vec![], vec![], vec![], vec![], vec![p], vec![p]];
        r.run_all(g, &ints, false).unwrap().0
    };
    let (want, got) = (run(unfused), run(fused));
    assert_eq!(got.len(), 3);
    for (i, (w, g)) in want.iter().zip(&got).enumerate() {
        let (HostData::F32(w), HostData::F32(g)) = (w, g) else {
            panic!("output #{i} is not f32");
        };
        assert!(w.iter().all(|x| x.is_finite()), "output #{i}: {w:?}");
        assert_eq!(w, g, "output #{i}");
    }
}
