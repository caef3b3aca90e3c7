//! `kforge-bench suite`: every kernel family and the whole decoder, measured
//! in one run and written as one report (schema in `REPORT_SCHEMA.md`).
//!
//! The machine's peaks are measured first (the roofs of the roofline); then
//! each case is compiled, warmed up and timed on the suite's thread pool, its
//! output compared with a reference, and its side-by-side reference timed
//! where one exists (OpenBLAS for matmul, llama.cpp for the decoder). A case
//! that cannot run is recorded as skipped, with why; the run goes on.
//! `--target gpu` runs [`gpu`]'s cases instead, into the same report format.
mod autotune;
mod cases;
mod control;
pub(crate) mod decoder;
pub mod gpu;
mod graphs;
mod kernel;

use crate::machine::{now_rfc3339, this_build, this_machine};
use crate::matmul::{self, Strategy};
use crate::measure::{load_average, Budget, Latency};
use crate::peak::measure_peaks;
use crate::report::{
    summary, Autotune, Case, Machine, Measured, NumericError, Outcome, Peak, Reference, Report,
    SCHEMA_NAME, SCHEMA_VERSION,
};
use anyhow::{bail, Context, Result};
use cases::CaseSpec;
use indicatif::{ProgressBar, ProgressStyle};
use kforge_runtime::jit::ModuleCache;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// Arguments of `kforge-bench suite`.
#[derive(Clone, Debug)]
#[cfg_attr(feature = "clap", derive(clap::Args))]
pub struct SuiteOptions {
    /// Few sizes and few repeats (a couple of minutes).
    #[cfg_attr(feature = "clap", arg(long))]
    pub quick: bool,
    /// The report to write (JSON).
    #[cfg_attr(feature = "clap", arg(long, short))]
    pub output: PathBuf,
    /// Threads of kforge's pool, OpenBLAS and llama.cpp (default: every core;
    /// not used by --target gpu).
    #[cfg_attr(feature = "clap", arg(long, value_parser = crate::values::threads))]
    pub threads: Option<usize>,
    /// The imported SmolLM2 folder (with model.mlir) for the decoder case.
    #[cfg_attr(feature = "clap", arg(long))]
    pub model: Option<PathBuf>,
    /// Run only the cases whose name contains this text.
    #[cfg_attr(feature = "clap", arg(long))]
    pub filter: Option<String>,
    /// Compile every module instead of loading it from the module cache.
    #[cfg_attr(feature = "clap", arg(long))]
    pub no_cache: bool,
    /// Run the matmul cases with tuned kernel parameters (from the tune
    /// cache; missing shapes are measured first and saved).
    #[cfg_attr(feature = "clap", arg(long))]
    pub tune: bool,
    /// The autotuner's cache (default: $KFORGE_TUNE_CACHE, else ~/.cache/kforge/tune.json).
    #[cfg_attr(feature = "clap", arg(long, value_name = "FILE"))]
    pub tune_cache: Option<PathBuf>,
}

/// How long each case is timed.
struct Plan {
    budget: Budget,
    matmul_repeats: usize,
    reference_runs: usize,
}

impl Plan {
    fn new(quick: bool) -> Self {
        let budget = if quick {
            Budget {
                warm_up: Duration::from_millis(100),
                min_calls: 7,
                max_calls: 300,
                min_time: Duration::from_millis(300),
            }
        } else {
            Budget {
                warm_up: Duration::from_millis(300),
                min_calls: 15,
                max_calls: 2000,
                min_time: Duration::from_secs(1),
            }
        };
        Self {
            budget,
            matmul_repeats: if quick { 6 } else { 10 },
            reference_runs: if quick { 3 } else { 5 },
        }
    }
}

/// A finished suite: the report (already written to `--output`) and its
/// summary for a terminal.
pub struct SuiteRun {
    /// The report as written.
    pub report: Report,
    /// The summary: one table row per case and the machine's peaks.
    pub summary: String,
}

