//! [`GpuBatchDecoder`]: continuous batching on the GPU — the [`BatchDecoder`] of a model folder whose
//! `@decode_batch` runs as resident GPU programs over KV-cache slots on the device
//! ([`kforge_gpu::decoder::BatchSteps`]).
//!
//! A prompt runs through the one-sequence GPU decoder (the `@prefill` program of its length rounded up to 32
//! rows, one run each; a one-token prompt through `@decode`), into that decoder's own caches; its rows are then
//! copied into the free slot on the device. Every step, one sequence or many, is one run of a `@decode_batch`
//! program: slot `s` is row `s`, as on the CPU ([`super::CpuBatchDecoder`]). A row's arithmetic depends a little
//! on the row count (the one-row and the several-row GEMV add their partial sums in other orders), so a near-tie
//! may turn differently in company; the tests check the CPU's greedy ids for sequences joining and leaving.

use super::batch::{check_greedy_flags, split_rows, SlotTable, StepRow};
use super::gpu::{load_decoder, read_model};
use super::model::BATCH_ENTRY;
use super::{BatchDecoder, GenerateError, GpuDecoderOptions};
use crate::gpu::{batch_decoder_program, decoder_program, ModelSource};
use kforge_gpu::decoder::{BatchSteps, GpuDecoder};
use kforge_gpu::runtime::Gpu;
use kforge_gpu::GpuError;
use kforge_model::{ModelConfig, ModelFolder};

/// Prompt lengths share `@prefill` programs in buckets of this many rows.
const PROMPT_ROWS: usize = 32;

/// KV-cache slots on one GPU, the device owned.
pub struct GpuBatchDecoder {
    gpu: Gpu,
    /// Runs prompts, into its own caches.
    prompt: GpuDecoder,
    steps: BatchSteps,
    model: ModelSource,
    options: GpuDecoderOptions,
    config: ModelConfig,
    table: SlotTable,
    /// `KFORGE_GPU_PROFILE_STEPS=N`: every `N`-th step runs with GPU timestamps and prints its time by kernel family.
    profile_every: Option<usize>,
    steps_run: usize,
}

impl GpuBatchDecoder {
    /// `slots` sequences of up to `options.max_context` tokens each on `gpu`, for `folder`'s model, whose module
    /// must have `@decode_batch` (a kforge-import of 2026-12-07 or later).
    pub fn load(
        gpu: Gpu,
        folder: &ModelFolder,
        slots: usize,
        options: GpuDecoderOptions,
    ) -> Result<GpuBatchDecoder, GenerateError> {
        if slots == 0 {
            return Err(GenerateError::Options("at least one slot is needed".into()));
        }
        // Before the weights go up: an older import has no batched step.
        let model = read_model(folder)?;
        if !model.text.contains(&format!("func.func @{BATCH_ENTRY}(")) {
            return Err(GenerateError::Model(format!(
                "{} has no '@{BATCH_ENTRY}' (a batched decode step): import the model again \
                 with this kforge-import",
                folder.model_mlir.display()
            )));
        }
        let (prompt, model) = load_decoder(&gpu, folder, model, options)?;
        let mut steps = {
            let mut build = batch_builder(&model, options);
            BatchSteps::new(&gpu, &prompt, slots, &mut build).map_err(|e| match e {
                // Every slot's rows of a layer are one buffer: name both knobs.
                GpuError::StorageBufferLimit(_) => GenerateError::GpuProgram(format!(
                    "{e} ({slots} slots of {} rows share each layer's cache buffer: lower --slots or \
                     --max-context)",
                    options.max_context
                )),
                e => e.into(),
            })?
        };
        // `KFORGE_GPU_STEP_AHEAD=0`: each greedy step waits for its own ids before the next is submitted (to
        // measure what running ahead gains).
        steps.set_run_ahead(std::env::var("KFORGE_GPU_STEP_AHEAD").map_or(true, |v| v != "0"));
        Ok(GpuBatchDecoder {
            gpu,
            prompt,
            steps,
            model,
            options,
            config: folder.config().clone(),
            table: SlotTable::new(slots, options.max_context),
            profile_every: std::env::var("KFORGE_GPU_PROFILE_STEPS")
                .ok()
                .and_then(|v| v.parse().ok())
                .filter(|&n: &usize| n > 0),
            steps_run: 0,
        })
    }

    /// The device.
    pub fn gpu(&self) -> &Gpu {
        &self.gpu
    }

    /// Dispatches of a step over every slot.
    pub fn kernels_per_step(&self) -> usize {
        self.steps.kernels_per_step()
    }

