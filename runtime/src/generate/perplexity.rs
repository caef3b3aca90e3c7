//! Perplexity of a text under a decoder, as llama.cpp's `perplexity` tool
//! defines it, so that the two engines' figures compare: the tokens are cut
//! into chunks of `context` tokens (a shorter tail is dropped), each chunk
//! is evaluated from an empty KV cache, its first half is context only, and
//! every later token is scored: `ppl = exp(mean(−log p(token | prefix)))`.
//! The first half goes in as one prefill; the scored half token by token.
use super::backend::DecoderBackend;
use super::GenerateError;

/// The result of [`perplexity`].
#[derive(Clone, Debug, PartialEq)]
pub struct Perplexity {
    /// `exp` of the mean negative log-likelihood.
    pub perplexity: f64,
    /// Tokens scored.
    pub scored: usize,
    /// Chunks evaluated.
    pub chunks: usize,
    /// The perplexity after each chunk (running), as llama.cpp prints it.
    pub running: Vec<f64>,
}

/// The negative log-likelihood of `target` under `logits` (log-softmax in f64).
pub fn negative_log_likelihood(logits: &[f32], target: u32) -> Option<f64> {
    let max = logits.iter().copied().fold(f32::NEG_INFINITY, f32::max) as f64;
    let sum: f64 = logits.iter().map(|&l| (l as f64 - max).exp()).sum();
    let l = *logits.get(target as usize)? as f64;
    Some(sum.ln() + max - l)
}

/// The perplexity of `tokens` in chunks of `context` (see the module doc);
/// `on_chunk(done, total)` after each chunk (a progress bar).
pub fn perplexity(
    backend: &mut dyn DecoderBackend,
    tokens: &[u32],
    context: usize,
    mut on_chunk: impl FnMut(usize, usize),
) -> Result<Perplexity, GenerateError> {
    if context < 4 {
        return Err(GenerateError::Model(format!(
            "a perplexity context of {context} tokens is too short (at least 4)"
        )));
    }
    if context > backend.capacity() {
        return Err(GenerateError::Model(format!(
            "a perplexity context of {context} tokens does not fit the KV cache ({} tokens; raise --max-context)",
            backend.capacity()
        )));
    }
    let chunks = tokens.len() / context;
    if chunks == 0 {
        return Err(GenerateError::Model(format!(
            "the text has {} tokens, fewer than one chunk of {context}",
            tokens.len()
        )));
    }
    let first = context / 2;
    let (mut nll, mut scored, mut running) = (0.0f64, 0usize, Vec::with_capacity(chunks));
    for c in 0..chunks {
        let chunk = &tokens[c * context..(c + 1) * context];
        backend.reset();
        // Logits after token `first` predict token `first + 1`, and so on.
        let mut logits = backend.prefill(&chunk[..=first])?;
        for (i, &token) in chunk.iter().enumerate().skip(first + 1) {
            nll += negative_log_likelihood(&logits, token).ok_or_else(|| {
                GenerateError::Model(format!(
                    "token id {token} is outside the model's vocabulary ({} logits)",
                    logits.len()
                ))
            })?;
            scored += 1;
            if i + 1 < context {
                logits = backend.step(token)?;
            }
        }
        running.push((nll / scored as f64).exp());
        on_chunk(c + 1, chunks);
    }
    backend.reset();
    Ok(Perplexity {
        perplexity: (nll / scored as f64).exp(),
        scored,
        chunks,
        running,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A "decoder" whose next-token distribution is uniform over `vocab`
    /// tokens: its perplexity is exactly `vocab`.
    struct Uniform {
        vocab: usize,
        position: usize,
    }

    impl DecoderBackend for Uniform {
        fn prefill(&mut self, tokens: &[u32]) -> Result<Vec<f32>, GenerateError> {
            self.position += tokens.len();
            Ok(vec![0.0; self.vocab])
        }
        fn step(&mut self, _: u32) -> Result<Vec<f32>, GenerateError> {
            self.position += 1;
            Ok(vec![0.0; self.vocab])
        }
        fn position(&self) -> usize {
            self.position
        }
        fn capacity(&self) -> usize {
            64
        }
        fn kv_bytes_per_token(&self) -> usize {
            0
        }
        fn reset(&mut self) {
            self.position = 0;
        }
    }

    #[test]
    fn a_uniform_model_has_the_vocabulary_as_perplexity() {
        let mut d = Uniform {
            vocab: 50,
            position: 0,
        };
        let tokens: Vec<u32> = (0..70).map(|i| i % 50).collect();
        let mut calls = Vec::new();
        let p = perplexity(&mut d, &tokens, 16, |a, b| calls.push((a, b))).unwrap();
        assert!((p.perplexity - 50.0).abs() < 1e-9, "{p:?}");
        // 4 chunks of 16 (the tail of 6 dropped); in each, tokens 9..16 are
        // scored (by the logits after tokens 8..15), as llama.cpp does.
        assert_eq!((p.chunks, p.scored), (4, 28));
        assert_eq!(calls.last(), Some(&(4, 4)));
    }

    #[test]
    fn bad_requests_are_errors() {
        let mut d = Uniform {
            vocab: 5,
            position: 0,
        };
        let err = |tokens: &[u32], ctx| {
            perplexity(
                &mut Uniform {
                    vocab: 5,
                    position: 0,
                },
                tokens,
                ctx,
                |_, _| {},
            )
            .unwrap_err()
            .to_string()
        };
        assert!(err(&[0; 10], 2).contains("too short"));
        assert!(err(&[0; 100], 65).contains("does not fit the KV cache"));
        assert!(err(&[0; 10], 16).contains("fewer than one chunk"));
        let e = perplexity(&mut d, &[9; 16], 8, |_, _| {})
            .unwrap_err()
            .to_string();
        assert!(e.contains("outside the model's vocabulary"), "{e}");
    }

    #[test]
    fn nll_is_the_log_softmax() {
        let l = [1.0f32, 2.0, 3.0];
        let z: f64 = l.iter().map(|&x| (x as f64).exp()).sum();
        let want = -(3.0f64.exp() / z).ln();
        assert!((negative_log_likelihood(&l, 2).unwrap() - want).abs() < 1e-12);
        assert_eq!(negative_log_likelihood(&l, 3), None);
    }
}
