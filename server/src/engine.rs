//! The engine: one thread that owns the decoder and runs continuous batching.
//!
//! Requests wait in a bounded queue ([`EngineHandle::submit`] refuses beyond
//! it). Each round the engine (1) takes new requests, (2) frees the slots of
//! requests whose client left (their event channel is closed), (3) admits
//! waiting requests into free slots — prefilling each prompt, within a
//! per-round budget of prompt tokens so that running streams keep getting
//! tokens while a long prompt arrives — and (4) advances every running
//! sequence by one token in a single batched decode step
//! ([`BatchDecoder::step`]). A sequence leaves at a token boundary: end of
//! sequence, a stop string, its `max_tokens`, its slot's context full, or its
//! client gone; its slot is free for the next round's admissions.
use crate::error::ApiError;
use crate::stop::StopStrings;
use kforge_model::{ModelFolder, TextStream};
use kforge_runtime::generate::{BatchDecoder, Sampler, SamplingOptions, StepRow};
use std::collections::VecDeque;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc;
use std::sync::Arc;
use tokio::sync::mpsc::UnboundedSender;

/// Prompt tokens one round admits at most (at least one request is admitted
/// whatever its length): bounds how long running streams wait for a prefill.
const ADMIT_TOKENS_PER_ROUND: usize = 512;

/// One request for the engine.
pub struct Job {
    /// The prompt's token ids (already checked against the vocabulary and context).
    pub prompt: Vec<u32>,
    /// New tokens at most.
    pub max_tokens: usize,
    /// Token choice.
    pub sampling: SamplingOptions,
    /// Stop strings.
    pub stop: StopStrings,
    /// Where the engine sends the request's events; dropping the receiver cancels it.
    pub events: UnboundedSender<Event>,
}

/// What a request receives from the engine, in order: text pieces, then one end.
#[derive(Clone, Debug, PartialEq)]
pub enum Event {
    /// The next piece of text (whole characters, never part of a stop string).
    Text(String),
    /// The request finished.
    Done(Done),
    /// The request failed (the engine's error or shutdown).
    Failed(ApiError),
}

/// How a request finished.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Done {
    /// Why it stopped.
    pub finish: FinishReason,
    /// Tokens in the prompt.
    pub prompt_tokens: usize,
    /// Tokens generated.
    pub completion_tokens: usize,
}

/// OpenAI's `finish_reason`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FinishReason {
    /// End of sequence or a stop string.
    Stop,
    /// `max_tokens` or the context's end.
    Length,
}

impl FinishReason {
    /// The API's name.
    pub fn name(self) -> &'static str {
        match self {
            Self::Stop => "stop",
            Self::Length => "length",
        }
    }
}

/// Counters shared by the engine and the HTTP side.
#[derive(Debug, Default)]
pub struct Stats {
    /// Requests submitted and not yet admitted.
    pub waiting: AtomicUsize,
    /// Sequences holding a slot.
    pub running: AtomicUsize,
    /// Requests finished (any way).
    pub finished: AtomicUsize,
    /// Tokens generated since the start.
    pub generated: AtomicUsize,
    /// Batched decode steps run, the sequences they advanced in all, and the microseconds spent inside them (the
    /// decoder's share of the engine's time: the rest is admission, sampling and sending).
    pub steps: AtomicUsize,
    /// See [`Stats::steps`].
    pub step_rows: AtomicUsize,
    /// See [`Stats::steps`].
    pub step_micros: std::sync::atomic::AtomicU64,
    /// The engine thread is gone (it failed): nothing more can run.
    pub stopped: AtomicBool,
}

/// The HTTP side's handle on the engine.
#[derive(Clone)]
pub struct EngineHandle {
    jobs: mpsc::Sender<Job>,
    /// Shared counters.
    pub stats: Arc<Stats>,
    queue_limit: usize,
    draining: Arc<AtomicBool>,
    /// Concurrent sequences at most.
    pub slots: usize,
    /// Tokens one sequence holds at most (prompt and completion).
    pub capacity: usize,
}

impl EngineHandle {
    /// Queues `job`: 429 when `queue_limit` requests already wait, 503 once
    /// shutting down.
    pub fn submit(&self, job: Job) -> Result<(), ApiError> {
        if self.draining.load(Ordering::SeqCst) {
            return Err(ApiError::unavailable("the server is shutting down"));
        }
        if self.stats.stopped.load(Ordering::SeqCst) {
            return Err(ApiError::internal("the engine has stopped"));
        }
        let waiting = self.stats.waiting.fetch_add(1, Ordering::SeqCst);
        if waiting >= self.queue_limit {
            self.stats.waiting.fetch_sub(1, Ordering::SeqCst);
            return Err(ApiError::busy(format!(
                "the server is busy: {waiting} requests are waiting (the queue holds {}); retry later",
                self.queue_limit
            )));
        }
        self.jobs.send(job).map_err(|_| {
            self.stats.waiting.fetch_sub(1, Ordering::SeqCst);
            ApiError::internal("the engine has stopped")
        })
    }

