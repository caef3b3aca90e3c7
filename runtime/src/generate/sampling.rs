//! Choosing the next token from logits: greedy, or sampling with temperature,
//! top-k and top-p (nucleus) from a seeded generator.
use crate::reference::SplitMix64;

/// How to pick tokens.
#[derive(Clone, Debug, PartialEq)]
pub struct SamplingOptions {
    /// 0 means greedy (argmax).
    pub temperature: f32,
    /// Keep the `k` most likely tokens (0: all).
    pub top_k: usize,
    /// Keep the smallest set of tokens whose probability reaches `p` (1: all).
    pub top_p: f32,
    /// Seed of the generator.
    pub seed: u64,
}

impl Default for SamplingOptions {
    fn default() -> Self {
        Self {
            temperature: 0.0,
            top_k: 0,
            top_p: 1.0,
            seed: 0,
        }
    }
}

/// A sampler with its generator state.
pub struct Sampler {
    options: SamplingOptions,
    rng: SplitMix64,
}

impl Sampler {
    /// A sampler seeded from `options.seed`.
    pub fn new(options: SamplingOptions) -> Self {
        let rng = SplitMix64::new(options.seed);
        Self { options, rng }
    }

    /// Whether this sampler takes the argmax (temperature 0): then only the argmax of the logits matters.
    pub fn is_greedy(&self) -> bool {
        self.options.temperature <= 0.0
    }

    /// The next token id.
    pub fn sample(&mut self, logits: &[f32]) -> u32 {
        if self.is_greedy() {
            return argmax(logits);
        }
        let mut candidates: Vec<(u32, f32)> = logits
            .iter()
            .enumerate()
            .map(|(i, &l)| (i as u32, l))
            .collect();
        candidates.sort_by(|a, b| b.1.total_cmp(&a.1));
        if self.options.top_k > 0 {
            candidates.truncate(self.options.top_k);
        }
        let max = candidates[0].1;
        let t = self.options.temperature;
        let mut probs: Vec<f64> = candidates
            .iter()
            .map(|(_, l)| (((l - max) / t) as f64).exp())
            .collect();
        let total: f64 = probs.iter().sum();
        probs.iter_mut().for_each(|p| *p /= total);
        if self.options.top_p < 1.0 {
            let mut cumulative = 0.0;
            let mut keep = probs.len();
            for (i, p) in probs.iter().enumerate() {
                cumulative += p;
                if cumulative >= self.options.top_p as f64 {
                    keep = i + 1;
                    break;
                }
            }
            probs.truncate(keep);
            let total: f64 = probs.iter().sum();
            probs.iter_mut().for_each(|p| *p /= total);
        }
        let u = (self.rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
        let mut cumulative = 0.0;
        for (i, p) in probs.iter().enumerate() {
            cumulative += p;
            if u < cumulative {
                return candidates[i].0;
            }
        }
        candidates[probs.len() - 1].0
    }
}

/// Index of the largest logit (the first on ties).
pub fn argmax(logits: &[f32]) -> u32 {
    let mut best = 0;
    for (i, &l) in logits.iter().enumerate() {
        if l > logits[best] {
            best = i;
        }
    }
    best as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn greedy_is_argmax() {
        let mut s = Sampler::new(SamplingOptions::default());
        assert_eq!(s.sample(&[0.1, 3.0, -1.0, 3.0]), 1);
    }

    #[test]
    fn top_k_one_is_greedy_and_seeds_repeat() {
        let logits = [0.5, 0.2, 2.0, 1.9];
        let mut s = Sampler::new(SamplingOptions {
            temperature: 1.0,
            top_k: 1,
            ..Default::default()
        });
        assert_eq!(s.sample(&logits), 2);
        let draw = |seed| {
            let mut s = Sampler::new(SamplingOptions {
                temperature: 1.0,
                seed,
                ..Default::default()
            });
            (0..20).map(|_| s.sample(&logits)).collect::<Vec<_>>()
        };
        assert_eq!(draw(7), draw(7));
        let counts = draw(3).iter().filter(|&&t| t == 2 || t == 3).count();
        assert!(counts > 10, "likely tokens dominate");
    }

    #[test]
    fn top_p_keeps_the_nucleus() {
        let logits = [10.0, 0.0, 0.0, 0.0];
        let mut s = Sampler::new(SamplingOptions {
            temperature: 1.0,
            top_p: 0.5,
            seed: 1,
            ..Default::default()
        });
        for _ in 0..10 {
            assert_eq!(s.sample(&logits), 0);
        }
    }
}
