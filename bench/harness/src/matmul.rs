//! `kforge-bench matmul`: `kforge.matmul` JIT-compiled through `--lower-to-cpu`
//! (which calls the runtime's matmul microkernel) timed against OpenBLAS's
//! `cblas_sgemm` on the same inputs, in the same run, with the same thread count.
//!
//! Each side makes `--repeats` timed calls in blocks ordered kforge, OpenBLAS,
//! OpenBLAS, kforge, each after 0.3 s of warm-up calls and followed by a pause
//! (so that one library's spinning threads do not slow the other). The median
//! gives GFLOP/s, the spread is `(max − min) / median`. kforge's time includes
//! what a compiled call does besides the kernel (allocating the result and
//! copying it out of the call); OpenBLAS writes into a ready buffer.
//!
//! Results are checked against the reference interpreter
//! (`kforge_runtime::reference::matmul`, f64 accumulation): every row when the
//! product is small enough, else 16 rows spread over the output.
//! `--strategy reference` times the reference interpreter instead of the
//! compiled module; `--strategy tiled` (`loops`) compiles through
//! `--lower-to-cpu-tiled` (`--lower-to-cpu-portable`) instead of the packed
//! microkernel (`ukernel`, alias `packed`); `KFORGE_TILE_OPTIONS` sets the
//! tiled strategy's tile sizes (see `tile_options`). `--table` runs the square and SmolLM2-decoder shapes with
//! 1 and 2 threads and prints one table. The packed microkernel runs with the
//! parameters the autotuner found for each shape and thread count (tuned first
//! when missing from the cache; `--no-tune`: the defaults).
use crate::emit::matmul_text;
use crate::measure::{load_average, time_blocks, Aligned, AssertSend, Latency, WARM_UP};
use anyhow::{ensure, Context, Result};
use kforge_runtime::jit::{CompiledModule, MatmulStrategy, RawArg, RawResult};
use kforge_runtime::reference::{self, Tensor};
use serde::Serialize;
use std::io::Write;

/// What the kforge side of the comparison runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "clap", derive(clap::ValueEnum))]
#[serde(rename_all = "lowercase")]
pub enum Strategy {
    /// The reference interpreter's kernel (f64 accumulation, not tuned).
    Reference,
    /// The module compiled by `--lower-to-cpu` (the packed matmul microkernel).
    #[cfg_attr(feature = "clap", value(alias = "packed"))]
    Ukernel,
    /// `--lower-to-cpu-tiled`: MLIR tiles, vectorizes and threads the matmul
    /// (`--kforge-tile-contractions`, default tile sizes).
    Tiled,
    /// `--lower-to-cpu-portable`: plain linalg loops.
    Loops,
}

impl Strategy {
    /// The name of kforge's side in reports.
    fn label(self) -> &'static str {
        match self {
            Strategy::Ukernel => "kforge",
            Strategy::Tiled => "kforge-tiled",
            Strategy::Loops => "kforge-loops",
            Strategy::Reference => "reference",
        }
    }
}

/// Arguments of `kforge-bench matmul`.
#[derive(Clone, Debug)]
#[cfg_attr(feature = "clap", derive(clap::Args))]
pub struct MatmulOptions {
    /// Rows of A and C.
    #[cfg_attr(feature = "clap", arg(long, required_unless_present = "table"))]
    pub m: Option<u64>,
    /// Columns of B and C.
    #[cfg_attr(feature = "clap", arg(long, required_unless_present = "table"))]
    pub n: Option<u64>,
    /// Columns of A, rows of B.
    #[cfg_attr(feature = "clap", arg(long, required_unless_present = "table"))]
    pub k: Option<u64>,
    /// Threads of kforge's pool and of OpenBLAS (default: every core).
    #[cfg_attr(feature = "clap", arg(long, conflicts_with = "table", value_parser = crate::values::threads))]
    pub threads: Option<usize>,
    /// What kforge runs.
    #[cfg_attr(feature = "clap", arg(long, value_enum, default_value_t = Strategy::Ukernel))]
    pub strategy: Strategy,
    /// Timed calls per side (after 0.3 s of warm-up calls; ten times as many
    /// for products under 0.1 GFLOP).
    #[cfg_attr(feature = "clap", arg(long, default_value_t = 10, value_parser = crate::values::repeats))]
    pub repeats: usize,
    /// Print JSON instead of text.
    #[cfg_attr(feature = "clap", arg(long))]
    pub json: bool,
    /// Run the whole table (squares 512..4096 and the decoder's shapes) with 1 and 2 threads.
    #[cfg_attr(feature = "clap", arg(long, conflicts_with_all = ["m", "n", "k"]))]
    pub table: bool,
    /// Time the microkernel with its default parameters (no autotuning).
    #[cfg_attr(feature = "clap", arg(long))]
    pub no_tune: bool,
    /// The autotuner's cache (default: $KFORGE_TUNE_CACHE, else
    /// ~/.cache/kforge/tune.json); shapes missing from it are tuned first.
    #[cfg_attr(
        feature = "clap",
        arg(long, value_name = "FILE", conflicts_with = "no_tune")
    )]
    pub tune_cache: Option<std::path::PathBuf>,
}

