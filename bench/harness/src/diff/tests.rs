//! The comparison on crafted reports.
use super::*;
use crate::report::tests::{case, controlled_case, report};
use crate::report::Outcome;

fn verdict(c: &Comparison, name: &str) -> Verdict {
    c.rows.iter().find(|r| r.name == name).unwrap().verdict
}

#[test]
fn a_slowdown_beyond_threshold_and_noise_regresses() {
    let before = report(vec![case("a", 1.00, 0.02)]);
    let after = report(vec![case("a", 1.20, 0.02)]);
    let c = compare(&before, &after, 0.05);
    assert_eq!(verdict(&c, "a"), Verdict::Regression);
    assert_eq!(c.regressions(), 1);
    assert!((c.rows[0].change.unwrap() - 0.2).abs() < 1e-9);
}

#[test]
fn a_slowdown_within_the_measured_noise_does_not() {
    // 20% slower, but in each run typical calls disagree by 25%.
    let before = report(vec![case("a", 1.00, 0.25)]);
    let after = report(vec![case("a", 1.20, 0.25)]);
    let c = compare(&before, &after, 0.05);
    assert_eq!(verdict(&c, "a"), Verdict::Unchanged);
    assert!(c.rows[0].allowance.unwrap() > 0.35);
}

#[test]
fn a_slower_median_with_an_unchanged_fastest_call_is_load_not_a_regression() {
    let before = report(vec![case("a", 1.00, 0.02)]);
    let mut after = report(vec![case("a", 1.20, 0.02)]);
    if let Outcome::Measured(m) = &mut after.cases[0].result {
        m.latency.min_ms = 0.99;
    }
    let c = compare(&before, &after, 0.05);
    assert_eq!(verdict(&c, "a"), Verdict::Unchanged);
    assert!(c.rows[0].fastest_change.unwrap().abs() < 1e-9);
}

#[test]
fn small_changes_within_the_threshold_are_unchanged() {
    let before = report(vec![case("a", 1.00, 0.0)]);
    let after = report(vec![case("a", 1.04, 0.0)]);
    assert_eq!(
        verdict(&compare(&before, &after, 0.05), "a"),
        Verdict::Unchanged
    );
}

#[test]
fn a_speedup_is_an_improvement() {
    let before = report(vec![case("a", 1.0, 0.01)]);
    let after = report(vec![case("a", 0.5, 0.01)]);
    let c = compare(&before, &after, 0.05);
    assert_eq!(verdict(&c, "a"), Verdict::Improvement);
    assert_eq!(c.regressions(), 0);
}

#[test]
fn missing_and_new_cases_are_listed() {
    let before = report(vec![case("kept", 1.0, 0.0), case("gone", 1.0, 0.0)]);
    let after = report(vec![case("kept", 1.0, 0.0), case("added", 1.0, 0.0)]);
    let c = compare(&before, &after, 0.05);
    let names: Vec<_> = c
        .rows
        .iter()
        .map(|r| (r.name.as_str(), r.verdict))
        .collect();
    assert_eq!(
        names,
        [
            ("kept", Verdict::Unchanged),
            ("gone", Verdict::Missing),
            ("added", Verdict::New)
        ]
    );
    assert_eq!(c.regressions(), 0);
}

#[test]
fn a_skipped_case_is_not_comparable() {
    let before = report(vec![case("a", 1.0, 0.0)]);
    let mut skipped = case("a", 1.0, 0.0);
    skipped.result = Outcome::Skipped {
        reason: "no model".into(),
    };
    let c = compare(&before, &report(vec![skipped]), 0.05);
    assert_eq!(verdict(&c, "a"), Verdict::NotComparable);
}

#[test]
fn another_machine_is_a_warning() {
    let before = report(vec![]);
    let mut after = report(vec![]);
    after.machine.cpu_model = "Other CPU".into();
    let c = compare(&before, &after, 0.05);
    assert_eq!(c.warnings.len(), 1);
    assert!(c.warnings[0].contains("Test CPU vs Other CPU"));
    assert!(compare(&before, &before, 0.05).warnings.is_empty());
}

#[test]
fn thresholds_parse_with_or_without_percent() {
    assert_eq!(parse_threshold("5%"), Ok(0.05));
    assert_eq!(parse_threshold("12.5"), Ok(0.125));
    assert!(parse_threshold("-1%").is_err());
    assert!(parse_threshold("five").is_err());
}

