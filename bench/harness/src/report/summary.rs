//! The suite's summary table (Markdown).
use crate::report::{Outcome, Report};
use std::fmt::Write;

/// The machine's peaks and one row per case.
pub fn render(report: &Report) -> String {
    let mut text = String::new();
    // Writing into a String cannot fail.
    let _ = writeln!(
        text,
        "peaks: {:.1} GFLOP/s, {:.1} GB/s on {}",
        report.peak.gflops,
        report.peak.gbps,
        crate::plot::machine_label(report)
    );
    text.push_str(
        "| case | median ms | spread | GFLOP/s | GB/s | % peak FLOP/s | % peak GB/s | max rel. error | reference ms | speed vs reference |\n",
    );
    text.push_str("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
    for case in &report.cases {
        match &case.result {
            Outcome::Skipped { reason } => {
                let _ = writeln!(text, "| {} | skipped: {reason} |", case.name);
            }
            Outcome::Measured(m) => {
                let error = m
                    .error
                    .as_ref()
                    .map_or("–".to_string(), |e| format!("{:.1e}", e.max_rel));
                let (reference, ratio) = match (&case.reference, case.reference_latency()) {
                    (_, Some(r)) => (
                        format!("{:.3}", r.median_ms),
                        format!("{:.2}×", r.median_ms / m.latency.median_ms),
                    ),
                    (Some(r), None) => ("absent".to_string(), r.name.clone()),
                    (None, None) => ("–".to_string(), "–".to_string()),
                };
                let _ = writeln!(
                    text,
                    "| {} | {:.4} | {:.0}% | {:.1} | {:.1} | {:.1}% | {:.1}% | {error} | {reference} | {ratio} |",
                    case.name,
                    m.latency.median_ms,
                    100.0 * m.latency.spread,
                    m.gflops,
                    m.gbps,
                    100.0 * m.fraction_of_peak_compute,
                    100.0 * m.fraction_of_peak_bandwidth,
                );
            }
        }
    }
    text
}
