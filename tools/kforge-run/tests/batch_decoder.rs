//! The batched decode step (`@decode_batch` through [`CpuBatchDecoder`]) on the
//! real SmolLM2-135M-Instruct: sequences that join and leave a running batch
//! get the ids each gets alone (the one-sequence decoder), and bad steps fail.
mod common;

use common::batch::{run_schedule, Stepping};
use common::model;
use kforge_runtime::generate::sampling::argmax;
use kforge_runtime::generate::{
    BatchDecoder, CpuBatchDecoder, CpuDecoder, DecoderBackend, DecoderModel, GenerateError,
};

const PROMPTS: [&str; 4] = [
    "The capital of France is",
    "Write a haiku about the sea.",
    "1, 2, 3,",
    "Once upon a time, in a small village by the mountains, there lived",
];

fn load() -> Option<DecoderModel> {
    let dir = model()?;
    Some(DecoderModel::load(&dir.join("model.mlir")).expect("the model loads"))
}

/// `n` greedy ids after `prompt`, one sequence alone.
fn alone(decoder: &mut CpuDecoder, prompt: &[u32], n: usize) -> Vec<u32> {
    decoder.reset();
    let mut logits = decoder.prefill(prompt).unwrap();
    let mut ids = Vec::new();
    while ids.len() < n {
        let next = argmax(&logits);
        ids.push(next);
        logits = decoder.step(next).unwrap();
    }
    ids
}

// Tests continuous batching's invariant: four sequences admitted at
// different steps (so the batch has 1 to 4 rows at different positions, and a
// freed slot below an active one becomes a padding row) each get exactly the
// greedy ids they get alone.
#[test]
fn sequences_joining_and_leaving_a_batch_get_their_ids_alone() {
    let Some(model) = load() else { return };
    let prompts: Vec<Vec<u32>> = PROMPTS
        .iter()
        .map(|p| model.folder.encode(p).unwrap())
        .collect();
    let n = 12;
    let mut single = CpuDecoder::new(load().unwrap(), 128).unwrap();
    let want: Vec<Vec<u32>> = prompts.iter().map(|p| alone(&mut single, p, n)).collect();

    let mut batch = CpuBatchDecoder::new(model, 4, 128).unwrap();
    // Join: prompt 0 at step 0, 1 at step 2, 2 at step 5, 3 after prompt 0 left.
    let done = run_schedule(&mut batch, &prompts, n, &[0, 2, 5], 3, Stepping::Logits);
    for (prompt, ids) in done {
        assert_eq!(ids, want[prompt], "prompt {prompt}: {:?}", PROMPTS[prompt]);
    }
}

// Tests the step's bad input: a free slot, a slot twice, an active slot left
// out, a full slot, an id outside the vocabulary; none changes a position.
#[test]
fn bad_batch_steps_are_refused() {
    let Some(model) = load() else { return };
    let mut batch = CpuBatchDecoder::new(model, 3, 8).unwrap();
    let (a, _) = batch.admit(&[1, 2, 3]).unwrap();
    let (b, _) = batch.admit(&[4, 5, 6, 7, 8, 9, 10]).unwrap();
    let err = |r: Result<Vec<Vec<f32>>, GenerateError>| r.unwrap_err().to_string();
    assert_eq!(
        err(batch.step(&[(a, 1), (b, 1), (2, 1)])),
        "slot 2 has no sequence to step"
    );
    assert_eq!(
        err(batch.step(&[(a, 1), (a, 1)])),
        "slot 0 appears twice in one step"
    );
    assert_eq!(
        err(batch.step(&[(a, 1)])),
        "active slot 1 is missing from the step (every active sequence steps together)"
    );
    assert_eq!(
        err(batch.step(&[(a, 1), (b, 49152)])),
        "token id 49152 is outside the vocabulary [0, 49152)"
    );
    batch.step(&[(a, 1), (b, 1)]).unwrap();
    assert_eq!((batch.position(a), batch.position(b)), (Some(4), Some(8)));
    assert_eq!(
        err(batch.step(&[(a, 1), (b, 1)])),
        "9 tokens do not fit the context of 8 (raise --max-context)"
    );
    assert_eq!((batch.position(a), batch.position(b)), (Some(4), Some(8)));
    // Admission: a prompt past a slot's context, then every slot busy.
    let too_long: Vec<u32> = (0..9).collect();
    assert!(batch.admit(&too_long).is_err());
    assert_eq!(batch.active(), 2, "a refused prompt takes no slot");
    batch.admit(&[1]).unwrap();
    assert_eq!(
        batch.admit(&[1]).unwrap_err().to_string(),
        "all 3 slots are busy"
    );
}
