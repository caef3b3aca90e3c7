//! The batched decode step on the GPU ([`GpuBatchDecoder`]: `@decode_batch` programs over KV-cache slots on the
//! device), on lavapipe where there is no GPU: sequences joining and leaving a running batch get the greedy ids
//! the CPU's one-sequence decoder gives each alone, and bad steps fail. Lavapipe runs a step in about a second, so
//! few ids. Without any Vulkan adapter the test prints `SKIPPED: …` (`KFORGE_REQUIRE_GPU=1` makes that a failure).
mod common;

use common::batch::{run_schedule, Stepping};
use common::model;
use kforge_gpu::runtime::{open_for_tests, Gpu};
use kforge_runtime::generate::sampling::argmax;
use kforge_runtime::generate::ModelFolder;
use kforge_runtime::generate::{
    BatchDecoder, CpuDecoder, DecoderBackend, DecoderModel, GpuBatchDecoder, GpuDecoderOptions,
    StepRow,
};
use std::path::Path;

const PROMPTS: [&str; 3] = [
    "The capital of France is",
    "1, 2, 3,",
    "Once upon a time, in a small village by the mountains, there lived",
];

/// The imported model's directory and folder, and a GPU (lavapipe in CI); `None` (the test skips, saying why)
/// where either is missing.
fn model_on_gpu() -> Option<(&'static Path, Gpu, ModelFolder)> {
    let dir = model()?;
    let gpu = open_for_tests("GPU batch decoder tests")?;
    let folder = ModelFolder::open(&dir.join("model.mlir")).unwrap();
    Some((dir, gpu, folder))
}

fn options(max_context: usize) -> GpuDecoderOptions {
    GpuDecoderOptions {
        max_context,
        fuse: true,
        batched_prefill: true,
    }
}

// Tests continuous batching on the GPU: three sequences admitted at steps 0
// and 1 and after the first left (1 to 2 rows at different positions; the
// third reuses the first's slot below the second's) each get the CPU's
// greedy ids alone — chosen on the device (`step_choosing`, every row greedy),
// as a server's greedy requests are.
#[test]
fn sequences_joining_and_leaving_a_gpu_batch_get_the_cpu_ids_alone() {
    let Some((dir, gpu, folder)) = model_on_gpu() else {
        return;
    };
    let prompts: Vec<Vec<u32>> = PROMPTS.iter().map(|p| folder.encode(p).unwrap()).collect();
    let n = 4;
    let cpu = DecoderModel::load(&dir.join("model.mlir")).unwrap();
    let mut single = CpuDecoder::new(cpu, 64).unwrap();
    let want: Vec<Vec<u32>> = prompts
        .iter()
        .map(|p| {
            single.reset();
            let mut logits = single.prefill(p).unwrap();
            let mut ids = Vec::new();
            while ids.len() < n {
                ids.push(argmax(&logits));
                logits = single.step(*ids.last().unwrap()).unwrap();
            }
            ids
        })
        .collect();

    let mut batch = GpuBatchDecoder::load(gpu, &folder, 3, options(64)).unwrap();
    let done = run_schedule(&mut batch, &prompts, n, &[0, 1], 1, Stepping::Greedy);
    for (prompt, ids) in done {
        assert_eq!(ids, want[prompt], "prompt {prompt}: {:?}", PROMPTS[prompt]);
    }
}

