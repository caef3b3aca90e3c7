//! A decoder on the GPU: a program of the model's `@decode` entry point (S = 1, built by
//! `kforge_passes::lower_to_gpu::build_program` from `model.mlir`) kept resident, with the KV caches on the device, updated in place, and the logits the only
//! read-back per token ([`GpuDecoder::greedy`]: only the chosen id, the argmax on the device). A prompt runs token by
//! token through the step ([`GpuDecoder::prefill`]) or in one run of a `@prefill` program of its length that shares
//! the weights and caches ([`GpuDecoder::prefill_batched`]).

use crate::error::{GpuError, Result};
use crate::program::{GreedyFeed, Program, Resident, ValueDef, WeightSource};
use crate::runtime::{Gpu, KernelTime};

mod batch;
mod bench;
pub use batch::{BatchSteps, BuildBatch};
pub use bench::{bench_program, random_weight, random_weight_as};

/// Integer arguments of a decoder step: ids, positions, the cache position, the row of the logits.
const INT_ARGS: usize = 4;

/// One sequence on the GPU.
pub struct GpuDecoder {
    resident: Resident,
    capacity: usize,
    /// Tokens in the KV cache.
    pub position: usize,
    /// The device argmax of [`GpuDecoder::greedy`], made on first use.
    feed: Option<GreedyFeed>,
    /// `@prefill` programs by prompt length ([`GpuDecoder::prefill_batched`]).
    prefills: std::collections::HashMap<usize, Resident>,
}

impl GpuDecoder {
    /// Makes `program` (a `@decode` with `ids, positions, position, last, caches…` and `logits, caches…`)
    /// resident, weights from `weight(name, shape)`.
    pub fn new(gpu: &Gpu, program: Program, weight: &mut WeightSource<'_>) -> Result<GpuDecoder> {
        let bad = |what: &str| {
            Err(GpuError::Wgpu(format!(
                "program @{} is not a decoder step: {what}",
                program.name
            )))
        };
        let capacity = match program.kv_capacity {
            Some(c) if c > 0 => c,
            _ => return bad("no KV-cache capacity"),
        };
        let caches = program.inputs.len().saturating_sub(INT_ARGS);
        let int_ok = program
            .inputs
            .iter()
            .take(INT_ARGS)
            .all(|&v| matches!(program.values[v], ValueDef::Int { len } if len <= 1));
        if program.inputs.len() < INT_ARGS || !int_ok {
            return bad(
                "expected ids, positions, position and last as one-element integer arguments first",
            );
        }
        if program.outputs.len() != 1 + caches {
            return bad("expected the logits and one result per cache");
        }
        let carry: Vec<(usize, usize)> = (0..caches).map(|i| (1 + i, INT_ARGS + i)).collect();
        let resident = Resident::new(gpu, program, &carry, weight)?;
        Ok(GpuDecoder {
            resident,
            capacity,
            position: 0,
            feed: None,
            prefills: std::collections::HashMap::new(),
        })
    }

    /// KV-cache rows.
    pub fn capacity(&self) -> usize {
        self.capacity
    }

    /// KV-cache bytes per token of context: the caches' f32 rows (every cache argument, keys and values).
    pub fn kv_bytes_per_token(&self) -> usize {
        let program = self.resident.program();
        let elements: usize = program.inputs[INT_ARGS..]
            .iter()
            .map(|&v| program.values[v].len())
            .sum();
        elements / self.capacity * 4
    }

    /// Forgets the sequence: the next step writes row 0 again (rows past the position are never read).
    pub fn reset(&mut self) {
        self.position = 0;
    }

    /// Dispatches per token.
    pub fn kernels_per_token(&self) -> usize {
        self.resident.kernels()
    }

    /// Appends `tokens` (a prompt, token by token through the step) and returns the logits after the last. Only
    /// the last step is waited for and read back: the others are submitted back to back.
    pub fn prefill(&mut self, gpu: &Gpu, tokens: &[u32]) -> Result<Vec<f32>> {
        self.room_for(tokens.len())?;
        let Some((&last, before)) = tokens.split_last() else {
            unreachable!("room_for refuses an empty prompt")
        };
        for &token in before {
            self.resident.submit(gpu, &self.step_ints(token))?;
            self.position += 1;
        }
        Ok(self.step(gpu, last, false)?.0)
    }

