//! A program-level fusion of [`super::build_program`]: the RoPE of a decode step's queries and keys goes into the
//! dispatch that writes the step's keys and values into the caches ([`KernelSpec::RopeKvWrite`]), so a decoder
//! layer's cache writes and RoPE are one dispatch instead of three. At batch 1 a token's GPU time is mostly
//! per-dispatch cost, not bytes (issue 15: 243 dispatches for 1.7 ms on an H100; 183 after this fusion, 1.39 ms).
//!
//! **Matches** a cached `kforge.attention` (operands `q, k, v, k_cache, v_cache, position`, planned as
//! `KvWritePair` then `Attention`, or `AttentionSplit` and its merge) whose `q` and `k` are each the only use of a
//! `kforge.rope` result, both ropes reading the same positions value with the same θ and head dim.
//! **Emits** one op in their place: the attention reading the ropes' inputs and the positions (operand 6),
//! planned as `RopeKvWrite` (rotated queries into a scratch buffer after the plan's own, rotated keys and the
//! values into the caches) then the same attention kernels over the scratch queries. The ropes' rotation tables
//! are the same host table.
//! **Leaves** everything else as it is (a rope with other users, different positions, an uncached attention, a
//! batched step's attention with one cache slot per row: `KvWriteRows`).
//!
//! Before (program ops; values numbered):
//! ```text
//! %81 = kforge.rope(%78, %1)               [Rope]
//! %82 = kforge.rope(%79, %1)               [Rope]
//! %83, %84, %85 = kforge.attention(%81, %82, %80, %4, %5, %2)   [KvWritePair, Attention]
//! ```
//! After:
//! ```text
//! %83, %84, %85 = kforge.attention(%78, %79, %80, %4, %5, %2, %1)   [RopeKvWrite, Attention]
//! ```
//! A decode step over a cache of more than 32 rows is planned as `KvWritePair, AttentionSplit, AttentionCombine`;
//! there the rotations and cache writes go into the split kernel itself (`AttentionSplitRope, AttentionCombine`:
//! two dispatches for the three ops where there were four).
use kforge_gpu::plan::{Arg, PlannedKernel};
use kforge_gpu::program::{Program, ProgramOp};
use kforge_gpu::KernelSpec;

/// The positions, θ and head dim of a `kforge.rope` op's only kernel, and its input.
struct Rope {
    input: usize,
    seq: usize,
    positions: usize,
    head_dim: usize,
    theta: f32,
}

fn as_rope(op: &ProgramOp) -> Option<Rope> {
    match (op.name.as_str(), &op.plan.kernels[..], &op.operands[..]) {
        ("kforge.rope", [k], &[input, positions]) => match (&k.spec, &k.args[..]) {
            (
                KernelSpec::Rope {
                    seq,
                    head_dim,
                    theta,
                    ..
                },
                [Arg::Operand(0), Arg::RopeTable { positions: 1, .. }, Arg::Result(0)],
            ) => Some(Rope {
                input,
                seq: *seq,
                positions,
                head_dim: *head_dim,
                theta: *theta,
            }),
            _ => None,
        },
        _ => None,
    }
}

/// How many times each value is read (by ops and as a program output).
fn uses(program: &Program) -> Vec<usize> {
    let mut n = vec![0; program.values.len()];
    for &v in program
        .ops
        .iter()
        .flat_map(|o| &o.operands)
        .chain(&program.outputs)
    {
        n[v] += 1;
    }
    n
}

/// Fuses every match in `program` (see the module doc); returns how many.
pub fn fuse_rope_into_kv_write(program: &mut Program) -> usize {
    let uses = uses(program);
    let producer = |ops: &[ProgramOp], v: usize| ops.iter().position(|o| o.results == [v]);
    let mut fused = 0;
    let mut dead = vec![false; program.ops.len()];
    for a in 0..program.ops.len() {
        let op = &program.ops[a];
        let (write, attend) = match (&op.name[..], &op.plan.kernels[..], op.operands.len()) {
            ("kforge.attention", [w, at, ..], 6) => (w.clone(), at.clone()),
            _ => continue,
        };
        let KernelSpec::KvWritePair { seq, row, rows } = write.spec else {
            continue;
        };
        let (KernelSpec::Attention(spec) | KernelSpec::AttentionSplit(spec)) = attend.spec.clone()
        else {
            continue;
        };
        let (q, k) = (op.operands[0], op.operands[1]);
        let (Some(rq), Some(rk)) = (producer(&program.ops, q), producer(&program.ops, k)) else {
            continue;
        };
        let (Some(ropes_q), Some(ropes_k)) = (as_rope(&program.ops[rq]), as_rope(&program.ops[rk]))
        else {
            continue;
        };
        let same_table = ropes_q.positions == ropes_k.positions
            && ropes_q.head_dim == ropes_k.head_dim
            && ropes_q.theta.to_bits() == ropes_k.theta.to_bits();
        let same_shape = ropes_q.seq == seq
            && ropes_k.seq == seq
            && spec.sq == seq
            && ropes_q.head_dim == spec.d
            && row == spec.hkv * spec.d;
        let q_reads = attend.args.first() == Some(&Arg::Operand(0));
        if !(same_table && same_shape && uses[q] == 1 && uses[k] == 1 && q_reads) {
            continue;
        }
        // The rotated queries get a scratch buffer after the plan's own.
        let q_rot = Arg::Temp(program.ops[a].plan.temps.len());
        let table = Arg::RopeTable {
            positions: 6,
            head_dim: ropes_q.head_dim,
            theta: ropes_q.theta,
        };
        let rope_write = PlannedKernel {
            spec: KernelSpec::RopeKvWrite {
                seq,
                hq: spec.hq,
                hkv: spec.hkv,
                d: spec.d,
                rows,
            },
            args: vec![
                Arg::Operand(0),
                Arg::Operand(1),
                Arg::Operand(2),
                table,
                q_rot.clone(),
                Arg::Result(1),
                Arg::Result(2),
                Arg::Position(5),
            ],
        };
        let op = &mut program.ops[a];
        op.operands[0] = ropes_q.input;
        op.operands[1] = ropes_k.input;
        op.operands.push(ropes_q.positions);
        match &attend.spec {
            // The split form takes the rotations and cache writes itself: one dispatch fewer again.
            KernelSpec::AttentionSplit(_) if spec.d.is_multiple_of(8) => {
                let (partial, params) = (attend.args[3].clone(), attend.args[4].clone());
                op.plan.kernels.remove(0);
                op.plan.kernels[0] = PlannedKernel {
                    spec: KernelSpec::AttentionSplitRope(spec),
                    args: vec![
                        Arg::Operand(0),
                        Arg::Operand(1),
                        Arg::Operand(2),
                        rope_write.args[3].clone(),
                        Arg::Result(1),
                        Arg::Result(2),
                        partial,
                        params,
                    ],
                };
            }
            _ => {
                op.plan.kernels[0] = rope_write;
                op.plan.kernels[1].args[0] = q_rot;
                op.plan.temps.push(spec.sq * spec.hq * spec.d);
            }
        }
        dead[rq] = true;
        dead[rk] = true;
        fused += 1;
    }
    let mut i = 0;
    program.ops.retain(|_| {
        i += 1;
        !dead[i - 1]
    });
    fused
}
