//! Many sequences on one model: [`BatchDecoder`], what continuous batching
//! (a server's engine) needs from a backend — KV-cache slots, a prompt
//! prefilled into a free slot, and one step that advances every active
//! sequence by a token in a single batched call — and [`CpuBatchDecoder`],
//! the JIT-compiled model's `@decode_batch` over slot caches.
//!
//! A step of one sequence runs `@decode` on its slot instead (the
//! matrix-vector kernels are faster for one row than a one-row batch).
//!
//! Slots: each layer's keys (and values) are one `[slots, C, Hkv, Dh]`
//! buffer; sequence `s` owns slot `s`, so batch row `b` of `@decode_batch` is
//! slot `b`. A step passes the first `B` slots, `B` one past the highest
//! active slot; a free slot below it rides along as a padding row at position
//! 0 of its own slot (whatever it writes there, the next prompt in that slot
//! overwrites), so rows never need compacting. Admission takes the lowest
//! free slot, which keeps `B` close to the number of active sequences.
use super::cpu::on_pool_worker;
use super::model::{kv_cache_elements, BATCH_ENTRY};
use super::{DecoderModel, GenerateError};
use crate::jit::RawArg;

/// A decoder over KV-cache slots, one sequence per slot.
pub trait BatchDecoder {
    /// Slots (concurrent sequences) at most.
    fn slots(&self) -> usize;
    /// Tokens one slot holds at most.
    fn capacity(&self) -> usize;
    /// Tokens in `slot`'s cache (`None`: the slot is free).
    fn position(&self, slot: usize) -> Option<usize>;
    /// Prefills `prompt` into the lowest free slot; returns the slot and the
    /// logits after the prompt's last token. Fails (no slot taken) when every
    /// slot is busy, the prompt is empty, too long or has an id outside the vocabulary.
    fn admit(&mut self, prompt: &[u32]) -> Result<(usize, Vec<f32>), GenerateError>;
    /// Appends one token to each active sequence, in one batched call:
    /// `next` names every active slot once with its token. Returns each
    /// row's next logits in `next`'s order. A slot whose cache is full
    /// cannot step (its sequence must end: [`Self::release`]).
    fn step(&mut self, next: &[(usize, u32)]) -> Result<Vec<Vec<f32>>, GenerateError>;
    /// [`Self::step`], where the rows whose `greedy` flag is set need only their argmax: a decoder may answer
    /// them with [`StepRow::Chosen`] without their logits (the GPU picks on the device and reads back 4 bytes a
    /// row instead of the vocabulary). `greedy` has one flag per row of `next`. By default every row gets its
    /// logits.
    fn step_choosing(
        &mut self,
        next: &[(usize, u32)],
        greedy: &[bool],
    ) -> Result<Vec<StepRow>, GenerateError> {
        check_greedy_flags(next, greedy)?;
        Ok(self.step(next)?.into_iter().map(StepRow::Logits).collect())
    }
    /// Frees `slot` (its sequence ended or its client left).
    fn release(&mut self, slot: usize);
    /// The number of active sequences.
    fn active(&self) -> usize {
        (0..self.slots())
            .filter(|&s| self.position(s).is_some())
            .count()
    }
}

/// What a batched step gives one row ([`BatchDecoder::step_choosing`]).
#[derive(Debug, Clone, PartialEq)]
pub enum StepRow {
    /// The row's next logits.
    Logits(Vec<f32>),
    /// The row's greedy choice: the argmax of its logits, the first of equal maxima.
    Chosen(u32),
}

/// `greedy` names one flag per row of `next`.
pub(crate) fn check_greedy_flags(
    next: &[(usize, u32)],
    greedy: &[bool],
) -> Result<(), GenerateError> {
    if greedy.len() == next.len() {
        Ok(())
    } else {
        Err(GenerateError::Options(format!(
            "a step of {} rows with {} greedy flags",
            next.len(),
            greedy.len()
        )))
    }
}

