//! `kforge-bench diff A.json B.json`: every case of two reports side by side,
//! with the change of its median latency, regressions and improvements marked.
//!
//! A case regresses when its median latency grew by more than its allowance,
//! `max(threshold, NOISE_FACTOR × √(Σ spread²))`: the threshold, or the two
//! runs' own measured noise when that is larger (a kernel whose calls
//! disagree by 20% in each run cannot show a 6% change). An improvement is
//! the same beyond the allowance the other way.
//!
//! Where both reports timed something beside the case — its reference
//! (OpenBLAS, llama.cpp) or its control workload (`report::Control`) — the
//! change judged is kforge's latency *relative to it*: `(a / a_ctrl) /
//! (b / b_ctrl) − 1`, and the spreads of both controls join the noise. On
//! this kind of machine whole runs go 25–80% slower for kforge and OpenBLAS
//! alike (a virtual CPU descheduled by the host); a change of the machine
//! moves both sides, a change of kforge only kforge's. The raw change of the
//! median is printed beside it.
//!
//! Exit status: 0 no regression, 1 at least one regression, 2 the reports
//! cannot be compared (unreadable, not reports, another schema version, or
//! one `cpu` and one `gpu` report: other hardware running other kernels).
//! Different machines of the same target only warn.
use crate::report::{Case, Report};
use anyhow::{bail, Context, Result};
use std::path::PathBuf;

/// How many combined spreads a change must exceed to count.
pub const NOISE_FACTOR: f64 = 3.0;

/// Arguments of `kforge-bench diff`.
#[derive(Clone, Debug)]
#[cfg_attr(feature = "clap", derive(clap::Args))]
pub struct DiffOptions {
    /// The baseline report.
    pub before: PathBuf,
    /// The report to judge.
    pub after: PathBuf,
    /// Smallest change of a median latency that counts, in percent (`5%` or `5`).
    #[cfg_attr(feature = "clap", arg(long, default_value = "5%", value_parser = parse_threshold))]
    pub threshold: f64,
}

/// Parses `5%` or `5` as 0.05.
fn parse_threshold(text: &str) -> Result<f64, String> {
    let number = text.trim().trim_end_matches('%');
    let percent: f64 = number
        .parse()
        .map_err(|_| format!("expected a percentage such as 5%, got {text:?}"))?;
    if !(0.0..=1000.0).contains(&percent) {
        return Err(format!(
            "the threshold must be within 0% and 1000%, got {text:?}"
        ));
    }
    Ok(percent / 100.0)
}

/// What became of one case.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Slower beyond the allowance.
    Regression,
    /// Faster beyond the allowance.
    Improvement,
    /// Within the allowance.
    Unchanged,
    /// Measured in one report, skipped in the other (or both skipped).
    NotComparable,
    /// In the baseline only.
    Missing,
    /// In the new report only.
    New,
}

/// One row of the comparison.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    /// The case.
    pub name: String,
    /// Median latency in the baseline, ms.
    pub before_ms: Option<f64>,
    /// Median latency in the new report, ms.
    pub after_ms: Option<f64>,
    /// `after / before − 1` of the medians (positive: slower).
    pub change: Option<f64>,
    /// The same relative to what was timed beside the case in both reports
    /// (the change that is judged when present).
    pub controlled_change: Option<f64>,
    /// The change of the fastest calls (relative to the fastest controls
    /// when `controlled_change` is present).
    pub fastest_change: Option<f64>,
    /// The change that counts for this case.
    pub allowance: Option<f64>,
    /// The verdict.
    pub verdict: Verdict,
}

/// Two reports compared.
#[derive(Debug)]
pub struct Comparison {
    /// Every case of either report: the baseline's order, then new cases.
    pub rows: Vec<Row>,
    /// Why the figures may not be comparable (other machine, other threads).
    pub warnings: Vec<String>,
}

impl Comparison {
    /// Cases that regressed.
    pub fn regressions(&self) -> usize {
        self.count(Verdict::Regression)
    }

    /// Cases with the verdict `v`.
    pub fn count(&self, v: Verdict) -> usize {
        self.rows.iter().filter(|r| r.verdict == v).count()
    }
}

