//! Measuring candidates: the parameter space of each kernel and a coordinate
//! search over it (one parameter at a time, the others held at the best so
//! far), timed on real buffers of the problem's shape.
use super::projection::ProjectionBuffers;
use super::{Choice, Kernel, Problem};
use kforge_gpu::MatmulTile;
use kforge_kernels::choices::LinearSplit;
use kforge_kernels::linear::{packed_linear_with, LinearArgs};
use kforge_kernels::matmul::{matmul_with, Blocking, MatmulArgs};
use kforge_kernels::packed::PackedWeight;
use kforge_kernels::tile::MR_MAX;
use std::time::{Duration, Instant};

/// How long to measure each candidate.
#[derive(Clone, Copy, Debug)]
pub struct Budget {
    /// Least number of timed runs per candidate.
    pub min_runs: usize,
    /// Keep timing a candidate until this much time has passed (or
    /// `max_runs`).
    pub min_time: Duration,
    /// Most timed runs per candidate.
    pub max_runs: usize,
}

impl Default for Budget {
    fn default() -> Self {
        Self {
            min_runs: 3,
            min_time: Duration::from_millis(40),
            max_runs: 50,
        }
    }
}

/// The outcome of searching one problem.
#[derive(Clone, Debug)]
pub struct Found {
    /// The fastest candidate.
    pub choice: Choice,
    /// Its median speed, GFLOP/s.
    pub gflops: f64,
    /// The default parameters' median speed, GFLOP/s.
    pub default_gflops: f64,
    /// Candidates measured.
    pub candidates: usize,
}

/// Operands of a problem, filled with a fixed pattern.
enum Buffers {
    /// A matmul's or a packed linear's operands (a linear's `b` also packed).
    Dense {
        a: Vec<f32>,
        b: Vec<f32>,
        c: Vec<f32>,
        packed: Option<PackedWeight>,
    },
    /// A projection problem's operands, registered as a loaded model registers them.
    Projection(ProjectionBuffers),
}

impl Buffers {
    fn new(p: &Problem) -> Self {
        if matches!(p.kernel, Kernel::Projection | Kernel::Swiglu) {
            return Self::Projection(ProjectionBuffers::new(p));
        }
        let fill = |len: usize, salt: usize| -> Vec<f32> {
            (0..len)
                .map(|i| ((i * 7 + salt) % 23) as f32 / 23.0 - 0.5)
                .collect()
        };
        let a = fill(p.m * p.k, 1);
        let b = fill(p.k * p.n, 2);
        let packed = (p.kernel == Kernel::Linear).then(|| PackedWeight::pack(&b, p.n, p.k, p.k));
        Self::Dense {
            a,
            b,
            c: vec![0.0; p.m * p.n],
            packed,
        }
    }

    fn run(&mut self, p: &Problem, choice: &Choice) {
        let (a, b, c, packed) = match self {
            Self::Projection(projection) => match choice {
                Choice::Linear(split) => return projection.run(*split),
                _ => unreachable!("projection problems are tuned by their split"),
            },
            Self::Dense { a, b, c, packed } => (a, b, c, packed),
        };
        match (choice, packed) {
            (Choice::Matmul(bl), _) => matmul_with(&MatmulArgs::dense(a, b, c, p.m, p.n, p.k), bl),
            (Choice::Linear(split), Some(w)) => {
                packed_linear_with(&LinearArgs::dense(a, b, c, p.m, p.n, p.k), w, *split)
            }
            (Choice::Linear(_), None) => unreachable!("linear problems pack their weight"),
            (Choice::GpuTile(_), _) => unreachable!("Tuner::tune leaves GPU problems to GpuTuner"),
        }
    }
}

/// Median seconds of one run of `choice`, after one warm-up run.
fn time(bufs: &mut Buffers, p: &Problem, choice: &Choice, budget: &Budget) -> f64 {
    bufs.run(p, choice);
    let mut samples = Vec::new();
    let start = Instant::now();
    while samples.len() < budget.min_runs
        || (start.elapsed() < budget.min_time && samples.len() < budget.max_runs)
    {
        let t = Instant::now();
        bufs.run(p, choice);
        samples.push(t.elapsed().as_secs_f64());
    }
    samples.sort_by(f64::total_cmp);
    samples[samples.len() / 2]
}