impl MatmulOptions {
    /// `(m, n, k)` when all three were given (not with `--table`).
    pub fn shape(&self) -> Option<(usize, usize, usize)> {
        Some((self.m? as usize, self.n? as usize, self.k? as usize))
    }
}

/// The tune cache `measure` tunes the microkernel against (none: defaults).
static TUNE_CACHE: std::sync::Mutex<Option<std::path::PathBuf>> = std::sync::Mutex::new(None);

/// Makes later measurements of the packed microkernel use tuned parameters
/// from `cache` (measuring and saving missing shapes first); `None` turns it off.
pub(crate) fn set_tune_cache(cache: Option<std::path::PathBuf>) {
    *TUNE_CACHE.lock().unwrap_or_else(|e| e.into_inner()) = cache;
}

/// Tunes `m×k·k×n` on the calling pool when a tune cache is set.
fn tune_if_asked(m: usize, n: usize, k: usize) -> Result<()> {
    use kforge_runtime::tune::{CachedTuner, Kernel, Problem, Tuner};
    let Some(path) = TUNE_CACHE.lock().unwrap_or_else(|e| e.into_inner()).clone() else {
        return Ok(());
    };
    let mut tuner = Tuner::open(&path)
        .with_context(|| format!("cannot use the tune cache '{}'", path.display()))?;
    if let Some(warning) = tuner.opened().warning(&path) {
        eprintln!("kforge-bench: warning: {warning}");
    }
    let problem = Problem {
        kernel: Kernel::Matmul,
        m,
        n,
        k,
        batch: 1,
        format: kforge_runtime::tune::WeightFormat::F32,
    };
    tuner
        .tune(&[problem])
        .with_context(|| format!("cannot use the tune cache '{}'", path.display()))?;
    Ok(())
}

/// The table's shapes as `(M, K, N)`.
const TABLE: &[(u64, u64, u64)] = &[
    (512, 512, 512),
    (1024, 1024, 1024),
    (2048, 2048, 2048),
    (4096, 4096, 4096),
    (1, 576, 1536),
    (64, 576, 1536),
    (1, 576, 49152),
];

/// Median, fastest and slowest of the timed calls.
#[derive(Clone, Copy, Debug, Serialize)]
pub(crate) struct Timing {
    pub(crate) median_ms: f64,
    pub(crate) min_ms: f64,
    pub(crate) max_ms: f64,
    pub(crate) gflops: f64,
    pub(crate) spread: f64,
}

impl Timing {
    fn new(flops: f64, l: Latency) -> Self {
        Self {
            median_ms: l.median_ms,
            min_ms: l.min_ms,
            max_ms: l.max_ms,
            gflops: l.rate(flops, 1e9),
            spread: l.range_spread(),
        }
    }
}

