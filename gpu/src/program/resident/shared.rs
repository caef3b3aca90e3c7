//! [`Shared`]: the buffers one resident program lends another (a prefill program the decode program's weights and
//! KV caches), so nothing is uploaded or allocated twice.

use super::{err, Resident};
use crate::error::Result;
use crate::program::ValueDef;
use crate::runtime::GpuBuffer;
use std::sync::Arc;

/// Buffers another resident program lends ([`Resident::new_sharing`]).
#[derive(Clone, Copy)]
pub struct Shared<'r> {
    /// The program whose buffers are reused.
    pub with: &'r Resident,
    /// `(this program's input, its input)` pairs bound to the same buffer.
    pub inputs: &'r [(usize, usize)],
}

impl Shared<'_> {
    /// The lender's buffer of weight `def`, if it has that weight (same name, shape and format).
    pub(super) fn weight(&self, def: &ValueDef) -> Option<Arc<GpuBuffer>> {
        let r = self.with;
        let v = r.program.values.iter().position(|d| d == def)?;
        r.buffers[v].clone()
    }

    /// The lender's buffer for this program's input `mine`, if it is shared.
    pub(super) fn input(&self, mine: usize) -> Option<Result<Arc<GpuBuffer>>> {
        let &(_, theirs) = self.inputs.iter().find(|(m, _)| *m == mine)?;
        let r = self.with;
        Some(
            r.program
                .inputs
                .get(theirs)
                .and_then(|&v| r.buffers[v].clone())
                .ok_or_else(|| {
                    err(
                        &r.program,
                        format!("input #{theirs} has no buffer to share"),
                    )
                }),
        )
    }
}
