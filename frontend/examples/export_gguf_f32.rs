//! Imports a llama GGUF and writes the import back out as an f32 GGUF for llama.cpp
//! (the f32 side of `bench/llamacpp.py`):
//!
//! ```text
//! cargo run -p kforge-frontend --example export_gguf_f32 -- SOURCE.gguf IMPORT_DIR OUT.gguf
//! ```
//!
//! With `--skip-import` the import in IMPORT_DIR is used as it is.

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let skip_import = args.iter().any(|a| a == "--skip-import");
    let paths: Vec<&String> = args.iter().filter(|a| !a.starts_with("--")).collect();
    let [source, import_dir, out] = paths[..] else {
        eprintln!("usage: export_gguf_f32 [--skip-import] SOURCE.gguf IMPORT_DIR OUT.gguf");
        return ExitCode::from(2);
    };
    let run = || -> kforge_frontend::Result<()> {
        if !skip_import {
            let summary = kforge_frontend::import_gguf(source, import_dir)?;
            eprintln!(
                "imported {} tensors into {}",
                summary.manifest.tensors.len(),
                summary.out_dir.display()
            );
        }
        let summary = kforge_frontend::write_gguf_f32(import_dir, out)?;
        eprintln!(
            "wrote {} ({} tensors, {} metadata keys, {} bytes)",
            summary.out_path.display(),
            summary.n_tensors,
            summary.n_metadata,
            summary.bytes
        );
        Ok(())
    };
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
