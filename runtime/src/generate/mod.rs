//! Text generation with a compiled decoder: tokenize, prefill, decode with a
//! preallocated KV cache (no recompilation per token), sample, stream text.
pub mod chat;
pub mod model;
pub mod sampling;

use crate::jit::JitError;
use crate::tensor_io::TensorIoError;
pub use model::{DecoderModel, ModelConfig, Session};
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
    /// The tokenizer failed.
    #[error("tokenizer: {0}")]
    Tokenizer(String),
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
    let enc = model
        .tokenizer
        .encode(text, false)
        .map_err(|e| GenerateError::Tokenizer(e.to_string()))?;
    Ok(enc.get_ids().to_vec())
}

/// Runs `work` on a worker of rayon's pool, so that the thread driving the
/// compiled code also works in the kernels' parallel loops: from a non-worker
/// thread each parallel call would hand all of its tasks to sleeping workers
/// and wait (one wake-up per call, ~200 calls per token).
fn on_pool_worker<T: Send>(work: impl FnOnce() -> T + Send) -> T {
    if rayon::current_thread_index().is_some() {
        return work();
    }
    let mut result = None;
    rayon::scope(|s| s.spawn(|_| result = Some(work())));
    result.expect("the scope ran the work")
}

/// Generates after `prompt_ids`, calling `on_text` with each new piece of text.
pub fn generate(
    model: &mut DecoderModel,
    session: &mut Session,
    prompt_ids: &[u32],
    options: &GenerateOptions,
    on_text: &mut (dyn FnMut(&str) + Send),
) -> Result<Generation, GenerateError> {
    on_pool_worker(|| generate_here(model, session, prompt_ids, options, on_text))
}

fn generate_here(
    model: &mut DecoderModel,
    session: &mut Session,
    prompt_ids: &[u32],
    options: &GenerateOptions,
    on_text: &mut (dyn FnMut(&str) + Send),
) -> Result<Generation, GenerateError> {
    let mut sampler = Sampler::new(options.sampling.clone());
    let start = Instant::now();
    let mut logits = session.prefill(model, prompt_ids)?;
    let prefill_seconds = start.elapsed().as_secs_f64();
    let first_logits = logits.clone();
    let mut ids: Vec<u32> = Vec::new();
    let mut emitted = String::new();
    let decode_start = Instant::now();
    let mut time_to_first_token = prefill_seconds;
    while ids.len() < options.max_tokens {
        let next = sampler.sample(&logits);
        if ids.is_empty() {
            time_to_first_token = start.elapsed().as_secs_f64();
        }
        ids.push(next);
        let text = model
            .tokenizer
            .decode(&ids, true)
            .map_err(|e| GenerateError::Tokenizer(e.to_string()))?;
        // Emit only complete characters: a multi-byte character may span tokens.
        if text.len() > emitted.len() && !text.ends_with('\u{FFFD}') && text.starts_with(&emitted) {
            on_text(&text[emitted.len()..]);
            emitted = text;
        }
        if options.stop_at_eos && Some(next) == model.config.eos_id {
            break;
        }
        if ids.len() == options.max_tokens || session.position >= session.max_context {
            break;
        }
        logits = session.decode(model, next)?;
    }
    let decode_seconds = decode_start.elapsed().as_secs_f64();
    let text = model
        .tokenizer
        .decode(&ids, true)
        .map_err(|e| GenerateError::Tokenizer(e.to_string()))?;
    if text.len() > emitted.len() && text.starts_with(&emitted) {
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
        kv_cache_bytes_per_token: model.kv_bytes_per_token(),
        first_logits,
    })
}
