//! The GPU decoder's loops on a toy decoder (lavapipe in CI). Greedy decoding with the argmax on the device: the
//! `argmax_feed` kernel picks what the host's argmax picks (first of equal maxima, any length; `argmax_rows` for
//! each row of a batch), and
//! `GpuDecoder::greedy` — each step's id written on the device for the next, one step in flight — gives the ids and
//! positions of the host loop. Batched prefill: `GpuDecoder::prefill_batched` runs a prompt in one program of its
//! length, sharing the step's weights, and gives the logits the step gives. Bad programs and full caches: errors.
#[allow(dead_code, reason = "this test binary uses part of the shared helpers")]
mod common;

use common::{gpu, random, rng};
use kforge_gpu::decoder::GpuDecoder;
use kforge_gpu::plan::{Arg, OpPlan, PlannedKernel};
use kforge_gpu::program::{Program, ProgramOp, ValueDef};
use kforge_gpu::runtime::{Gpu, Host};
use kforge_gpu::{KernelSpec, WeightFormat};

fn host_argmax(x: &[f32]) -> u32 {
    let mut best = 0;
    for (i, &v) in x.iter().enumerate() {
        if v > x[best] {
            best = i;
        }
    }
    best as u32
}

fn device_argmax(g: &Gpu, x: &[f32]) -> u32 {
    let spec = KernelSpec::ArgmaxFeed { n: x.len() };
    let out = g
        .run_once(&spec, &[Host::F32(x.to_vec()), Host::U32(vec![u32::MAX])])
        .unwrap_or_else(|e| panic!("{}: {e}", spec.name()));
    out[0][0].to_bits()
}

#[test]
fn argmax_feed_picks_the_first_of_equal_maxima() {
    let Some(g) = gpu() else { return };
    let mut r = rng(7);
    for n in [1, 3, 255, 256, 257, 1000, 49152] {
        let mut x = random(&mut r, n);
        assert_eq!(device_argmax(g, &x), host_argmax(&x), "random, n = {n}");
        // Ties across threads and within one thread's slice: the earliest wins.
        let top = 10.0;
        for i in [n - 1, n / 2, n / 3, 0] {
            x[i] = top;
        }
        assert_eq!(device_argmax(g, &x), host_argmax(&x), "ties, n = {n}");
        x.iter_mut().for_each(|v| *v = f32::NEG_INFINITY);
        assert_eq!(device_argmax(g, &x), 0, "all -inf, n = {n}");
        x[n - 1] = f32::MIN;
        assert_eq!(device_argmax(g, &x), (n - 1) as u32, "-f32::MAX, n = {n}");
    }
}

// Tests the batched step's argmax: each row's id is the host's argmax of that
// row (random rows, ties within and across rows, a row of −∞).
#[test]
fn argmax_rows_picks_each_row_s_first_maximum() {
    let Some(g) = gpu() else { return };
    let mut r = rng(11);
    for (rows, n) in [(1, 49152), (3, 257), (8, 1000), (5, 1)] {
        let mut x = random(&mut r, rows * n);
        x[n - 1] = 10.0;
        if rows > 2 {
            x[n..2 * n].iter_mut().for_each(|v| *v = f32::NEG_INFINITY);
            x[2 * n + n / 2] = 10.0;
            x[2 * n + n - 1] = 10.0;
        }
        let spec = KernelSpec::ArgmaxRows { rows, n };
        let out = g
            .run_once(
                &spec,
                &[Host::F32(x.clone()), Host::U32(vec![u32::MAX; rows])],
            )
            .unwrap_or_else(|e| panic!("{}: {e}", spec.name()));
        let got: Vec<u32> = out[0].iter().map(|v| v.to_bits()).collect();
        let want: Vec<u32> = x.chunks(n).map(host_argmax).collect();
        assert_eq!(got, want, "{rows} rows of {n}");
    }
}

const VOCAB: usize = 40;

/// Where the toy model goes after `id`.
fn successor(id: u32) -> u32 {
    (id * 7 + 3) % VOCAB as u32
}

fn embedding(seq: usize, vocab: usize) -> KernelSpec {
    KernelSpec::Embedding {
        seq,
        vocab,
        dim: VOCAB,
        format: WeightFormat::F32,
    }
}

fn table() -> ValueDef {
    ValueDef::Weight {
        name: "table".into(),
        shape: vec![VOCAB, VOCAB],
        format: WeightFormat::F32,
    }
}

