//! Command line: mlir-opt's conventions, with one flag per registered kforge
//! pass and pipeline (generated from `kforge_passes::registry`).
use clap::{parser::ValueSource, Arg, ArgAction, Command};
use kforge_passes::{parse_pipeline, Step, PASSES, PIPELINES};
use std::path::PathBuf;
use std::process::ExitCode;

/// What to do.
pub struct Options {
    /// The input file, `-` for standard input (any bytes: paths need not be UTF-8).
    pub input: PathBuf,
    /// The output file, `-` for standard output.
    pub output: PathBuf,
    pub split_input_file: bool,
    pub verify_diagnostics: bool,
    pub print_ir_after_all: bool,
    pub allow_unregistered: bool,
    pub steps: Vec<Step>,
    /// `--verify-each-numerics`: the relative tolerance, when on.
    pub verify_each_numerics: Option<f64>,
    /// `--emit=wgsl`: print the WGSL of every op's GPU kernels instead of the IR.
    pub emit_wgsl: bool,
}

fn command() -> Command {
    let mut passes_help = String::from("Passes:\n");
    for p in PASSES {
        passes_help.push_str(&format!("  --{:<32} {}\n", p.flag, p.summary));
    }
    passes_help.push_str("\nPipelines:\n");
    for p in PIPELINES {
        passes_help.push_str(&format!("  --{:<32} {}\n", p.flag, p.summary));
    }
    passes_help.push_str(
        "\nUpstream MLIR passes run through --pass-pipeline='builtin.module(canonicalize,cse)';\n\
         kforge passes and pipelines may appear in it by name.",
    );
    let mut cmd = Command::new("kforge-opt")
        .about("mlir-opt for the kforge dialect: parse, verify, transform and print MLIR")
        .version(env!("CARGO_PKG_VERSION"))
        .after_help(passes_help)
        .arg(
            Arg::new("input")
                .default_value("-")
                .value_parser(clap::value_parser!(PathBuf))
                .help("Input file, or - for standard input"),
        )
        .arg(
            Arg::new("output")
                .short('o')
                .default_value("-")
                .value_parser(clap::value_parser!(PathBuf))
                .help("Output file (written atomically), or - for standard output"),
        )
        .arg(
            Arg::new("split-input-file")
                .long("split-input-file")
                .action(ArgAction::SetTrue)
                .help("Process each '// -----' separated chunk on its own"),
        )
        .arg(
            Arg::new("verify-diagnostics")
                .long("verify-diagnostics")
                .action(ArgAction::SetTrue)
                .help("Check diagnostics against '// expected-error @+N {{...}}' comments"),
        )
        .arg(
            Arg::new("pass-pipeline")
                .long("pass-pipeline")
                .value_name("PIPELINE")
                .help("A textual pass pipeline, e.g. 'builtin.module(kforge-verify,canonicalize)'"),
        )
        .arg(
            Arg::new("print-ir-after-all")
                .long("print-ir-after-all")
                .action(ArgAction::SetTrue)
                .help("Print the IR after every pass (to standard error)"),
        )
        .arg(
            Arg::new("opt-level")
                .short('O')
                .value_name("LEVEL")
                .default_value("1")
                .value_parser(["0", "1"])
                .help("-O0: leave the fusion passes (--kforge-fuse) out of every pipeline; -O1 (default): run them"),
        )
        .arg(
            Arg::new("verify-each-numerics")
                .long("verify-each-numerics")
                .action(ArgAction::SetTrue)
                .help(
                    "Run the public functions through the reference interpreter on random inputs \
                     before and after every pass; fail when a pass changes a result beyond \
                     --numerics-tolerance (compared while the IR is kforge-level)",
                ),
        )
        .arg(
            Arg::new("numerics-tolerance")
                .long("numerics-tolerance")
                .value_name("REL")
                .default_value("1e-5")
                .value_parser(parse_tolerance)
                .help("Relative tolerance of --verify-each-numerics (normwise: max abs difference / max |baseline|)"),
        )
        .arg(
            Arg::new("emit")
                .long("emit")
                .value_name("FORMAT")
                .default_value("mlir")
                .value_parser(["mlir", "wgsl"])
                .help("mlir: print the IR; wgsl: print the WGSL of every kforge op's GPU kernels (after the passes)"),
        )
        .arg(
            Arg::new("allow-unregistered-dialect")
                .long("allow-unregistered-dialect")
                .action(ArgAction::SetTrue)
                .help("Accept ops of unknown dialects"),
        );
    // Pass and pipeline flags may repeat: each occurrence runs (as in mlir-opt).
    for (flag, summary) in pass_flags() {
        cmd = cmd.arg(
            Arg::new(flag)
                .long(flag)
                .action(ArgAction::Append)
                .num_args(0)
                .default_missing_value("on")
                .help(summary)
                .hide(true),
        );
    }
    cmd
}