/// The CPU decoder's slots: `@prefill`/`@decode` into one slot's caches,
/// `@decode_batch` over all of them.
pub struct CpuBatchDecoder {
    model: DecoderModel,
    /// Per layer, keys then values: `[slots, capacity, Hkv, Dh]`.
    caches: Vec<Vec<f32>>,
    table: SlotTable,
}

/// Which slots hold a sequence, and how many tokens each: the bookkeeping of every [`BatchDecoder`].
#[derive(Debug, Clone)]
pub(crate) struct SlotTable {
    /// Per slot, the tokens in its cache; `None` when free.
    positions: Vec<Option<usize>>,
    /// Tokens one slot holds.
    capacity: usize,
}

impl SlotTable {
    pub(crate) fn new(slots: usize, capacity: usize) -> SlotTable {
        SlotTable {
            positions: vec![None; slots],
            capacity,
        }
    }

    pub(crate) fn slots(&self) -> usize {
        self.positions.len()
    }

    pub(crate) fn capacity(&self) -> usize {
        self.capacity
    }

    pub(crate) fn position(&self, slot: usize) -> Option<usize> {
        self.positions.get(slot).copied().flatten()
    }

    /// The lowest free slot (keeps a step's rows close to the active sequences).
    pub(crate) fn lowest_free(&self) -> Result<usize, GenerateError> {
        self.positions
            .iter()
            .position(Option::is_none)
            .ok_or_else(|| {
                GenerateError::Options(format!("all {} slots are busy", self.positions.len()))
            })
    }

    /// `slot` now holds a sequence of `len` tokens.
    pub(crate) fn occupy(&mut self, slot: usize, len: usize) {
        self.positions[slot] = Some(len);
    }

    pub(crate) fn release(&mut self, slot: usize) {
        if let Some(p) = self.positions.get_mut(slot) {
            *p = None;
        }
    }

    /// Each slot of a checked step appended its token.
    pub(crate) fn advance(&mut self, next: &[(usize, u32)]) {
        for &(slot, _) in next {
            *self.positions[slot].as_mut().expect("checked active") += 1;
        }
    }

    /// Rows `0..B` of a step over `next` (non-empty): `B` one past its highest slot.
    pub(crate) fn rows(next: &[(usize, u32)]) -> usize {
        next.iter().map(|&(s, _)| s).max().map_or(0, |s| s + 1)
    }

    /// The ids and positions of rows `0..rows` for checked `next`; free slots below are padding at 0.
    pub(crate) fn step_rows(&self, next: &[(usize, u32)]) -> (Vec<u32>, Vec<usize>) {
        let rows = Self::rows(next);
        let (mut ids, mut positions) = (vec![0u32; rows], vec![0usize; rows]);
        for &(slot, token) in next {
            ids[slot] = token;
            positions[slot] = self.position(slot).expect("checked active");
        }
        (ids, positions)
    }

    /// Checks a prompt for a free slot: not empty, within a slot, every id in `config`'s vocabulary.
    pub(crate) fn check_prompt(
        &self,
        prompt: &[u32],
        config: &kforge_model::ModelConfig,
    ) -> Result<(), GenerateError> {
        if prompt.is_empty() {
            return Err(GenerateError::Options("an empty prompt".into()));
        }
        if prompt.len() > self.capacity {
            return Err(GenerateError::ContextFull {
                needed: prompt.len(),
                max_context: self.capacity,
            });
        }
        super::check_token_ids(config, prompt)
    }

    /// Checks `next` against the active slots (each once, none full) and its ids against `config`'s vocabulary.
    pub(crate) fn check_step(
        &self,
        next: &[(usize, u32)],
        config: &kforge_model::ModelConfig,
    ) -> Result<(), GenerateError> {
        self.check_slots(next)?;
        let tokens: Vec<u32> = next.iter().map(|&(_, t)| t).collect();
        super::check_token_ids(config, &tokens)
    }