/// The toy's `@prefill` of `len` tokens: every token's row of the table, then the row `last` names — the step's
/// logits for the prompt's last token.
fn toy_prefill(len: usize, capacity: usize) -> Program {
    let op = |name: &str, spec, operands, results| ProgramOp {
        name: name.into(),
        plan: OpPlan {
            kernels: vec![PlannedKernel {
                spec,
                args: vec![Arg::Indices(0), Arg::Operand(1), Arg::Result(0)],
            }],
            temps: vec![],
            aliases: vec![],
            host_aliases: vec![],
        },
        operands,
        results,
    };
    Program {
        name: "prefill".into(),
        values: vec![
            ValueDef::Int { len },
            ValueDef::Int { len },
            ValueDef::Int { len: 1 },
            ValueDef::Int { len: 1 },
            table(),
            ValueDef::Float { len: len * VOCAB },
            ValueDef::Float { len: VOCAB },
        ],
        inputs: vec![0, 1, 2, 3],
        outputs: vec![6],
        output_shapes: vec![vec![1, VOCAB]],
        ops: vec![
            op(
                "kforge.embedding",
                embedding(len, VOCAB),
                vec![0, 4],
                vec![5],
            ),
            op("kforge.embedding", embedding(1, len), vec![3, 5], vec![6]),
        ],
        kv_capacity: Some(capacity),
    }
}

/// A decoder step whose logits are the embedding row of its token: row `i` peaks at `successor(i)`, so greedy
/// decoding walks the successor chain. The four integer arguments of a `@decode`; no KV cache.
fn toy_decoder(g: &Gpu, capacity: usize) -> GpuDecoder {
    let program = Program {
        name: "decode".into(),
        values: vec![
            ValueDef::Int { len: 1 },
            ValueDef::Int { len: 1 },
            ValueDef::Int { len: 1 },
            ValueDef::Int { len: 1 },
            table(),
            ValueDef::Float { len: VOCAB },
        ],
        inputs: vec![0, 1, 2, 3],
        outputs: vec![5],
        output_shapes: vec![vec![1, VOCAB]],
        ops: vec![ProgramOp {
            name: "kforge.embedding".into(),
            plan: OpPlan {
                kernels: vec![PlannedKernel {
                    spec: embedding(1, VOCAB),
                    args: vec![Arg::Indices(0), Arg::Operand(1), Arg::Result(0)],
                }],
                temps: vec![],
                aliases: vec![],
                host_aliases: vec![],
            },
            operands: vec![0, 4],
            results: vec![5],
        }],
        kv_capacity: Some(capacity),
    };
    let mut r = rng(3);
    let mut weight = |_: &str, shape: &[usize], _| {
        let mut t: Vec<f32> = random(&mut r, shape.iter().product());
        for i in 0..VOCAB {
            t[i * VOCAB + successor(i as u32) as usize] = 5.0;
        }
        Ok(Host::F32(t))
    };
    GpuDecoder::new(g, program, &mut weight).expect("the toy decoder is resident")
}

#[test]
fn device_fed_greedy_gives_the_host_loops_ids_and_positions() {
    let Some(g) = gpu() else { return };
    let mut d = toy_decoder(g, 64);
    // The host loop: step, read the logits back, argmax.
    let mut host = Vec::new();
    let mut token = 5;
    for _ in 0..12 {
        token = host_argmax(&d.step(g, token, false).unwrap().0);
        host.push(token);
    }
    assert_eq!(d.position, 12);
    let mut want = 5;
    for &id in &host {
        want = successor(want);
        assert_eq!(id, want, "the toy chain: {host:?}");
    }
    d.reset();
    let mut seen = Vec::new();
    let fed = d
        .greedy(g, 5, 12, &mut |id| {
            seen.push(id);
            true
        })
        .unwrap();
    assert_eq!(fed, host);
    assert_eq!(seen, host, "each id is passed on as it is read");
    assert_eq!(d.position, 12, "one cache row per step whose id was used");

    // A stop after three ids: the step submitted ahead is drained, the position is after the third step.
    d.reset();
    let mut n = 0;
    let stopped = d
        .greedy(g, 5, 12, &mut |_| {
            n += 1;
            n < 3
        })
        .unwrap();
    assert_eq!(stopped, host[..3]);
    assert_eq!(d.position, 3);
    // The sequence goes on from there with the host loop: the same chain.
    let next = host_argmax(&d.step(g, stopped[2], false).unwrap().0);
    assert_eq!(next, host[3]);
}

#[test]
fn device_fed_greedy_stops_at_the_cache_capacity() {
    let Some(g) = gpu() else { return };
    let mut d = toy_decoder(g, 4);
    d.position = 1;
    let ids = d.greedy(g, 5, 100, &mut |_| true).unwrap();
    assert_eq!(ids.len(), 3, "{ids:?}");
    assert_eq!(d.position, 4);
    let err = d.greedy(g, 5, 1, &mut |_| true).unwrap_err().to_string();
    assert!(err.contains("the KV cache is full (4 tokens)"), "{err}");
    assert!(d.greedy(g, 5, 0, &mut |_| true).unwrap().is_empty());
}

#[test]
fn a_prompt_in_one_prefill_run_gives_the_step_s_logits() {
    let Some(g) = gpu() else { return };
    let mut d = toy_decoder(g, 16);
    let mut built = Vec::new();
    let mut build = |len: usize| {
        built.push(len);
        Ok(toy_prefill(len, 16))
    };
    let prompt = [5, 9, 2];
    let batched = d.prefill_batched(g, &prompt, &mut build).unwrap();
    assert_eq!(d.position, 3);
    assert_eq!(host_argmax(&batched), successor(2));
    d.reset();
    let stepped = d.prefill(g, &prompt).unwrap();
    assert_eq!(batched, stepped, "the same table row");
    // A second prompt of the same length reuses its program; another length builds one.
    d.reset();
    d.prefill_batched(g, &[1, 2, 3], &mut build).unwrap();
    d.prefill_batched(g, &[4, 6], &mut build).unwrap();
    assert_eq!(built, [3, 2]);
    assert_eq!(d.position, 5);
    // Greedy decoding goes on from the prompt.
    let ids = d.greedy(g, 6, 2, &mut |_| true).unwrap();
    assert_eq!(ids, [successor(6), successor(successor(6))]);
}