/// One measured shape.
#[derive(Debug, Serialize)]
pub(crate) struct Measurement {
    pub(crate) m: usize,
    pub(crate) n: usize,
    pub(crate) k: usize,
    pub(crate) threads: usize,
    pub(crate) strategy: Strategy,
    pub(crate) repeats: usize,
    pub(crate) kforge: Timing,
    pub(crate) openblas: Timing,
    /// kforge GFLOP/s over OpenBLAS GFLOP/s.
    pub(crate) ratio: f64,
    /// Normwise relative error of kforge's output vs the reference.
    pub(crate) error_kforge: f64,
    /// The same for OpenBLAS.
    pub(crate) error_openblas: f64,
    /// Max absolute difference of kforge's output from the reference.
    pub(crate) abs_error_kforge: f64,
    /// The same for OpenBLAS.
    pub(crate) abs_error_openblas: f64,
    /// Output rows compared with the reference.
    pub(crate) rows_checked: usize,
    /// `/proc/loadavg` before the measurement (1, 5, 15 minutes).
    pub(crate) load_average: [f64; 3],
    /// The kernel family OpenBLAS runs.
    pub(crate) openblas_core: String,
    /// The ISA variant kforge's kernels ran on.
    pub(crate) isa: &'static str,
    /// Every timed call of kforge.
    #[serde(skip)]
    pub(crate) kforge_calls: Latency,
    /// Every timed call of OpenBLAS.
    #[serde(skip)]
    pub(crate) openblas_calls: Latency,
}

/// Measures one shape or the table and writes the result to `out` (text or JSON).
pub fn run(args: &MatmulOptions, out: &mut dyn Write) -> Result<()> {
    warn_about_openblas_env();
    set_tune_cache(if args.no_tune || args.strategy != Strategy::Ukernel {
        None
    } else {
        args.tune_cache
            .clone()
            .or_else(kforge_runtime::tune::TuneCache::default_path)
    });
    if args.table {
        return run_table(args, out);
    }
    let (m, n, k) = (
        args.m.context("--m is required")?,
        args.n.context("--n is required")?,
        args.k.context("--k is required")?,
    );
    let threads = args.threads.unwrap_or_else(default_threads);
    ensure!(threads >= 1, "--threads must be at least 1, got 0");
    let shape = checked_shape(m, n, k)?;
    let r = measure(shape, threads, args.strategy, args.repeats)?;
    if args.json {
        writeln!(out, "{}", serde_json::to_string_pretty(&r)?)?;
    } else {
        print_one(out, &r)?;
    }
    Ok(())
}

fn run_table(args: &MatmulOptions, out: &mut dyn Write) -> Result<()> {
    let mut rows = Vec::new();
    if !args.json {
        writeln!(
            out,
            "kforge ISA: {} | OpenBLAS core: {}",
            kforge_runtime::isa::active(),
            openblas::core_name()
        )?;
        let ours = args.strategy.label();
        writeln!(
            out,
            "| M×K×N | T | {ours} GFLOP/s | OpenBLAS GFLOP/s | {ours}/OpenBLAS | spread {ours} / OpenBLAS \
             | max rel. error {ours} / OpenBLAS | load avg |"
        )?;
        writeln!(out, "| --- | --- | --- | --- | --- | --- | --- | --- |")?;
    }
    for threads in [1, 2] {
        for &(m, k, n) in TABLE {
            let shape = checked_shape(m, n, k)?;
            let r = measure(shape, threads, args.strategy, args.repeats)?;
            if !args.json {
                writeln!(
            out,
                    "| {}×{}×{} | {} | {:.1} | {:.1} | {:.2} | {:.0}% / {:.0}% | {:.1e} / {:.1e} | {:.2} |",
                    r.m,
                    r.k,
                    r.n,
                    r.threads,
                    r.kforge.gflops,
                    r.openblas.gflops,
                    r.ratio,
                    100.0 * r.kforge.spread,
                    100.0 * r.openblas.spread,
                    r.error_kforge,
                    r.error_openblas,
                    r.load_average[0]
                )?;
            }
            rows.push(r);
        }
    }
    if args.json {
        writeln!(out, "{}", serde_json::to_string_pretty(&rows)?)?;
    }
    Ok(())
}

