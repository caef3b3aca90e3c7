//! Continuous batching's invariant, as a schedule any [`BatchDecoder`] runs:
//! sequences admitted at different steps, leaving after their ids.
use kforge_runtime::generate::sampling::argmax;
use kforge_runtime::generate::{BatchDecoder, StepRow};

/// How [`run_schedule`] steps the batch.
#[allow(
    dead_code,
    reason = "each test binary compiles this module; the batch decoder tests use it"
)]
#[derive(Clone, Copy, Debug)]
pub enum Stepping {
    /// [`BatchDecoder::step`]: every row's logits, the argmax on the host.
    Logits,
    /// [`BatchDecoder::step_choosing`] with every row greedy (a server's greedy requests).
    Greedy,
}

/// Runs `prompts` through `batch` greedily, `n` ids each: prompt `i` joins
/// at step `joins[i]`, the later ones whenever fewer than `busy` sequences
/// run. A sequence leaves after its `n`-th id (which needs no step), so a
/// freed slot below an active one becomes a padding row. Returns each
/// prompt's index and ids in the order they finished; checks that no slot
/// is left. `stepping` picks the decoder's entry point.
#[allow(
    dead_code,
    reason = "each test binary compiles this module; the batch decoder tests use it"
)]
pub fn run_schedule(
    batch: &mut dyn BatchDecoder,
    prompts: &[Vec<u32>],
    n: usize,
    joins: &[usize],
    busy: usize,
    stepping: Stepping,
) -> Vec<(usize, Vec<u32>)> {
    // (slot, prompt index, ids so far), and each one's pending row.
    let mut running: Vec<(usize, usize, Vec<u32>)> = Vec::new();
    let mut pending_logits: Vec<StepRow> = Vec::new();
    let mut done: Vec<(usize, Vec<u32>)> = Vec::new();
    let mut next_prompt = 0;
    for step in 0..prompts.len() * (n + joins.len() + 2) {
        let joins_now = match joins.get(next_prompt) {
            Some(&at) => at == step,
            None => batch.active() < busy,
        };
        if joins_now && next_prompt < prompts.len() {
            let (slot, logits) = batch.admit(&prompts[next_prompt]).unwrap();
            running.push((slot, next_prompt, Vec::new()));
            pending_logits.push(StepRow::Logits(logits));
            next_prompt += 1;
        }
        if running.is_empty() {
            break;
        }
        let mut next = Vec::new();
        for ((slot, _, ids), row) in running.iter_mut().zip(&pending_logits) {
            let id = match row {
                StepRow::Chosen(id) => *id,
                StepRow::Logits(logits) => argmax(logits),
            };
            ids.push(id);
            next.push((*slot, id));
        }
        let mut i = 0;
        while i < running.len() {
            if running[i].2.len() == n {
                let (slot, prompt, ids) = running.remove(i);
                batch.release(slot);
                next.retain(|&(s, _)| s != slot);
                pending_logits.remove(i);
                done.push((prompt, ids));
            } else {
                i += 1;
            }
        }
        pending_logits = match stepping {
            Stepping::Logits => batch
                .step(&next)
                .unwrap()
                .into_iter()
                .map(StepRow::Logits)
                .collect(),
            Stepping::Greedy => {
                let rows = batch.step_choosing(&next, &vec![true; next.len()]).unwrap();
                assert_eq!(rows.len(), next.len());
                rows
            }
        };
    }
    assert_eq!(done.len(), prompts.len(), "every sequence finished");
    assert_eq!(batch.active(), 0, "no slot leaked");
    done
}
