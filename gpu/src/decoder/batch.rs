//! [`BatchSteps`]: a decoder's batched step on the GPU — programs of `@decode_batch` (ids and positions `[B]`,
//! caches `[B, C, Hkv, Dh]`, logits `[B, V]`) over KV-cache slots that stay on the device, one sequence per slot.
//!
//! Slot `s` is row `s` of every program, as on the CPU (`kforge_runtime::generate::CpuBatchDecoder`): a step of
//! rows `0..n` runs the program of the fewest rows `R ≥ n` among powers of two and the slot count, rows past `n`
//! (and free slots below it) riding along as padding at position 0 of their own free slots. The program of every
//! slot owns the caches; each smaller one binds the same buffers (its rows are their first slots) and the same
//! weights, which come from the one-sequence decoder's program: nothing is uploaded twice.
//!
//! A prompt runs through the one-sequence [`GpuDecoder`] (its `@prefill` programs, its own caches); its rows are
//! then copied into the slot ([`BatchSteps::take_prompt`]) in one submission, ahead of the next step in queue order.
//!
//! Greedy steps run one step ahead ([`BatchSteps::step_greedy`]): with step `t` submitted, step `t + 1` of the
//! same rows follows at once, its ids the device's argmax of step `t` (a [`GreedyFeed`]) and each row one position
//! further, before step `t`'s ids are read back. When the caller then asks for that step (each of its sequences a
//! row of step `t + 1` with the id step `t` chose; a sequence that left is padding, whatever was run for it), its
//! ids are already on their way: the host's recording, the read-back and whatever the caller does between steps
//! overlap the GPU's work. Any other next step (a row joined, a sampling row, a prompt copied into a slot, a
//! program of fewer rows) discards it: the discarded step wrote only cache rows past each sequence's position
//! (rewritten before they are read) or in free slots, and the id table (rewritten by the host, in queue order).

use super::{resident_beside, GpuDecoder};
use crate::error::{GpuError, Result};
use crate::program::{FedRun, GreedyFeed, Program, Resident, ValueDef};
use crate::runtime::{Gpu, KernelTime};

/// Integer arguments of a batched step: ids, positions.
const INT_ARGS: usize = 2;

/// Builds the `@decode_batch` program of `rows` rows (the caller's compiler: the GPU crate links no MLIR).
pub type BuildBatch<'a> = dyn FnMut(usize) -> Result<Program> + 'a;

/// The program of a step of `rows` rows, and the argmax of its logits' rows into its ids (made on its first
/// greedy step).
struct StepProgram {
    rows: usize,
    resident: Resident,
    feed: Option<GreedyFeed>,
}

/// A greedy step submitted ahead of its caller ([`BatchSteps::step_greedy`]), not read yet.
struct Ahead {
    /// Its program's index.
    at: usize,
    /// Each of its program's rows: a sequence's id (the previous step's choice) and position, or padding.
    rows: Vec<Option<(u32, usize)>>,
    run: FedRun,
}

impl Ahead {
    /// Whether the step asked for (`asked`, as [`Ahead::rows`]) is this one: each of its sequences' rows is this
    /// step's, with the same id and position. A row that is padding in the step asked for may have been anything
    /// here: its slot is free, and what this step wrote there is past any future sequence's position until that
    /// sequence's prompt is copied in (which discards a step run ahead).
    fn is(&self, at: usize, asked: &[Option<(u32, usize)>]) -> bool {
        self.at == at && covers(&self.rows, asked)
    }
}

/// Whether a step of rows `ran` answers a step asked for as `asked` (both as [`Ahead::rows`]): every row that is a
/// sequence's in `asked` is the same in `ran`; a padding row of `asked` may be anything in `ran`.
fn covers(ran: &[Option<(u32, usize)>], asked: &[Option<(u32, usize)>]) -> bool {
    asked.len() == ran.len() && asked.iter().zip(ran).all(|(a, r)| a.is_none() || a == r)
}

