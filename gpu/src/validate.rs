//! naga checks of generated WGSL: parse, validate, and translate to SPIR-V behind `catch_unwind`.
//!
//! naga 30's SPIR-V writer can panic on valid-looking input (an inline index in `coopLoadT`, TOOLCHAIN.md); the
//! translation here runs the same writer wgpu will run, so a generator bug becomes a [`GpuError`] before a driver
//! sees the kernel.

use crate::error::{GpuError, Result};
use naga::valid::{Capabilities, ValidationFlags, Validator};
use std::panic::{catch_unwind, AssertUnwindSafe};

/// Parses and validates `source`, then translates it to SPIR-V; returns the SPIR-V words.
pub fn validate_wgsl(kernel: &str, source: &str) -> Result<Vec<u32>> {
    let outcome = catch_unwind(AssertUnwindSafe(|| check(kernel, source)));
    match outcome {
        Ok(r) => r,
        Err(payload) => Err(GpuError::NagaPanic {
            kernel: kernel.to_string(),
            message: panic_message(payload.as_ref()),
        }),
    }
}

fn check(kernel: &str, source: &str) -> Result<Vec<u32>> {
    let invalid = |message: String| GpuError::InvalidWgsl {
        kernel: kernel.to_string(),
        message,
    };
    let module =
        naga::front::wgsl::parse_str(source).map_err(|e| invalid(e.emit_to_string(source)))?;
    let info = Validator::new(ValidationFlags::all(), Capabilities::all())
        .validate(&module)
        .map_err(|e| invalid(e.emit_to_string(source)))?;
    let options = naga::back::spv::Options {
        lang_version: (1, 3),
        ..Default::default()
    };
    naga::back::spv::write_vec(&module, &info, &options, None)
        .map_err(|e| invalid(format!("SPIR-V: {e}")))
}

fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "unknown panic".to_string()
    }
}