    /// Stops taking requests: queued ones fail with 503, running ones finish.
    pub fn drain(&self) {
        self.draining.store(true, Ordering::SeqCst);
    }

    /// Whether [`Self::drain`] was called.
    pub fn draining(&self) -> bool {
        self.draining.load(Ordering::SeqCst)
    }
}

/// Starts the engine thread over `decoder`; `queue_limit` requests may wait
/// for a slot. The thread ends when every handle is dropped and no request is left.
pub fn spawn(
    decoder: Box<dyn BatchDecoder + Send>,
    folder: Arc<ModelFolder>,
    queue_limit: usize,
) -> std::io::Result<EngineHandle> {
    let (jobs, incoming) = mpsc::channel();
    let stats = Arc::new(Stats::default());
    let draining = Arc::new(AtomicBool::new(false));
    let (slots, capacity) = (decoder.slots(), decoder.capacity());
    let engine = Engine {
        decoder,
        folder,
        stats: stats.clone(),
        draining: draining.clone(),
        queue: VecDeque::new(),
        running: Vec::new(),
    };
    std::thread::Builder::new()
        .name("kforge-engine".into())
        .spawn(move || engine.run(incoming))?;
    Ok(EngineHandle {
        jobs,
        stats,
        queue_limit,
        draining,
        slots,
        capacity,
    })
}

/// A sequence holding a slot.
struct Running {
    job: Job,
    slot: usize,
    sampler: Sampler,
    ids: Vec<u32>,
    /// The decoded text of `ids`.
    text: TextStream,
    /// Bytes of the decoded text already sent.
    sent: usize,
}

struct Engine {
    decoder: Box<dyn BatchDecoder + Send>,
    folder: Arc<ModelFolder>,
    stats: Arc<Stats>,
    draining: Arc<AtomicBool>,
    queue: VecDeque<Job>,
    running: Vec<Running>,
}