/// Batched decode steps over KV-cache slots on the device.
pub struct BatchSteps {
    /// Programs by rows, ascending; the last, of every slot, owns the caches.
    programs: Vec<StepProgram>,
    slots: usize,
    capacity: usize,
    vocab: usize,
    /// The greedy step submitted ahead, if any.
    ahead: Option<Ahead>,
    /// Whether greedy steps run ahead ([`BatchSteps::set_run_ahead`]).
    run_ahead: bool,
}

impl BatchSteps {
    /// The slots' caches and the program of all `slots` rows (`build(slots)`), sharing `decoder`'s weights. Its
    /// caches must be `decoder`'s, one slot per row: as many, of `decoder`'s capacity each.
    pub fn new(
        gpu: &Gpu,
        decoder: &GpuDecoder,
        slots: usize,
        build: &mut BuildBatch<'_>,
    ) -> Result<BatchSteps> {
        if slots == 0 {
            return Err(GpuError::Wgpu("a batch needs at least one slot".into()));
        }
        let program = build(slots)?;
        let caches = decoder.resident.program().inputs.len() - super::INT_ARGS;
        let vocab = check_batch_program(&program, slots, caches, decoder.capacity())?;
        let all = resident_beside(
            gpu,
            program,
            (INT_ARGS, caches),
            &decoder.resident,
            None,
            "the batched step",
        )?;
        Ok(BatchSteps {
            programs: vec![StepProgram {
                rows: slots,
                resident: all,
                feed: None,
            }],
            slots,
            capacity: decoder.capacity(),
            vocab,
            ahead: None,
            run_ahead: true,
        })
    }

    /// Whether [`BatchSteps::step_greedy`] submits the next step ahead (the default; off, for comparison, each
    /// step is submitted when asked for and read back before the call returns).
    pub fn set_run_ahead(&mut self, on: bool) {
        self.run_ahead = on;
        self.ahead = None;
    }

    /// Slots.
    pub fn slots(&self) -> usize {
        self.slots
    }

    /// KV-cache rows of one slot.
    pub fn capacity(&self) -> usize {
        self.capacity
    }

    /// Dispatches of the program of every slot.
    pub fn kernels_per_step(&self) -> usize {
        self.owner().kernels()
    }

    /// The program of every slot: the caches' owner.
    fn owner(&self) -> &Resident {
        &self
            .programs
            .last()
            .expect("built with the program of every slot")
            .resident
    }

    /// Copies the first `len` cache rows of `decoder` (a prompt it just ran, from position 0) into `slot`.
    /// A step submitted ahead is discarded: it read the slot's rows before the copy.
    pub fn take_prompt(
        &mut self,
        gpu: &Gpu,
        decoder: &GpuDecoder,
        slot: usize,
        len: usize,
    ) -> Result<()> {
        if slot >= self.slots || len > self.capacity || decoder.capacity() != self.capacity {
            return Err(GpuError::Wgpu(format!(
                "cannot copy {len} rows of a {}-row cache into slot {slot} of {} slots of {} rows",
                decoder.capacity(),
                self.slots,
                self.capacity
            )));
        }
        self.ahead = None;
        let owner = self.owner();
        let caches = owner.program().inputs.len() - INT_ARGS;
        let mut copies = Vec::with_capacity(caches);
        for i in 0..caches {
            let (Some(src), Some(dst)) = (
                decoder.resident.input_buffer(super::INT_ARGS + i),
                owner.input_buffer(INT_ARGS + i),
            ) else {
                return Err(GpuError::Wgpu(format!("cache #{i} has no device buffer")));
            };
            let slot_bytes = (owner.program().values[owner.program().inputs[INT_ARGS + i]].len()
                / self.slots
                * 4) as u64;
            let row_bytes = slot_bytes / self.capacity as u64;
            copies.push((
                &**src,
                0,
                &**dst,
                slot as u64 * slot_bytes,
                len as u64 * row_bytes,
            ));
        }
        gpu.copy_regions(&copies)
    }