    /// Checks `next` against the active slots: each once, none full.
    fn check_slots(&self, next: &[(usize, u32)]) -> Result<(), GenerateError> {
        let mut seen = vec![false; self.positions.len()];
        for &(slot, _) in next {
            let Some(position) = self.positions.get(slot).copied().flatten() else {
                return Err(GenerateError::Options(format!(
                    "slot {slot} has no sequence to step"
                )));
            };
            if std::mem::replace(&mut seen[slot], true) {
                return Err(GenerateError::Options(format!(
                    "slot {slot} appears twice in one step"
                )));
            }
            if position >= self.capacity {
                return Err(GenerateError::ContextFull {
                    needed: position + 1,
                    max_context: self.capacity,
                });
            }
        }
        if let Some(slot) = (0..seen.len()).find(|&s| self.positions[s].is_some() && !seen[s]) {
            return Err(GenerateError::Options(format!(
                "active slot {slot} is missing from the step (every active sequence steps together)"
            )));
        }
        Ok(())
    }
}

impl CpuBatchDecoder {
    /// `slots` sequences of up to `max_context` tokens each on `model`,
    /// whose module must have `@decode_batch` (imported by a kforge-import of
    /// 2026-12-07 or later).
    pub fn new(
        model: DecoderModel,
        slots: usize,
        max_context: usize,
    ) -> Result<CpuBatchDecoder, GenerateError> {
        if !model.has_batch_entry() {
            return Err(GenerateError::Model(format!(
                "{} has no '@{BATCH_ENTRY}' (a batched decode step): import the model again \
                 with this kforge-import",
                model.folder.model_mlir.display()
            )));
        }
        if slots == 0 {
            return Err(GenerateError::Options("at least one slot is needed".into()));
        }
        if max_context == 0 || max_context > model.config().max_context {
            return Err(GenerateError::Options(format!(
                "--max-context must be within [1, {}], got {max_context}",
                model.config().max_context
            )));
        }
        // One layer's buffer holds every slot's rows: sized (and checked
        // against memory, overflow included) as one cache of `slots · C` rows.
        let per_layer = kv_cache_elements(model.config(), max_context.saturating_mul(slots))?;
        let caches = (0..2 * model.config().n_layers)
            .map(|_| vec![0.0; per_layer])
            .collect();
        Ok(CpuBatchDecoder {
            model,
            caches,
            table: SlotTable::new(slots, max_context),
        })
    }

    /// The loaded model.
    pub fn model(&self) -> &DecoderModel {
        &self.model
    }

    /// Floats in one slot of one layer's cache.
    fn slot_len(&self) -> usize {
        self.table.capacity() * self.model.config().n_kv_heads * self.model.config().head_dim
    }
}

impl BatchDecoder for CpuBatchDecoder {
    fn slots(&self) -> usize {
        self.table.slots()
    }

    fn capacity(&self) -> usize {
        self.table.capacity()
    }

    fn position(&self, slot: usize) -> Option<usize> {
        self.table.position(slot)
    }

    fn admit(&mut self, prompt: &[u32]) -> Result<(usize, Vec<f32>), GenerateError> {
        let slot = self.table.lowest_free()?;
        self.table.check_prompt(prompt, self.model.config())?;
        let this = &mut *self;
        let logits = on_pool_worker(|| this.prefill_slot(slot, prompt))?;
        self.table.occupy(slot, prompt.len());
        Ok((slot, logits))
    }

    fn step(&mut self, next: &[(usize, u32)]) -> Result<Vec<Vec<f32>>, GenerateError> {
        if next.is_empty() {
            return Ok(Vec::new());
        }
        self.table.check_step(next, self.model.config())?;
        let this = &mut *self;
        if let [(slot, token)] = *next {
            // One sequence: `@decode`'s matrix-vector kernels beat a one-row
            // `@decode_batch` (12 vs 17 ms a token for SmolLM2, AVX-512), and
            // it gives exactly the one-sequence decoder's logits.
            let logits = on_pool_worker(|| this.decode_slot(slot, token))?;
            self.table.advance(next);
            return Ok(vec![logits]);
        }
        let (rows, logits) = on_pool_worker(|| this.batch_step(next))?;
        let rows = split_rows(logits, rows, self.model.config().vocab, next)?;
        self.table.advance(next);
        Ok(rows)
    }

