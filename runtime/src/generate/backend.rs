//! [`DecoderBackend`]: what the generation loop needs from a decoder, whatever runs it.

use super::GenerateError;

/// A decoder with one sequence's KV cache: feeds tokens, returns next-token logits.
pub trait DecoderBackend {
    /// Appends a prompt (any length, at least one token); returns the logits after its last token.
    fn prefill(&mut self, tokens: &[u32]) -> Result<Vec<f32>, GenerateError>;
    /// Appends one generated token; returns the next logits.
    fn step(&mut self, token: u32) -> Result<Vec<f32>, GenerateError>;
    /// Tokens in the KV cache.
    fn position(&self) -> usize;
    /// Tokens the KV cache holds at most.
    fn capacity(&self) -> usize;
    /// KV-cache bytes per token of context.
    fn kv_bytes_per_token(&self) -> usize;
    /// Empties the KV cache: the next prefill starts a new sequence.
    fn reset(&mut self);
    /// Greedy decoding in one call, where the backend chooses tokens faster than a [`DecoderBackend::step`]
    /// loop with the argmax on the host (the GPU: argmax on the device, one step in flight): appends `first`,
    /// then each chosen id but the last, until `max` ids are chosen, the cache is full or `on_id` returns false.
    /// Returns the chosen ids, exactly those of the step loop. `None` where the backend has no such path.
    fn greedy(
        &mut self,
        first: u32,
        max: usize,
        on_id: &mut dyn FnMut(u32) -> bool,
    ) -> Option<Result<Vec<u32>, GenerateError>> {
        let _ = (first, max, on_id);
        None
    }
}
