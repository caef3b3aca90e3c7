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
fn the_gpu_target_is_refused_plainly_where_it_has_nothing_to_run() {
    let out = bench(&["--target", "gpu", "fusion"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("--target gpu runs `matmul` and `suite` only"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_cpu_report_and_a_gpu_report_are_a_target_mismatch() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(input("bench-before.json")).unwrap();
    let mut gpu: serde_json::Value = serde_json::from_str(&text).unwrap();
    gpu["target"] = "gpu".into();
    gpu["machine"]["gpu_adapter"] = "Crafted GPU".into();
    let path = dir.path().join("gpu.json");
    std::fs::write(&path, serde_json::to_string(&gpu).unwrap()).unwrap();
    let out = bench(&["diff", &input("bench-before.json"), path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("machine/target mismatch")
            && stderr(&out).contains("--target gpu (on Crafted GPU)"),
        "{}",
        stderr(&out)
    );
    // A GPU report still compares with itself and plots.
    let p = path.to_str().unwrap();
    assert_eq!(bench(&["diff", p, p]).status.code(), Some(0));
    let svg = dir.path().join("gpu.svg");
    let plotted = bench(&["plot", p, "-o", svg.to_str().unwrap()]);
    assert!(plotted.status.success(), "{}", stderr(&plotted));
}

/// `--target gpu suite` of the smallest cases writes a GPU report where there is a Vulkan adapter (lavapipe
/// here); without one it fails with "no GPU adapter" and the test prints `SKIPPED: …`
/// (`KFORGE_REQUIRE_GPU=1` makes that a failure), as kforge-gpu's tests do.
#[test]
fn a_quick_gpu_suite_writes_a_gpu_report_when_there_is_an_adapter() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("gpu.json");
    let out = Command::new(env!("CARGO_BIN_EXE_kforge-bench"))
        .args([
            "--target",
            "gpu",
            "suite",
            "--quick",
            "--filter",
            "256x256x256",
            "-o",
        ])
        .arg(&report)
        .env("XDG_RUNTIME_DIR", std::env::temp_dir())
        .output()
        .expect("kforge-bench runs");
    if !out.status.success() && stderr(&out).contains("no GPU adapter") {
        assert!(
            !kforge_gpu::runtime::gpu_required(),
            "KFORGE_REQUIRE_GPU=1 but {}",
            stderr(&out)
        );
        eprintln!("SKIPPED: the GPU suite did not run: {}", stderr(&out));
        return;
    }
    assert!(out.status.success(), "{}", stderr(&out));
    let text = std::fs::read_to_string(&report).unwrap();
    let r: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(r["target"], "gpu");
    assert_ne!(r["machine"]["gpu_adapter"], "none");
    assert_ne!(r["machine"]["gpu_driver"], "none");
    assert!(r["peak"]["gflops"].as_f64().unwrap() > 0.0);
    assert!(r["peak"]["gbps"].as_f64().unwrap() > 0.0);
    assert!(r["peak"]["method"]
        .as_str()
        .unwrap()
        .contains("copy kernel"));
    let cases = r["cases"].as_array().unwrap();
    let names: Vec<&str> = cases.iter().map(|c| c["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["matmul/256x256x256", "matmul_f16/256x256x256"]);
    let f32_case = &cases[0]["result"];
    assert_eq!(f32_case["status"], "measured", "{f32_case}");
    assert!(f32_case["latency"]["median_ms"].as_f64().unwrap() > 0.0);
    assert!(
        f32_case["error"]["max_rel"].as_f64().unwrap() < 1e-5,
        "{f32_case}"
    );
    assert!(f32_case["timing"].as_str().unwrap().contains("dispatch"));
    // f16 on cooperative matrices: measured where the adapter offers them, else skipped with why.
    let f16_case = &cases[1]["result"];
    match f16_case["status"].as_str().unwrap() {
        "measured" => assert!(f16_case["error"]["max_rel"].as_f64().unwrap() < 1e-2),
        _ => assert!(
            f16_case["reason"]
                .as_str()
                .unwrap()
                .contains("cooperative matrices"),
            "{f16_case}"
        ),
    }
    let p = report.to_str().unwrap();
    assert_eq!(bench(&["diff", p, p]).status.code(), Some(0));
    let svg = dir.path().join("gpu.svg");
    assert!(bench(&["plot", p, "-o", svg.to_str().unwrap()])
        .status
        .success());
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
