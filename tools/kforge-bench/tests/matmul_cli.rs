//! `kforge-bench matmul` from the command line: bad input exits 1 with a
//! message that names the problem; a small product runs and reports JSON.
use std::process::{Command, Output};

fn bench(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kforge-bench"))
        .args(args)
        .output()
        .expect("kforge-bench runs")
}

fn assert_fails_with(args: &[&str], message: &str) {
    let out = bench(args);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{args:?}: {stderr}");
    assert!(stderr.contains(message), "{args:?}: {stderr}");
}

#[test]
fn zero_sizes_are_rejected() {
    assert_fails_with(
        &["matmul", "--m", "0", "--n", "4", "--k", "4"],
        "--m must be at least 1, got 0",
    );
    assert_fails_with(
        &["matmul", "--m", "4", "--n", "4", "--k", "0"],
        "--k must be at least 1, got 0",
    );
}

#[test]
fn unknown_strategy_is_rejected() {
    assert_fails_with(
        &[
            "matmul",
            "--m",
            "4",
            "--n",
            "4",
            "--k",
            "4",
            "--strategy",
            "fast",
        ],
        "invalid value 'fast' for '--strategy <STRATEGY>'",
    );
}

#[test]
fn other_bad_input_is_rejected() {
    assert_fails_with(
        &[
            "matmul",
            "--m",
            "4",
            "--n",
            "4",
            "--k",
            "4",
            "--repeats",
            "0",
        ],
        "invalid value '0' for '--repeats <REPEATS>': expected a count in [1, 1000000], got '0'",
    );
    assert_fails_with(
        &[
            "matmul",
            "--m",
            "4",
            "--n",
            "4",
            "--k",
            "4",
            "--threads",
            "0",
        ],
        "invalid value '0' for '--threads <THREADS>': expected a thread count in [1, 1024], got '0'",
    );
    assert_fails_with(
        &["matmul", "--m", "4"],
        "required arguments were not provided",
    );
    assert_fails_with(
        &["matmul", "--m", "100000", "--n", "100000", "--k", "100000"],
        "GiB (at most 8 allowed)",
    );
}

#[test]
fn small_product_reports_json() {
    let out = bench(&[
        "matmul",
        "--m",
        "13",
        "--n",
        "40",
        "--k",
        "9",
        "--threads",
        "1",
        "--repeats",
        "2",
        "--json",
    ]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let r: serde_json::Value = serde_json::from_str(&stdout).expect("JSON output");
    assert_eq!(r["m"], 13);
    assert_eq!(r["rows_checked"], 13);
    assert!(r["error_kforge"].as_f64().unwrap() < 1e-5, "{r}");
    assert!(r["error_openblas"].as_f64().unwrap() < 1e-5, "{r}");
    assert!(r["kforge"]["gflops"].as_f64().unwrap() > 0.0, "{r}");
    assert!(r["ratio"].as_f64().unwrap() > 0.0, "{r}");
}
