//! The whole SmolLM2 decode step: the imported model loaded with
//! `DecoderModel`, a prompt prefilled, then greedy single-token steps timed
//! one by one. The side-by-side reference is llama.cpp on the same f32
//! weights through `bench/llamacpp.py` (as `bench/decoder_vs_llamacpp.py`
//! runs it), when the Python module `llama_cpp` imports and the f32 GGUF has
//! been exported; otherwise the reference is recorded as absent, with why.
use crate::measure::{time_calls, AssertSend, Budget, Latency};
use crate::report::Reference;
use anyhow::{anyhow, bail, Context, Result};
use kforge_runtime::generate::sampling::argmax;
use kforge_runtime::generate::{tokenize, DecoderModel, ModelConfig, Session};
use kforge_runtime::jit::ModuleCache;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The prompt prefilled before the timed steps (as the llama.cpp benchmark's default).
pub const PROMPT: &str = "The capital of France is";

/// What the decode case measured.
pub struct DecodeResult {
    /// Latency of one decode step (one token through every layer and the head).
    pub latency: Latency,
    /// Tokens of the prompt.
    pub prompt_tokens: u64,
    /// Counted flops of one step.
    pub flops: f64,
    /// Fewest bytes of one step: every weight once and the KV cache read.
    pub bytes: f64,
}

/// The repository root (the benchmark scripts and the default model live there).
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The default imported model folder.
pub fn default_model_dir() -> PathBuf {
    repo_root().join("models/smollm2-135m-instruct/kforge")
}

/// Loads the model in `dir` `loads` times (at least once) and times
/// `budget`'s decode steps, split between the loads, on `pool`; calls
/// `after_each_load` after each (the suite runs its reference there, so that
/// kforge and llama.cpp alternate in time and a change of the machine's speed
/// reaches both). Decode speed varies between loads more than within one
/// (runs of `kforge-run` once landed at ~54 or ~70 tok/s), so samples from
/// several loads carry that variation into the recorded spread, which `diff`
/// uses as noise.
pub fn measure_decode(
    dir: &Path,
    pool: &rayon::ThreadPool,
    budget: Budget,
    cache: &ModuleCache,
    loads: usize,
    after_each_load: &mut dyn FnMut(),
) -> Result<DecodeResult> {
    let loads = loads.max(1);
    let share = Budget {
        min_calls: budget.min_calls.div_ceil(loads),
        max_calls: budget.max_calls.div_ceil(loads),
        min_time: budget.min_time / loads as u32,
        ..budget
    };
    let mut samples = Vec::new();
    let mut facts = None;
    for _ in 0..loads {
        let (timed, prompt_tokens, cfg) = decode_steps_of_one_load(dir, pool, share, cache)?;
        samples.extend(timed);
        facts = Some((prompt_tokens, cfg));
        after_each_load();
    }
    let Some((prompt_tokens, cfg)) = facts else {
        bail!("no decode step was timed");
    };
    if samples.is_empty() {
        bail!("no decode step was timed");
    }
    // The context each timed step attends over, on average.
    let mean_context = prompt_tokens as f64 + samples.len() as f64 / (2 * loads) as f64;
    let (flops, bytes) = step_cost(dir, &cfg, mean_context);
    Ok(DecodeResult {
        latency: Latency::of(&samples),
        prompt_tokens,
        flops,
        bytes,
    })
}

/// One load of the model: prefill the prompt, then time decode steps.
fn decode_steps_of_one_load(
    dir: &Path,
    pool: &rayon::ThreadPool,
    budget: Budget,
    cache: &ModuleCache,
) -> Result<(Vec<std::time::Duration>, u64, ModelConfig)> {
    let mlir = dir.join("model.mlir");
    let mut model = DecoderModel::load_with_cache(&mlir, cache)
        .with_context(|| format!("cannot load {}", mlir.display()))?;
    let prompt = tokenize(&model, PROMPT)?;
    let context = (prompt.len() + budget.max_calls + 64).min(model.config().max_context);
    let mut session = Session::new(&model, context)?;
    let cfg = model.config().clone();
    let prompt_tokens = prompt.len() as u64;
    let job = AssertSend(|| -> Result<Vec<std::time::Duration>> {
        let logits = session.prefill(&mut model, &prompt)?;
        let mut token = argmax(&logits);
        let mut failure = None;
        let room = context - prompt.len();
        let mut step = || {
            if failure.is_some() || session.position >= context {
                return;
            }
            match session.decode(&mut model, token) {
                Ok(logits) => token = argmax(&logits),
                Err(e) => failure = Some(e),
            }
        };
        let budget = Budget {
            max_calls: budget.max_calls.min(room.saturating_sub(8)),
            ..budget
        };
        let samples = time_calls(budget, &mut step);
        match failure {
            Some(e) => Err(e.into()),
            None => Ok(samples),
        }
    });
    let samples = pool.install(move || job.call())?;
    Ok((samples, prompt_tokens, cfg))
}

/// Counted flops and fewest bytes of one decode step of the model in `dir`
/// over `mean_context` cached tokens: every weight takes part in one
/// multiply-add and is read once (the embedding table as the tied head; the
/// size of `weights.safetensors`), plus attention over the cache (f32 K and V).
pub fn step_cost(dir: &Path, cfg: &ModelConfig, mean_context: f64) -> (f64, f64) {
    let weight_bytes = std::fs::metadata(dir.join("weights.safetensors"))
        .map(|m| m.len() as f64)
        .unwrap_or(0.0);
    let (layers, heads, kv_heads, head_dim) = (
        cfg.n_layers as f64,
        cfg.n_heads as f64,
        cfg.n_kv_heads as f64,
        cfg.head_dim as f64,
    );
    let attention_flops = 4.0 * layers * heads * head_dim * mean_context;
    let kv_bytes = 2.0 * layers * kv_heads * head_dim * mean_context * 4.0;
    (
        2.0 * weight_bytes / 4.0 + attention_flops,
        weight_bytes + kv_bytes,
    )
}

/// Name of the decoder's reference.
pub const LLAMA_CPP: &str = "llama.cpp (f32 GGUF, bench/llamacpp.py)";

/// llama.cpp's decode step on the same f32 weights, one run at a time (each
/// a fresh process of `bench/llamacpp.py`), gathered into a [`Reference`].
pub struct LlamaCppRuns {
    threads: usize,
    steps: usize,
    per_run_ms: Vec<f64>,
    failure: Option<String>,
}

impl LlamaCppRuns {
    /// Runs of `steps` decode steps on `threads` threads.
    pub fn new(threads: usize, steps: usize) -> Self {
        Self {
            threads,
            steps,
            per_run_ms: Vec::new(),
            failure: None,
        }
    }

    /// One more run (none after a failure: llama.cpp cannot run here).
    pub fn run_once(&mut self) {
        if self.failure.is_some() {
            return;
        }
        match run_llama_cpp(self.threads, self.steps, 1) {
            Ok(latency) => self.per_run_ms.push(latency.median_ms),
            Err(e) => self.failure = Some(format!("{e:#}")),
        }
    }

    /// The reference: each run's median step as one sample, or why there is none.
    pub fn into_reference(mut self) -> Reference {
        let latency = (self.failure.is_none() && !self.per_run_ms.is_empty())
            .then(|| Latency::of_ms(&mut self.per_run_ms));
        Reference {
            name: LLAMA_CPP.into(),
            absent_reason: latency
                .is_none()
                .then(|| self.failure.unwrap_or_else(|| "llama.cpp never ran".into())),
            latency,
            error: None,
        }
    }
}

fn run_llama_cpp(threads: usize, steps: usize, runs: usize) -> Result<Latency> {
    let import = Command::new("python3")
        .args(["-c", "import llama_cpp"])
        .output()
        .context("cannot run python3")?;
    if !import.status.success() {
        bail!(
            "the Python module llama_cpp does not import (scripts/setup-bench.sh installs it): {}",
            String::from_utf8_lossy(&import.stderr)
                .trim()
                .lines()
                .last()
                .unwrap_or("")
        );
    }
    let repo = repo_root();
    let gguf = repo.join("target/bench/smollm2-135m-instruct/smollm2-f32.gguf");
    if !gguf.exists() {
        bail!(
            "{} is missing (python3 bench/decoder_vs_llamacpp.py exports it once)",
            gguf.display()
        );
    }
    let out = Command::new("python3")
        .arg(repo.join("bench/llamacpp.py"))
        .arg("--model")
        .arg(&gguf)
        .args(["--prompt", PROMPT])
        .args(["--n-predict", &(steps + 1).to_string()])
        .args(["--threads", &threads.to_string()])
        .args(["--repeat", &runs.to_string()])
        .output()
        .context("cannot run bench/llamacpp.py")?;
    if !out.status.success() {
        bail!(
            "bench/llamacpp.py failed ({}): {}",
            out.status,
            String::from_utf8_lossy(&out.stderr).trim()
        );
    }
    let value: serde_json::Value = serde_json::from_slice(&out.stdout)
        .context("bench/llamacpp.py printed something other than JSON")?;
    let mut per_run: Vec<f64> = value["runs"]
        .as_array()
        .ok_or_else(|| anyhow!("bench/llamacpp.py's JSON has no \"runs\""))?
        .iter()
        .filter_map(|r| r["decode_ms_per_token_median"].as_f64())
        .collect();
    if per_run.is_empty() {
        bail!("bench/llamacpp.py reported no decode step");
    }
    Ok(Latency::of_ms(&mut per_run))
}
