//! Timing and statistics shared by every benchmark: warm-up, timed calls,
//! interleaved blocks of two sides, and the summary of a set of samples
//! (median, fastest, slowest, spread).
use serde::{Deserialize, Serialize};
use std::time::{Duration, Instant};

/// Untimed calls open each block for at least this long (one call at least):
/// on a virtual machine an idle core wakes slowly until the host has seen it
/// busy for a while, which a single warm-up call does not cover.
pub const WARM_UP: Duration = Duration::from_millis(300);

/// Quiet time after a block of calls, for the threads of its library to go idle.
pub const PAUSE: Duration = Duration::from_millis(150);

/// Latency of repeated calls: median, quartiles, fastest, slowest, and the
/// relative interquartile spread (robust to the odd call that a busy machine
/// delays, which the fastest and slowest are not).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Latency {
    /// Timed calls.
    pub samples: usize,
    /// Median latency in milliseconds.
    pub median_ms: f64,
    /// Fastest call in milliseconds.
    pub min_ms: f64,
    /// Slowest call in milliseconds.
    pub max_ms: f64,
    /// First quartile in milliseconds.
    pub p25_ms: f64,
    /// Third quartile in milliseconds.
    pub p75_ms: f64,
    /// `(p75 − p25) / median`: how much typical calls disagree.
    pub spread: f64,
}

impl Latency {
    /// The summary of `samples` (at least one).
    pub fn of(samples: &[Duration]) -> Self {
        let mut ms: Vec<f64> = samples.iter().map(|d| d.as_secs_f64() * 1e3).collect();
        Self::of_ms(&mut ms)
    }

    /// The summary of latencies given in milliseconds (sorted in place); all
    /// zeros when there are none.
    pub fn of_ms(ms: &mut [f64]) -> Self {
        ms.sort_by(f64::total_cmp);
        let n = ms.len();
        if n == 0 {
            return Self {
                samples: 0,
                median_ms: 0.0,
                min_ms: 0.0,
                max_ms: 0.0,
                p25_ms: 0.0,
                p75_ms: 0.0,
                spread: 0.0,
            };
        }
        let median = quantile(ms, 0.5);
        let (p25, p75) = (quantile(ms, 0.25), quantile(ms, 0.75));
        Self {
            samples: n,
            median_ms: median,
            min_ms: ms[0],
            max_ms: ms[n - 1],
            p25_ms: p25,
            p75_ms: p75,
            spread: if median > 0.0 {
                (p75 - p25) / median
            } else {
                0.0
            },
        }
    }

    /// `(max − min) / median`: how far apart the extreme calls are.
    pub fn range_spread(&self) -> f64 {
        if self.median_ms > 0.0 {
            (self.max_ms - self.min_ms) / self.median_ms
        } else {
            0.0
        }
    }

    /// Throughput in units per second for `amount` units per call (e.g.
    /// flops → GFLOP/s with `scale = 1e9`), at the median.
    pub fn rate(&self, amount: f64, scale: f64) -> f64 {
        if self.median_ms > 0.0 {
            amount / (self.median_ms * 1e-3) / scale
        } else {
            0.0
        }
    }
}

/// The `q` quantile of sorted, non-empty `x`, interpolated linearly between
/// neighbours (as numpy's default).
fn quantile(x: &[f64], q: f64) -> f64 {
    let pos = q * (x.len() - 1) as f64;
    let (lo, hi) = (pos.floor() as usize, pos.ceil() as usize);
    x[lo] + (x[hi] - x[lo]) * (pos - lo as f64)
}

/// How long to time one function: warm-up, then at least `min_calls` calls
/// and until `min_time` has passed, but no more than `max_calls`.
#[derive(Clone, Copy, Debug)]
pub struct Budget {
    /// Untimed calls for at least this long (one call at least).
    pub warm_up: Duration,
    /// Fewest timed calls.
    pub min_calls: usize,
    /// Most timed calls.
    pub max_calls: usize,
    /// Keep timing until this much time has passed (or `max_calls`).
    pub min_time: Duration,
}

/// Warms `f` up, then times it under `budget`; one sample per call.
pub fn time_calls(budget: Budget, f: &mut dyn FnMut()) -> Vec<Duration> {
    warm_up(budget.warm_up, f);
    let started = Instant::now();
    let mut samples = Vec::new();
    while samples.len() < budget.max_calls.max(1)
        && (samples.len() < budget.min_calls.max(1) || started.elapsed() < budget.min_time)
    {
        let t = Instant::now();
        f();
        samples.push(t.elapsed());
    }
    samples
}

/// Calls `f` once, then again until `at_least` has passed.
pub fn warm_up(at_least: Duration, f: &mut dyn FnMut()) {
    let started = Instant::now();
    f();
    while started.elapsed() < at_least {
        f();
    }
}