fn print_one(out: &mut dyn Write, r: &Measurement) -> Result<()> {
    let side = |name: &str, t: &Timing| {
        format!(
            "  {name:<9} {:>8.1} GFLOP/s  median {:.3} ms  (min {:.3}, max {:.3}, spread {:.0}%)",
            t.gflops,
            t.median_ms,
            t.min_ms,
            t.max_ms,
            100.0 * t.spread
        )
    };
    writeln!(
        out,
        "matmul M={} N={} K={} threads={} strategy={:?} repeats={} (load average {:.2})",
        r.m, r.n, r.k, r.threads, r.strategy, r.repeats, r.load_average[0]
    )?;
    let ours = r.strategy.label();
    writeln!(out, "{}", side(ours, &r.kforge))?;
    writeln!(out, "{}", side("OpenBLAS", &r.openblas))?;
    writeln!(out, "  kforge ISA: {}", r.isa)?;
    writeln!(out, "  OpenBLAS core: {}", r.openblas_core)?;
    writeln!(out, "  {ours}/OpenBLAS {:.2}", r.ratio)?;
    writeln!(
        out,
        "  max rel. error vs reference ({} rows): {ours} {:.1e}, OpenBLAS {:.1e}",
        r.rows_checked, r.error_kforge, r.error_openblas
    )?;
    Ok(())
}

pub(crate) fn default_threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// Sizes as `usize`, each at least 1, the operands within 8 GiB.
pub(crate) fn checked_shape(m: u64, n: u64, k: u64) -> Result<(usize, usize, usize)> {
    for (name, v) in [("--m", m), ("--n", n), ("--k", k)] {
        ensure!(v >= 1, "{name} must be at least 1, got {v}");
        ensure!(
            v <= i32::MAX as u64,
            "{name} must be at most {} (OpenBLAS's int), got {v}",
            i32::MAX
        );
    }
    let floats = m * k + k * n + 2 * m * n;
    ensure!(
        floats <= 2 << 30,
        "the operands of {m}×{k}·{k}×{n} need {:.1} GiB (at most 8 allowed)",
        floats as f64 * 4.0 / (1u64 << 30) as f64
    );
    Ok((m as usize, n as usize, k as usize))
}

/// OpenBLAS's cores that use AVX-512 (`openblas_get_corename`).
const OPENBLAS_AVX512_CORES: [&str; 3] = ["skylakex", "cooperlake", "sapphirerapids"];

pub(crate) fn warn_about_openblas_env() {
    use kforge_runtime::isa::Isa;
    let (ours, host) = (kforge_runtime::isa::active(), Isa::host_best());
    let core = openblas::core_name();
    // With kforge forced below the host's ISA (`KFORGE_ISA=avx2` to estimate an AVX2 machine), the reference must
    // be forced down too: OpenBLAS reads OPENBLAS_CORETYPE when it loads.
    let forced_lower = ours != host;
    if forced_lower && OPENBLAS_AVX512_CORES.contains(&core.to_lowercase().as_str()) {
        eprintln!(
            "kforge-bench: warning: kforge runs its {ours} kernels (KFORGE_ISA) but OpenBLAS its {core} (AVX-512) \
             ones: for a like-for-like estimate of an AVX2 machine run with OPENBLAS_CORETYPE=Haswell"
        );
    }
    for var in ["OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"] {
        if forced_lower && var == "OPENBLAS_CORETYPE" {
            continue;
        }
        if let Some(v) = std::env::var_os(var) {
            eprintln!(
                "kforge-bench: warning: {var}={} is set; it can make OpenBLAS pick a slower kernel. \
                 To compare at full speed, unset it for this command only: \
                 env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE kforge-bench matmul ...",
                v.to_string_lossy()
            );
        }
    }
}

