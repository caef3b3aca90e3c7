//! The four tools' command lines, run as processes: an input is an argv,
//! NUL-separated, whose first word names the tool. Every run happens in one
//! scratch folder that holds the lit files, reports, a tiny GGUF, a Hugging
//! Face folder, a tensor file and an import of the tiny model (`model/`).
//! Paths are kept inside that folder: an absolute path, `..` or a URL in an
//! argument is replaced before the tool sees it, and kforge-bench's
//! benchmarking commands (`matmul`, `suite`, `fusion`) become `diff`.
use super::sandbox::{run_tool, tool, Ending};
use super::{files_under, normalize, Seeds, Setup, Target, Verdict};
use std::ffi::OsString;
use std::os::unix::ffi::OsStringExt;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The tools, by name.
const TOOLS: &[&str] = &["kforge-opt", "kforge-run", "kforge-bench", "kforge-import"];

/// Longest one tool run may take before it counts as slow (not a crash: an argv
/// may ask for real work).
const TOOL_SECONDS: u64 = 20;

/// Most arguments passed.
const MAX_ARGS: usize = 24;

/// The scratch name of a lit file: `<area>-<file>`.
fn scratch_name(repo: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(repo.join("test/lit")).unwrap_or(path);
    rel.to_string_lossy().replace('/', "-")
}

/// Splits a RUN line's command after the tool into words, up to a pipe or redirect.
fn command_words(rest: &str) -> Vec<String> {
    let mut words = Vec::new();
    for w in rest.split_whitespace() {
        if w == "|" || w.starts_with("2>") || w.starts_with('>') {
            break;
        }
        words.push(w.trim_matches('\'').to_string());
    }
    words
}

/// argv seeds: every RUN line of the lit files that runs a kforge tool (with
/// `%s` the lit file's scratch copy), and a few commands on the model files.
pub fn seeds(setup: &Setup) -> Seeds {
    let mut inputs: Vec<Vec<u8>> = Vec::new();
    for path in files_under(&setup.repo.join("test/lit"), ".mlir") {
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let me = format!("in/{}", scratch_name(&setup.repo, &path));
        for line in text
            .lines()
            .filter_map(|l| l.split_once("RUN:").map(|(_, r)| r))
        {
            for tool in TOOLS {
                let Some((_, rest)) = line.split_once(&format!("{tool} ")) else {
                    continue;
                };
                let mut argv = vec![tool.to_string()];
                for w in command_words(rest) {
                    let w = w
                        .replace("%s", &me)
                        .replace("%S/Inputs/", "in/")
                        .replace("%t", "out/t");
                    argv.push(w);
                }
                inputs.push(argv.join("\0").into_bytes());
            }
        }
    }
    let handmade: [&[&str]; 10] = [
        &["kforge-import", "in/tiny.gguf", "imported"],
        &["kforge-import", "in/hf", "imported-hf"],
        &[
            "kforge-run",
            "--model",
            "model",
            "--prompt",
            "ab",
            "--max-tokens",
            "2",
        ],
        &[
            "kforge-run",
            "--model",
            "model",
            "--prompt-ids",
            "1,3,4",
            "--max-tokens",
            "3",
            "--json",
            "--temperature",
            "0.5",
            "--top-p",
            "0.9",
        ],
        &[
            "kforge-run",
            "--model",
            "model",
            "--prompt",
            "a b",
            "--chat",
            "--max-tokens",
            "2",
            "--max-context",
            "16",
        ],
        &[
            "kforge-run",
            "in/passes-kforge-lower-to-linalg.mlir",
            "--inputs",
            "in/inputs.safetensors",
            "--no-tune",
        ],
        &[
            "kforge-bench",
            "diff",
            "in/bench-before.json",
            "in/bench-after.json",
        ],
        &[
            "kforge-bench",
            "plot",
            "in/bench-after.json",
            "--baseline",
            "in/bench-before.json",
            "-o",
            "out/p.svg",
        ],
        &["kforge-bench", "emit-mlir", "--help"],
        &["kforge-opt", "--help"],
    ];
    for argv in handmade {
        inputs.push(argv.join("\0").into_bytes());
    }
    inputs.sort();
    inputs.dedup();
    Seeds {
        dictionary: dictionary(setup),
        inputs,
    }
}

/// Flags from each tool's `--help`, file names of the scratch folder, odd values.
fn dictionary(setup: &Setup) -> Vec<Vec<u8>> {
    let mut words = std::collections::BTreeSet::new();
    let helps: [&[&str]; 7] = [
        &["kforge-opt", "--help"],
        &["kforge-run", "--help"],
        &["kforge-import", "--help"],
        &["kforge-bench", "--help"],
        &["kforge-bench", "diff", "--help"],
        &["kforge-bench", "plot", "--help"],
        &["kforge-bench", "emit-mlir", "--help"],
    ];
    for argv in helps {
        let Ok(out) = std::process::Command::new(setup.bin_dir.join(argv[0]))
            .args(&argv[1..])
            .output()
        else {
            continue;
        };
        let text = String::from_utf8_lossy(&out.stdout);
        for w in text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-')) {
            if w.starts_with("--") && w.len() > 3 {
                words.insert(w.to_string());
            }
        }
    }
    for w in [
        "-o",
        "-O0",
        "-",
        "diff",
        "plot",
        "emit-mlir",
        "gpu",
        "cpu",
        "auto",
        "wgsl",
        "model",
        "in/hf",
        "in/tiny.gguf",
        "in/inputs.safetensors",
        "in/bench-after.json",
        "out/o.mlir",
        "out/o.svg",
        "out/o.json",
        "imported",
        "builtin.module(cse)",
        "builtin.module(kforge-fuse,lower-to-cpu)",
        "--emit=wgsl",
        "--pass-pipeline=",
        "1,2,3",
        "0.5",
        "NaN",
        "-inf",
        "1e9",
        "50%",
        "",
    ] {
        words.insert(w.to_string());
    }
    let mut dict: Vec<Vec<u8>> = words.into_iter().map(String::into_bytes).collect();
    dict.push(b"caf\xff".to_vec());
    dict
}