/// Runs the CPU suite and writes its report.
pub fn run(args: &SuiteOptions) -> Result<SuiteRun> {
    let threads = args.threads.unwrap_or_else(matmul::default_threads);
    anyhow::ensure!(threads >= 1, "--threads must be at least 1, got 0");
    matmul::warn_about_openblas_env();
    let started = Started::now();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .context("cannot start kforge's thread pool")?;
    let cache = if args.no_cache {
        ModuleCache::disabled()
    } else {
        ModuleCache::default_location()
    };
    let plan = Plan::new(args.quick);
    let specs = selected(cases::suite_cases(args.quick)?, args, CaseSpec::name);
    let progress = progress_bar(specs.len() + 1);
    let tune_path = autotune::cache_path(args.tune_cache.as_deref());
    let autotune = match (&tune_path, args.tune) {
        (Some(path), true) => {
            progress.set_message("tuning the matmul shapes");
            let problems = autotune::matmul_problems(&specs);
            pool.install(|| autotune::tune(path, &problems, threads))?
        }
        (None, true) => bail!("--tune: no tune cache location; pass --tune-cache FILE"),
        (_, false) => autotune::cache_state(tune_path.as_deref(), threads),
    };
    progress.set_message("measuring the machine's peaks");
    let peak = measure_peaks(&pool);
    progress.inc(1);
    let model_dir = args.model_dir();
    let ctx = CaseContext {
        pool: &pool,
        plan: &plan,
        cache: &cache,
        peak: &peak,
        threads,
        model_dir: &model_dir,
    };
    let cases = measure_all(&specs, &progress, CaseSpec::name, |spec| {
        run_case(spec, &ctx)
    });
    let findings = Findings {
        machine: started.machine(),
        peak,
        autotune,
        cases,
    };
    started.finish(args, "cpu", threads, findings)
}

impl SuiteOptions {
    /// The model folder of the decoder case (`--model`, else the repository's SmolLM2 import).
    pub fn model_dir(&self) -> PathBuf {
        self.model
            .clone()
            .unwrap_or_else(decoder::default_model_dir)
    }
}

/// When a run started: its report's `created` and `wall_seconds`, and the
/// load average before any work.
pub(crate) struct Started {
    at: Instant,
    created: String,
    load: [f64; 3],
}

/// What a run measured, before it becomes a report.
pub(crate) struct Findings {
    pub(crate) machine: Machine,
    pub(crate) peak: Peak,
    pub(crate) autotune: Autotune,
    pub(crate) cases: Vec<Case>,
}

impl Started {
    pub(crate) fn now() -> Self {
        Self {
            at: Instant::now(),
            created: now_rfc3339(),
            load: load_average(),
        }
    }

    /// This machine as a report describes it.
    pub(crate) fn machine(&self) -> Machine {
        this_machine(matmul::openblas_core(), self.load)
    }

    /// The report of `findings` (a run of `args` on `target` with
    /// `threads`), written to `--output`, and its summary.
    pub(crate) fn finish(
        &self,
        args: &SuiteOptions,
        target: &str,
        threads: usize,
        findings: Findings,
    ) -> Result<SuiteRun> {
        let report = Report {
            schema: SCHEMA_NAME.into(),
            schema_version: SCHEMA_VERSION,
            created: self.created.clone(),
            wall_seconds: self.at.elapsed().as_secs_f64(),
            kforge: this_build(),
            machine: findings.machine,
            target: target.into(),
            quick: args.quick,
            threads,
            peak: findings.peak,
            autotune: findings.autotune,
            cases: findings.cases,
        };
        report.write(&args.output)?;
        let summary = summary::render(&report);
        Ok(SuiteRun { report, summary })
    }
}

/// Runs every case of `specs` under the progress bar (one step each).
pub(crate) fn measure_all<C>(
    specs: &[C],
    progress: &ProgressBar,
    name: impl Fn(&C) -> String,
    mut run: impl FnMut(&C) -> Case,
) -> Vec<Case> {
    let cases = specs
        .iter()
        .map(|spec| {
            progress.set_message(name(spec));
            let case = run(spec);
            progress.inc(1);
            case
        })
        .collect();
    progress.finish_and_clear();
    cases
}

/// The cases whose name contains `--filter` (all without one).
pub(crate) fn selected<C>(
    cases: Vec<C>,
    args: &SuiteOptions,
    name: impl Fn(&C) -> String,
) -> Vec<C> {
    cases
        .into_iter()
        .filter(|c| {
            args.filter
                .as_ref()
                .is_none_or(|f| name(c).contains(f.as_str()))
        })
        .collect()
}