#[test]
fn a_padded_prefill_gives_the_prompt_s_own_logits_and_position() {
    let Some(g) = gpu() else { return };
    let mut d = toy_decoder(g, 16);
    let built = std::cell::RefCell::new(Vec::new());
    let mut build = |len: usize| {
        built.borrow_mut().push(len);
        Ok(toy_prefill(len, 16))
    };
    let prompt = [5, 9, 2];
    let stepped = d.prefill(g, &prompt).unwrap();
    d.reset();
    let padded = d.prefill_padded(g, &prompt, 8, &mut build).unwrap();
    assert_eq!(padded, stepped, "the prompt's last row, not the padding's");
    assert_eq!(d.position, 3);
    // Another length in the same bucket reuses the program; decoding goes on from the prompt's own end.
    d.reset();
    d.prefill_padded(g, &[1, 2, 3, 4, 5], 8, &mut build)
        .unwrap();
    assert_eq!(*built.borrow(), [8]);
    assert_eq!(d.position, 5);
    let ids = d.greedy(g, 6, 2, &mut |_| true).unwrap();
    assert_eq!(ids, [successor(6), successor(successor(6))]);
    // Rows fewer than the prompt's, or past the cache: errors, the position unchanged.
    d.reset();
    let err = d
        .prefill_padded(g, &[1, 2, 3], 2, &mut build)
        .unwrap_err()
        .to_string();
    assert!(err.contains("does not fit a prefill of 2 rows"), "{err}");
    let err = d
        .prefill_padded(g, &[1, 2, 3], 17, &mut build)
        .unwrap_err()
        .to_string();
    assert!(err.contains("the KV cache is full (16 tokens)"), "{err}");
    assert_eq!(d.position, 0);
}

#[test]
fn bad_prefill_programs_and_full_caches_are_errors() {
    let Some(g) = gpu() else { return };
    let mut d = toy_decoder(g, 4);
    let err = |r: kforge_gpu::Result<Vec<f32>>| r.unwrap_err().to_string();
    let long = err(d.prefill_batched(g, &[1, 2, 3, 4, 5], &mut |n| Ok(toy_prefill(n, 4))));
    assert!(long.contains("the KV cache is full (4 tokens)"), "{long}");
    assert!(
        err(d.prefill_batched(g, &[], &mut |n| Ok(toy_prefill(n, 4)))).contains("an empty prompt")
    );
    // A program with another interface than the step's.
    let mut other = toy_prefill(2, 4);
    other.inputs.pop();
    let wrong = err(d.prefill_batched(g, &[1, 2], &mut |_| Ok(other.clone())));
    assert!(
        wrong.contains("does not take and return the decode program's 0 caches"),
        "{wrong}"
    );
    // A weight the step does not have.
    let mut foreign = toy_prefill(2, 4);
    foreign.values[4] = ValueDef::Weight {
        name: "other".into(),
        shape: vec![VOCAB, VOCAB],
        format: WeightFormat::F32,
    };
    let weight = err(d.prefill_batched(g, &[1, 2], &mut |_| Ok(foreign.clone())));
    assert!(
        weight.contains("weight 'other' of the prefill program is not one of the decode program's"),
        "{weight}"
    );
    // Whatever failed, nothing was appended.
    assert_eq!(d.position, 0);
    let failed = err(d.prefill_batched(g, &[1, 2], &mut |_| {
        Err(kforge_gpu::GpuError::Wgpu("no @prefill".into()))
    }));
    assert!(failed.contains("no @prefill"), "{failed}");
}

/// A step whose id input is read other than as embedding ids (here: also as a position table) cannot be fed by
/// the device: greedy decoding says so instead of feeding it.
#[test]
fn greedy_refuses_a_step_whose_ids_feed_other_tables() {
    let Some(g) = gpu() else { return };
    let mut program = toy_prefill(1, 8);
    program.name = "decode".into();
    // The second embedding reads its row index from the ids input as a position table.
    program.ops[1].operands[0] = 0;
    program.ops[1].plan.kernels[0].args[0] = Arg::Position(0);
    let mut r = rng(3);
    let mut weight =
        |_: &str, shape: &[usize], _| Ok(Host::F32(random(&mut r, shape.iter().product())));
    let mut d = GpuDecoder::new(g, program, &mut weight).unwrap();
    let e = d.greedy(g, 1, 3, &mut |_| true).unwrap_err().to_string();
    assert!(
        e.contains("input #0 is read other than as embedding ids"),
        "{e}"
    );
}