    /// `prompt` through the one-sequence decoder from position 0; the logits after its last token. The `@prefill`
    /// program is that of the prompt's length rounded up to [`PROMPT_ROWS`] (within a slot), so a server builds
    /// one program (and its pipelines) per bucket of lengths, not per length.
    fn run_prompt(&mut self, prompt: &[u32]) -> Result<Vec<f32>, GenerateError> {
        self.prompt.reset();
        if prompt.len() < 2 || !self.options.batched_prefill {
            return Ok(self.prompt.prefill(&self.gpu, prompt)?);
        }
        let (model, options) = (&self.model, self.options);
        let mut build = |len: usize| {
            decoder_program(model, options.max_context, Some(len), options.fuse)
                .map_err(|e| GpuError::Wgpu(e.to_string()))
        };
        let rows = prompt
            .len()
            .next_multiple_of(PROMPT_ROWS)
            .min(self.table.capacity());
        Ok(self
            .prompt
            .prefill_padded(&self.gpu, prompt, rows, &mut build)?)
    }
}

/// Builds `@decode_batch` programs of `model` for [`BatchSteps`].
fn batch_builder(
    model: &ModelSource,
    options: GpuDecoderOptions,
) -> impl FnMut(usize) -> kforge_gpu::Result<kforge_gpu::program::Program> + '_ {
    move |rows| {
        batch_decoder_program(model, options.max_context, rows, options.fuse)
            .map_err(|e| GpuError::Wgpu(e.to_string()))
    }
}

impl BatchDecoder for GpuBatchDecoder {
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
        self.table.check_prompt(prompt, &self.config)?;
        let logits = self.run_prompt(prompt)?;
        self.steps
            .take_prompt(&self.gpu, &self.prompt, slot, prompt.len())?;
        self.table.occupy(slot, prompt.len());
        Ok((slot, logits))
    }

    fn step(&mut self, next: &[(usize, u32)]) -> Result<Vec<Vec<f32>>, GenerateError> {
        if next.is_empty() {
            return Ok(Vec::new());
        }
        self.table.check_step(next, &self.config)?;
        self.step_logits(next)
    }

    /// Every row greedy (and the step not profiled): the argmax on the device, the ids read back, the next step
    /// of the same rows submitted ahead ([`BatchSteps::step_greedy`]).
    fn step_choosing(
        &mut self,
        next: &[(usize, u32)],
        greedy: &[bool],
    ) -> Result<Vec<StepRow>, GenerateError> {
        check_greedy_flags(next, greedy)?;
        if next.is_empty() {
            return Ok(Vec::new());
        }
        self.table.check_step(next, &self.config)?;
        if self.next_step_profiled() || !greedy.iter().all(|&g| g) {
            let rows = self.step_logits(next)?;
            return Ok(rows.into_iter().map(StepRow::Logits).collect());
        }
        let (ids, positions) = self.table.step_rows(next);
        let mut live = vec![false; ids.len()];
        for &(slot, _) in next {
            live[slot] = true;
        }
        let mut build = batch_builder(&self.model, self.options);
        self.steps_run += 1;
        let chosen = self
            .steps
            .step_greedy(&self.gpu, &ids, &positions, &live, &mut build)?;
        self.table.advance(next);
        Ok(next
            .iter()
            .map(|&(slot, _)| StepRow::Chosen(chosen[slot]))
            .collect())
    }

    fn release(&mut self, slot: usize) {
        self.table.release(slot);
    }
}

impl GpuBatchDecoder {
    /// Whether the next step runs with timestamps (every `KFORGE_GPU_PROFILE_STEPS`-th).
    fn next_step_profiled(&self) -> bool {
        self.profile_every
            .is_some_and(|n| (self.steps_run + 1).is_multiple_of(n))
    }

    /// A checked step that reads every row's logits back (profiled every `KFORGE_GPU_PROFILE_STEPS` steps).
    fn step_logits(&mut self, next: &[(usize, u32)]) -> Result<Vec<Vec<f32>>, GenerateError> {
        let (ids, positions) = self.table.step_rows(next);
        let rows = ids.len();
        let mut build = batch_builder(&self.model, self.options);
        let timed = self.next_step_profiled();
        self.steps_run += 1;
        let (logits, times) = self
            .steps
            .step(&self.gpu, &ids, &positions, &mut build, timed)?;
        if timed {
            print_profile(rows, &times);
        }
        let rows = split_rows(logits, rows, self.config.vocab, next)?;
        self.table.advance(next);
        Ok(rows)
    }
}

/// One profiled step on stderr: its GPU time, dispatches, and time by kernel family, largest first.
fn print_profile(rows: usize, times: &[kforge_gpu::runtime::KernelTime]) {
    let total: f64 = times.iter().map(|t| t.seconds).sum::<f64>() * 1e3;
    let families: Vec<String> = kforge_gpu::decode_bench::by_family(times)
        .into_iter()
        .take(8)
        .map(|(family, count, ms)| format!("{family} {ms:.3} ms ({count})"))
        .collect();
    eprintln!(
        "[kforge] GPU step of {rows} rows: {total:.3} ms in {} dispatches: {}",
        times.len(),
        families.join(", ")
    );
}