    /// One step of rows `0..ids.len()`: row `s` appends `ids[s]` at `positions[s]` of slot `s` (the caller pads
    /// free slots below the last active one, at position 0). Returns the `[rows, vocab]` logits, and when `timed`
    /// each dispatch's GPU time. The program of the fewest rows that hold them is built (`build`) on first use.
    pub fn step(
        &mut self,
        gpu: &Gpu,
        ids: &[u32],
        positions: &[usize],
        build: &mut BuildBatch<'_>,
        timed: bool,
    ) -> Result<(Vec<f32>, Vec<KernelTime>)> {
        let (at, ints) = self.prepare(gpu, ids, positions, build)?;
        self.ahead = None;
        let (mut logits, times) = self.programs[at].resident.run(gpu, &ints, 0, timed)?;
        logits.truncate(ids.len() * self.vocab);
        Ok((logits, times))
    }

    /// [`BatchSteps::step`] for rows that all decode greedily: each row's argmax is taken on the device and only
    /// the chosen ids (4 bytes a row) are read back — the same ids as the host's argmax of [`BatchSteps::step`]'s
    /// logits (the first of equal maxima). `live[s]`: row `s` is a sequence's (not padding). The next step of the
    /// live rows is submitted before this one's ids are read (the module's doc: it is used if asked for next).
    pub fn step_greedy(
        &mut self,
        gpu: &Gpu,
        ids: &[u32],
        positions: &[usize],
        live: &[bool],
        build: &mut BuildBatch<'_>,
    ) -> Result<Vec<u32>> {
        let (at, mut ints) = self.prepare(gpu, ids, positions, build)?;
        if live.len() != ids.len() {
            return Err(GpuError::Wgpu(format!(
                "a step of {} rows with {} live flags",
                ids.len(),
                live.len()
            )));
        }
        let asked: Vec<Option<(u32, usize)>> = (0..self.programs[at].rows)
            .map(|s| {
                live.get(s)
                    .copied()
                    .unwrap_or(false)
                    .then(|| (ids[s], positions[s]))
            })
            .collect();
        let room = self.run_ahead
            && asked.iter().any(Option::is_some)
            && asked.iter().flatten().all(|&(_, p)| p + 1 < self.capacity);
        let ahead = self.ahead.take();
        let p = &mut self.programs[at];
        if p.feed.is_none() {
            p.feed = Some(p.resident.greedy_feed(gpu, 0, 0, p.rows)?);
        }
        let feed = p.feed.as_mut().expect("made above");
        let run = match ahead {
            Some(a) if a.is(at, &asked) => a.run,
            _ => p.resident.submit_fed(gpu, &ints, feed, true)?,
        };
        // The step after this one: each sequence's row a position further, padding rows where they are.
        let next_run = if room {
            for (position, row) in ints[1].iter_mut().zip(&asked) {
                *position += i64::from(row.is_some());
            }
            Some(p.resident.submit_fed(gpu, &ints, feed, false)?)
        } else {
            None
        };
        let mut chosen = p.resident.read_fed_rows(gpu, feed, run)?;
        self.ahead = next_run.map(|run| Ahead {
            at,
            rows: asked
                .iter()
                .zip(&chosen)
                .map(|(row, &id)| row.map(|(_, p)| (id, p + 1)))
                .collect(),
            run,
        });
        chosen.truncate(ids.len());
        Ok(chosen)
    }

    /// Checks a step's rows and returns its program's index (built on first use) and integer inputs (padded to
    /// the program's rows).
    fn prepare(
        &mut self,
        gpu: &Gpu,
        ids: &[u32],
        positions: &[usize],
        build: &mut BuildBatch<'_>,
    ) -> Result<(usize, Vec<Vec<i64>>)> {
        let rows = ids.len();
        if rows == 0 || rows > self.slots || positions.len() != rows {
            return Err(GpuError::Wgpu(format!(
                "a step of {rows} ids and {} positions over {} slots",
                positions.len(),
                self.slots
            )));
        }
        if let Some(p) = positions.iter().find(|&&p| p >= self.capacity) {
            return Err(GpuError::Wgpu(format!(
                "position {p} is past a slot's {} rows",
                self.capacity
            )));
        }
        let r = self.rows_for(rows);
        let at = self.program(gpu, r, build)?;
        let mut ints = vec![
            ids.iter().map(|&t| i64::from(t)).collect::<Vec<_>>(),
            positions.iter().map(|&p| p as i64).collect(),
        ];
        for column in &mut ints {
            column.resize(r, 0);
        }
        ints.resize(
            self.programs[at].resident.program().inputs.len(),
            Vec::new(),
        );
        Ok((at, ints))
    }