/// A tolerance: a finite, non-negative number.
fn parse_tolerance(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(v) if v.is_finite() && v >= 0.0 => Ok(v),
        _ => Err(format!(
            "expected a finite non-negative number, got '{text}'"
        )),
    }
}

/// Every pass and pipeline flag with its summary.
fn pass_flags() -> impl Iterator<Item = (&'static str, &'static str)> {
    PASSES
        .iter()
        .map(|p| (p.flag, p.summary))
        .chain(PIPELINES.iter().map(|p| (p.flag, p.summary)))
}

/// Parses the command line; on error or `--help` returns the exit code to use
/// (1 for errors, as for every other bad input).
pub fn parse() -> Result<Options, ExitCode> {
    let matches = command()
        .try_get_matches()
        .map_err(kforge_cli::print_error)?;
    // Pass flags run in the order they were given, each occurrence once.
    let mut flagged: Vec<(usize, &str)> = Vec::new();
    for (flag, _) in pass_flags() {
        if matches.value_source(flag) != Some(ValueSource::CommandLine) {
            continue;
        }
        if let Some(indices) = matches.indices_of(flag) {
            flagged.extend(indices.map(|index| (index, flag)));
        }
    }
    flagged.sort();
    let pipeline = matches.get_one::<String>("pass-pipeline");
    if pipeline.is_some() && !flagged.is_empty() {
        eprintln!("kforge-opt: error: --pass-pipeline cannot be combined with pass flags");
        return Err(ExitCode::from(1));
    }
    let text = match pipeline {
        Some(p) => p.clone(),
        None => flagged
            .iter()
            .map(|(_, f)| *f)
            .collect::<Vec<_>>()
            .join(","),
    };
    let steps = match parse_pipeline(&text) {
        Ok(steps) if matches.get_one::<String>("opt-level").map(String::as_str) == Some("0") => {
            kforge_passes::pipeline::without_fusion(steps)
        }
        Ok(steps) => steps,
        Err(e) => {
            eprintln!("kforge-opt: error: {e}");
            return Err(ExitCode::from(1));
        }
    };
    Ok(Options {
        input: matches
            .get_one::<PathBuf>("input")
            .cloned()
            .unwrap_or_else(|| "-".into()),
        output: matches
            .get_one::<PathBuf>("output")
            .cloned()
            .unwrap_or_else(|| "-".into()),
        split_input_file: matches.get_flag("split-input-file"),
        verify_diagnostics: matches.get_flag("verify-diagnostics"),
        print_ir_after_all: matches.get_flag("print-ir-after-all"),
        allow_unregistered: matches.get_flag("allow-unregistered-dialect"),
        steps,
        verify_each_numerics: matches.get_flag("verify-each-numerics").then(|| {
            matches
                .get_one::<f64>("numerics-tolerance")
                .copied()
                .unwrap_or(1e-5)
        }),
        emit_wgsl: matches.get_one::<String>("emit").map(String::as_str) == Some("wgsl"),
    })
}
