//! `kforge-opt`: mlir-opt for kforge. Reads MLIR (a file or `-`), verifies it
//! (MLIR's verifier, IRDL, then kforge's semantic rules), runs the passes named
//! by flags in command-line order or by `--pass-pipeline`, and prints the result.
//! Exit code 0 on success, 1 on any error (bad input, bad flags, failed pass).
mod cli;

use anyhow::{anyhow, Context as _, Result};
use kforge_dialect::source::{parse_module, verify_parsed, Diagnostic, DiagnosticCollector};
use kforge_dialect::split_input_file::split_input_file;
use kforge_dialect::verify_diagnostics;
use kforge_passes::build_pass_manager;
use melior::pass::PassIrPrintingOptions;
use std::io::{Read, Write};
use std::path::Path;
use std::process::ExitCode;

/// Stack of the thread that does the work: MLIR's parser, verifier, printer
/// and passes recurse once per nesting level, and the parser accepts up to
/// `kforge_dialect::source::MAX_NESTING` levels.
const STACK_BYTES: usize = 512 << 20;

fn main() -> ExitCode {
    let options = match cli::parse() {
        Ok(options) => options,
        Err(code) => return code,
    };
    // The target's ISA variant (native register tiles, --verify-each-numerics'
    // kernels): a bad KFORGE_ISA is an error before any work.
    if let Err(code) = kforge_cli::init_isa("kforge-opt") {
        return code;
    }
    std::thread::scope(|scope| {
        let worker = std::thread::Builder::new()
            .name("kforge-opt".into())
            .stack_size(STACK_BYTES)
            .spawn_scoped(scope, || run_and_report(&options));
        match worker {
            // A panic was printed by the panic hook.
            Ok(worker) => worker.join().unwrap_or(ExitCode::from(1)),
            // No memory for the big stack: the main thread's will do for most input.
            Err(_) => run_and_report(&options),
        }
    })
}

fn run_and_report(options: &cli::Options) -> ExitCode {
    match run(options) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(e) => {
            eprintln!("kforge-opt: error: {e:#}");
            ExitCode::from(1)
        }
    }
}

fn read_input(path: &Path) -> Result<String> {
    let bytes = if path == Path::new("-") {
        let mut buf = Vec::new();
        std::io::stdin()
            .read_to_end(&mut buf)
            .context("cannot read standard input")?;
        buf
    } else {
        std::fs::read(path).with_context(|| format!("cannot read '{}'", path.display()))?
    };
    String::from_utf8(bytes).map_err(|e| {
        anyhow!(
            "{}: input is not valid UTF-8 (first bad byte at offset {})",
            path.display(),
            e.utf8_error().valid_up_to()
        )
    })
}

/// Processes every chunk; returns whether all succeeded (or, with
/// `--verify-diagnostics`, whether every diagnostic was expected).
fn run(options: &cli::Options) -> Result<bool> {
    let text = read_input(&options.input)?;
    // Diagnostics name the file as text (a non-UTF-8 byte shows as U+FFFD).
    let input_name = options.input.to_string_lossy();
    let file_name = if options.input == Path::new("-") {
        "<stdin>"
    } else {
        input_name.as_ref()
    };
    let context = kforge_dialect::create_context();
    if options.allow_unregistered {
        context.set_allow_unregistered_dialects(true);
    }
    if options.print_ir_after_all {
        // MLIR refuses IR printing on a multi-threaded context (as mlir-opt does).
        context.enable_multi_threading(false);
    }
    // Build once up front so a bad pipeline is reported before any parsing.
    build_pass_manager(&context, &options.steps)?;
    let collector = DiagnosticCollector::attach(&context);
    let mut outputs = Vec::new();
    let mut all_ok = true;
    for chunk in split_input_file(&text, options.split_input_file) {
        let (output, diagnostics) = process_chunk(
            &context,
            &collector,
            options,
            chunk.text,
            file_name,
            chunk.first_line,
        )?;
        if options.verify_diagnostics {
            let expected = verify_diagnostics::parse(chunk.text, chunk.first_line);
            // mlir-opt does not print the op on a diagnostic in this mode.
            let diagnostics: Vec<Diagnostic> = diagnostics
                .into_iter()
                .filter(|d| !d.is_current_operation_note())
                .collect();
            let problems = verify_diagnostics::check(&expected, &diagnostics, file_name);
            for p in &problems {
                eprintln!("{p}");
            }
            all_ok &= problems.is_empty();
        } else {
            for d in &diagnostics {
                eprintln!("{}", d.render_in(file_name, &text));
            }
            all_ok &= output.is_some();
        }
        if let Some(out) = output {
            outputs.push(out);
        }
    }
    if !options.verify_diagnostics && !all_ok {
        return Ok(false);
    }
    write_output(&options.output, &outputs.join("// -----\n"))?;
    Ok(all_ok)
}

