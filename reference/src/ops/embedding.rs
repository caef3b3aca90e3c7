//! `kforge.embedding`: a row gather from the token table.

use super::check;
use crate::error::{ExpectedRank, ReferenceError};
use crate::tensor::Tensor;

const EMBEDDING: &str = "kforge.embedding";

/// `kforge.embedding`: `y[s,:] = table[ids[s],:]` for `ids: [S]` (`i64`) and
/// `table: [V,D]`. An id outside `[0, V)` is an error (the compiled lowering
/// clamps instead; the reference refuses to guess).
pub fn embedding(ids: &Tensor, table: &Tensor) -> Result<Tensor, ReferenceError> {
    let is = check::i64_operand(EMBEDDING, 0, ids)?;
    let ts = check::f32_operand(EMBEDDING, 1, table)?;
    check::rank(EMBEDDING, 0, ids, ExpectedRank::Exactly(1))?;
    check::rank(EMBEDDING, 1, table, ExpectedRank::Exactly(2))?;
    let (vocab, d) = (table.shape()[0], table.shape()[1]);
    let mut out = Vec::new();
    for (index, &id) in is.iter().enumerate() {
        let row = usize::try_from(id).ok().filter(|&r| r < vocab).ok_or(
            ReferenceError::TokenOutOfRange {
                op: EMBEDDING,
                id,
                index,
                vocab,
            },
        )?;
        out.extend_from_slice(&ts[row * d..(row + 1) * d]);
    }
    Tensor::f32([is.len(), d], out)
}