    /// The rows of the program a step of `rows` rows runs: the next power of two, or every slot.
    fn rows_for(&self, rows: usize) -> usize {
        rows.next_power_of_two().min(self.slots)
    }

    /// The index of the program of `rows` rows, built on first use sharing the owner's weights and caches.
    fn program(&mut self, gpu: &Gpu, rows: usize, build: &mut BuildBatch<'_>) -> Result<usize> {
        let at = match self.programs.binary_search_by_key(&rows, |p| p.rows) {
            Ok(at) => at,
            Err(at) => {
                let program = build(rows)?;
                let owner = self.owner();
                let caches = owner.program().inputs.len() - INT_ARGS;
                check_batch_program(&program, rows, caches, self.capacity)?;
                let resident = resident_beside(
                    gpu,
                    program,
                    (INT_ARGS, caches),
                    owner,
                    Some(INT_ARGS),
                    "a batched step",
                )?;
                self.programs.insert(
                    at,
                    StepProgram {
                        rows,
                        resident,
                        feed: None,
                    },
                );
                at
            }
        };
        Ok(at)
    }
}

/// Checks that `program` is a batched step of `rows` rows over `caches` caches of `capacity` rows per slot:
/// `ids, positions` then the caches in, `logits` then the caches out. Returns the vocabulary.
fn check_batch_program(
    program: &Program,
    rows: usize,
    caches: usize,
    capacity: usize,
) -> Result<usize> {
    let bad = |what: String| {
        Err(GpuError::Wgpu(format!(
            "program @{} is not a batched decode step of {rows} rows: {what}",
            program.name
        )))
    };
    if program.inputs.len() != INT_ARGS + caches || program.outputs.len() != 1 + caches {
        return bad(format!(
            "expected ids, positions and {caches} caches in, the logits and {caches} caches out"
        ));
    }
    let int_ok = program.inputs[..INT_ARGS]
        .iter()
        .all(|&v| matches!(program.values[v], ValueDef::Int { len } if len == rows));
    if !int_ok {
        return bad(format!("expected ids and positions of {rows} elements"));
    }
    if program.kv_capacity != Some(capacity) {
        return bad(format!(
            "its caches have {:?} rows per slot, the decoder's {capacity}",
            program.kv_capacity
        ));
    }
    let logits = program.values[program.outputs[0]].len();
    if logits == 0 || !logits.is_multiple_of(rows) {
        return bad(format!("{logits} logits for {rows} rows"));
    }
    Ok(logits / rows)
}

#[cfg(test)]
mod tests {
    use super::covers;

    #[test]
    fn a_step_run_ahead_answers_only_the_same_sequences_rows() {
        let ran = [Some((7, 5)), Some((9, 12)), None, None];
        // The same rows; a sequence that left (row 1) and padding (rows 2, 3) may be anything.
        assert!(covers(&ran, &ran));
        assert!(covers(&ran, &[Some((7, 5)), None, None, None]));
        // Another id, another position, a row that joined, another program's rows: not this step.
        assert!(!covers(&ran, &[Some((8, 5)), Some((9, 12)), None, None]));
        assert!(!covers(&ran, &[Some((7, 6)), Some((9, 12)), None, None]));
        assert!(!covers(
            &ran,
            &[Some((7, 5)), Some((9, 12)), Some((1, 3)), None]
        ));
        assert!(!covers(&ran, &[Some((7, 5)), Some((9, 12))]));
    }
}