fn process_chunk(
    context: &melior::Context,
    collector: &DiagnosticCollector,
    options: &cli::Options,
    text: &str,
    file_name: &str,
    first_line: usize,
) -> Result<(Option<String>, Vec<Diagnostic>)> {
    let Some(mut module) = parse_module(context, text, file_name, first_line) else {
        return Ok((None, collector.take()));
    };
    if !verify_parsed(&module) {
        return Ok((None, collector.take()));
    }
    let ok = match options.verify_each_numerics {
        Some(tolerance) => run_validated(context, options, &mut module, tolerance)?,
        None => run_steps(context, options, &options.steps, &mut module)?,
    };
    if !ok {
        return Ok((None, collector.take()));
    }
    if options.emit_wgsl {
        let planned = kforge_passes::lower_to_gpu::plan_module(module.as_operation().to_raw())
            .and_then(|p| kforge_passes::lower_to_gpu::emit_wgsl(&p))
            .map_err(|e| anyhow!("--emit=wgsl: {e}"))?;
        return Ok((Some(planned), collector.take()));
    }
    let mut printed = module.as_operation().to_string();
    if !printed.ends_with('\n') {
        printed.push('\n');
    }
    Ok((Some(printed), collector.take()))
}

/// Runs `steps` on `module`; `false` when a pass failed (diagnostics emitted).
fn run_steps(
    context: &melior::Context,
    options: &cli::Options,
    steps: &[kforge_passes::Step],
    module: &mut melior::ir::Module,
) -> Result<bool> {
    if steps.is_empty() {
        return Ok(true);
    }
    let pm = build_pass_manager(context, steps)?;
    if options.print_ir_after_all {
        pm.enable_ir_printing(&PassIrPrintingOptions {
            before_all: false,
            after_all: true,
            module_scope: true,
            on_change: false,
            on_failure: false,
            flags: Default::default(),
            tree_printing_path: Default::default(),
        });
    }
    Ok(pm.run(module).is_ok())
}

/// `--verify-each-numerics`: runs the steps one at a time, comparing the
/// module's results after each with those before the pipeline
/// (`kforge_runtime::verify_each_numerics`); `false` when a pass failed or
/// changed a result.
fn run_validated(
    context: &melior::Context,
    options: &cli::Options,
    module: &mut melior::ir::Module,
    tolerance: f64,
) -> Result<bool> {
    use kforge_runtime::verify_each_numerics::{run_each_step, Message};
    let run_step = |step: &kforge_passes::Step, module: &mut melior::ir::Module| {
        run_steps(context, options, std::slice::from_ref(step), module)
    };
    run_each_step(
        module,
        &options.steps,
        tolerance,
        run_step,
        &mut |m| match m {
            Message::Note(note) => eprintln!("kforge-opt: note: {note}"),
            Message::Error(error) => eprintln!("kforge-opt: error: {error}"),
        },
    )
}

fn write_output(path: &Path, text: &str) -> Result<()> {
    if path == Path::new("-") {
        let mut out = std::io::stdout().lock();
        out.write_all(text.as_bytes())?;
        return Ok(());
    }
    // Atomic: a failed run never leaves a half-written output behind (the
    // runtime's writer also writes devices such as /dev/null in place).
    kforge_runtime::atomic::write_atomically(path, text.as_bytes())
        .with_context(|| format!("cannot write '{}'", path.display()))
}