// Tests the GPU step's bad input as the CPU's: a free slot, an active slot
// left out, an id outside the vocabulary, a full slot, a prompt past a slot,
// every slot busy; none changes a position.
#[test]
fn bad_gpu_batch_steps_are_refused() {
    let Some((_, gpu, folder)) = model_on_gpu() else {
        return;
    };
    let mut batch = GpuBatchDecoder::load(gpu, &folder, 2, options(8)).unwrap();
    let (a, _) = batch.admit(&[1, 2, 3]).unwrap();
    let (b, _) = batch.admit(&[4, 5, 6, 7, 8, 9, 10]).unwrap();
    let err = |r: Result<Vec<Vec<f32>>, _>| -> String {
        let e: kforge_runtime::generate::GenerateError = r.unwrap_err();
        e.to_string()
    };
    assert_eq!(
        err(batch.step(&[(a, 1), (b, 1), (2, 1)])),
        "slot 2 has no sequence to step"
    );
    assert_eq!(
        err(batch.step(&[(a, 1)])),
        "active slot 1 is missing from the step (every active sequence steps together)"
    );
    assert_eq!(
        err(batch.step(&[(a, 1), (b, 49152)])),
        "token id 49152 is outside the vocabulary [0, 49152)"
    );
    let err_rows = |r: Result<Vec<StepRow>, _>| -> String {
        let e: kforge_runtime::generate::GenerateError = r.unwrap_err();
        e.to_string()
    };
    assert_eq!(
        err_rows(batch.step_choosing(&[(a, 1), (b, 1)], &[true])),
        "a step of 2 rows with 1 greedy flags"
    );
    // A row that samples: every row gets its logits.
    let rows = batch
        .step_choosing(&[(a, 1), (b, 1)], &[true, false])
        .unwrap();
    assert!(rows
        .iter()
        .all(|r| matches!(r, StepRow::Logits(l) if l.len() == 49152)));
    assert_eq!(
        err(batch.step(&[(a, 1), (b, 1)])),
        "9 tokens do not fit the context of 8 (raise --max-context)"
    );
    assert_eq!(
        err_rows(batch.step_choosing(&[(a, 1), (b, 1)], &[true, true])),
        "9 tokens do not fit the context of 8 (raise --max-context)"
    );
    assert_eq!((batch.position(a), batch.position(b)), (Some(4), Some(8)));
    batch.release(b);
    let too_long: Vec<u32> = (0..9).collect();
    assert!(batch.admit(&too_long).is_err());
    assert_eq!(batch.active(), 1, "a refused prompt takes no slot");
    batch.admit(&[1]).unwrap();
    assert_eq!(
        batch.admit(&[1]).unwrap_err().to_string(),
        "all 2 slots are busy"
    );
}

// Tests that a greedy step submitted ahead is not taken for a new sequence's
// step that looks the same: slot 0's sequence (a prompt and its first id)
// steps once (the next step, one position further with the id it chose, goes
// ahead), leaves, and another text one token longer takes slot 0 and asks for
// exactly that step. Its id must be the CPU's for its own text, not the one
// computed over the old sequence's cache rows.
#[test]
fn a_step_run_ahead_is_not_reused_for_a_new_sequence_in_its_slot() {
    let Some((dir, gpu, folder)) = model_on_gpu() else {
        return;
    };
    let old = folder.encode(PROMPTS[0]).unwrap();
    let new = folder.encode(PROMPTS[2]).unwrap()[..old.len() + 1].to_vec();
    let mut batch = GpuBatchDecoder::load(gpu, &folder, 2, options(32)).unwrap();
    let chosen = |rows: Vec<StepRow>| match rows[..] {
        [StepRow::Chosen(id)] => id,
        _ => panic!("expected one chosen id"),
    };
    let (slot, logits) = batch.admit(&old).unwrap();
    let first = chosen(
        batch
            .step_choosing(&[(slot, argmax(&logits))], &[true])
            .unwrap(),
    );
    batch.release(slot);
    let (again, _) = batch.admit(&new).unwrap();
    assert_eq!((again, batch.position(again)), (slot, Some(new.len())));
    let got = chosen(batch.step_choosing(&[(again, first)], &[true]).unwrap());

    let cpu = DecoderModel::load(&dir.join("model.mlir")).unwrap();
    let mut single = CpuDecoder::new(cpu, 32).unwrap();
    single.prefill(&new).unwrap();
    let want = argmax(&single.step(first).unwrap());
    // What the step run ahead computed: the old sequence's next id (the test tells the two apart only if they
    // differ).
    single.reset();
    let x = argmax(&single.prefill(&old).unwrap());
    single.step(x).unwrap();
    let stale = argmax(&single.step(first).unwrap());
    assert_ne!(want, stale, "texts that tell a reused step apart");
    assert_eq!(got, want, "the new text's id");
}
