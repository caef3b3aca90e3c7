//! The report of `kforge-bench suite`: what was measured, on which machine,
//! with which build, as JSON (documented in `REPORT_SCHEMA.md`).
//!
//! [`Report::load`] reads one back and says plainly what is wrong with a file
//! that is not a report (not JSON, another tool's JSON, another schema
//! version), naming the file; it never panics.
use crate::measure::Latency;
use anyhow::{bail, Context, Result};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

/// The value of the `schema` field of every report.
pub const SCHEMA_NAME: &str = "kforge-bench-report";

/// The report format's version; bumped on every incompatible change.
pub const SCHEMA_VERSION: u32 = 1;

/// A whole suite run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// Always [`SCHEMA_NAME`].
    pub schema: String,
    /// [`SCHEMA_VERSION`] of the writer.
    pub schema_version: u32,
    /// When the run started, UTC, RFC 3339 (`2025-01-31T12:00:00Z`).
    pub created: String,
    /// Seconds the whole run took.
    pub wall_seconds: f64,
    /// The build that ran.
    pub kforge: BuildInfo,
    /// The machine it ran on.
    pub machine: Machine,
    /// What ran: `cpu` (the compiled kernels on kforge's thread pool) or `gpu`
    /// (kforge-gpu's kernels on the adapter named in [`Machine::gpu_adapter`]).
    pub target: String,
    /// Whether `--quick` chose the cases.
    pub quick: bool,
    /// Threads of kforge's pool (and of OpenBLAS, llama.cpp); 1 for `gpu`
    /// (one host thread records and submits).
    pub threads: usize,
    /// The machine's peaks (the GPU's for `gpu`), measured once at the start.
    pub peak: Peak,
    /// State of the autotuner's cache.
    pub autotune: Autotune,
    /// Every case, in run order.
    pub cases: Vec<Case>,
}

/// The kforge build.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BuildInfo {
    /// The crate version.
    pub version: String,
    /// `git rev-parse HEAD`, or `unknown`.
    pub git_commit: String,
    /// Whether tracked files differed from the commit (None: unknown).
    pub git_dirty: Option<bool>,
}

/// The machine.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Machine {
    /// `model name` of `/proc/cpuinfo`.
    pub cpu_model: String,
    /// The SIMD features that matter to kforge's kernels, as `/proc/cpuinfo` names them.
    pub cpu_features: Vec<String>,
    /// The ISA variant kforge's CPU kernels ran on (`avx512`, `avx2`,
    /// `portable`: the host's best or `KFORGE_ISA`); empty in reports
    /// written before it was recorded.
    #[serde(default)]
    pub isa: String,
    /// Logical cores.
    pub logical_cores: usize,
    /// The GPU adapter the run used (`gpu` target), or `none` (a `cpu` run does not probe for one).
    pub gpu_adapter: String,
    /// The GPU driver and its version (`gpu` target), or `none`.
    pub gpu_driver: String,
    /// The kernel family OpenBLAS picked.
    pub openblas_core: String,
    /// `/proc/loadavg` when the run started (1, 5, 15 minutes).
    pub load_average_at_start: [f64; 3],
}

/// Measured peaks of the machine (all threads of the run), or of the GPU.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Peak {
    /// CPU: fused multiply-adds on registers; GPU: the fastest f32 matmul
    /// dispatch of a large square. GFLOP/s.
    pub gflops: f64,
    /// CPU: streaming reads of a buffer much larger than the caches; GPU: a
    /// copy kernel between two large buffers, bytes read + written. GB/s.
    pub gbps: f64,
    /// How they were measured.
    pub method: String,
}