/// The values each parameter of `base` may take for problem `p`, in search
/// order. Every candidate is valid for the kernel (tests run them all).
pub fn parameter_axes(p: &Problem, base: &Choice) -> Vec<Vec<Choice>> {
    match base {
        Choice::Matmul(bl) => {
            let bl = *bl;
            let with = |f: &dyn Fn(&mut Blocking)| {
                let mut c = bl;
                f(&mut c);
                Choice::Matmul(c)
            };
            let mut axes = Vec::new();
            // Streaming kernel or blocked for few rows.
            if p.m <= 4 {
                axes.push(vec![
                    with(&|c| c.skinny_max_m = 4),
                    with(&|c| c.skinny_max_m = 0),
                ]);
            }
            // Register-tile rows per ISA: AVX-512's tile holds up to 14 rows
            // of 32 columns; AVX2's (and the portable one's) runs blocks of 6
            // rows × 16 columns, so its candidates are whole blocks (and 2,
            // the one-pass 2 × 32 tile).
            let mrs: &[usize] = match crate::isa::active() {
                crate::isa::Isa::Avx512 => &[4, 6, 8, 10, 12, MR_MAX],
                crate::isa::Isa::Avx2 | crate::isa::Isa::Portable => &[2, 6, 12],
            };
            axes.push(mrs.iter().map(|&mr| with(&|c| c.mr = mr)).collect());
            let kcs = [128, 256, 384, 512, 768, 1024, 1536];
            axes.push(
                kcs.iter()
                    .filter(|&&kc| kc < p.k.max(128) * 2)
                    .map(|&kc| with(&|c| c.kc = kc))
                    .collect(),
            );
            let mcs = [48, 96, 144, 192, 288, 432];
            axes.push(mcs.iter().map(|&mc| with(&|c| c.mc = mc)).collect());
            // Pack b always, from the default threshold, or never.
            axes.push(
                [1, 64, usize::MAX]
                    .iter()
                    .map(|&t| with(&|c| c.pack_b_min_m = t))
                    .collect(),
            );
            axes
        }
        Choice::GpuTile(_) => vec![MatmulTile::candidates()
            .into_iter()
            .map(Choice::GpuTile)
            .collect()],
        Choice::Linear(_) => vec![[1, 2, 3, 4, 6, 8]
            .iter()
            .map(|&t| {
                Choice::Linear(LinearSplit {
                    tasks_per_worker: t,
                })
            })
            .collect()],
    }
}

/// Rebases the parameter that `candidate` varies onto `best`.
fn merge(best: &Choice, candidate: &Choice, axis: usize, p: &Problem) -> Choice {
    match (best, candidate) {
        (Choice::Matmul(b), Choice::Matmul(c)) => {
            let mut out = *b;
            let axis = if p.m <= 4 { axis } else { axis + 1 };
            match axis {
                0 => out.skinny_max_m = c.skinny_max_m,
                1 => out.mr = c.mr,
                2 => out.kc = c.kc,
                3 => out.mc = c.mc,
                _ => out.pack_b_min_m = c.pack_b_min_m,
            }
            Choice::Matmul(out)
        }
        _ => candidate.clone(),
    }
}

/// Searches `p`'s parameters on the calling pool; `on_candidate` is called
/// after each measurement with the number done and the number planned.
pub fn search(p: &Problem, budget: &Budget, on_candidate: &mut dyn FnMut(usize, usize)) -> Found {
    let default = p.kernel.default_choice();
    let axes = parameter_axes(p, &default);
    let planned = 1 + axes.iter().map(Vec::len).sum::<usize>();
    // A SwiGLU call runs two products (gate and up).
    let products = if p.kernel == Kernel::Swiglu { 2 } else { 1 };
    let flops = 2.0 * (products * p.m * p.n * p.k) as f64;
    let mut bufs = Buffers::new(p);
    let default_secs = time(&mut bufs, p, &default, budget);
    let mut done = 1;
    on_candidate(done, planned);
    let (mut best, mut best_secs) = (default.clone(), default_secs);
    for (i, axis) in axes.iter().enumerate() {
        let mut axis_best = (best.clone(), best_secs);
        for candidate in axis {
            let choice = merge(&best, candidate, i, p);
            let secs = if choice == best {
                best_secs
            } else {
                time(&mut bufs, p, &choice, budget)
            };
            if secs < axis_best.1 {
                axis_best = (choice, secs);
            }
            done += 1;
            on_candidate(done, planned);
        }
        (best, best_secs) = axis_best;
    }
    Found {
        choice: best,
        gflops: flops / best_secs / 1e9,
        default_gflops: flops / default_secs / 1e9,
        candidates: done,
    }
}