#[test]
fn a_cpu_report_and_a_gpu_report_are_not_compared() {
    let cpu = report(vec![case("matmul/256x256x256", 1.0, 0.0)]);
    let mut gpu = report(vec![case("matmul/256x256x256", 0.1, 0.0)]);
    gpu.target = "gpu".into();
    gpu.machine.gpu_adapter = "Test GPU".into();
    gpu.machine.gpu_driver = "test driver 1.0".into();
    let e = format!("{:#}", check_comparable(&cpu, &gpu).unwrap_err());
    assert!(e.contains("machine/target mismatch"), "{e}");
    assert!(
        e.contains("--target cpu (on Test CPU)") && e.contains("--target gpu (on Test GPU)"),
        "{e}"
    );
    assert!(check_comparable(&gpu, &cpu).is_err());
    // Two GPU reports compare; another adapter or driver is a warning, as another CPU is.
    assert!(check_comparable(&gpu, &gpu).is_ok());
    let mut other = gpu.clone();
    other.machine.gpu_adapter = "Other GPU".into();
    other.machine.gpu_driver = "other driver 2.0".into();
    assert!(check_comparable(&gpu, &other).is_ok());
    let c = compare(&gpu, &other, 0.05);
    assert_eq!(c.warnings.len(), 2, "{:?}", c.warnings);
    assert!(c.warnings[0].contains("Test GPU vs Other GPU"));
}

#[test]
fn another_schema_version_is_not_compared() {
    let before = report(vec![]);
    let mut after = report(vec![]);
    after.schema_version += 1;
    let e = format!("{:#}", check_comparable(&before, &after).unwrap_err());
    assert!(e.contains("schema version"), "{e}");
}

#[test]
fn a_machine_that_slowed_down_is_not_a_regression() {
    // kforge 60% slower, but so is the control timed beside it.
    let before = report(vec![controlled_case("a", 1.0, 2.0, 0.02)]);
    let after = report(vec![controlled_case("a", 1.6, 3.2, 0.02)]);
    let c = compare(&before, &after, 0.05);
    assert_eq!(verdict(&c, "a"), Verdict::Unchanged);
    assert!((c.rows[0].change.unwrap() - 0.6).abs() < 1e-9);
    assert!(c.rows[0].controlled_change.unwrap().abs() < 1e-9);
}

#[test]
fn a_slower_kernel_beside_an_unchanged_control_regresses() {
    let before = report(vec![controlled_case("a", 1.0, 2.0, 0.02)]);
    let after = report(vec![controlled_case("a", 1.2, 2.0, 0.02)]);
    let c = compare(&before, &after, 0.05);
    assert_eq!(verdict(&c, "a"), Verdict::Regression);
    assert!((c.rows[0].controlled_change.unwrap() - 0.2).abs() < 1e-9);
}

#[test]
fn an_unchanged_time_on_a_faster_machine_is_a_regression() {
    // The machine ran 30% faster (the control), kforge did not.
    let before = report(vec![controlled_case("a", 1.0, 2.0, 0.02)]);
    let after = report(vec![controlled_case("a", 1.0, 1.4, 0.02)]);
    let c = compare(&before, &after, 0.05);
    assert_eq!(verdict(&c, "a"), Verdict::Regression);
    assert!(c.rows[0].change.unwrap().abs() < 1e-9);
}

#[test]
fn the_reference_serves_as_control_and_noisy_controls_widen_the_allowance() {
    let with_reference = |ms: f64, reference_ms: f64, spread: f64| {
        let mut c = case("matmul/256", ms, 0.02);
        let Outcome::Measured(m) = &case("x", reference_ms, spread).result else {
            unreachable!()
        };
        c.reference = Some(crate::report::Reference {
            name: "OpenBLAS cblas_sgemm".into(),
            latency: Some(m.latency),
            absent_reason: None,
            error: None,
        });
        c
    };
    let before = report(vec![with_reference(0.20, 0.18, 0.02)]);
    let after = report(vec![with_reference(0.33, 0.31, 0.02)]);
    assert_eq!(
        verdict(&compare(&before, &after, 0.05), "matmul/256"),
        Verdict::Unchanged
    );
    // Half as fast relative to OpenBLAS, but OpenBLAS's calls disagreed by 40%.
    let noisy = report(vec![with_reference(0.40, 0.18, 0.4)]);
    let c = compare(&before, &noisy, 0.05);
    assert_eq!(verdict(&c, "matmul/256"), Verdict::Unchanged);
    assert!(c.rows[0].allowance.unwrap() > 1.0);
    // A case with a control in one report only is judged on its raw change.
    let plain = report(vec![case("matmul/256", 0.30, 0.02)]);
    let c = compare(&before, &plain, 0.05);
    assert_eq!(c.rows[0].controlled_change, None);
    assert_eq!(verdict(&c, "matmul/256"), Verdict::Regression);
}
