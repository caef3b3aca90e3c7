//! Text generation: one loop ([`generate`]: prefill, sample, step, stream text) over any [`DecoderBackend`] —
//! the JIT-compiled CPU decoder ([`CpuDecoder`]: [`DecoderModel`] and a [`Session`]'s KV cache) or the GPU
//! program ([`GpuGenerator`]: the `@decode` program resident on a device). The model folder (config, tokenizer,
//! chat template) is `kforge_model::ModelFolder`, the same for both.
mod backend;
pub mod batch;
mod cpu;
mod gpu;
mod gpu_batch;
pub mod model;
pub mod perplexity;
pub mod sampling;

use crate::jit::JitError;
use crate::tensor_io::TensorIoError;
pub use backend::DecoderBackend;
pub use batch::{BatchDecoder, CpuBatchDecoder, StepRow};
pub use cpu::CpuDecoder;
pub use gpu::{GpuDecoderOptions, GpuGenerator};
pub use gpu_batch::GpuBatchDecoder;
pub use kforge_model::{ModelConfig, ModelFolder};
pub use model::{DecoderModel, Session};
pub use perplexity::{perplexity, Perplexity};
pub use sampling::{Sampler, SamplingOptions};
use std::time::Instant;

/// Why generation failed.
#[derive(Debug, thiserror::Error)]
pub enum GenerateError {
    /// A model file is missing or unreadable.
    #[error("{path}: {message}")]
    File {
        /// File.
        path: String,
        /// What is wrong.
        message: String,
    },
    /// The weights file is invalid.
    #[error(transparent)]
    Weights(#[from] TensorIoError),
    /// A weight the model needs is missing.
    #[error("weight '{name}' is missing from {file}")]
    MissingWeight {
        /// Tensor name.
        name: String,
        /// Weights file.
        file: String,
    },
    /// Compilation or a call failed.
    #[error(transparent)]
    Jit(#[from] JitError),
    /// The model does not have the expected shape.
    #[error("{0}")]
    Model(String),
    /// Bad options.
    #[error("{0}")]
    Options(String),
    /// The prompt has no tokens.
    #[error("the prompt is empty")]
    EmptyPrompt,
    /// The context is full.
    #[error("{needed} tokens do not fit the context of {max_context} (raise --max-context)")]
    ContextFull {
        /// Tokens needed.
        needed: usize,
        /// Capacity.
        max_context: usize,
    },
    /// A token id outside the vocabulary.
    #[error("token id {id} is outside the vocabulary [0, {vocab})")]
    Token {
        /// The id.
        id: u32,
        /// Vocabulary size.
        vocab: usize,
    },
    /// The model folder (manifest, tokenizer, chat template) is unusable.
    #[error(transparent)]
    Folder(#[from] kforge_model::ModelError),
    /// The GPU failed.
    #[error(transparent)]
    Gpu(#[from] kforge_gpu::GpuError),
    /// The module could not become a GPU program.
    #[error("{0}")]
    GpuProgram(String),
}

/// What to generate.
#[derive(Clone, Debug)]
pub struct GenerateOptions {
    /// New tokens at most.
    pub max_tokens: usize,
    /// Token choice.
    pub sampling: SamplingOptions,
    /// Stop at the end-of-sequence token.
    pub stop_at_eos: bool,
}

/// The outcome of one generation, with timings.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Generation {
    /// Prompt token ids.
    pub prompt_ids: Vec<u32>,
    /// Generated token ids.
    pub ids: Vec<u32>,
    /// Generated text.
    pub text: String,
    /// Seconds of prefill (prompt processing, up to the first token's logits).
    pub prefill_seconds: f64,
    /// Seconds of decoding the remaining tokens.
    pub decode_seconds: f64,
    /// Time to first token, seconds.
    pub time_to_first_token: f64,
    /// Prompt tokens per second.
    pub prefill_tokens_per_second: f64,
    /// Generated tokens per second (after the first).
    pub decode_tokens_per_second: f64,
    /// KV-cache bytes per token of context.
    pub kv_cache_bytes_per_token: usize,
    /// Logits after the prompt (the first step's), kept for checks.
    #[serde(skip)]
    pub first_logits: Vec<f32>,
}

/// Tokenizes `text` without adding special tokens (no BOS for a raw prompt).
pub fn tokenize(model: &DecoderModel, text: &str) -> Result<Vec<u32>, GenerateError> {
    Ok(model.folder.encode(text)?)
}

/// Generates after `prompt_ids` with `backend`, calling `on_text` with each new piece of text (whole
/// characters only); the tokenizer, end-of-sequence id and vocabulary come from `folder`.
pub fn generate(
    backend: &mut dyn DecoderBackend,
    folder: &ModelFolder,
    prompt_ids: &[u32],
    options: &GenerateOptions,
    on_text: &mut dyn FnMut(&str),
) -> Result<Generation, GenerateError> {
    check_prompt_ids(folder.config(), prompt_ids)?;
    let needed = backend.position() + prompt_ids.len();
    if needed > backend.capacity() {
        return Err(GenerateError::ContextFull {
            needed,
            max_context: backend.capacity(),
        });
    }
    let mut sampler = Sampler::new(options.sampling.clone());
    let start = Instant::now();
    let mut logits = backend.prefill(prompt_ids)?;
    let prefill_seconds = start.elapsed().as_secs_f64();
    let first_logits = logits.clone();
    let mut ids: Vec<u32> = Vec::new();
    let mut stream = kforge_model::TextStream::new();
    let decode_start = Instant::now();
    let mut time_to_first_token = prefill_seconds;
    let eos = folder.config().eos_id.filter(|_| options.stop_at_eos);
    let greedy = sampler.is_greedy();
    // Takes a chosen id: records it, emits its text, says whether to go on.
    let mut accept = |ids: &mut Vec<u32>, next: u32| -> Result<bool, GenerateError> {
        ids.push(next);
        // Emit only complete characters: a multi-byte character may span tokens.
        let before = stream.text().len();
        if stream.update(folder, ids)? {
            on_text(&stream.text()[before..]);
        }
        Ok(Some(next) != eos && ids.len() < options.max_tokens)
    };
    while ids.len() < options.max_tokens {
        let next = sampler.sample(&logits);
        if ids.is_empty() {
            time_to_first_token = start.elapsed().as_secs_f64();
        }
        if !accept(&mut ids, next)? || backend.position() >= backend.capacity() {
            break;
        }
        if greedy {
            let left = options.max_tokens - ids.len();
            let mut failed = None;
            let mut on_id = |id: u32| {
                accept(&mut ids, id).unwrap_or_else(|e| {
                    failed = Some(e);
                    false
                })
            };
            if let Some(done) = backend.greedy(next, left, &mut on_id) {
                done?;
                if let Some(e) = failed {
                    return Err(e);
                }
                break;
            }
        }
        logits = backend.step(next)?;
    }
    let decode_seconds = decode_start.elapsed().as_secs_f64();
    let text = folder.decode(&ids)?;
    let emitted = stream.text();
    if text.len() > emitted.len() && text.starts_with(emitted) {
        on_text(&text[emitted.len()..]);
    }
    let decoded = ids.len().saturating_sub(1);
    Ok(Generation {
        prompt_ids: prompt_ids.to_vec(),
        prefill_tokens_per_second: prompt_ids.len() as f64 / prefill_seconds.max(1e-9),
        decode_tokens_per_second: decoded as f64 / decode_seconds.max(1e-9),
        ids,
        text,
        prefill_seconds,
        decode_seconds,
        time_to_first_token,
        kv_cache_bytes_per_token: backend.kv_bytes_per_token(),
        first_logits,
    })
}

/// The prompt is not empty and its ids are in the vocabulary (checked before any backend is built, and again by
/// [`generate`]).
pub fn check_prompt_ids(config: &ModelConfig, prompt_ids: &[u32]) -> Result<(), GenerateError> {
    if prompt_ids.is_empty() {
        return Err(GenerateError::EmptyPrompt);
    }
    check_token_ids(config, prompt_ids)
}

/// Every id is in the vocabulary (the first that is not is named).
pub fn check_token_ids(config: &ModelConfig, ids: &[u32]) -> Result<(), GenerateError> {
    match ids.iter().find(|&&t| t as usize >= config.vocab) {
        Some(&id) => Err(GenerateError::Token {
            id,
            vocab: config.vocab,
        }),
        None => Ok(()),
    }
}
