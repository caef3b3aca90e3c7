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
use super::cases::DECODER_MATMULS;
use super::{decoder, measured, table, SuiteArgs};
use crate::machine::{now_rfc3339, this_build, this_machine};
use crate::matmul;
use crate::measure::{load_average, Latency};
use crate::report::{
    Autotune, Case, NumericError, Outcome, Peak, Report, SCHEMA_NAME, SCHEMA_VERSION,
};
use anyhow::{anyhow, bail, Context, Result};
use kforge_gpu::bench::bench_input;
use kforge_gpu::decoder::GpuDecoder;
use kforge_gpu::program::Program;
use kforge_gpu::runtime::{Gpu, GpuBuffer, GpuOptions, Host};
use kforge_gpu::spec::{Binding, Elem};
use kforge_gpu::{CoopMatmulSpec, CoopTile, GpuError, Kernel, KernelSpec, MatmulSpec, UnaryOp};
use kforge_runtime::generate::sampling::argmax;
use kforge_runtime::generate::ModelConfig;
use kforge_runtime::tensor_io::TensorFile;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
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

/// Runs `kforge-bench --target gpu suite` on the adapter `device` selects.
pub fn run(args: &SuiteArgs, device: Option<&str>) -> Result<()> {
    if args.tune || args.tune_cache.is_some() {
        bail!("--tune and --tune-cache tune the CPU kernels; the GPU suite has no autotuner");
    }
    let started = Instant::now();
    let created = now_rfc3339();
    let load_at_start = load_average();
    let gpu = open_gpu(device)?;
    let adapter = gpu.adapter().clone();
    let plan = GpuPlan::new(args.quick, adapter.device_type == "Cpu");
    let specs = super::selected(gpu_cases(args.quick), args, GpuCase::name);
    let progress = super::progress_bar(specs.len() + 1);
    progress.set_message(format!("measuring the peaks of {}", adapter.name));
    let peak = measure_gpu_peaks(&gpu, &plan).context("cannot measure the GPU's peaks")?;
    progress.inc(1);
    let model_dir = args
        .model
        .clone()
        .unwrap_or_else(decoder::default_model_dir);
    let mut cases = Vec::new();
    for spec in &specs {
        progress.set_message(spec.name());
        cases.push(run_case(*spec, &gpu, &plan, &peak, &model_dir));
        progress.inc(1);
    }
    progress.finish_and_clear();

    let mut machine = this_machine(matmul::openblas_core(), load_at_start);
    machine.gpu_adapter = adapter.name.clone();
    machine.gpu_driver = adapter.driver.clone();
    let report = Report {
        schema: SCHEMA_NAME.into(),
        schema_version: SCHEMA_VERSION,
        created,
        wall_seconds: started.elapsed().as_secs_f64(),
        kforge: this_build(),
        machine,
        target: "gpu".into(),
        quick: args.quick,
        threads: 1,
        peak,
        autotune: Autotune {
            state: "not-configured".into(),
            cache_path: None,
            cache_file: None,
            entries_for_this_host: None,
            cache_hits: None,
            tuned_now: None,
        },
        cases,
    };
    report.write(&args.output)?;
    println!("adapter: {adapter}");
    table::print(&report);
    println!(
        "wrote {} ({} cases in {:.0} s)",
        args.output.display(),
        report.cases.len(),
        report.wall_seconds
    );
    Ok(())
}

/// Runs one case; a failure becomes a skipped case with its reason.
fn run_case(spec: GpuCase, gpu: &Gpu, plan: &GpuPlan, peak: &Peak, model_dir: &Path) -> Case {
    let attempt = match spec {
        GpuCase::MatmulF32 { m, k, n } => matmul_f32_case(spec, (m, k, n), gpu, plan, peak),
        GpuCase::MatmulF16 { m, k, n } => matmul_f16_case(spec, (m, k, n), gpu, plan, peak),
        GpuCase::Decode => decode_case(spec, gpu, plan, peak, model_dir),
    };
    attempt.unwrap_or_else(|e| skipped(spec, BTreeMap::new(), format!("failed: {e:#}")))
}

