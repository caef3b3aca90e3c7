//! The MLIR front as `kforge-opt` drives it: `parse_module`, `verify_parsed`
//! (MLIR's verifier, IRDL, kforge's rules), then the pass pipeline, chunk by
//! chunk. An input is a lit file: its first `// RUN: kforge-opt …` line picks
//! the passes (`--<pass or pipeline>`, `--pass-pipeline=…`), `--split-input-file`
//! and `--emit=wgsl`, so mutating the RUN line mutates the pipeline too.
use super::{files_under, harvest_tokens, normalize, Seeds, Setup, Target, Verdict};
use kforge_dialect::source::{parse_module, verify_parsed, DiagnosticCollector};
use kforge_passes::{build_pass_manager, find_pass, find_pipeline, parse_pipeline, Step};

/// The lit files (every `.mlir` under test/lit) and the malformed corpus.
pub fn seeds(setup: &Setup) -> Seeds {
    let mut inputs = Vec::new();
    for dir in ["test/lit", "test/corpus"] {
        for path in files_under(&setup.repo.join(dir), ".mlir") {
            if let Ok(bytes) = std::fs::read(&path) {
                inputs.push(bytes);
            }
        }
    }
    let mut dictionary = harvest_tokens(&inputs, 1500);
    for p in kforge_passes::PASSES {
        dictionary.push(format!(" --{}", p.flag).into_bytes());
    }
    for p in kforge_passes::PIPELINES {
        dictionary.push(format!(" --{}", p.flag).into_bytes());
    }
    for t in [
        "tensor<",
        "?x",
        "x0x",
        "xf32>",
        "xf16>",
        "xbf16>",
        "xi64>",
        "xi1>",
        "xi8>",
        "memref<",
        "// -----\n",
        "{",
        "}",
        "(",
        ")",
        "%0",
        "%arg0",
        " = ",
        ": ",
        " -> ",
        "\"",
        "#",
        "^bb0:",
        "-1",
        "0",
        "4294967296",
        "1e308",
        "nan",
        "dense<",
        "array<i64: ",
    ] {
        dictionary.push(t.as_bytes().to_vec());
    }
    Seeds { inputs, dictionary }
}

/// The mlir target (nothing to set up: a context per input, as a kforge-opt run has).
pub fn make(_: &Setup) -> anyhow::Result<Box<dyn Target>> {
    Ok(Box::new(MlirTarget))
}

struct MlirTarget;

/// What the RUN line asks for.
#[derive(Default, Debug)]
struct RunLine {
    split: bool,
    emit_wgsl: bool,
    allow_unregistered: bool,
    /// Pass and pipeline flags, in order.
    flags: Vec<String>,
    /// `--pass-pipeline` text.
    pipeline: Option<String>,
}

/// Splits a shell command line into words (single and double quotes).
fn shell_words(line: &str) -> Vec<String> {
    let (mut words, mut word, mut quote, mut any) = (Vec::new(), String::new(), None, false);
    for c in line.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => word.push(c),
            (None, '\'' | '"') => {
                quote = Some(c);
                any = true;
            }
            (None, c) if c.is_whitespace() => {
                if any || !word.is_empty() {
                    words.push(std::mem::take(&mut word));
                }
                any = false;
            }
            (None, c) => word.push(c),
        }
    }
    if any || !word.is_empty() {
        words.push(word);
    }
    words
}

fn run_line(text: &str) -> RunLine {
    let mut out = RunLine::default();
    let Some(line) = text
        .lines()
        .filter_map(|l| l.split_once("RUN:").map(|(_, r)| r))
        .find(|r| r.contains("kforge-opt"))
    else {
        return out;
    };
    let words = shell_words(line);
    let start = words
        .iter()
        .position(|w| w == "kforge-opt")
        .map_or(0, |i| i + 1);
    let mut i = start;
    while i < words.len() {
        let w = &words[i];
        if w == "|" || w.starts_with("2>") {
            break;
        }
        let (name, value) = match w.strip_prefix("--").map(|f| f.split_once('=')) {
            Some(Some((n, v))) => (n.to_string(), Some(v.to_string())),
            Some(None) => (w[2..].to_string(), None),
            None => {
                i += 1;
                continue;
            }
        };
        match name.as_str() {
            "split-input-file" => out.split = true,
            "allow-unregistered-dialect" => out.allow_unregistered = true,
            "emit" => out.emit_wgsl = value.as_deref() == Some("wgsl"),
            "pass-pipeline" => {
                out.pipeline = value.or_else(|| {
                    i += 1;
                    words.get(i).cloned()
                })
            }
            flag if find_pass(flag).is_some() || find_pipeline(flag).is_some() => {
                out.flags.push(flag.to_string())
            }
            _ => {}
        }
        i += 1;
    }
    out
}