impl Engine {
    fn run(mut self, incoming: mpsc::Receiver<Job>) {
        let result =
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.rounds(&incoming)));
        if result.is_err() {
            tracing::error!("the engine failed; requests in flight get a 500");
        }
        self.stats.stopped.store(true, Ordering::SeqCst);
    }

    fn rounds(&mut self, incoming: &mpsc::Receiver<Job>) {
        loop {
            if self.running.is_empty() && self.queue.is_empty() {
                match incoming.recv() {
                    Ok(job) => self.queue.push_back(job),
                    Err(_) => return,
                }
            }
            while let Ok(job) = incoming.try_recv() {
                self.queue.push_back(job);
            }
            self.drop_cancelled();
            if self.draining.load(Ordering::SeqCst) {
                for job in self.queue.drain(..) {
                    self.stats.waiting.fetch_sub(1, Ordering::SeqCst);
                    self.stats.finished.fetch_add(1, Ordering::SeqCst);
                    let _ = job.events.send(Event::Failed(ApiError::unavailable(
                        "the server is shutting down",
                    )));
                }
            }
            self.admit();
            self.step();
        }
    }

    /// Frees the slots of requests whose client left, and drops queued ones.
    fn drop_cancelled(&mut self) {
        let before = self.queue.len();
        self.queue.retain(|job| !job.events.is_closed());
        let dropped = before - self.queue.len();
        self.stats.waiting.fetch_sub(dropped, Ordering::SeqCst);
        self.stats.finished.fetch_add(dropped, Ordering::SeqCst);
        let mut i = 0;
        while i < self.running.len() {
            if self.running[i].job.events.is_closed() {
                let r = self.running.swap_remove(i);
                self.leave(r, None);
            } else {
                i += 1;
            }
        }
    }

    /// Prefills waiting prompts into free slots, within the round's budget.
    fn admit(&mut self) {
        let mut admitted_tokens = 0;
        while self.running.len() < self.decoder.slots() && admitted_tokens < ADMIT_TOKENS_PER_ROUND
        {
            let Some(job) = self.queue.pop_front() else {
                break;
            };
            self.stats.waiting.fetch_sub(1, Ordering::SeqCst);
            admitted_tokens += job.prompt.len();
            match self.decoder.admit(&job.prompt) {
                Ok((slot, logits)) => {
                    self.stats.running.fetch_add(1, Ordering::SeqCst);
                    let mut r = Running {
                        sampler: Sampler::new(job.sampling.clone()),
                        job,
                        slot,
                        ids: Vec::new(),
                        text: TextStream::new(),
                        sent: 0,
                    };
                    let id = r.sampler.sample(&logits);
                    if let Some(done) = self.accept(&mut r, id) {
                        self.leave(r, Some(done));
                    } else {
                        self.running.push(r);
                    }
                }
                Err(e) => {
                    self.stats.finished.fetch_add(1, Ordering::SeqCst);
                    let _ = job
                        .events
                        .send(Event::Failed(ApiError::invalid(e.to_string())));
                }
            }
        }
    }

    /// One batched decode step over every running sequence.
    fn step(&mut self) {
        if self.running.is_empty() {
            return;
        }
        let next: Vec<(usize, u32)> = self
            .running
            .iter()
            .map(|r| {
                (
                    r.slot,
                    *r.ids.last().expect("a running sequence has a token"),
                )
            })
            .collect();
        let greedy: Vec<bool> = self.running.iter().map(|r| r.sampler.is_greedy()).collect();
        let start = std::time::Instant::now();
        let stepped = self.decoder.step_choosing(&next, &greedy);
        self.stats.steps.fetch_add(1, Ordering::Relaxed);
        self.stats
            .step_rows
            .fetch_add(next.len(), Ordering::Relaxed);
        let micros = u64::try_from(start.elapsed().as_micros()).unwrap_or(u64::MAX);
        self.stats.step_micros.fetch_add(micros, Ordering::Relaxed);
        match stepped {
            Ok(rows) => {
                let mut still = Vec::with_capacity(self.running.len());
                for (mut r, row) in std::mem::take(&mut self.running).into_iter().zip(rows) {
                    let id = match row {
                        StepRow::Chosen(id) => id,
                        StepRow::Logits(logits) => r.sampler.sample(&logits),
                    };
                    match self.accept(&mut r, id) {
                        Some(done) => self.leave(r, Some(done)),
                        None => still.push(r),
                    }
                }
                self.running = still;
            }
            Err(e) => {
                tracing::error!("decode step failed: {e}");
                for r in std::mem::take(&mut self.running) {
                    let _ = r.job.events.send(Event::Failed(ApiError::internal(format!(
                        "the decode step failed: {e}"
                    ))));
                    self.leave(r, None);
                }
            }
        }
    }

    /// Records `id` for `r` and sends its new text; returns how it finished,
    /// if it did.
    fn accept(&mut self, r: &mut Running, id: u32) -> Option<Done> {
        self.stats.generated.fetch_add(1, Ordering::Relaxed);
        r.ids.push(id);
        let done = |r: &Running, finish| Done {
            finish,
            prompt_tokens: r.job.prompt.len(),
            completion_tokens: r.ids.len(),
        };
        if Some(id) == self.folder.config().eos_id {
            self.flush(r);
            return Some(done(r, FinishReason::Stop));
        }
        // Whole characters only: a multi-byte character may span tokens.
        let grew = r.text.update(&self.folder, &r.ids).unwrap_or(false);
        if grew {
            let text = r.text.text();
            let scan = r.job.stop.scan(text, r.sent);
            if scan.release > r.sent {
                let _ = r
                    .job
                    .events
                    .send(Event::Text(text[r.sent..scan.release].to_string()));
                r.sent = scan.release;
            }
            if scan.stopped {
                return Some(done(r, FinishReason::Stop));
            }
        }
        let full = self
            .decoder
            .position(r.slot)
            .is_some_and(|p| p >= self.decoder.capacity());
        if r.ids.len() >= r.job.max_tokens || full {
            self.flush(r);
            return Some(done(r, FinishReason::Length));
        }
        None
    }

    /// Sends the text held back for a possible stop string that never came.
    fn flush(&self, r: &mut Running) {
        let text = self.folder.decode(&r.ids).unwrap_or_default();
        if text.len() > r.sent && text.is_char_boundary(r.sent) {
            let _ = r.job.events.send(Event::Text(text[r.sent..].to_string()));
            r.sent = text.len();
        }
    }

    /// Frees `r`'s slot; sends `done` when it finished (not when its client left).
    fn leave(&mut self, r: Running, done: Option<Done>) {
        self.decoder.release(r.slot);
        self.stats.running.fetch_sub(1, Ordering::SeqCst);
        self.stats.finished.fetch_add(1, Ordering::SeqCst);
        if let Some(done) = done {
            let _ = r.job.events.send(Event::Done(done));
        }
    }
}