pub(crate) fn measure(
    (m, n, k): (usize, usize, usize),
    threads: usize,
    strategy: Strategy,
    repeats: usize,
) -> Result<Measurement> {
    let load_average = load_average();
    let flops = 2.0 * (m * n * k) as f64;
    // Tiny products: more calls, so that the median means something.
    let repeats = if flops < 1e8 { repeats * 10 } else { repeats };
    let a = Tensor::random_f32([m, k], 1);
    let b = Tensor::random_f32([k, n], 2);
    let a_buf = Aligned::copy_of(a.as_f32()?);
    let b_buf = Aligned::copy_of(b.as_f32()?);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .context("cannot start kforge's thread pool")?;

    let module = match strategy {
        Strategy::Ukernel | Strategy::Tiled | Strategy::Loops => {
            let text = matmul_text(m as u64, n as u64, k as u64)?;
            let lowering = match strategy {
                Strategy::Tiled => MatmulStrategy::Tiled(tile_options()?),
                Strategy::Loops => MatmulStrategy::Reference,
                _ => MatmulStrategy::Packed,
            };
            Some(
                CompiledModule::compile_with_strategy(&text, "matmul.mlir", &lowering)
                    .map_err(|e| anyhow::anyhow!("{e}"))?,
            )
        }
        Strategy::Reference => None,
    };
    let call = Shared((module.as_ref(), &a_buf, &b_buf, m, n, k));
    let mut kforge_out = None;
    let run_kforge = || -> Tensor {
        match strategy {
            Strategy::Ukernel | Strategy::Tiled | Strategy::Loops => {
                call.run_jit().expect("the compiled matmul runs")
            }
            Strategy::Reference => reference::matmul(&a, &b).expect("the reference matmul runs"),
        }
    };
    if strategy == Strategy::Ukernel {
        pool.install(|| tune_if_asked(m, n, k))?;
    }
    openblas::set_threads(threads);
    let mut c = vec![0.0f32; m * n];
    // The whole loop runs on a worker of kforge's pool, as generation does
    // (a call from outside would add a hop to the pool to every timing).
    let job = AssertSend(|| {
        time_blocks(
            repeats,
            WARM_UP,
            &mut || kforge_out = Some(run_kforge()),
            &mut || openblas::sgemm(m, n, k, a_buf.as_slice(), b_buf.as_slice(), &mut c),
        )
    });
    let (ours, theirs) = pool.install(move || job.call());
    let (kforge_calls, openblas_calls) = (Latency::of(&ours), Latency::of(&theirs));
    let (kforge, openblas) = (
        Timing::new(flops, kforge_calls),
        Timing::new(flops, openblas_calls),
    );
    drop(pool);

    let kforge_out = kforge_out.context("kforge produced no output")?;
    let (rows_checked, errors) = sampled_errors(&a, &b, &[kforge_out.as_f32()?, &c])?;
    Ok(Measurement {
        m,
        n,
        k,
        threads,
        strategy,
        repeats,
        kforge,
        openblas,
        ratio: kforge.gflops / openblas.gflops,
        error_kforge: errors[0].1,
        error_openblas: errors[1].1,
        abs_error_kforge: errors[0].0,
        abs_error_openblas: errors[1].0,
        rows_checked,
        load_average,
        openblas_core: openblas::core_name(),
        isa: kforge_runtime::isa::active().name(),
        kforge_calls,
        openblas_calls,
    })
}

/// `--strategy tiled`'s options of `--kforge-tile-contractions` from
/// `KFORGE_TILE_OPTIONS` (e.g. `tile-sizes=64,256,256 vector-sizes=8,32`;
/// unset: the defaults).
fn tile_options() -> Result<Vec<(String, String)>> {
    let text = std::env::var("KFORGE_TILE_OPTIONS").unwrap_or_default();
    text.split_whitespace()
        .map(|kv| {
            let (k, v) = kv
                .split_once('=')
                .with_context(|| format!("KFORGE_TILE_OPTIONS: expected name=value, got '{kv}'"))?;
            Ok((k.to_string(), v.to_string()))
        })
        .collect()
}

/// Operands of the compiled call.
struct Shared<'a>(
    (
        Option<&'a CompiledModule>,
        &'a Aligned<f32>,
        &'a Aligned<f32>,
        usize,
        usize,
        usize,
    ),
);

// SAFETY: the module is only called (its engine is not mutated), and the
// buffers are only read, while the pool runs the call and this thread waits.
unsafe impl Send for Shared<'_> {}
unsafe impl Sync for Shared<'_> {}

impl Shared<'_> {
    /// One call of `@matmul` on the shared buffers.
    fn run_jit(&self) -> Result<Tensor> {
        let (module, a, b, m, n, k) = self.0;
        let module = module.context("no compiled module")?;
        let args = [
            RawArg {
                ptr: a.as_ptr() as *mut u8,
                shape: vec![m, k],
            },
            RawArg {
                ptr: b.as_ptr() as *mut u8,
                shape: vec![k, n],
            },
        ];
        // SAFETY: the buffers are live f32 arrays of the declared shapes;
        // kforge.matmul only reads its operands.
        let results =
            unsafe { module.call_raw("matmul", &args) }.map_err(|e| anyhow::anyhow!("{e}"))?;
        match results.into_iter().next() {
            Some(RawResult::Tensor(t)) => Ok(t),
            other => anyhow::bail!("unexpected result {other:?}"),
        }
    }
}

