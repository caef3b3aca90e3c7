//! The machine's measured peaks, the roofs of the roofline: fused
//! multiply-add throughput on registers (GFLOP/s) and streaming read
//! bandwidth from memory (GB/s), each the best of a few trials on every
//! thread of the pool.
use crate::report::Peak;
use rayon::prelude::*;
use std::time::Instant;

/// Independent accumulator chains per thread: more than an FMA unit's
/// latency × throughput, so that the loop is bound by throughput.
pub(crate) const CHAINS: usize = 12;

/// Bytes of the buffer streamed by the bandwidth test: far beyond any cache.
const STREAM_BYTES: usize = 256 << 20;

/// Trials of each measurement; the best counts (other load only slows a trial).
const TRIALS: usize = 5;

/// Measures both peaks on `pool`.
pub fn measure_peaks(pool: &rayon::ThreadPool) -> Peak {
    let (gflops, isa) = peak_gflops(pool);
    let gbps = peak_read_gbps(pool);
    Peak {
        gflops,
        gbps,
        method: format!(
            "compute: {CHAINS} independent {isa} FMA chains per thread on {} threads, best of {TRIALS}; \
             memory: summing a {} MiB buffer on every thread, best of {TRIALS}",
            pool.current_num_threads(),
            STREAM_BYTES >> 20
        ),
    }
}

/// The FMA peak in GFLOP/s and the instruction set that reached it.
fn peak_gflops(pool: &rayon::ThreadPool) -> (f64, &'static str) {
    let (lanes, isa) = fma_lanes();
    let threads = pool.current_num_threads();
    // Calibrate to about 0.1 s per trial.
    let mut iters: u64 = 1 << 16;
    loop {
        let t = Instant::now();
        std::hint::black_box(fma_chains(iters));
        if t.elapsed().as_secs_f64() > 0.02 || iters > 1 << 32 {
            let per_iter = t.elapsed().as_secs_f64() / iters as f64;
            iters = ((0.1 / per_iter.max(1e-12)) as u64).max(1);
            break;
        }
        iters *= 4;
    }
    let mut best = 0.0f64;
    for _ in 0..TRIALS {
        let t = Instant::now();
        pool.install(|| {
            (0..threads).into_par_iter().for_each(|_| {
                std::hint::black_box(fma_chains(iters));
            })
        });
        let flops = (threads * CHAINS * lanes) as f64 * 2.0 * iters as f64;
        best = best.max(flops / t.elapsed().as_secs_f64() / 1e9);
    }
    (best, isa)
}

/// f32 lanes of the widest FMA this CPU has, and its name.
pub(crate) fn fma_lanes() -> (usize, &'static str) {
    #[cfg(target_arch = "x86_64")]
    {
        if std::arch::is_x86_feature_detected!("avx512f") {
            return (16, "AVX-512");
        }
        if std::arch::is_x86_feature_detected!("fma") {
            return (8, "AVX2");
        }
    }
    (1, "scalar")
}

/// `iters` rounds of [`CHAINS`] dependent multiply-adds, with the widest FMA.
pub(crate) fn fma_chains(iters: u64) -> f32 {
    #[cfg(target_arch = "x86_64")]
    {
        if std::arch::is_x86_feature_detected!("avx512f") {
            // SAFETY: the CPU has AVX-512F (checked above).
            return unsafe { x86::fma_avx512(iters) };
        }
        if std::arch::is_x86_feature_detected!("fma") {
            // SAFETY: the CPU has FMA and AVX (checked above).
            return unsafe { x86::fma_avx2(iters) };
        }
    }
    let mut acc = [1.0f32; CHAINS];
    for _ in 0..iters {
        for a in acc.iter_mut() {
            *a = a.mul_add(0.999_999, 1e-7);
        }
    }
    acc.iter().sum()
}

#[cfg(target_arch = "x86_64")]
mod x86 {
    use super::CHAINS;
    use std::arch::x86_64::*;

    #[target_feature(enable = "avx512f")]
    pub unsafe fn fma_avx512(iters: u64) -> f32 {
        let (a, b) = (_mm512_set1_ps(0.999_999), _mm512_set1_ps(1e-7));
        let mut acc = [_mm512_set1_ps(1.0); CHAINS];
        for _ in 0..iters {
            for x in acc.iter_mut() {
                *x = _mm512_fmadd_ps(*x, a, b);
            }
        }
        let mut sum = acc[0];
        for x in &acc[1..] {
            sum = _mm512_add_ps(sum, *x);
        }
        _mm512_reduce_add_ps(sum)
    }

    #[target_feature(enable = "avx,fma")]
    pub unsafe fn fma_avx2(iters: u64) -> f32 {
        let (a, b) = (_mm256_set1_ps(0.999_999), _mm256_set1_ps(1e-7));
        let mut acc = [_mm256_set1_ps(1.0); CHAINS];
        for _ in 0..iters {
            for x in acc.iter_mut() {
                *x = _mm256_fmadd_ps(*x, a, b);
            }
        }
        let mut sum = acc[0];
        for x in &acc[1..] {
            sum = _mm256_add_ps(sum, *x);
        }
        let mut lanes = [0.0f32; 8];
        // SAFETY: `lanes` has room for the 8 floats stored.
        unsafe { _mm256_storeu_ps(lanes.as_mut_ptr(), sum) };
        lanes.iter().sum()
    }
}

/// Streaming read bandwidth in GB/s: every thread sums its part of one large buffer.
fn peak_read_gbps(pool: &rayon::ThreadPool) -> f64 {
    let data = vec![1.0f32; STREAM_BYTES / 4];
    let threads = pool.current_num_threads();
    let chunk = data.len().div_ceil(threads);
    let mut best = 0.0f64;
    for _ in 0..TRIALS {
        let t = Instant::now();
        let total: f32 = pool.install(|| data.par_chunks(chunk).map(sum_wide).sum());
        std::hint::black_box(total);
        best = best.max(STREAM_BYTES as f64 / t.elapsed().as_secs_f64() / 1e9);
    }
    best
}

/// A sum the compiler vectorizes: 16 independent lanes.
pub(crate) fn sum_wide(x: &[f32]) -> f32 {
    let mut acc = [0.0f32; 16];
    let chunks = x.chunks_exact(16);
    let tail: f32 = chunks.remainder().iter().sum();
    for c in chunks {
        for (a, v) in acc.iter_mut().zip(c) {
            *a += v;
        }
    }
    acc.iter().sum::<f32>() + tail
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sum_wide_adds_everything() {
        let x: Vec<f32> = (0..37).map(|i| i as f32).collect();
        assert_eq!(sum_wide(&x), (0..37).sum::<i32>() as f32);
    }

    #[test]
    fn the_fma_loop_computes_something_finite() {
        assert!(fma_chains(100).is_finite());
    }
}