/// The chunks of `--split-input-file`, with their first line (as kforge-opt).
fn chunks(text: &str, split: bool) -> Vec<(&str, usize)> {
    if !split {
        return vec![(text, 1)];
    }
    let mut out = Vec::new();
    let (mut start, mut first_line, mut offset) = (0, 1, 0);
    for (line_no, line) in text.split_inclusive('\n').enumerate() {
        if line.trim_end().starts_with("// -----") {
            out.push((&text[start..offset], first_line));
            start = offset + line.len();
            first_line = line_no + 2;
        }
        offset += line.len();
    }
    out.push((&text[start..], first_line));
    out
}

impl MlirTarget {
    fn steps(run: &RunLine) -> Result<Vec<Step>, String> {
        let text = match (&run.pipeline, run.flags.is_empty()) {
            (Some(p), _) => p.clone(),
            (None, true) => return Ok(Vec::new()),
            (None, false) => format!("builtin.module({})", run.flags.join(",")),
        };
        parse_pipeline(&text).map_err(|e| e.to_string())
    }
}

impl Target for MlirTarget {
    fn run(&mut self, input: &[u8]) -> Verdict {
        let Ok(text) = std::str::from_utf8(input) else {
            return Verdict::Handled("not utf-8".into());
        };
        let run = run_line(text);
        let steps = match Self::steps(&run) {
            Ok(s) => s,
            Err(e) => return Verdict::Handled(format!("pipeline: {}", normalize(&e))),
        };
        let context = kforge_dialect::create_context();
        if run.allow_unregistered {
            context.set_allow_unregistered_dialects(true);
        }
        if let Err(e) = build_pass_manager(&context, &steps) {
            return Verdict::Handled(format!("pass manager: {}", normalize(&e.to_string())));
        }
        let collector = DiagnosticCollector::attach(&context);
        let mut signature = Vec::new();
        for (chunk, first_line) in chunks(text, run.split) {
            let first_error = |c: &DiagnosticCollector| {
                c.take()
                    .first()
                    .map(|d| normalize(&d.message))
                    .unwrap_or_default()
            };
            let Some(mut module) = parse_module(&context, chunk, "fuzz.mlir", first_line) else {
                signature.push(format!("parse: {}", first_error(&collector)));
                continue;
            };
            if !verify_parsed(&module) {
                signature.push(format!("verify: {}", first_error(&collector)));
                continue;
            }
            if !steps.is_empty() {
                let pm = match build_pass_manager(&context, &steps) {
                    Ok(pm) => pm,
                    Err(e) => return Verdict::Handled(normalize(&e.to_string())),
                };
                if pm.run(&mut module).is_err() {
                    signature.push(format!("pass: {}", first_error(&collector)));
                    continue;
                }
            }
            if run.emit_wgsl {
                let op = module.as_operation().to_raw();
                let wgsl = kforge_passes::lower_to_gpu::plan_module(op)
                    .and_then(|p| kforge_passes::lower_to_gpu::emit_wgsl(&p));
                if let Err(e) = wgsl {
                    signature.push(format!("wgsl: {}", normalize(&e)));
                    continue;
                }
            }
            let printed = module.as_operation().to_string();
            signature.push(format!("ok {}", printed.len().clamp(1, 1 << 20).ilog2()));
        }
        // The set of chunk outcomes: a split file's order adds nothing new.
        signature.sort();
        signature.dedup();
        let mut sig = format!("{}: ", run.flags.join(","));
        sig.push_str(&signature.join(" | "));
        Verdict::Handled(sig)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn run_line_reads_flags_and_pipeline() {
        let r = run_line(
            "// RUN: kforge-opt %s --split-input-file --lower-to-cpu --emit=wgsl | FileCheck %s\n",
        );
        assert!(r.split && r.emit_wgsl);
        assert_eq!(r.flags, ["lower-to-cpu"]);
        let r =
            run_line("// RUN: kforge-opt %s --pass-pipeline='builtin.module(cse)' | FileCheck %s");
        assert_eq!(r.pipeline.as_deref(), Some("builtin.module(cse)"));
    }

    #[test]
    fn chunks_keep_line_numbers() {
        let c = chunks("a\n// -----\nb\n", true);
        assert_eq!(c, vec![("a\n", 1), ("b\n", 3)]);
    }
}