/// Max absolute and max relative error of each output against the reference
/// on a sample of rows (all rows when the reference is cheap enough).
fn sampled_errors(a: &Tensor, b: &Tensor, outputs: &[&[f32]]) -> Result<(usize, Vec<(f64, f64)>)> {
    let (m, k, n) = (a.shape()[0], a.shape()[1], b.shape()[1]);
    let rows: Vec<usize> = if m * n * k <= 1 << 31 {
        (0..m).collect()
    } else {
        let mut r: Vec<usize> = (0..16).map(|i| i * (m - 1) / 15).collect();
        r.dedup();
        r
    };
    let gather = |data: &[f32], width: usize| -> Vec<f32> {
        rows.iter()
            .flat_map(|&i| data[i * width..(i + 1) * width].iter().copied())
            .collect()
    };
    let sub_a = Tensor::f32([rows.len(), k], gather(a.as_f32()?, k))?;
    let want = reference::matmul(&sub_a, b)?;
    let errors = outputs
        .iter()
        .map(|out| {
            let got = Tensor::f32([rows.len(), n], gather(out, n))?;
            Ok((
                reference::max_abs_diff(&got, &want)?,
                reference::max_rel_error(&got, &want)?,
            ))
        })
        .collect::<Result<Vec<(f64, f64)>>>()?;
    Ok((rows.len(), errors))
}

/// The kernel family OpenBLAS picked for this CPU (e.g. `SkylakeX`, `Zen`).
pub(crate) fn openblas_core() -> String {
    openblas::core_name()
}

/// Debian's OpenBLAS (libopenblas-dev), through its CBLAS interface.
mod openblas {
    use std::ffi::{c_char, c_int, CStr};

    const ROW_MAJOR: c_int = 101;
    const NO_TRANS: c_int = 111;

    #[link(name = "openblas")]
    extern "C" {
        #[allow(clippy::too_many_arguments)]
        fn cblas_sgemm(
            order: c_int,
            trans_a: c_int,
            trans_b: c_int,
            m: c_int,
            n: c_int,
            k: c_int,
            alpha: f32,
            a: *const f32,
            lda: c_int,
            b: *const f32,
            ldb: c_int,
            beta: f32,
            c: *mut f32,
            ldc: c_int,
        );
        fn openblas_set_num_threads(threads: c_int);
        fn openblas_get_corename() -> *const c_char;
    }

    /// `c = a·b` for row-major `a: [m, k]`, `b: [k, n]`, `c: [m, n]`.
    pub fn sgemm(m: usize, n: usize, k: usize, a: &[f32], b: &[f32], c: &mut [f32]) {
        assert!(a.len() >= m * k && b.len() >= k * n && c.len() >= m * n);
        let int = |v: usize| c_int::try_from(v).expect("sizes are checked to fit OpenBLAS's int");
        // SAFETY: the slices hold the row-major operands of the given sizes.
        unsafe {
            cblas_sgemm(
                ROW_MAJOR,
                NO_TRANS,
                NO_TRANS,
                int(m),
                int(n),
                int(k),
                1.0,
                a.as_ptr(),
                int(k),
                b.as_ptr(),
                int(n),
                0.0,
                c.as_mut_ptr(),
                int(n),
            )
        }
    }

    /// Threads of OpenBLAS's following calls.
    pub fn set_threads(threads: usize) {
        // SAFETY: a plain setter of the library.
        unsafe { openblas_set_num_threads(c_int::try_from(threads).unwrap_or(c_int::MAX)) }
    }

    /// The kernel family OpenBLAS picked for this CPU (e.g. `SkylakeX`, `Zen`).
    pub fn core_name() -> String {
        // SAFETY: OpenBLAS returns a static NUL-terminated string.
        unsafe {
            let p = openblas_get_corename();
            if p.is_null() {
                "unknown".to_string()
            } else {
                CStr::from_ptr(p).to_string_lossy().into_owned()
            }
        }
    }
}