    /// Appends a whole prompt in one run of a `@prefill` program of its length — matmuls over the prompt's rows,
    /// causal attention over the cache and the prompt — and returns the logits after its last token. `build(len)`
    /// gives the program the first time a length is seen (same inputs and outputs as `@decode`, ids and positions
    /// of `len` rows); it shares the decode program's weights and KV caches, so nothing is uploaded again.
    pub fn prefill_batched(
        &mut self,
        gpu: &Gpu,
        tokens: &[u32],
        build: &mut dyn FnMut(usize) -> Result<Program>,
    ) -> Result<Vec<f32>> {
        Ok(self.prefill_batched_timed(gpu, tokens, build, false)?.0)
    }

    /// [`GpuDecoder::prefill_batched`], with each kernel's GPU time when `timed`.
    pub fn prefill_batched_timed(
        &mut self,
        gpu: &Gpu,
        tokens: &[u32],
        build: &mut dyn FnMut(usize) -> Result<Program>,
        timed: bool,
    ) -> Result<(Vec<f32>, Vec<KernelTime>)> {
        self.prefill_rows(gpu, tokens, tokens.len(), build, timed)
    }

    /// [`GpuDecoder::prefill_batched`] through the `@prefill` program of `rows ≥ tokens.len()` rows (a server
    /// rounds prompt lengths up so that a few programs serve every length): the prompt padded with its last id,
    /// the logits of its own last row, the position advanced by its own length. The padding rows come after the
    /// prompt (causal attention: no prompt row sees them) and write cache rows past the position, which the
    /// next step overwrites before any query reads them; they must fit the cache.
    pub fn prefill_padded(
        &mut self,
        gpu: &Gpu,
        tokens: &[u32],
        rows: usize,
        build: &mut dyn FnMut(usize) -> Result<Program>,
    ) -> Result<Vec<f32>> {
        if rows < tokens.len() {
            return Err(GpuError::Wgpu(format!(
                "a prompt of {} tokens does not fit a prefill of {rows} rows",
                tokens.len()
            )));
        }
        Ok(self.prefill_rows(gpu, tokens, rows, build, false)?.0)
    }

    /// `tokens` through the `@prefill` program of `len ≥ tokens.len()` rows, padded with the last id.
    fn prefill_rows(
        &mut self,
        gpu: &Gpu,
        tokens: &[u32],
        len: usize,
        build: &mut dyn FnMut(usize) -> Result<Program>,
        timed: bool,
    ) -> Result<(Vec<f32>, Vec<KernelTime>)> {
        self.room_for(tokens.len())?;
        self.room_for(len)?;
        if !self.prefills.contains_key(&len) {
            let program = build(len)?;
            let caches = self.resident.program().inputs.len() - INT_ARGS;
            if program.inputs.len() != INT_ARGS + caches || program.outputs.len() != 1 + caches {
                return Err(GpuError::Wgpu(format!(
                    "program @{} does not take and return the decode program's {caches} caches",
                    program.name
                )));
            }
            let resident = resident_beside(
                gpu,
                program,
                (INT_ARGS, caches),
                &self.resident,
                Some(INT_ARGS),
                "the prefill program",
            )?;
            self.prefills.insert(len, resident);
        }
        let p = self.position as i64;
        let last = *tokens.last().expect("room_for refuses an empty prompt");
        let mut ints = vec![
            tokens
                .iter()
                .chain(std::iter::repeat(&last))
                .take(len)
                .map(|&t| i64::from(t))
                .collect(),
            (p..p + len as i64).collect(),
            vec![p],
            vec![tokens.len() as i64 - 1],
        ];
        let resident = &self.prefills[&len];
        ints.resize(resident.program().inputs.len(), Vec::new());
        let out = resident.run(gpu, &ints, 0, timed)?;
        self.position += tokens.len();
        Ok(out)
    }

    /// The integer arguments of a step appending `token` at the current position.
    fn step_ints(&self, token: u32) -> Vec<Vec<i64>> {
        let p = self.position as i64;
        let mut ints = vec![vec![i64::from(token)], vec![p], vec![p], vec![0]];
        ints.resize(self.resident.program().inputs.len(), Vec::new());
        ints
    }

    /// Appends `token` at the current position; returns the next logits (and per-kernel GPU times when `timed`).
    pub fn step(
        &mut self,
        gpu: &Gpu,
        token: u32,
        timed: bool,
    ) -> Result<(Vec<f32>, Vec<KernelTime>)> {
        self.room_for(1)?;
        let out = self.resident.run(gpu, &self.step_ints(token), 0, timed)?;
        self.position += 1;
        Ok(out)
    }
}

