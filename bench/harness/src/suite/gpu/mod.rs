//! `kforge-bench --target gpu suite`: kforge-gpu's kernels and the whole
//! decoder on a Vulkan adapter, written as the same report as the CPU suite
//! (`target: "gpu"`, the adapter and driver in the machine section).
//!
//! The GPU's peaks are measured first: a vec4 copy kernel between two large
//! buffers (bytes read + written) for GB/s, and the fastest dispatch of
//! kforge-gpu's f32 tiled matmul on a large square for GFLOP/s (kforge-gpu has
//! no FMA-only kernel, so this roof is achieved, not the hardware's). Then
//! the cases: the f32 matmul (what `kforge.matmul` lowers to) at the suite's
//! squares and the decoder's shapes, the f16 cooperative-matrix matmul at the
//! same shapes where the adapter offers it (else skipped, with why), and the
//! SmolLM2 decode step through the program `kforge-run --target gpu` runs.
//!
//! Kernel latencies are GPU timestamps around each dispatch (wall clock per
//! submitted dispatch where the adapter has none); each case's output is
//! checked against f64 dot products on the CPU. Shaders are created without
//! wgpu's injected bounds checks, as `kforge-bench --target gpu matmul`
//! creates them (generated kernels guard their own accesses).
mod decode;
mod matmul;
mod peaks;

use super::cases::DECODER_MATMULS;
use super::{decoder, measure_all, measured, Findings, Started, SuiteOptions, SuiteRun};
use crate::measure::Latency;
use crate::report::{Autotune, Case, Peak};
use anyhow::{anyhow, bail, Context, Result};
use decode::decode_case;
use kforge_gpu::runtime::{Gpu, GpuBuffer, GpuOptions};
use kforge_gpu::{GpuError, Kernel};
use matmul::{matmul_f16_case, matmul_f32_case};
use peaks::measure_gpu_peaks;
use std::collections::BTreeMap;
use std::path::Path;
use std::time::{Duration, Instant};

/// How a kernel case is timed when the adapter has timestamps.
const TIMESTAMPS: &str =
    "GPU timestamps around each dispatch (a compute pass each, all timed dispatches in one submission)";

/// How a kernel case is timed without them.
const WALL_CLOCK: &str =
    "wall clock per dispatch: record, submit, wait (the adapter has no usable GPU timestamps)";

/// How much each case and the peaks are timed.
struct GpuPlan {
    /// Untimed dispatches before the timed ones, for this long (a GPU's clocks ramp up with load:
    /// `kforge_gpu::bench::Timing::warmup`).
    warm_up: Duration,
    /// Timed dispatches of a kernel case.
    reps: usize,
    /// Timed dispatches of each peak kernel (the fastest counts).
    peak_reps: usize,
    /// Bytes of each of the copy kernel's two buffers.
    copy_bytes: usize,
    /// Squares of the f32 matmul whose fastest dispatch is the compute peak.
    peak_squares: Vec<usize>,
    /// Timed decode steps (wall clock).
    decode_steps: usize,
    /// Further decode steps timed with GPU timestamps (a pass per kernel).
    decode_timestamp_steps: usize,
}

impl GpuPlan {
    fn new(quick: bool, software_adapter: bool) -> Self {
        if quick {
            Self {
                warm_up: Duration::from_millis(50),
                reps: 10,
                peak_reps: 5,
                copy_bytes: 64 << 20,
                peak_squares: vec![512],
                decode_steps: 6,
                decode_timestamp_steps: 1,
            }
        } else {
            Self {
                warm_up: Duration::from_millis(200),
                reps: 50,
                peak_reps: 10,
                copy_bytes: 128 << 20,
                peak_squares: if software_adapter {
                    vec![1024, 2048]
                } else {
                    vec![2048, 4096]
                },
                decode_steps: 32,
                decode_timestamp_steps: 4,
            }
        }
    }
}

/// One case of the GPU suite.
#[derive(Clone, Copy, Debug, PartialEq)]
enum GpuCase {
    /// kforge-gpu's f32 tiled matmul (what `kforge.matmul` lowers to).
    MatmulF32 { m: usize, k: usize, n: usize },
    /// The f16 cooperative-matrix matmul (f32 accumulation), the tile `CoopTile::for_shape` picks.
    MatmulF16 { m: usize, k: usize, n: usize },
    /// The whole SmolLM2 decode step.
    Decode,
}

impl GpuCase {
    fn name(&self) -> String {
        match self {
            GpuCase::MatmulF32 { m, k, n } => format!("matmul/{m}x{k}x{n}"),
            GpuCase::MatmulF16 { m, k, n } => format!("matmul_f16/{m}x{k}x{n}"),
            GpuCase::Decode => "decoder/smollm2-135m/decode".into(),
        }
    }

    fn kind(&self) -> &'static str {
        match self {
            GpuCase::MatmulF32 { .. } => "matmul",
            GpuCase::MatmulF16 { .. } => "matmul_f16",
            GpuCase::Decode => "decoder",
        }
    }
}

/// The cases of a run: f32 then f16 matmuls at the squares and the decoder's
/// shapes, then the decoder.
fn gpu_cases(quick: bool) -> Vec<GpuCase> {
    let squares: &[usize] = if quick {
        &[256, 512]
    } else {
        &[256, 512, 1024, 2048]
    };
    let shapes: Vec<(usize, usize, usize)> = squares
        .iter()
        .map(|&s| (s, s, s))
        .chain(
            DECODER_MATMULS
                .iter()
                .map(|&(m, k, n)| (m as usize, k as usize, n as usize)),
        )
        .collect();
    let mut cases: Vec<GpuCase> = shapes
        .iter()
        .map(|&(m, k, n)| GpuCase::MatmulF32 { m, k, n })
        .collect();
    cases.extend(
        shapes
            .iter()
            .map(|&(m, k, n)| GpuCase::MatmulF16 { m, k, n }),
    );
    cases.push(GpuCase::Decode);
    cases
}