fn skipped(spec: GpuCase, params: BTreeMap<String, u64>, reason: String) -> Case {
    Case {
        name: spec.name(),
        kind: spec.kind().into(),
        params,
        flops: 0.0,
        bytes: 0.0,
        result: Outcome::Skipped { reason },
        control: None,
        reference: None,
    }
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

/// A copy of `len` f32 (a multiple of 4) from one buffer into another, a
/// vec4 per thread and iteration over a grid of at most 4096 workgroups.
fn copy_kernel(len: usize) -> Result<Kernel> {
    const WG: usize = 256;
    let n4 = len / 4;
    let groups = n4.div_ceil(WG).clamp(1, 4096);
    let name = format!("bench_copy_vec4_{len}");
    let source = format!(
        "// kforge-bench kernel: {name}\n\
         @group(0) @binding(0) var<storage, read> src: array<vec4<f32>>;\n\
         @group(0) @binding(1) var<storage, read_write> dst: array<vec4<f32>>;\n\n\
         @compute @workgroup_size({WG})\n\
         fn main(@builtin(global_invocation_id) gid: vec3<u32>) {{\n  \
           for (var i = gid.x; i < {n4}u; i = i + {stride}u) {{\n    \
             dst[i] = src[i];\n  \
           }}\n\
         }}\n",
        stride = groups * WG
    );
    kforge_gpu::validate::validate_wgsl(&name, &source)?;
    let binding = |name, writable| Binding {
        name,
        elem: Elem::F32,
        len,
        writable,
    };
    Ok(Kernel {
        // A stand-in: the runtime reads only the name, source, grid and bindings.
        spec: KernelSpec::Unary {
            op: UnaryOp::Silu,
            len,
        },
        name,
        source,
        workgroups: [groups as u32, 1, 1],
        bindings: vec![binding("src", false), binding("dst", true)],
        needs_f16: false,
        needs_coop: false,
        shared_bytes: 0,
    })
}

/// The GPU's roofs: a copy kernel for bandwidth, the f32 matmul for compute.
fn measure_gpu_peaks(gpu: &Gpu, plan: &GpuPlan) -> Result<Peak> {
    let len = plan.copy_bytes / 4;
    let kernel = copy_kernel(len)?;
    let buffers = [
        gpu.upload(&Host::F32(bench_input(len, 3))),
        gpu.zeros(len * 4),
    ];
    let (copy, timing) = time_dispatches(gpu, &kernel, &buffers, plan.warm_up, plan.peak_reps)?;
    drop(buffers);
    let gbps = 2.0 * plan.copy_bytes as f64 / (copy.min_ms * 1e-3) / 1e9;
    let mut gflops: f64 = 0.0;
    for &s in &plan.peak_squares {
        let spec = f32_spec(s, s, s);
        let kernel = kforge_gpu::generate(&spec)?;
        let buffers = [
            gpu.upload(&Host::F32(bench_input(s * s, 1))),
            gpu.upload(&Host::F32(bench_input(s * s, 2))),
            gpu.zeros(s * s * 4),
        ];
        let (l, _) = time_dispatches(gpu, &kernel, &buffers, plan.warm_up, plan.peak_reps)?;
        gflops = gflops.max(2.0 * (s * s * s) as f64 / (l.min_ms * 1e-3) / 1e9);
    }
    let squares: Vec<String> = plan.peak_squares.iter().map(|s| format!("{s}³")).collect();
    Ok(Peak {
        gflops,
        gbps,
        method: format!(
            "GB/s: a vec4 copy kernel between two {} MiB buffers, bytes read + written, fastest of {} dispatches; \
             GFLOP/s: kforge-gpu's f32 tiled matmul at {}, fastest of {} dispatches (kforge-gpu has no FMA-only \
             kernel: an achieved roof, not the hardware's); timed by {timing}",
            plan.copy_bytes >> 20,
            plan.peak_reps,
            squares.join(" and "),
            plan.peak_reps
        ),
    })
}

fn f32_spec(m: usize, k: usize, n: usize) -> KernelSpec {
    KernelSpec::Matmul(MatmulSpec::new(1, m, n, k, false))
}

/// The outputs checked: every one when the f64 products are cheap, else the
/// 64 that `kforge-gpu-bench matmul` checks ([`kforge_gpu::bench::sample_points`]).
fn check_points(m: usize, k: usize, n: usize) -> Vec<(usize, usize)> {
    if m * n * k <= 1 << 26 {
        return (0..m).flat_map(|i| (0..n).map(move |j| (i, j))).collect();
    }
    kforge_gpu::bench::sample_points(m, n)
}

/// Error of `c = a·b` (`m×k · k×n`, row-major) vs f64 dot products of the
/// same inputs; an output that is not finite (never written: outputs start as
/// NaN) fails the case.
fn matmul_error(
    c: &[f32],
    a: &[f32],
    b: &[f32],
    (m, k, n): (usize, usize, usize),
    inputs: &str,
) -> Result<NumericError> {
    if let Some(i) = c.iter().take(m * n).position(|x| !x.is_finite()) {
        bail!(
            "output element ({}, {}) is {} (never written, or overflowed)",
            i / n,
            i % n,
            c[i]
        );
    }
    let pts = check_points(m, k, n);
    let (mut max_abs, mut scale) = (0.0f64, 0.0f64);
    for &(i, j) in &pts {
        let want: f64 = (0..k)
            .map(|p| f64::from(a[i * k + p]) * f64::from(b[p * n + j]))
            .sum();
        max_abs = max_abs.max((f64::from(c[i * n + j]) - want).abs());
        scale = scale.max(want.abs());
    }
    let all = pts.len() == m * n;
    Ok(NumericError {
        max_abs,
        max_rel: max_abs / scale.max(f64::from(f32::MIN_POSITIVE)),
        against: format!(
            "f64 dot products on the CPU of the {inputs}, {} of {} outputs",
            if all {
                "all".to_string()
            } else {
                pts.len().to_string()
            },
            m * n
        ),
    })
}

fn shape_params(m: usize, k: usize, n: usize) -> BTreeMap<String, u64> {
    BTreeMap::from([
        ("m".into(), m as u64),
        ("k".into(), k as u64),
        ("n".into(), n as u64),
    ])
}

/// A timed matmul: its latency, timing and output.
fn run_matmul(
    gpu: &Gpu,
    spec: &KernelSpec,
    inputs: [Host; 2],
    mn: usize,
    plan: &GpuPlan,
) -> Result<(Latency, &'static str, Vec<f32>)> {
    let kernel = kforge_gpu::generate(spec)?;
    let [a, b] = inputs;
    let buffers = [
        gpu.upload(&a),
        gpu.upload(&b),
        gpu.upload(&Host::Poison(mn)),
    ];
    let (latency, timing) = time_dispatches(gpu, &kernel, &buffers, plan.warm_up, plan.reps)?;
    let c = gpu.read_f32(&buffers[2])?;
    Ok((latency, timing, c))
}

fn matmul_f32_case(
    spec: GpuCase,
    (m, k, n): (usize, usize, usize),
    gpu: &Gpu,
    plan: &GpuPlan,
    peak: &Peak,
) -> Result<Case> {
    let (a, b) = (bench_input(m * k, 1), bench_input(k * n, 2));
    let inputs = [Host::F32(a.clone()), Host::F32(b.clone())];
    let (latency, timing, c) = run_matmul(gpu, &f32_spec(m, k, n), inputs, m * n, plan)?;
    let error = matmul_error(&c, &a, &b, (m, k, n), "same f32 inputs")?;
    let bytes = 4.0 * (m * k + k * n + m * n) as f64;
    Ok(matmul_case(
        spec,
        (m, k, n),
        bytes,
        latency,
        timing.into(),
        error,
        peak,
    ))
}

/// The report entry of a timed matmul of `(m, k, n)` moving `bytes`.
fn matmul_case(
    spec: GpuCase,
    (m, k, n): (usize, usize, usize),
    bytes: f64,
    latency: Latency,
    timing: String,
    error: NumericError,
    peak: &Peak,
) -> Case {
    let flops = 2.0 * (m * n * k) as f64;
    let mut result = measured(flops, bytes, latency, peak, Some(error));
    result.timing = Some(timing);
    Case {
        name: spec.name(),
        kind: spec.kind().into(),
        params: shape_params(m, k, n),
        flops,
        bytes,
        result: Outcome::Measured(result),
        control: None,
        reference: None,
    }
}

fn matmul_f16_case(
    spec: GpuCase,
    (m, k, n): (usize, usize, usize),
    gpu: &Gpu,
    plan: &GpuPlan,
    peak: &Peak,
) -> Result<Case> {
    if !gpu.has_coop_f16() {
        let a = gpu.adapter();
        return Ok(skipped(
            spec,
            shape_params(m, k, n),
            format!(
                "adapter `{}` offers no 16x16x16 f16 cooperative matrices with 32-lane subgroups \
                 (coop_f16={}, f16={})",
                a.name, a.coop_f16, a.f16
            ),
        ));
    }
    let (a16, b16) = (
        to_f16_bits(&bench_input(m * k, 1)),
        to_f16_bits(&bench_input(k * n, 2)),
    );
    let tile = CoopTile::for_shape(m, n, k);
    let kernel_spec = KernelSpec::CoopMatmul(CoopMatmulSpec { m, n, k, tile });
    let back = |v: &[u16]| -> Vec<f32> { v.iter().map(|&h| f16_bits_to_f32(h)).collect() };
    let (a, b) = (back(&a16), back(&b16));
    let inputs = [Host::U32(pack_halves(&a16)), Host::U32(pack_halves(&b16))];
    let (latency, timing, c) = run_matmul(gpu, &kernel_spec, inputs, m * n, plan)?;
    let error = matmul_error(&c, &a, &b, (m, k, n), "same f16-rounded inputs")?;
    let bytes = (2 * (m * k + k * n) + 4 * m * n) as f64;
    let timing = format!("{timing}; tile {}", tile.label());
    Ok(matmul_case(
        spec,
        (m, k, n),
        bytes,
        latency,
        timing,
        error,
        peak,
    ))
}

/// `kforge-run`, built next to this binary (or `$KFORGE_RUN`): it turns
/// `model.mlir`'s `@decode` into the GPU program `kforge-run --target gpu`
/// runs (`--gpu-program`), so the suite times exactly that mapping.
fn kforge_run_binary() -> Result<PathBuf> {
    if let Some(path) = std::env::var_os("KFORGE_RUN") {
        return Ok(PathBuf::from(path));
    }
    let exe = std::env::current_exe().context("cannot locate kforge-bench's own binary")?;
    let dir = exe.parent().unwrap_or(Path::new("."));
    let candidates = [dir.join("kforge-run"), dir.join("../kforge-run")];
    candidates
        .iter()
        .find(|p| p.is_file())
        .cloned()
        .ok_or_else(|| {
            anyhow!(
                "kforge-run is not built next to kforge-bench ({}): `cargo build -p kforge-run` (the GPU decoder \
                 program comes from `kforge-run --target gpu --gpu-program`), or set KFORGE_RUN",
                dir.display()
            )
        })
}

/// The ids of `text` by looking its words up in `tokenizer.json`'s BPE
/// vocabulary (`Ġ` marks a leading space), where each word is one token, as
/// every word of [`decoder::PROMPT`] is in SmolLM2's vocabulary.
fn prompt_ids(tokenizer_json: &str, text: &str) -> Result<Vec<u32>> {
    let value: serde_json::Value =
        serde_json::from_str(tokenizer_json).context("tokenizer.json is not JSON")?;
    let vocab = value["model"]["vocab"]
        .as_object()
        .context("tokenizer.json has no BPE vocabulary (model.vocab)")?;
    text.split(' ')
        .enumerate()
        .map(|(i, word)| {
            let token = if i == 0 {
                word.to_string()
            } else {
                format!("\u{120}{word}")
            };
            vocab
                .get(&token)
                .and_then(serde_json::Value::as_u64)
                .map(|id| id as u32)
                .ok_or_else(|| {
                    anyhow!("the prompt word {word:?} is not one token of tokenizer.json")
                })
        })
        .collect()
}

/// The model's manifest configuration (`kforge-model.json`).
fn model_config(dir: &Path) -> Result<ModelConfig> {
    let path = dir.join("kforge-model.json");
    let text = std::fs::read_to_string(&path)
        .with_context(|| format!("cannot read {}", path.display()))?;
    let value: serde_json::Value =
        serde_json::from_str(&text).with_context(|| format!("{} is not JSON", path.display()))?;
    serde_json::from_value(value["config"].clone())
        .with_context(|| format!("{}: not a kforge model manifest", path.display()))
}

/// `model.mlir`'s `@decode` as a GPU program for `capacity` cached tokens,
/// written by `kforge-run --target gpu --gpu-program`.
fn decode_program(mlir: &Path, capacity: usize) -> Result<Program> {
    let run = kforge_run_binary()?;
    let file = std::env::temp_dir().join(format!(
        "kforge-bench-decode-program-{}.json",
        std::process::id()
    ));
    let out = Command::new(&run)
        .arg(mlir)
        .args(["--target", "gpu", "--gpu-program"])
        .arg(&file)
        .args(["--max-context", &capacity.to_string()])
        .output()
        .with_context(|| format!("cannot run {}", run.display()))?;
    let text = std::fs::read_to_string(&file);
    let _ = std::fs::remove_file(&file);
    if !out.status.success() {
        bail!(
            "{} --gpu-program failed ({}): {}",
            run.display(),
            out.status,
            String::from_utf8_lossy(&out.stderr).trim()
        );
    }
    let text = text.with_context(|| format!("kforge-run wrote no {}", file.display()))?;
    Ok(Program::from_json(&text)?)
}

/// The SmolLM2 decode step on the GPU: the program `kforge-run --target gpu`
/// runs, the real weights, the prompt fed token by token, then greedy steps
/// timed one by one by the wall clock (what a user waits for: one command
/// buffer, submit, wait, logits read-back, argmax), and a few more with GPU
/// timestamps per kernel for the kernel time of a token.
fn decode_case(
    spec: GpuCase,
    gpu: &Gpu,
    plan: &GpuPlan,
    peak: &Peak,
    model_dir: &Path,
) -> Result<Case> {
    let mlir = model_dir.join("model.mlir");
    if !mlir.exists() {
        return Ok(skipped(
            spec,
            BTreeMap::new(),
            format!(
                "{} is missing (scripts/fetch-model.sh, then kforge-import models/smollm2-135m-instruct/model.gguf -o {})",
                mlir.display(),
                model_dir.display()
            ),
        ));
    }
    if let Err(e) = kforge_run_binary() {
        return Ok(skipped(spec, BTreeMap::new(), format!("{e:#}")));
    }
    let cfg = model_config(model_dir)?;
    let tokenizer = model_dir.join("tokenizer.json");
    let prompt = prompt_ids(
        &std::fs::read_to_string(&tokenizer)
            .with_context(|| format!("cannot read {}", tokenizer.display()))?,
        decoder::PROMPT,
    )?;
    if let Some(&bad) = prompt.iter().find(|&&t| t as usize >= cfg.vocab) {
        bail!(
            "prompt token {bad} is outside the vocabulary [0, {})",
            cfg.vocab
        );
    }
    let warm_up = 2;
    let steps = plan.decode_steps.max(1);
    let capacity = prompt.len() + warm_up + steps + plan.decode_timestamp_steps + 8;
    anyhow::ensure!(
        capacity <= cfg.max_context,
        "{capacity} tokens exceed the model's context of {}",
        cfg.max_context
    );
    let program = decode_program(&mlir, capacity)?;
    let weights_path = model_dir.join("weights.safetensors");
    let weights = TensorFile::open(&weights_path)?;
    let wrap = GpuError::Wgpu;
    let mut d = GpuDecoder::new(gpu, program, &mut |name, shape| {
        let t = weights
            .get(name)
            .map_err(|e| wrap(e.to_string()))?
            .ok_or_else(|| {
                wrap(format!(
                    "weight '{name}' is missing from {}",
                    weights_path.display()
                ))
            })?;
        if t.shape() != shape {
            return Err(wrap(format!(
                "weight '{name}' has shape {:?}, the model expects {shape:?}",
                t.shape()
            )));
        }
        t.into_f32_vec().map_err(|e| wrap(e.to_string()))
    })?;
    let step = |d: &mut GpuDecoder, token: u32, timed: bool| -> Result<(u32, f64)> {
        let (logits, times) = d.step(gpu, token, timed)?;
        if let Some(i) = logits.iter().position(|x| !x.is_finite()) {
            bail!(
                "logit {i} of the step at position {} is {}",
                d.position - 1,
                logits[i]
            );
        }
        Ok((
            argmax(&logits),
            times.iter().map(|t| t.seconds).sum::<f64>() * 1e3,
        ))
    };
    let mut token = 0;
    for &id in &prompt {
        token = step(&mut d, id, false)?.0;
    }
    for _ in 0..warm_up {
        token = step(&mut d, token, false)?.0;
    }
    let mut wall_ms = Vec::with_capacity(steps);
    for _ in 0..steps {
        let t = Instant::now();
        token = step(&mut d, token, false)?.0;
        wall_ms.push(t.elapsed().as_secs_f64() * 1e3);
    }
    let mut kernel_ms = Vec::new();
    for _ in 0..plan.decode_timestamp_steps {
        let (next, ms) = step(&mut d, token, true)?;
        token = next;
        kernel_ms.push(ms);
    }
    let kernel_time = Latency::of_ms(&mut kernel_ms);
    let latency = Latency::of_ms(&mut wall_ms);
    // The context each timed step attends over, on average.
    let mean_context = (prompt.len() + warm_up) as f64 + steps as f64 / 2.0;
    let (flops, bytes) = decoder::step_cost(model_dir, &cfg, mean_context);
    let mut result = measured(flops, bytes, latency, peak, None);
    result.timing = Some(if kernel_time.samples > 0 && kernel_time.median_ms > 0.0 {
        format!(
            "wall clock per token: one command buffer (one compute pass) per step, submit, wait, logits \
             read-back, argmax; GPU timestamps per kernel (a pass each) of {} further token{}: median {:.3} ms \
             of kernel time per token",
            kernel_time.samples,
            if kernel_time.samples == 1 { "" } else { "s" },
            kernel_time.median_ms
        )
    } else {
        "wall clock per token: one command buffer (one compute pass) per step, submit, wait, logits \
         read-back, argmax (no GPU timestamps on this adapter)"
            .to_string()
    });
    Ok(Case {
        name: spec.name(),
        kind: spec.kind().into(),
        params: BTreeMap::from([
            ("prompt_tokens".into(), prompt.len() as u64),
            ("steps".into(), steps as u64),
            ("kernels_per_token".into(), d.kernels_per_token() as u64),
            ("kv_capacity".into(), capacity as u64),
        ]),
        flops,
        bytes,
        result: Outcome::Measured(result),
        control: None,
        reference: None,
    })
}

/// `x` rounded to the nearest f16 (ties to even), as IEEE binary16 bits.
fn f32_to_f16_bits(x: f32) -> u16 {
    let bits = x.to_bits();
    let sign = ((bits >> 16) & 0x8000) as u16;
    let exp = ((bits >> 23) & 0xff) as i32;
    let man = bits & 0x7f_ffff;
    if exp == 0xff {
        return sign | 0x7c00 | if man != 0 { 0x200 } else { 0 };
    }
    // Rounds `m >> shift` to nearest, ties to even.
    let round = |m: u32, shift: u32| -> u32 {
        if shift >= 32 {
            return 0;
        }
        let (q, rest, half) = (m >> shift, m & ((1 << shift) - 1), 1u32 << (shift - 1));
        q + u32::from(rest > half || (rest == half && q & 1 == 1))
    };
    let e = exp - 127 + 15;
    if e >= 0x1f {
        return sign | 0x7c00;
    }
    if e <= 0 {
        // Subnormal (or zero): units of 2^-24; a carry into the exponent field is the right encoding.
        return sign | round(man | 0x80_0000, (14 - e) as u32) as u16;
    }
    // A carry out of the mantissa bumps the exponent (to infinity at the top), as it should.
    sign | round(((e as u32) << 23) | man, 13) as u16
}

/// The f32 value of f16 bits.
fn f16_bits_to_f32(h: u16) -> f32 {
    let sign = if h & 0x8000 != 0 { -1.0 } else { 1.0 };
    let exp = i32::from((h >> 10) & 0x1f);
    let man = f32::from(h & 0x3ff);
    match exp {
        0 => sign * man * (-24f32).exp2(),
        0x1f if man == 0.0 => sign * f32::INFINITY,
        0x1f => f32::NAN,
        _ => sign * (1.0 + man / 1024.0) * ((exp - 15) as f32).exp2(),
    }
}

fn to_f16_bits(v: &[f32]) -> Vec<u16> {
    v.iter().map(|&x| f32_to_f16_bits(x)).collect()
}

/// f16 bits two to a little-endian u32 word: the bytes a `Host::F16` upload
/// would make (this crate does not link `half`).
fn pack_halves(h: &[u16]) -> Vec<u32> {
    h.chunks(2)
        .map(|p| u32::from(p[0]) | (u32::from(p.get(1).copied().unwrap_or(0)) << 16))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn f16_conversion_rounds_to_nearest_even() {
        for (x, bits) in [
            (0.0f32, 0x0000u16),
            (-0.0, 0x8000),
            (1.0, 0x3c00),
            (0.5, 0x3800),
            (-2.0, 0xc000),
            (65504.0, 0x7bff),
            (65520.0, 0x7c00),
            (1e6, 0x7c00),
            ((-24f32).exp2(), 0x0001),
            ((-25f32).exp2(), 0x0000),
            ((-14f32).exp2(), 0x0400),
            (1.0 + (-11f32).exp2(), 0x3c00),
            (1.0 + 3.0 * (-11f32).exp2(), 0x3c02),
            (f32::INFINITY, 0x7c00),
        ] {
            assert_eq!(f32_to_f16_bits(x), bits, "{x:e}");
        }
        assert!(f16_bits_to_f32(f32_to_f16_bits(f32::NAN)).is_nan());
        for x in bench_input(4096, 1) {
            let h = f16_bits_to_f32(f32_to_f16_bits(x));
            assert!(
                (h - x).abs() <= x.abs() * (-11f32).exp2() + (-25f32).exp2(),
                "{x} -> {h}"
            );
            assert_eq!(
                f32_to_f16_bits(h),
                f32_to_f16_bits(x),
                "exact values round-trip"
            );
        }
        assert_eq!(
            pack_halves(&[0x3c00, 0x4000, 0x3800]),
            [0x4000_3c00, 0x3800]
        );
    }

    #[test]
    fn the_copy_kernel_is_valid_wgsl_over_two_bindings() {
        let k = copy_kernel(1 << 18).unwrap();
        assert_eq!(k.bindings.len(), 2);
        assert!(k.bindings[1].writable && !k.bindings[0].writable);
        assert_eq!(k.workgroups, [256, 1, 1]);
        assert_eq!(copy_kernel(1 << 28).unwrap().workgroups, [4096, 1, 1]);
    }

    #[test]
    fn matmul_errors_are_measured_and_unwritten_outputs_fail() {
        let (m, k, n) = (3, 4, 5);
        let (a, b) = (bench_input(m * k, 1), bench_input(k * n, 2));
        let mut c: Vec<f32> = (0..m * n)
            .map(|idx| {
                let (i, j) = (idx / n, idx % n);
                (0..k).map(|p| a[i * k + p] * b[p * n + j]).sum()
            })
            .collect();
        let e = matmul_error(&c, &a, &b, (m, k, n), "inputs").unwrap();
        assert!(e.max_rel < 1e-6, "{e:?}");
        assert!(e.against.contains("all of 15 outputs"), "{}", e.against);
        c[7] += 1.0;
        assert!(
            matmul_error(&c, &a, &b, (m, k, n), "inputs")
                .unwrap()
                .max_abs
                > 0.99
        );
        c[7] = f32::NAN;
        let failure = matmul_error(&c, &a, &b, (m, k, n), "inputs").unwrap_err();
        assert!(format!("{failure}").contains("(1, 2) is NaN"), "{failure}");
        assert_eq!(check_points(4096, 4096, 4096).len(), 64);
    }

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

    #[test]
    fn prompt_words_are_looked_up_in_the_vocabulary() {
        let json = r#"{"model": {"vocab": {"The": 504, "\u0120capital": 3575, "\u0120of": 282}}}"#;
        assert_eq!(
            prompt_ids(json, "The capital of").unwrap(),
            [504, 3575, 282]
        );
        let e = prompt_ids(json, "The capital of France").unwrap_err();
        assert!(format!("{e}").contains("\"France\""), "{e}");
        assert!(prompt_ids("{}", "The").is_err());
    }
}
