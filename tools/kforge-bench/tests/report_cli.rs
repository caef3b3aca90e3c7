//! `kforge-bench suite`, `diff` and `plot` from the command line: exit
//! statuses, clear errors for files that are not reports, an SVG written.
use std::path::PathBuf;
use std::process::{Command, Output};

fn bench(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kforge-bench"))
        .args(args)
        .output()
        .expect("kforge-bench runs")
}

/// A crafted report of the lit tests.
fn input(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../test/lit/tools/Inputs")
        .join(name)
        .display()
        .to_string()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn diff_exits_0_without_regression_1_with_one_2_when_it_cannot_compare() {
    let (before, after) = (input("bench-before.json"), input("bench-after.json"));
    assert_eq!(bench(&["diff", &before, &before]).status.code(), Some(0));
    assert_eq!(bench(&["diff", &before, &after]).status.code(), Some(1));
    let loose = bench(&["diff", &before, &after, "--threshold", "40%"]);
    assert_eq!(loose.status.code(), Some(0));
    for (bad, message) in [
        ("bench-old-schema.json", "report schema version 0"),
        ("bench-foreign.json", "not a kforge-bench report"),
        ("bench-truncated.json", "not valid JSON"),
    ] {
        let out = bench(&["diff", &before, &input(bad)]);
        assert_eq!(out.status.code(), Some(2), "{bad}: {}", stderr(&out));
        assert!(
            stderr(&out).contains(bad) && stderr(&out).contains(message),
            "{}",
            stderr(&out)
        );
        assert!(!stderr(&out).contains("panicked"));
    }
}

#[test]
fn plot_writes_an_svg_with_text() {
    let dir = tempfile::tempdir().unwrap();
    let svg = dir.path().join("report.svg");
    let out = bench(&[
        "plot",
        &input("bench-after.json"),
        &input("bench-before.json"),
        "-o",
        svg.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = std::fs::read_to_string(&svg).unwrap();
    assert!(text.starts_with("<svg") && text.contains("<text") && text.contains("roofline"));
}

#[test]
fn plot_of_a_corrupt_report_names_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let out_path = dir.path().join("x.svg");
    let out = bench(&[
        "plot",
        &input("bench-truncated.json"),
        "-o",
        out_path.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("bench-truncated.json: not valid JSON"),
        "{}",
        stderr(&out)
    );
    assert!(!out_path.exists());
}

#[test]
fn the_gpu_target_is_refused_plainly() {
    let out = bench(&["suite", "--target", "gpu", "-o", "/nonexistent/r.json"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("--target gpu runs `matmul` only"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_filtered_suite_writes_a_report_that_diff_accepts() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("r.json");
    let out = bench(&[
        "suite",
        "--quick",
        "--filter",
        "rms_norm",
        "--threads",
        "1",
        "-o",
        report.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = std::fs::read_to_string(&report).unwrap();
    assert!(text.contains("\"schema\": \"kforge-bench-report\""));
    assert!(text.contains("rms_norm/64x576"));
    let r = report.to_str().unwrap();
    assert_eq!(bench(&["diff", r, r]).status.code(), Some(0));
}
