//! `--check`: compares a run's results with the reference interpreter and prints one line per result.
use anyhow::Result;
use kforge_runtime::reference::{max_abs_diff, max_rel_error, Tensor, TensorData};

/// Prints each result's errors against `expected`; whether all are within `tolerance` (relative).
pub fn against_reference(outputs: &[Tensor], expected: &[Tensor], tolerance: f64) -> Result<bool> {
    let mut ok = true;
    for (i, (got, want)) in outputs.iter().zip(expected).enumerate() {
        let (abs, rel) = match (got.data(), want.data()) {
            (TensorData::I64(a), TensorData::I64(b)) => {
                let e = if a == b { 0.0 } else { f64::INFINITY };
                (e, e)
            }
            _ => (max_abs_diff(got, want)?, max_rel_error(got, want)?),
        };
        let pass = rel <= tolerance;
        ok &= pass;
        println!(
            "check result{i}: max abs error {abs:.3e}, max rel error {rel:.3e} ({} tolerance {tolerance:.0e})",
            if pass { "within" } else { "BEYOND" },
        );
    }
    Ok(ok)
}