/// The suite's progress bar over `steps` steps (hidden when stderr is not a terminal).
pub(crate) fn progress_bar(steps: usize) -> ProgressBar {
    let progress = ProgressBar::new(steps as u64);
    progress.set_style(
        ProgressStyle::with_template("{bar:30} {pos}/{len} [{elapsed}] {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    progress
}

/// What every case needs from the run.
struct CaseContext<'a> {
    pool: &'a rayon::ThreadPool,
    plan: &'a Plan,
    cache: &'a ModuleCache,
    peak: &'a Peak,
    threads: usize,
    model_dir: &'a std::path::Path,
}

/// Runs one case; a failure becomes a skipped case with its reason.
fn run_case(spec: &CaseSpec, ctx: &CaseContext) -> Case {
    let attempt = match spec {
        CaseSpec::Matmul { m, n, k } => matmul_case(spec.name(), (*m, *n, *k), ctx),
        CaseSpec::Kernel(k) => kernel_case(k, ctx),
        CaseSpec::Decode => decode_case(spec.name(), ctx),
    };
    attempt.unwrap_or_else(|e| {
        let name = spec.name();
        let kind = name.split('/').next().unwrap_or("").to_string();
        Case::skipped(name, &kind, BTreeMap::new(), format!("failed: {e:#}"))
    })
}

/// kforge's figures for a case of `flops` and `bytes` measured at `latency`.
fn measured(
    flops: f64,
    bytes: f64,
    latency: Latency,
    peak: &Peak,
    error: Option<NumericError>,
) -> Measured {
    let gflops = latency.rate(flops, 1e9);
    let gbps = latency.rate(bytes, 1e9);
    let fraction = |x: f64, roof: f64| if roof > 0.0 { x / roof } else { 0.0 };
    Measured {
        latency,
        gflops,
        gbps,
        arithmetic_intensity: if bytes > 0.0 { flops / bytes } else { 0.0 },
        fraction_of_peak_compute: fraction(gflops, peak.gflops),
        fraction_of_peak_bandwidth: fraction(gbps, peak.gbps),
        error,
        timing: None,
    }
}

fn matmul_case(name: String, (m, n, k): (u64, u64, u64), ctx: &CaseContext) -> Result<Case> {
    let shape = matmul::checked_shape(m, n, k)?;
    let r = matmul::measure(
        shape,
        ctx.threads,
        Strategy::Ukernel,
        ctx.plan.matmul_repeats,
    )?;
    let against = format!(
        "reference matmul (f64 accumulation), {} of {m} rows",
        r.rows_checked
    );
    let flops = 2.0 * (m * n * k) as f64;
    let bytes = 4.0 * (m * k + k * n + m * n) as f64;
    let error = NumericError {
        max_abs: r.abs_error_kforge,
        max_rel: r.error_kforge,
        against: against.clone(),
    };
    Ok(Case {
        name,
        kind: "matmul".into(),
        params: BTreeMap::from([("m".into(), m), ("n".into(), n), ("k".into(), k)]),
        flops,
        bytes,
        result: Outcome::Measured(measured(
            flops,
            bytes,
            r.kforge_calls,
            ctx.peak,
            Some(error),
        )),
        control: None,
        reference: Some(Reference {
            name: "OpenBLAS cblas_sgemm".into(),
            latency: Some(r.openblas_calls),
            absent_reason: None,
            error: Some(NumericError {
                max_abs: r.abs_error_openblas,
                max_rel: r.error_openblas,
                against,
            }),
        }),
    })
}

fn kernel_case(spec: &graphs::KernelSpec, ctx: &CaseContext) -> Result<Case> {
    let r = kernel::measure_kernel(spec, ctx.pool, ctx.plan.budget, ctx.cache, ctx.peak)?;
    Ok(Case {
        name: spec.name.clone(),
        kind: spec.kind.into(),
        params: spec.params.clone(),
        flops: spec.flops,
        bytes: spec.bytes,
        result: Outcome::Measured(measured(
            spec.flops,
            spec.bytes,
            r.latency,
            ctx.peak,
            Some(r.error),
        )),
        control: Some(r.control),
        reference: None,
    })
}

fn decode_case(name: String, ctx: &CaseContext) -> Result<Case> {
    let budget = Budget {
        max_calls: ctx.plan.budget.min_calls.max(16) * 2,
        min_calls: ctx.plan.budget.min_calls.max(16),
        ..ctx.plan.budget
    };
    let mut params = BTreeMap::from([("threads".to_string(), ctx.threads as u64)]);
    let skipped = |reason: String, params: BTreeMap<String, u64>| {
        Case::skipped(name.clone(), "decoder", params, reason)
    };
    let mlir = ctx.model_dir.join("model.mlir");
    if !mlir.exists() {
        return Ok(skipped(
            format!(
                "{} is missing (scripts/fetch-model.sh, then kforge-import models/smollm2-135m-instruct/model.gguf -o {})",
                mlir.display(),
                ctx.model_dir.display()
            ),
            params,
        ));
    }
    // kforge's loads and llama.cpp's runs alternate, so that both meet the
    // same states of the machine (diff judges kforge relative to llama.cpp).
    let mut llama_cpp = decoder::LlamaCppRuns::new(ctx.threads, budget.min_calls);
    let r = decoder::measure_decode(
        ctx.model_dir,
        ctx.pool,
        budget,
        ctx.cache,
        ctx.plan.reference_runs,
        &mut || llama_cpp.run_once(),
    )?;
    params.insert("prompt_tokens".into(), r.prompt_tokens);
    params.insert("steps".into(), r.latency.samples as u64);
    let reference = llama_cpp.into_reference();
    Ok(Case {
        name,
        kind: "decoder".into(),
        params,
        flops: r.flops,
        bytes: r.bytes,
        result: Outcome::Measured(measured(r.flops, r.bytes, r.latency, ctx.peak, None)),
        control: None,
        reference: Some(reference),
    })
}