/// Opens the adapter `--device` names (the best one without it); the error
/// says plainly that there is none.
fn open_gpu(device: Option<&str>) -> Result<Gpu> {
    Gpu::open(&GpuOptions {
        device: device.map(str::to_string),
        unchecked_shaders: true,
    })
    .map_err(|e| match e {
        // "no GPU adapter found: install a Vulkan driver …"
        GpuError::NoAdapter(_) => anyhow!("{e}"),
        other => anyhow!("no GPU adapter: {other}"),
    })
}

/// Runs the GPU suite on the adapter `device` selects and writes its report.
pub fn run(args: &SuiteOptions, device: Option<&str>) -> Result<SuiteRun> {
    if args.tune || args.tune_cache.is_some() {
        bail!("--tune and --tune-cache tune the CPU kernels; the GPU suite has no autotuner");
    }
    let started = Started::now();
    let gpu = open_gpu(device)?;
    let adapter = gpu.adapter().clone();
    let plan = GpuPlan::new(args.quick, adapter.device_type == "Cpu");
    let specs = super::selected(gpu_cases(args.quick), args, GpuCase::name);
    let progress = super::progress_bar(specs.len() + 1);
    progress.set_message(format!("measuring the peaks of {}", adapter.name));
    let peak = measure_gpu_peaks(&gpu, &plan).context("cannot measure the GPU's peaks")?;
    progress.inc(1);
    let model_dir = args.model_dir();
    let cases = measure_all(&specs, &progress, GpuCase::name, |spec| {
        let ctx = GpuRun {
            gpu: &gpu,
            plan: &plan,
            peak: &peak,
        };
        run_case(*spec, ctx, &model_dir)
    });
    let mut machine = started.machine();
    machine.gpu_adapter = adapter.name.clone();
    machine.gpu_driver = adapter.driver.clone();
    let autotune = Autotune {
        state: "not-configured".into(),
        cache_path: None,
        cache_file: None,
        entries_for_this_host: None,
        cache_hits: None,
        tuned_now: None,
    };
    let findings = Findings {
        machine,
        peak,
        autotune,
        cases,
    };
    let mut run = started.finish(args, "gpu", 1, findings)?;
    run.summary = format!("adapter: {adapter}\n{}", run.summary);
    Ok(run)
}

/// Runs one case; a failure becomes a skipped case with its reason.
/// What every case of a GPU run needs.
#[derive(Clone, Copy)]
struct GpuRun<'a> {
    gpu: &'a Gpu,
    plan: &'a GpuPlan,
    peak: &'a Peak,
}

fn run_case(spec: GpuCase, ctx: GpuRun, model_dir: &Path) -> Case {
    let attempt = match spec {
        GpuCase::MatmulF32 { m, k, n } => matmul_f32_case(spec, (m, k, n), ctx),
        GpuCase::MatmulF16 { m, k, n } => matmul_f16_case(spec, (m, k, n), ctx),
        GpuCase::Decode => decode_case(spec, ctx, model_dir),
    };
    attempt.unwrap_or_else(|e| skipped(spec, BTreeMap::new(), format!("failed: {e:#}")))
}

fn skipped(spec: GpuCase, params: BTreeMap<String, u64>, reason: String) -> Case {
    Case::skipped(spec.name(), spec.kind(), params, reason)
}

/// Latency of `reps` dispatches of `kernel` over `buffers` after `warm_up` of
/// untimed ones, and how it was taken.
fn time_dispatches(
    gpu: &Gpu,
    kernel: &Kernel,
    buffers: &[GpuBuffer],
    warm_up: Duration,
    reps: usize,
) -> Result<(Latency, &'static str)> {
    let reps = reps.clamp(1, 2048);
    let pipeline = gpu.pipeline(kernel)?;
    let refs: Vec<&GpuBuffer> = buffers.iter().collect();
    kforge_gpu::bench::warm_up(gpu, &pipeline, &refs, warm_up)?;
    if gpu.has_timestamps() {
        let mut step = gpu.step(true, reps);
        for _ in 0..reps {
            step.dispatch(&pipeline, &refs)?;
        }
        let mut ms: Vec<f64> = step.finish()?.iter().map(|t| t.seconds * 1e3).collect();
        // A timestamp pair that did not tick (a coarse software clock) is no measurement.
        if ms.len() == reps && ms.iter().all(|&t| t > 0.0) {
            return Ok((Latency::of_ms(&mut ms), TIMESTAMPS));
        }
    }
    let mut ms = Vec::with_capacity(reps);
    for _ in 0..reps {
        let t = Instant::now();
        let mut step = gpu.step(false, 0);
        step.dispatch(&pipeline, &refs)?;
        step.finish()?;
        ms.push(t.elapsed().as_secs_f64() * 1e3);
    }
    Ok((Latency::of_ms(&mut ms), WALL_CLOCK))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cases_cover_squares_decoder_shapes_f16_and_the_decoder() {
        let names: Vec<String> = gpu_cases(true).iter().map(GpuCase::name).collect();
        for want in [
            "matmul/256x256x256",
            "matmul/1x576x1536",
            "matmul/64x576x1536",
            "matmul/1x576x49152",
            "matmul_f16/512x512x512",
            "matmul_f16/1x576x49152",
            "decoder/smollm2-135m/decode",
        ] {
            assert!(names.iter().any(|n| n == want), "{want} in {names:?}");
        }
        assert_eq!(names.len(), 2 * (2 + 3) + 1);
        assert!(gpu_cases(false).len() > names.len());
    }
}
