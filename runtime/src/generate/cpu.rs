//! [`CpuDecoder`]: the JIT-compiled decoder as a [`DecoderBackend`]: a [`DecoderModel`] and one [`Session`].

use super::{DecoderBackend, DecoderModel, GenerateError, Session};

/// A compiled model with one sequence's KV cache.
pub struct CpuDecoder {
    model: DecoderModel,
    session: Session,
}

impl CpuDecoder {
    /// `model` with a KV cache of `max_context` tokens (within the model's trained context).
    pub fn new(model: DecoderModel, max_context: usize) -> Result<CpuDecoder, GenerateError> {
        let session = Session::new(&model, max_context)?;
        Ok(CpuDecoder { model, session })
    }

    /// The loaded model (compile times, projection shapes, folder).
    pub fn model(&self) -> &DecoderModel {
        &self.model
    }
}

impl DecoderBackend for CpuDecoder {
    fn prefill(&mut self, tokens: &[u32]) -> Result<Vec<f32>, GenerateError> {
        let CpuDecoder { model, session } = self;
        on_pool_worker(|| session.prefill(model, tokens))
    }

    fn step(&mut self, token: u32) -> Result<Vec<f32>, GenerateError> {
        let CpuDecoder { model, session } = self;
        on_pool_worker(|| session.decode(model, token))
    }

    fn position(&self) -> usize {
        self.session.position
    }

    #[allow(
        clippy::misnamed_getters,
        reason = "a session's capacity for the loop is the context it accepts"
    )]
    fn capacity(&self) -> usize {
        self.session.max_context
    }

    fn kv_bytes_per_token(&self) -> usize {
        self.model.config().kv_bytes_per_token()
    }

    fn reset(&mut self) {
        self.session.reset();
    }
}

/// Runs `work` on a worker of rayon's pool, so that the thread driving the
/// compiled code also works in the kernels' parallel loops: from a non-worker
/// thread each parallel call would hand all of its tasks to sleeping workers
/// and wait (one wake-up per call, ~200 calls per token).
pub(super) fn on_pool_worker<T: Send>(work: impl FnOnce() -> T + Send) -> T {
    if rayon::current_thread_index().is_some() {
        return work();
    }
    let mut result = None;
    rayon::scope(|s| s.spawn(|_| result = Some(work())));
    result.expect("the scope ran the work")
}
