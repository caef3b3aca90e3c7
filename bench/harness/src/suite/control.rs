//! The control workload timed beside a kernel case ([`crate::report::Control`]):
//! code that no kforge change touches, sized like the case, on the same pool.
use crate::peak::{fma_chains, fma_lanes, sum_wide, CHAINS};
use crate::report::Peak;
use rayon::prelude::*;

/// Fewest FMA-chain iterations per thread, so that a tiny case still gets
/// a probe longer than the fork-join around it.
const MIN_ITERS: u64 = 256;

/// A fixed workload like a case's.
pub enum Probe {
    /// FMA chains: the case's flops spread over every thread.
    Compute {
        /// Iterations of [`fma_chains`] per thread.
        iters: u64,
    },
    /// A sum over as many bytes as the case moves, split over every thread.
    Memory {
        /// The data summed.
        data: Vec<f32>,
    },
}

impl Probe {
    /// The probe for a case of `flops` and `bytes`: compute when the case's
    /// arithmetic intensity is above the machine's balance (peak FLOP/s over
    /// peak bytes/s), memory otherwise.
    pub fn for_case(flops: f64, bytes: f64, peak: &Peak, threads: usize) -> Self {
        let balance = if peak.gbps > 0.0 {
            peak.gflops / peak.gbps
        } else {
            f64::INFINITY
        };
        if bytes > 0.0 && flops / bytes < balance {
            Probe::Memory {
                data: vec![1.0; (bytes / 4.0).max(4096.0) as usize],
            }
        } else {
            let (lanes, _) = fma_lanes();
            let per_iter = (threads.max(1) * CHAINS * lanes * 2) as f64;
            Probe::Compute {
                iters: ((flops / per_iter) as u64).max(MIN_ITERS),
            }
        }
    }

    /// What it runs, for the report.
    pub fn name(&self, threads: usize) -> String {
        match self {
            Probe::Compute { iters } => {
                let (lanes, isa) = fma_lanes();
                let flops = (threads * CHAINS * lanes * 2) as f64 * *iters as f64;
                format!("{isa} FMA chains: {flops:.2e} flops on {threads} threads")
            }
            Probe::Memory { data } => format!(
                "sum of {:.2} MB on {threads} threads",
                (data.len() * 4) as f64 / 1e6
            ),
        }
    }

    /// One run on `pool`'s threads (from inside the pool or outside it).
    pub fn run(&self, pool: &rayon::ThreadPool) {
        let threads = pool.current_num_threads();
        match self {
            Probe::Compute { iters } => pool.install(|| {
                (0..threads).into_par_iter().for_each(|_| {
                    std::hint::black_box(fma_chains(*iters));
                })
            }),
            Probe::Memory { data } => {
                let chunk = data.len().div_ceil(threads);
                let total: f32 = pool.install(|| data.par_chunks(chunk).map(sum_wide).sum());
                std::hint::black_box(total);
            }
        }
    }
}