impl GpuDecoder {
    /// Greedy decoding with the choices made on the device ([`crate::program::GreedyFeed`]): appends `first` at
    /// the current position, then keeps appending each step's argmax, one step in flight ahead of the host, until
    /// `max` ids are chosen, the cache is full or `on_id` returns false. Returns the chosen ids (what `on_id` saw).
    ///
    /// The ids equal those of [`GpuDecoder::step`] with a host argmax. The position ends after the last appended
    /// token whose id was used: a step submitted ahead of a stop leaves a cache row past it, never read.
    pub fn greedy(
        &mut self,
        gpu: &Gpu,
        first: u32,
        max: usize,
        on_id: &mut dyn FnMut(u32) -> bool,
    ) -> Result<Vec<u32>> {
        let mut feed = self
            .feed
            .take()
            .map_or_else(|| self.resident.greedy_feed(gpu, 0, 0, 1), Ok)?;
        let result = self.greedy_with(gpu, &mut feed, first, max, on_id);
        self.feed = Some(feed);
        result
    }

    fn greedy_with(
        &mut self,
        gpu: &Gpu,
        feed: &mut GreedyFeed,
        first: u32,
        max: usize,
        on_id: &mut dyn FnMut(u32) -> bool,
    ) -> Result<Vec<u32>> {
        let start = self.position;
        // The id argument is `first` throughout: the host writes it for the first step only.
        let submit = |d: &mut Self, feed: &mut GreedyFeed, at: usize, write_ids: bool| {
            d.position = at;
            let ints = d.step_ints(first);
            d.resident.submit_fed(gpu, &ints, feed, write_ids)
        };
        let mut ids = Vec::new();
        if max == 0 {
            return Ok(ids);
        }
        self.room_for(1)?;
        let mut pending = Some(submit(self, feed, start, true)?);
        let mut submitted = 1;
        while let Some(run) = pending.take() {
            // The next step goes in before this one's id is read (it reads the id on the device).
            if ids.len() + 1 < max && start + submitted < self.capacity {
                pending = Some(submit(self, feed, start + submitted, false)?);
                submitted += 1;
            }
            let id = self.resident.read_fed(gpu, feed, run)?;
            ids.push(id);
            if !on_id(id) || ids.len() == max {
                if let Some(run) = pending.take() {
                    // Drain the step submitted ahead: its cache row is past the position.
                    self.resident.read_fed(gpu, feed, run)?;
                }
                break;
            }
        }
        // Steps whose ids were used appended their tokens: `first` and every id but the last.
        self.position = start + ids.len();
        Ok(ids)
    }

    /// `Ok` when `tokens` (at least one) fit after the current position.
    fn room_for(&self, tokens: usize) -> Result<()> {
        if tokens == 0 {
            return Err(GpuError::Wgpu("an empty prompt".into()));
        }
        if self.position + tokens > self.capacity {
            return Err(GpuError::Wgpu(format!(
                "the KV cache is full ({} tokens): raise --max-context",
                self.capacity
            )));
        }
        Ok(())
    }
}

/// `program` made resident beside `with`, whose weights it binds (none uploaded; a weight `with` lacks is an error
/// naming `what`). Its `caches` inputs from position `first` are carried from its outputs `1..` run to run, and bound
/// to `with`'s inputs from `shared` on, or allocated afresh without `shared`. `(first, caches)`: the program's
/// cache inputs.
pub(crate) fn resident_beside(
    gpu: &Gpu,
    program: Program,
    (first, caches): (usize, usize),
    with: &Resident,
    shared: Option<usize>,
    what: &str,
) -> Result<Resident> {
    let carry: Vec<(usize, usize)> = (0..caches).map(|i| (1 + i, first + i)).collect();
    let inputs: Vec<(usize, usize)> = match shared {
        Some(theirs) => (0..caches).map(|i| (first + i, theirs + i)).collect(),
        None => Vec::new(),
    };
    let mut no_weight = |name: &str, _: &[usize], _| {
        Err(GpuError::Wgpu(format!(
            "weight '{name}' of {what} is not one of the decode program's"
        )))
    };
    let shared = crate::program::Shared {
        with,
        inputs: &inputs,
    };
    Resident::new_sharing(gpu, program, &carry, &mut no_weight, Some(shared))
}
