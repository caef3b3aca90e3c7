//! The fuzz targets: each calls the library functions a kforge tool calls (or
//! runs the tool itself where its code lives only in the binary), and says
//! what became of an input as a short signature. A new signature is new
//! behaviour: the driver keeps the input in the corpus.
mod cli;
mod mlir;
mod readers;
mod report;
mod sandbox;

pub use sandbox::crash_line as crash_cause;

use crate::mutate::Shape;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// What became of one input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Handled (accepted or rejected with an error): the outcome's signature.
    Handled(String),
    /// A tool run by the target crashed (signal, panic, abort): the cause.
    Crash(String),
    /// A tool run by the target did not finish in time, where taking long can
    /// be legitimate (the CLI target asks for real work): not a crash.
    Slow(String),
}

/// A target, set up in a worker process.
pub trait Target {
    /// Runs one input.
    fn run(&mut self, input: &[u8]) -> Verdict;
}

/// Where the fuzzer finds the repository (seeds) and the kforge tools.
#[derive(Debug, Clone)]
pub struct Setup {
    /// The repository root (test/lit, test/corpus, bench/results).
    pub repo: PathBuf,
    /// The folder of the kforge-opt, kforge-run, kforge-bench and kforge-import binaries.
    pub bin_dir: PathBuf,
}

/// One registered target.
pub struct TargetInfo {
    /// Name on the command line.
    pub name: &'static str,
    /// One line for `--help` and the README.
    pub about: &'static str,
    /// Input shape, for the mutator.
    pub shape: Shape,
    /// Longest input.
    pub max_len: usize,
    /// Longest a worker may take on one input before it counts as hung.
    pub timeout: Duration,
    /// Seed inputs and dictionary tokens.
    pub seeds: fn(&Setup) -> Seeds,
    /// Sets the target up in a worker.
    pub make: fn(&Setup) -> anyhow::Result<Box<dyn Target>>,
}

/// A target's seed corpus and dictionary.
#[derive(Default)]
pub struct Seeds {
    /// Inputs to start from (file contents, or built in memory).
    pub inputs: Vec<Vec<u8>>,
    /// Tokens the mutator inserts.
    pub dictionary: Vec<Vec<u8>>,
}

/// Every target, in the order `--target all` runs them.
pub static TARGETS: &[TargetInfo] = &[
    TargetInfo {
        name: "mlir",
        about: "kforge-opt's front: parse_module, verify_parsed, then the passes of the seed's RUN line (lit files)",
        shape: Shape::Text,
        max_len: 64 << 10,
        timeout: Duration::from_secs(60),
        seeds: mlir::seeds,
        make: mlir::make,
    },
    TargetInfo {
        name: "gguf",
        about: "GgufFile::from_bytes, every tensor dequantized, ModelConfig/LlamaWeights/GgufTokenizer, then import_gguf",
        shape: Shape::Binary,
        max_len: 256 << 10,
        timeout: Duration::from_secs(30),
        seeds: readers::gguf_seeds,
        make: readers::make_gguf,
    },
    TargetInfo {
        name: "safetensors",
        about: "HfFolder::scan + load on a folder of a tiny config.json and the input as model.safetensors",
        shape: Shape::Binary,
        max_len: 256 << 10,
        timeout: Duration::from_secs(30),
        seeds: readers::safetensors_seeds,
        make: readers::make_safetensors,
    },
    TargetInfo {
        name: "hf-config",
        about: "ModelConfig::from_hf_config_str on the input as config.json",
        shape: Shape::Text,
        max_len: 16 << 10,
        timeout: Duration::from_secs(10),
        seeds: readers::hf_config_seeds,
        make: readers::make_hf_config,
    },
    TargetInfo {
        name: "tensor-file",
        about: "kforge-run --inputs' reader: runtime::tensor_io::TensorFile open, names, get, f32_slice",
        shape: Shape::Binary,
        max_len: 64 << 10,
        timeout: Duration::from_secs(10),
        seeds: readers::tensor_file_seeds,
        make: readers::make_tensor_file,
    },
    TargetInfo {
        name: "bench-report",
        about: "kforge-bench diff and plot (the binary) on the input as a report",
        shape: Shape::Text,
        max_len: 64 << 10,
        timeout: Duration::from_secs(60),
        seeds: report::seeds,
        make: report::make,
    },
    TargetInfo {
        name: "cli",
        about: "kforge-opt, kforge-run, kforge-bench and kforge-import (the binaries) on an argv (NUL-separated), in a sandbox",
        shape: Shape::Tokens(0),
        max_len: 2 << 10,
        timeout: Duration::from_secs(120),
        seeds: cli::seeds,
        make: cli::make,
    },
];

/// The target named `name`.
pub fn find(name: &str) -> Option<&'static TargetInfo> {
    TARGETS.iter().find(|t| t.name == name)
}

/// A message as a signature: numbers (decimal or hex words) folded to `#`,
/// quoted text dropped, short. Two inputs that fail the same check share it.
pub fn normalize(message: &str) -> String {
    let mut out = String::new();
    let mut quoted: Option<char> = None;
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        let hex_bytes = word.len() <= 2 && word.chars().all(|c| c.is_ascii_hexdigit());
        if word.chars().any(|c| c.is_ascii_digit()) || (hex_bytes && !word.is_empty()) {
            out.push('#');
        } else {
            out.push_str(word);
        }
        word.clear();
    };
    for c in message.chars() {
        if let Some(q) = quoted {
            if c == q {
                quoted = None;
                out.push(q);
            }
            continue;
        }
        if c.is_ascii_alphanumeric() || c == '_' {
            word.push(c);
            continue;
        }
        flush(&mut word, &mut out);
        match c {
            '\'' | '`' | '"' => {
                quoted = Some(c);
                out.push(c);
            }
            '\n' => out.push(' '),
            _ => out.push(c),
        }
        if out.len() >= 120 {
            return out;
        }
    }
    flush(&mut word, &mut out);
    out
}

/// Every file under `dir` (recursively) whose name ends with `suffix`, sorted.
pub fn files_under(dir: &Path, suffix: &str) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            let name = e.file_name();
            if name == "Output" || name == "__pycache__" {
                continue;
            }
            if p.is_dir() {
                stack.push(p);
            } else if p.to_string_lossy().ends_with(suffix) {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// The tokens of `text` worth inserting: identifiers, dotted names, flags.
pub fn harvest_tokens(texts: &[Vec<u8>], limit: usize) -> Vec<Vec<u8>> {
    let mut seen = std::collections::BTreeSet::new();
    for text in texts {
        let text = String::from_utf8_lossy(text);
        for word in text.split(|c: char| !(c.is_ascii_alphanumeric() || "._-<>%@#!".contains(c))) {
            if (2..=40).contains(&word.len()) {
                seen.insert(word.as_bytes().to_vec());
            }
        }
    }
    seen.into_iter().take(limit).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalize_folds_digits_and_quotes() {
        assert_eq!(
            normalize("expected rank (2) of 'x7' at 10:4"),
            "expected rank (#) of '' at #:#"
        );
        assert_eq!(normalize("found ([0, 4a, ff, 3])"), "found ([#, #, #, #])");
    }

    #[test]
    fn target_names_are_unique() {
        let mut names: Vec<_> = TARGETS.iter().map(|t| t.name).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), TARGETS.len());
    }
}