/// Compares `after` with `before`.
pub fn compare(before: &Report, after: &Report, threshold: f64) -> Comparison {
    let mut rows: Vec<Row> = before
        .cases
        .iter()
        .map(|b| match after.case(&b.name) {
            Some(a) => compare_case(b, a, threshold),
            None => Row {
                name: b.name.clone(),
                before_ms: median(b),
                after_ms: None,
                change: None,
                controlled_change: None,
                fastest_change: None,
                allowance: None,
                verdict: Verdict::Missing,
            },
        })
        .collect();
    rows.extend(
        after
            .cases
            .iter()
            .filter(|a| before.case(&a.name).is_none())
            .map(|a| Row {
                name: a.name.clone(),
                before_ms: None,
                after_ms: median(a),
                change: None,
                controlled_change: None,
                fastest_change: None,
                allowance: None,
                verdict: Verdict::New,
            }),
    );
    Comparison {
        rows,
        warnings: warnings(before, after),
    }
}

fn median(c: &Case) -> Option<f64> {
    c.measured().map(|m| m.latency.median_ms)
}

fn compare_case(before: &Case, after: &Case, threshold: f64) -> Row {
    let mut row = Row {
        name: before.name.clone(),
        before_ms: median(before),
        after_ms: median(after),
        change: None,
        controlled_change: None,
        fastest_change: None,
        allowance: None,
        verdict: Verdict::NotComparable,
    };
    let (Some(b), Some(a)) = (before.measured(), after.measured()) else {
        return row;
    };
    let (b, a) = (&b.latency, &a.latency);
    if b.median_ms <= 0.0 || b.min_ms <= 0.0 {
        return row;
    }
    let usable = |l: &&crate::measure::Latency| l.median_ms > 0.0 && l.min_ms > 0.0;
    let controls = before
        .control_latency()
        .filter(usable)
        .zip(after.control_latency().filter(usable));
    let change = a.median_ms / b.median_ms - 1.0;
    let mut spreads = vec![b.spread, a.spread];
    let (judged, fastest_change) = match controls {
        Some((cb, ca)) => {
            spreads.extend([cb.spread, ca.spread]);
            let relative = (a.median_ms / ca.median_ms) / (b.median_ms / cb.median_ms) - 1.0;
            row.controlled_change = Some(relative);
            (
                relative,
                (a.min_ms / ca.min_ms) / (b.min_ms / cb.min_ms) - 1.0,
            )
        }
        None => (change, a.min_ms / b.min_ms - 1.0),
    };
    let noise = NOISE_FACTOR * spreads.iter().map(|s| s * s).sum::<f64>().sqrt();
    let allowance = threshold.max(noise);
    row.change = Some(change);
    row.fastest_change = Some(fastest_change);
    row.allowance = Some(allowance);
    row.verdict = if judged > allowance && fastest_change > allowance {
        Verdict::Regression
    } else if judged < -allowance && fastest_change < -allowance {
        Verdict::Improvement
    } else {
        Verdict::Unchanged
    };
    row
}

/// An ISA variant's name, or that the report predates the field.
fn or_unrecorded(isa: &str) -> String {
    if isa.is_empty() {
        "unrecorded".into()
    } else {
        isa.into()
    }
}

/// Differences of machine and settings that make figures incomparable.
fn warnings(before: &Report, after: &Report) -> Vec<String> {
    let (b, a) = (&before.machine, &after.machine);
    let mut w = Vec::new();
    let mut differs = |what: &str, x: String, y: String| {
        if x != y {
            w.push(format!("{what} differs: {x} vs {y}"));
        }
    };
    differs("machine: CPU", b.cpu_model.clone(), a.cpu_model.clone());
    if b.isa.is_empty() != a.isa.is_empty() {
        differs(
            "machine: kernel ISA",
            or_unrecorded(&b.isa),
            or_unrecorded(&a.isa),
        );
    }
    differs(
        "machine: CPU features",
        b.cpu_features.join(" "),
        a.cpu_features.join(" "),
    );
    differs(
        "machine: logical cores",
        b.logical_cores.to_string(),
        a.logical_cores.to_string(),
    );
    differs("machine: GPU", b.gpu_adapter.clone(), a.gpu_adapter.clone());
    differs(
        "machine: GPU driver",
        b.gpu_driver.clone(),
        a.gpu_driver.clone(),
    );
    differs(
        "threads",
        before.threads.to_string(),
        after.threads.to_string(),
    );
    differs("--quick", before.quick.to_string(), after.quick.to_string());
    for (label, r) in [("baseline", before), ("new report", after)] {
        let load = r.machine.load_average_at_start[0];
        if load > 0.5 * r.machine.logical_cores as f64 {
            w.push(format!(
                "the {label} started on a busy machine (load average {load:.2} on {} cores)",
                r.machine.logical_cores
            ));
        }
    }
    w
}