/// The autotuner's part in the run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Autotune {
    /// `applied` (`--tune`: the matmul cases ran tuned parameters),
    /// `not-applied` (default parameters), or `not-configured` (no autotuner).
    pub state: String,
    /// The tune cache file.
    #[serde(default)]
    pub cache_path: Option<String>,
    /// `present`, `missing`, or what is wrong with it.
    #[serde(default)]
    pub cache_file: Option<String>,
    /// Its entries for this host and thread count.
    #[serde(default)]
    pub entries_for_this_host: Option<usize>,
    /// With `--tune`: problems found in the cache.
    #[serde(default)]
    pub cache_hits: Option<usize>,
    /// With `--tune`: problems measured during this run.
    #[serde(default)]
    pub tuned_now: Option<usize>,
}

/// One benchmark case.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Case {
    /// Unique within a report; `diff` matches cases by it (`matmul/1x576x1536`).
    pub name: String,
    /// The kernel family (`matmul`, `attention`, `decoder`, …).
    pub kind: String,
    /// The shape and options that define the case.
    pub params: BTreeMap<String, u64>,
    /// Floating-point operations of one call (a fused multiply-add counts two).
    pub flops: f64,
    /// The fewest bytes one call must move: its inputs read once, its outputs written once.
    pub bytes: f64,
    /// kforge's measurement, or why there is none.
    pub result: Outcome,
    /// The side-by-side reference (OpenBLAS, llama.cpp), or why there is none;
    /// absent for kinds without one.
    pub reference: Option<Reference>,
    /// A fixed workload timed beside kforge, for cases without a reference
    /// (see [`Control`]); absent in reports of earlier builds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub control: Option<Control>,
}

/// A fixed workload timed in blocks alternating with kforge's calls (as a
/// reference is), that does not change with kforge's code: when the machine
/// itself slows down (a virtual CPU descheduled by the host, a neighbour's
/// memory traffic) it slows down with kforge, and `diff` judges kforge's time
/// relative to it. Compute-bound cases get FMA chains doing the case's flops
/// on every thread; memory-bound ones a sum over the case's bytes.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Control {
    /// What it runs (`FMA chains: 3.4e7 flops on 2 threads`).
    pub name: String,
    /// Its latency.
    pub latency: Latency,
}

/// kforge's measurement of a case, or why it was skipped.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "lowercase")]
pub enum Outcome {
    /// Measured.
    Measured(Measured),
    /// Not run.
    Skipped {
        /// Why.
        reason: String,
    },
}

/// What was measured of kforge's side.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Measured {
    /// Latency of one call.
    pub latency: Latency,
    /// `flops` at the median latency, GFLOP/s.
    pub gflops: f64,
    /// `bytes` at the median latency, GB/s.
    pub gbps: f64,
    /// `flops / bytes`.
    pub arithmetic_intensity: f64,
    /// `gflops` over the measured peak.
    pub fraction_of_peak_compute: f64,
    /// `gbps` over the measured peak bandwidth.
    pub fraction_of_peak_bandwidth: f64,
    /// Error of the output vs a reference, when one was computed.
    pub error: Option<NumericError>,
    /// How the latency was taken, where it is not the CPU suite's wall clock
    /// per call (`gpu`: GPU timestamps per dispatch, or why wall clock).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timing: Option<String>,
}

/// Error of kforge's output.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NumericError {
    /// Largest `|kforge − reference|`.
    pub max_abs: f64,
    /// Largest relative error, as `kforge_runtime::reference::max_rel_error` defines it.
    pub max_rel: f64,
    /// What the output was compared with.
    pub against: String,
}

/// The side-by-side reference implementation of a case.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Reference {
    /// The implementation (`OpenBLAS cblas_sgemm`, `llama.cpp`).
    pub name: String,
    /// Its latency, or None when it could not run.
    pub latency: Option<Latency>,
    /// Why it did not run (None when it did).
    pub absent_reason: Option<String>,
    /// Its error vs the same reference as kforge's, when computed.
    pub error: Option<NumericError>,
}

impl Case {
    /// A case that did not run, with why (no figures).
    pub fn skipped(
        name: String,
        kind: &str,
        params: BTreeMap<String, u64>,
        reason: String,
    ) -> Self {
        Case {
            name,
            kind: kind.into(),
            params,
            flops: 0.0,
            bytes: 0.0,
            result: Outcome::Skipped { reason },
            control: None,
            reference: None,
        }
    }