    fn release(&mut self, slot: usize) {
        self.table.release(slot);
    }
}

/// Each of `next`'s rows of a step's `[rows, vocab]` logits, in `next`'s order.
pub(crate) fn split_rows(
    logits: Vec<f32>,
    rows: usize,
    vocab: usize,
    next: &[(usize, u32)],
) -> Result<Vec<Vec<f32>>, GenerateError> {
    if logits.len() != rows * vocab {
        return Err(GenerateError::Model(format!(
            "'@{BATCH_ENTRY}' returned {} logits for {rows} rows of {vocab}",
            logits.len()
        )));
    }
    Ok(next
        .iter()
        .map(|&(slot, _)| logits[slot * vocab..(slot + 1) * vocab].to_vec())
        .collect())
}

impl CpuBatchDecoder {
    /// Runs `prompt` through `@prefill` (`@decode` for one token) into free `slot`'s caches.
    fn prefill_slot(&mut self, slot: usize, prompt: &[u32]) -> Result<Vec<f32>, GenerateError> {
        self.sequence_step(slot, prompt, 0)
    }

    /// Appends `token` to active `slot` through `@decode`.
    fn decode_slot(&mut self, slot: usize, token: u32) -> Result<Vec<f32>, GenerateError> {
        let position = self.table.position(slot).expect("checked active");
        self.sequence_step(slot, &[token], position)
    }

    /// `tokens` through `@prefill` (`@decode` for one token) into `slot`'s
    /// caches, which hold `position` tokens.
    fn sequence_step(
        &mut self,
        slot: usize,
        tokens: &[u32],
        position: usize,
    ) -> Result<Vec<f32>, GenerateError> {
        let entry = if tokens.len() == 1 {
            "decode"
        } else {
            "prefill"
        };
        let offset = slot * self.slot_len();
        let caches: Vec<*mut f32> = self
            .caches
            .iter_mut()
            .map(|c| c[offset..].as_mut_ptr())
            .collect();
        // SAFETY: each pointer starts slot `slot` of a `[slots, capacity, Hkv,
        // Dh]` buffer: `capacity` rows of its own.
        unsafe {
            self.model
                .sequence_step(entry, tokens, position, &caches, self.table.capacity())
        }
    }

    /// One `@decode_batch` call over slots `0..B` for checked `next`;
    /// returns `B` and the `[B, V]` logits.
    fn batch_step(&mut self, next: &[(usize, u32)]) -> Result<(usize, Vec<f32>), GenerateError> {
        // Rows 0..B are slots 0..B; free slots below B are padding rows.
        let (ids, positions) = self.table.step_rows(next);
        let rows = ids.len();
        let mut ids: Vec<i64> = ids.into_iter().map(i64::from).collect();
        let mut positions: Vec<i64> = positions.into_iter().map(|p| p as i64).collect();
        let (heads, dh) = (self.model.config().n_kv_heads, self.model.config().head_dim);
        let capacity = self.table.capacity();
        let caches = self
            .caches
            .iter_mut()
            .map(|c| RawArg::of(c, vec![rows, capacity, heads, dh]))
            .collect();
        let args = vec![
            RawArg::of(&mut ids, vec![rows]),
            RawArg::of(&mut positions, vec![rows]),
        ];
        // SAFETY: ids/positions are `[rows]` i64; each cache holds `slots ≥
        // rows` slots of `capacity` rows, and every row's position is below
        // the capacity (checked: active rows are not full, padding rows are at 0).
        let logits = unsafe { self.model.call_logits(BATCH_ENTRY, args, caches)? };
        Ok((rows, logits))
    }
}
