//! Report round-trips and the errors of files that are not reports; also the
//! crafted reports other modules' tests use.
use super::*;

/// A measured case of `median_ms` with relative spread `spread`.
pub(crate) fn case(name: &str, median_ms: f64, spread: f64) -> Case {
    let flops = 2e6;
    let bytes = 1e5;
    let seconds = median_ms * 1e-3;
    Case {
        name: name.to_string(),
        kind: name.split('/').next().unwrap_or(name).to_string(),
        params: BTreeMap::from([("m".to_string(), 64)]),
        flops,
        bytes,
        result: Outcome::Measured(Measured {
            latency: Latency {
                samples: 10,
                median_ms,
                min_ms: median_ms * (1.0 - spread / 2.0),
                max_ms: median_ms * (1.0 + spread / 2.0),
                p25_ms: median_ms * (1.0 - spread / 2.0),
                p75_ms: median_ms * (1.0 + spread / 2.0),
                spread,
            },
            gflops: flops / seconds / 1e9,
            gbps: bytes / seconds / 1e9,
            arithmetic_intensity: flops / bytes,
            fraction_of_peak_compute: 0.1,
            fraction_of_peak_bandwidth: 0.01,
            error: Some(NumericError {
                max_abs: 1e-6,
                max_rel: 1e-6,
                against: "reference interpreter".into(),
            }),
            timing: None,
        }),
        control: None,
        reference: None,
    }
}

/// `case(name, median_ms, spread)` with a control timed beside it at
/// `control_ms` (same spread).
pub(crate) fn controlled_case(name: &str, median_ms: f64, control_ms: f64, spread: f64) -> Case {
    let mut c = case(name, median_ms, spread);
    let Outcome::Measured(m) = &case(name, control_ms, spread).result else {
        unreachable!("case() is measured")
    };
    c.control = Some(Control {
        name: "AVX-512 FMA chains: 2.00e6 flops on 2 threads".into(),
        latency: m.latency,
    });
    c
}

/// A report of the given cases on a fixed machine.
pub(crate) fn report(cases: Vec<Case>) -> Report {
    Report {
        schema: SCHEMA_NAME.into(),
        schema_version: SCHEMA_VERSION,
        created: "2025-01-31T12:00:00Z".into(),
        wall_seconds: 12.5,
        kforge: BuildInfo {
            version: "0.1.0".into(),
            git_commit: "0123456789abcdef".into(),
            git_dirty: Some(false),
        },
        machine: Machine {
            cpu_model: "Test CPU".into(),
            cpu_features: vec!["avx2".into(), "fma".into()],
            isa: "avx2".into(),
            logical_cores: 2,
            gpu_adapter: "none".into(),
            gpu_driver: "none".into(),
            openblas_core: "Haswell".into(),
            load_average_at_start: [0.1, 0.2, 0.3],
        },
        target: "cpu".into(),
        quick: true,
        threads: 2,
        peak: Peak {
            gflops: 100.0,
            gbps: 10.0,
            method: "test".into(),
        },
        autotune: Autotune {
            state: "not-applied".into(),
            cache_path: Some("/tmp/tune.json".into()),
            cache_file: Some("missing".into()),
            entries_for_this_host: None,
            cache_hits: None,
            tuned_now: None,
        },
        cases,
    }
}

#[test]
fn a_report_round_trips_through_a_file() {
    let mut skipped = case("decoder/decode", 1.0, 0.0);
    skipped.result = Outcome::Skipped {
        reason: "no model".into(),
    };
    let mut with_reference = case("matmul/1x576x1536", 0.2, 0.1);
    with_reference.reference = Some(Reference {
        name: "OpenBLAS cblas_sgemm".into(),
        latency: None,
        absent_reason: Some("not run".into()),
        error: None,
    });
    let r = report(vec![
        case("rms_norm/64x576", 0.01, 0.3),
        skipped,
        with_reference,
        controlled_case("rope/64x9x64", 0.06, 0.05, 0.02),
    ]);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sub/report.json");
    r.write(&path).unwrap();
    assert_eq!(Report::load(&path).unwrap(), r);
}

fn parse_error(text: &str) -> String {
    format!("{:#}", Report::parse(text).unwrap_err())
}

#[test]
fn files_that_are_not_reports_are_named_as_such() {
    assert!(parse_error("{\"schema\": \"kforge").contains("not valid JSON"));
    assert!(parse_error("[1, 2]").contains("top level is not a JSON object"));
    assert!(parse_error("{\"name\": \"x\"}").contains("no \"schema\" field"));
    assert!(parse_error("{\"schema\": \"other\"}").contains("\"schema\" is \"other\""));
    let old = "{\"schema\": \"kforge-bench-report\", \"schema_version\": 0}";
    let e = Report::parse(old).unwrap_err();
    assert!(e.downcast_ref::<SchemaMismatch>().is_some());
    assert!(format!("{e}").contains("schema version 0"));
}

#[test]
fn a_malformed_field_is_reported_with_its_path() {
    let mut value = serde_json::to_value(report(vec![case("a", 1.0, 0.1)])).unwrap();
    value["cases"][0]["flops"] = serde_json::json!("many");
    let e = parse_error(&value.to_string());
    assert!(e.contains("malformed field"), "{e}");
    assert!(e.contains("invalid type"), "{e}");
}

#[test]
fn load_names_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("broken.json");
    std::fs::write(&path, "not json").unwrap();
    let e = format!("{:#}", Report::load(&path).unwrap_err());
    assert!(
        e.contains("broken.json") && e.contains("not valid JSON"),
        "{e}"
    );
    let missing = format!(
        "{:#}",
        Report::load(&dir.path().join("nope.json")).unwrap_err()
    );
    assert!(missing.contains("cannot read") && missing.contains("nope.json"));
}

#[test]
fn a_gpu_report_round_trips_and_cpu_reports_carry_no_timing_field() {
    let mut c = case("matmul/256x256x256", 0.05, 0.02);
    if let Outcome::Measured(m) = &mut c.result {
        m.timing = Some("GPU timestamps around each dispatch".into());
    }
    let mut r = report(vec![c]);
    r.target = "gpu".into();
    r.threads = 1;
    r.machine.gpu_adapter = "llvmpipe (LLVM 15.0.6, 256 bits)".into();
    r.machine.gpu_driver = "llvmpipe Mesa 22.3.6".into();
    let text = serde_json::to_string(&r).unwrap();
    assert_eq!(Report::parse(&text).unwrap(), r);
    assert!(text.contains("\"timing\":\"GPU timestamps"));
    let cpu = serde_json::to_string(&report(vec![case("a", 1.0, 0.0)])).unwrap();
    assert!(!cpu.contains("timing"), "CPU reports are written as before");
    assert!(Report::parse(&cpu).is_ok());
}