/// Why two reports cannot be compared at all: another schema version, or
/// another target (a `cpu` run against a `gpu` run measures other hardware
/// with other kernels, so every "change" would be meaningless).
pub fn check_comparable(before: &Report, after: &Report) -> Result<()> {
    if before.schema_version != after.schema_version {
        bail!(
            "the baseline has schema version {} and the new report {}",
            before.schema_version,
            after.schema_version
        );
    }
    let (bi, ai) = (&before.machine.isa, &after.machine.isa);
    if before.target == "cpu" && !bi.is_empty() && !ai.is_empty() && bi != ai {
        bail!(
            "ISA mismatch: the baseline's CPU kernels ran on {bi}, the new report's on {ai}; \
             figures of different ISA variants are not comparable (set KFORGE_ISA={bi} for the new run)"
        );
    }
    if before.target != after.target {
        let on = |r: &Report| match r.target.as_str() {
            "gpu" => r.machine.gpu_adapter.clone(),
            _ => r.machine.cpu_model.clone(),
        };
        bail!(
            "machine/target mismatch: the baseline ran --target {} (on {}), the new report --target {} (on {}); \
             only reports of the same target can be compared",
            before.target,
            on(before),
            after.target,
            on(after)
        );
    }
    Ok(())
}

/// Reads both reports and compares them; an error when they cannot be
/// compared (unreadable, not reports, another schema or target).
pub fn run(args: &DiffOptions) -> Result<Comparison> {
    let before = Report::load(&args.before)?;
    let after = Report::load(&args.after)?;
    check_comparable(&before, &after).with_context(|| {
        format!(
            "cannot compare {} with {}",
            args.before.display(),
            args.after.display()
        )
    })?;
    Ok(compare(&before, &after, args.threshold))
}

/// The comparison as text: warnings, what counts, and one table row per case.
pub fn render(c: &Comparison, args: &DiffOptions) -> String {
    let mut text = String::new();
    for w in &c.warnings {
        text.push_str(&format!("warning: {w}\n"));
    }
    text.push_str(&format!(
        "before: {}\nafter:  {}\nthreshold {:.1}%, or {NOISE_FACTOR}× the combined spread of both runs when larger; \
         a change counts when the median and the fastest call both moved beyond it; \
         \"vs control\" is the change relative to what both runs timed beside the case (its reference or \
         control workload), judged instead of the raw change where present\n",
        args.before.display(),
        args.after.display(),
        100.0 * args.threshold
    ));
    text.push_str(
        "| case | before ms | after ms | change | vs control | fastest | allowance | verdict |\n",
    );
    text.push_str("| --- | --- | --- | --- | --- | --- | --- | --- |\n");
    let ms = |v: Option<f64>| v.map_or("–".to_string(), |v| format!("{v:.4}"));
    let pct = |v: Option<f64>| v.map_or("–".to_string(), |v| format!("{:+.1}%", 100.0 * v));
    for r in &c.rows {
        let verdict = match r.verdict {
            Verdict::Regression => "REGRESSION",
            Verdict::Improvement => "improved",
            Verdict::Unchanged => "",
            Verdict::NotComparable => "not comparable (skipped)",
            Verdict::Missing => "missing in the new report",
            Verdict::New => "new",
        };
        let allowance = r
            .allowance
            .map_or("–".to_string(), |v| format!("±{:.1}%", 100.0 * v));
        text.push_str(&format!(
            "| {} | {} | {} | {} | {} | {} | {allowance} | {verdict} |\n",
            r.name,
            ms(r.before_ms),
            ms(r.after_ms),
            pct(r.change),
            pct(r.controlled_change),
            pct(r.fastest_change)
        ));
    }
    text.push_str(&format!(
        "{} regressed, {} improved, {} unchanged, {} missing, {} new, {} not comparable\n",
        c.regressions(),
        c.count(Verdict::Improvement),
        c.count(Verdict::Unchanged),
        c.count(Verdict::Missing),
        c.count(Verdict::New),
        c.count(Verdict::NotComparable)
    ));
    text
}

#[cfg(test)]
mod tests;
