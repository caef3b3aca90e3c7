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

/// `KFORGE_ISA=avx2` on an AVX-512 host: the report names OpenBLAS's core, and unless OPENBLAS_CORETYPE forces it
/// down too, a warning says how to compare like with like (and OPENBLAS_CORETYPE is then not warned about).
#[test]
fn a_forced_lower_isa_asks_for_a_like_for_like_reference() {
    let run = |coretype: Option<&str>| {
        let mut c = Command::new(env!("CARGO_BIN_EXE_kforge-bench"));
        c.args([
            "matmul",
            "--m",
            "8",
            "--n",
            "8",
            "--k",
            "8",
            "--threads",
            "1",
            "--repeats",
            "1",
            "--json",
        ])
        .env("KFORGE_ISA", "avx2")
        .env_remove("OPENBLAS_CORETYPE");
        if let Some(t) = coretype {
            c.env("OPENBLAS_CORETYPE", t);
        }
        let out = c.output().expect("kforge-bench runs");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let r: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON output");
        (r, String::from_utf8_lossy(&out.stderr).into_owned())
    };
    let (r, stderr) = run(None);
    if r["isa"] != "avx2" {
        eprintln!("SKIPPED: this CPU has no AVX2: {r}");
        return;
    }
    let core = r["openblas_core"]
        .as_str()
        .unwrap_or_default()
        .to_lowercase();
    let avx512 = ["skylakex", "cooperlake", "sapphirerapids"].contains(&core.as_str());
    assert_eq!(
        stderr.contains("OPENBLAS_CORETYPE=Haswell"),
        avx512,
        "{core}: {stderr}"
    );
    let (r, stderr) = run(Some("Haswell"));
    assert_eq!(r["openblas_core"], "Haswell", "{r}");
    assert!(!stderr.contains("warning"), "{stderr}");
}
