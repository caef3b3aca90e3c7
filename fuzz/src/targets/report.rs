//! `kforge-bench diff` and `kforge-bench plot` on a fuzzed report. The target
//! runs the binary (the report reader of `kforge-bench-harness` behind its
//! command line, in a process of its own):
//! `diff base.json r.json`, `diff r.json r.json` and `plot r.json --baseline
//! base.json -o r.svg`. A tool that does not finish in time is a hang (a
//! crash): these commands only read two small files.
use super::sandbox::{run_tool, tool, Ending};
use super::{files_under, harvest_tokens, normalize, Seeds, Setup, Target, Verdict};
use std::ffi::OsString;
use std::path::PathBuf;
use std::time::Duration;

/// Longest one diff or plot of a small report may take.
const TOOL_SECONDS: u64 = 20;

/// The reports of test/lit/tools/Inputs and bench/results.
pub fn seeds(setup: &Setup) -> Seeds {
    let mut inputs = Vec::new();
    for dir in ["test/lit/tools/Inputs", "bench/results"] {
        for path in files_under(&setup.repo.join(dir), ".json") {
            match std::fs::read(&path) {
                Ok(bytes) if bytes.len() <= 64 << 10 => inputs.push(bytes),
                _ => {}
            }
        }
    }
    let mut dictionary = harvest_tokens(&inputs, 400);
    for t in [
        "1e308",
        "-1e308",
        "1e-308",
        "5e-324",
        "0",
        "-0.0",
        "null",
        "[]",
        "{}",
        "\"\"",
        "NaN",
        "1.7976931348623157e308",
        "true",
    ] {
        dictionary.push(t.as_bytes().to_vec());
    }
    Seeds { inputs, dictionary }
}

struct ReportTarget {
    bench: PathBuf,
    dir: tempfile::TempDir,
}

/// The bench-report target: a scratch folder with a valid baseline.
pub fn make(setup: &Setup) -> anyhow::Result<Box<dyn Target>> {
    let bench = tool(&setup.bin_dir, "kforge-bench")?;
    let dir = tempfile::Builder::new()
        .prefix("kforge-fuzz-report-")
        .tempdir()?;
    let base = setup.repo.join("test/lit/tools/Inputs/bench-before.json");
    std::fs::copy(&base, dir.path().join("base.json"))?;
    Ok(Box::new(ReportTarget { bench, dir }))
}

impl Target for ReportTarget {
    fn run(&mut self, input: &[u8]) -> Verdict {
        if std::fs::write(self.dir.path().join("r.json"), input).is_err() {
            return Verdict::Handled("scratch write failed".into());
        }
        let runs: [&[&str]; 3] = [
            &["diff", "base.json", "r.json"],
            &["diff", "r.json", "r.json"],
            &["plot", "r.json", "--baseline", "base.json", "-o", "r.svg"],
        ];
        let mut signature = Vec::new();
        for args in runs {
            let argv: Vec<OsString> = args.iter().map(OsString::from).collect();
            let limit = Duration::from_secs(TOOL_SECONDS);
            match run_tool(&self.bench, &argv, self.dir.path(), limit) {
                Ending::Exited(code, first) => {
                    signature.push(format!("{code} {}", normalize(&first)))
                }
                Ending::Crashed(why) => {
                    return Verdict::Crash(format!("kforge-bench {}: {why}", args.join(" ")))
                }
                Ending::TimedOut => {
                    return Verdict::Crash(format!(
                        "kforge-bench {}: hang (no exit within {TOOL_SECONDS} s)",
                        args.join(" ")
                    ))
                }
            }
        }
        Verdict::Handled(signature.join(" | "))
    }
}
