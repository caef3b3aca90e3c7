//! What every kforge command line does alike, so the tools agree on exit
//! codes and messages:
//!
//! - [`parse`]: flags parsed by clap; a usage error prints clap's message
//!   and exits 1 (clap's own default is 2; every kforge failure is 1),
//!   `--help` and `--version` print and exit 0.
//! - [`init_isa`]: the ISA variant from `KFORGE_ISA`, checked before any
//!   work (the kernels and the JIT choose once), an unknown or unsupported
//!   name refused with the list of supported ones.
use std::process::ExitCode;

/// The command line `C` from this process's arguments, or the exit code to
/// return after clap has printed its message (1 for a usage error, 0 for
/// `--help` and `--version`).
pub fn parse<C: clap::Parser>() -> Result<C, ExitCode> {
    C::try_parse().map_err(print_error)
}

/// Prints a clap error (a usage error, or the text of `--help`/`--version`)
/// and returns the exit code [`parse`] gives it.
pub fn print_error(e: clap::Error) -> ExitCode {
    let _ = e.print();
    if e.use_stderr() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// Chooses the ISA variant from `KFORGE_ISA` (or the CPU); on a bad value
/// prints `TOOL: error: …` and returns exit code 1.
pub fn init_isa(tool: &str) -> Result<(), ExitCode> {
    kforge_abi::isa::init_from_env().map(|_| ()).map_err(|e| {
        eprintln!("{tool}: error: {e}");
        ExitCode::from(1)
    })
}