struct CliTarget {
    bins: Vec<PathBuf>,
    dir: tempfile::TempDir,
}

/// Fills the scratch folder: lit files under `in/`, reports, model files, an import.
fn fill_sandbox(setup: &Setup, dir: &Path) -> anyhow::Result<()> {
    let inputs = dir.join("in");
    std::fs::create_dir_all(&inputs)?;
    std::fs::create_dir_all(dir.join("out"))?;
    for path in files_under(&setup.repo.join("test/lit"), "") {
        let name = path
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .to_string();
        if name.ends_with(".mlir") {
            std::fs::copy(&path, inputs.join(scratch_name(&setup.repo, &path)))?;
        }
        if path.parent().is_some_and(|p| p.ends_with("Inputs")) {
            std::fs::copy(&path, inputs.join(&name))?;
        }
    }
    let gguf = super::readers::gguf_seeds(setup);
    std::fs::write(inputs.join("tiny.gguf"), &gguf.inputs[0])?;
    let tensors = super::readers::tensor_file_seeds(setup);
    std::fs::write(inputs.join("inputs.safetensors"), &tensors.inputs[0])?;
    let hf = inputs.join("hf");
    std::fs::create_dir_all(&hf)?;
    std::fs::write(hf.join("config.json"), super::readers::TINY_CONFIG_JSON)?;
    let weights = super::readers::safetensors_seeds(setup);
    std::fs::write(hf.join("model.safetensors"), &weights.inputs[0])?;
    kforge_frontend::import_gguf(inputs.join("tiny.gguf"), dir.join("model"))?;
    Ok(())
}

/// The cli target: a scratch folder filled once per worker.
pub fn make(setup: &Setup) -> anyhow::Result<Box<dyn Target>> {
    let bins = TOOLS
        .iter()
        .map(|t| tool(&setup.bin_dir, t))
        .collect::<anyhow::Result<_>>()?;
    let dir = tempfile::Builder::new()
        .prefix("kforge-fuzz-cli-")
        .tempdir()?;
    fill_sandbox(setup, dir.path())?;
    Ok(Box::new(CliTarget { bins, dir }))
}

/// An argument kept inside the scratch folder: no absolute path, no `..`, no URL.
fn confine(arg: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(arg);
    let value = match text.split_once('=') {
        Some((flag, value)) if flag.starts_with('-') => value,
        _ => &text,
    };
    let outside = value.starts_with('/') || value.starts_with('~');
    if outside || text.contains("..") || text.contains("://") {
        let prefix = &arg[..arg.len() - value.len().min(arg.len())];
        let mut out = prefix.to_vec();
        out.extend_from_slice(b"in/x");
        return out;
    }
    arg.to_vec()
}

/// The tool and its arguments for `input`, confined.
fn argv(input: &[u8]) -> (usize, Vec<OsString>) {
    let mut words = input.split(|&b| b == 0);
    let first = words.next().unwrap_or_default();
    let tool = TOOLS
        .iter()
        .position(|t| t.as_bytes() == first)
        .unwrap_or(first.first().copied().unwrap_or(0) as usize % TOOLS.len());
    let args = words
        .take(MAX_ARGS)
        .map(|w| {
            let w = confine(w);
            let benchmark = [&b"matmul"[..], b"suite", b"fusion"].contains(&w.as_slice());
            OsString::from_vec(if tool == 2 && benchmark {
                b"diff".to_vec()
            } else {
                w
            })
        })
        .collect();
    (tool, args)
}

impl Target for CliTarget {
    fn run(&mut self, input: &[u8]) -> Verdict {
        let (tool, args) = argv(input);
        let limit = Duration::from_secs(TOOL_SECONDS);
        let shown = || {
            let words: Vec<String> = args.iter().map(|a| format!("{a:?}")).collect();
            format!("{} {}", TOOLS[tool], words.join(" "))
        };
        match run_tool(&self.bins[tool], &args, self.dir.path(), limit) {
            Ending::Exited(code, first) => {
                Verdict::Handled(format!("{} {code} {}", TOOLS[tool], normalize(&first)))
            }
            Ending::Crashed(why) => Verdict::Crash(format!("{}: {why}", shown())),
            Ending::TimedOut => Verdict::Slow(format!("{} (over {TOOL_SECONDS} s)", shown())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arguments_stay_inside_the_scratch_folder() {
        assert_eq!(confine(b"/dev/null"), b"in/x");
        assert_eq!(confine(b"--tune-cache=/dev/null"), b"--tune-cache=in/x");
        assert_eq!(confine(b"in/../../etc"), b"in/x");
        assert_eq!(confine(b"http://127.0.0.1:1"), b"in/x");
        assert_eq!(confine(b"in/a.mlir"), b"in/a.mlir");
        let (tool, args) = argv(b"kforge-bench\0suite\0/etc/passwd");
        assert_eq!(tool, 2);
        assert_eq!(args, [OsString::from("diff"), OsString::from("in/x")]);
    }
}