/// `repeats` timed calls of each side, in blocks ordered ours, theirs,
/// theirs, ours (so that a drift of the machine's load hits both alike), each
/// block opening with untimed warm-up calls and followed by a pause. Calls of
/// the two sides are never interleaved one by one: after a call, OpenBLAS's
/// threads keep spinning for a while (and rayon's briefly), and would steal a
/// core from the other side's next call.
pub fn time_blocks(
    repeats: usize,
    warm_up_time: Duration,
    ours: &mut dyn FnMut(),
    theirs: &mut dyn FnMut(),
) -> (Vec<Duration>, Vec<Duration>) {
    let block = |f: &mut dyn FnMut(), calls: usize, into: &mut Vec<Duration>| {
        warm_up(warm_up_time, f);
        for _ in 0..calls {
            let t = Instant::now();
            f();
            into.push(t.elapsed());
        }
        std::thread::sleep(PAUSE);
    };
    let (first, second) = (repeats.div_ceil(2), repeats / 2);
    let (mut a, mut b) = (Vec::new(), Vec::new());
    block(ours, first, &mut a);
    block(theirs, first, &mut b);
    if second > 0 {
        block(theirs, second, &mut b);
        block(ours, second, &mut a);
    }
    (a, b)
}

/// [`time_blocks`] under a budget: four blocks, ours, theirs, theirs, ours,
/// each with warm-up and at least a quarter of the budget's calls and time.
pub fn time_blocks_within(
    budget: Budget,
    ours: &mut dyn FnMut(),
    theirs: &mut dyn FnMut(),
) -> (Vec<Duration>, Vec<Duration>) {
    let quarter = Budget {
        warm_up: budget.warm_up / 2,
        min_calls: budget.min_calls.div_ceil(2),
        max_calls: budget.max_calls.div_ceil(2).max(1),
        min_time: budget.min_time / 2,
    };
    let (mut a, mut b) = (Vec::new(), Vec::new());
    for ours_now in [true, false, false, true] {
        if ours_now {
            a.extend(time_calls(quarter, ours));
        } else {
            b.extend(time_calls(quarter, theirs));
        }
        std::thread::sleep(PAUSE);
    }
    (a, b)
}

/// `/proc/loadavg` (1, 5, 15 minutes); NaN where unreadable.
pub fn load_average() -> [f64; 3] {
    let text = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    let mut it = text
        .split_whitespace()
        .map(|s| s.parse::<f64>().unwrap_or(f64::NAN));
    [(); 3].map(|_| it.next().unwrap_or(f64::NAN))
}

/// A job for a thread pool that borrows what is not `Send` (a compiled
/// module, raw buffers) from the thread that waits for it.
pub struct AssertSend<F>(pub F);

// SAFETY: the waiting thread does not touch what the job borrows until it returns.
unsafe impl<F> Send for AssertSend<F> {}

impl<F: FnOnce() -> R, R> AssertSend<F> {
    /// Runs the job.
    pub fn call(self) -> R {
        (self.0)()
    }
}

/// A copy of a slice in a 64-byte aligned buffer (as `memref.alloc` aligns).
pub struct Aligned<T> {
    buf: Vec<T>,
    start: usize,
    len: usize,
}

impl<T: Copy + Default> Aligned<T> {
    /// An aligned copy of `data`.
    pub fn copy_of(data: &[T]) -> Self {
        let pad = 64 / std::mem::size_of::<T>().max(1);
        let mut buf = vec![T::default(); data.len() + pad];
        let start = buf.as_ptr().align_offset(64).min(pad);
        buf[start..start + data.len()].copy_from_slice(data);
        Self {
            buf,
            start,
            len: data.len(),
        }
    }

    /// The data.
    pub fn as_slice(&self) -> &[T] {
        &self.buf[self.start..self.start + self.len]
    }

    /// The first element's address.
    pub fn as_ptr(&self) -> *const T {
        self.as_slice().as_ptr()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latency_of_odd_and_even_sample_counts() {
        let odd = Latency::of_ms(&mut [3.0, 1.0, 2.0]);
        assert_eq!((odd.median_ms, odd.min_ms, odd.max_ms), (2.0, 1.0, 3.0));
        assert_eq!((odd.p25_ms, odd.p75_ms), (1.5, 2.5));
        assert!((odd.spread - 0.5).abs() < 1e-12);
        assert!((odd.range_spread() - 1.0).abs() < 1e-12);
        let even = Latency::of_ms(&mut [4.0, 1.0, 2.0, 3.0]);
        assert_eq!(even.median_ms, 2.5);
        assert_eq!(Latency::of_ms(&mut []).samples, 0);
    }

    #[test]
    fn one_delayed_call_barely_moves_the_spread() {
        let mut ms = vec![1.0; 20];
        ms[7] = 50.0;
        let l = Latency::of_ms(&mut ms);
        assert_eq!(l.spread, 0.0);
        assert!(l.range_spread() > 40.0);
    }

    #[test]
    fn time_calls_respects_the_call_bounds() {
        let mut calls = 0;
        let budget = Budget {
            warm_up: Duration::ZERO,
            min_calls: 3,
            max_calls: 5,
            min_time: Duration::from_secs(10),
        };
        let samples = time_calls(budget, &mut || calls += 1);
        assert_eq!(samples.len(), 5);
        assert_eq!(calls, 6, "one warm-up call and five timed ones");
    }

    #[test]
    fn aligned_copies_are_aligned_and_equal() {
        let data: Vec<f32> = (0..37).map(|i| i as f32).collect();
        let a = Aligned::copy_of(&data);
        assert_eq!(a.as_ptr() as usize % 64, 0);
        assert_eq!(a.as_slice(), &data[..]);
    }
}