    /// kforge's measurement, if the case ran.
    pub fn measured(&self) -> Option<&Measured> {
        match &self.result {
            Outcome::Measured(m) => Some(m),
            Outcome::Skipped { .. } => None,
        }
    }

    /// The reference's latency, if it ran.
    pub fn reference_latency(&self) -> Option<&Latency> {
        self.reference.as_ref().and_then(|r| r.latency.as_ref())
    }

    /// What was timed beside kforge: the control, else the reference.
    pub fn control_latency(&self) -> Option<&Latency> {
        self.control
            .as_ref()
            .map(|c| &c.latency)
            .or_else(|| self.reference_latency())
    }
}

/// The largest report `diff` and `plot` read (a real one is a few KB; a
/// device or a huge file must not be read without end).
pub const MAX_REPORT_BYTES: u64 = 64 << 20;

impl Report {
    /// Reads and checks a report; errors name `path` and what is wrong.
    pub fn load(path: &Path) -> Result<Self> {
        let bytes = kforge_runtime::files::read_regular_file(path, MAX_REPORT_BYTES)
            .with_context(|| format!("cannot read {}", path.display()))?
            .with_context(|| format!("cannot read {}: no such file", path.display()))?;
        let text = String::from_utf8(bytes)
            .map_err(|_| anyhow::anyhow!("{}: not UTF-8 text", path.display()))?;
        Self::parse(&text).with_context(|| format!("{}", path.display()))
    }

    /// Parses a report: first as any JSON (so that a foreign file is called
    /// foreign, not "missing field"), then its schema, then the fields.
    pub fn parse(text: &str) -> Result<Self> {
        let value: serde_json::Value =
            serde_json::from_str(text).context("not valid JSON (is the file complete?)")?;
        let Some(object) = value.as_object() else {
            bail!("not a kforge-bench report: the top level is not a JSON object");
        };
        match object.get("schema").and_then(|s| s.as_str()) {
            Some(SCHEMA_NAME) => {}
            Some(other) => bail!(
                "not a kforge-bench report: \"schema\" is {other:?}, expected {SCHEMA_NAME:?}"
            ),
            None => bail!("not a kforge-bench report: no \"schema\" field"),
        }
        let version = object.get("schema_version").and_then(|v| v.as_u64());
        if version != Some(u64::from(SCHEMA_VERSION)) {
            return Err(SchemaMismatch {
                found: version,
                expected: SCHEMA_VERSION,
            }
            .into());
        }
        serde_json::from_value(value).context("a kforge-bench report with a malformed field")
    }

    /// Writes the report as pretty JSON, atomically (readers never see half a file).
    pub fn write(&self, path: &Path) -> Result<()> {
        let mut text = serde_json::to_string_pretty(self).context("cannot serialize the report")?;
        text.push('\n');
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("cannot create {}", dir.display()))?;
        }
        kforge_runtime::atomic::write_atomically(path, text.as_bytes())
            .with_context(|| format!("cannot write {}", path.display()))
    }

    /// The case named `name`.
    pub fn case(&self, name: &str) -> Option<&Case> {
        self.cases.iter().find(|c| c.name == name)
    }
}

/// A report of another schema version.
#[derive(Debug)]
pub struct SchemaMismatch {
    /// The file's `schema_version` (None: missing or not a number).
    pub found: Option<u64>,
    /// This build's [`SCHEMA_VERSION`].
    pub expected: u32,
}

impl std::fmt::Display for SchemaMismatch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.found {
            Some(v) => write!(
                f,
                "report schema version {v} is not the version this kforge-bench reads ({})",
                self.expected
            ),
            None => write!(
                f,
                "report has no numeric \"schema_version\" (this kforge-bench reads version {})",
                self.expected
            ),
        }
    }
}

impl std::error::Error for SchemaMismatch {}

pub mod summary;
#[cfg(test)]
pub(crate) mod tests;
