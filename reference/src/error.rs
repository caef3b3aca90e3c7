//! Errors of the reference interpreter.
//!
//! Every bad shape, element type, axis, position or token id is reported as a
//! [`ReferenceError`]; no function of the reference interpreter panics on bad
//! input. Messages follow the MLIR diagnostic style: lowercase, the op first,
//! expected vs actual values in parentheses, e.g.
//! `kforge.matmul: expected operand #1 dim 0 (576) to match operand #0 dim 1 (512)`.

use std::fmt;

use thiserror::Error;

use super::tensor::ElementType;

/// The rank an operand must have, as printed in [`ReferenceError::Rank`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExpectedRank {
    /// Exactly this rank; prints as `2`.
    Exactly(usize),
    /// Any rank in the inclusive range; prints as `1 to 3`.
    Between(usize, usize),
    /// This rank or more; prints as `at least 1`.
    AtLeast(usize),
}

impl ExpectedRank {
    /// Whether `rank` satisfies this rule.
    pub fn admits(self, rank: usize) -> bool {
        match self {
            Self::Exactly(r) => rank == r,
            Self::Between(lo, hi) => (lo..=hi).contains(&rank),
            Self::AtLeast(lo) => rank >= lo,
        }
    }
}

impl fmt::Display for ExpectedRank {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Exactly(r) => write!(f, "{r}"),
            Self::Between(lo, hi) => write!(f, "{lo} to {hi}"),
            Self::AtLeast(lo) => write!(f, "at least {lo}"),
        }
    }
}

/// An error of the reference interpreter: bad input, never an internal fault.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ReferenceError {
    /// A tensor was built with a data length that does not match its shape.
    #[error("shape {shape:?} holds {expected} elements, got {actual}")]
    ElementCount {
        /// The requested shape.
        shape: Vec<usize>,
        /// The element count of `shape`.
        expected: usize,
        /// The length of the data given.
        actual: usize,
    },
    /// The element count of a shape does not fit in `usize`.
    #[error("shape {shape:?} has more elements than fit in memory")]
    ShapeOverflow {
        /// The requested shape.
        shape: Vec<usize>,
    },
    /// A tensor accessor was called for the wrong element type.
    #[error("expected a tensor of element type {expected}, got {actual}")]
    ElementType {
        /// The element type asked for.
        expected: ElementType,
        /// The element type of the tensor.
        actual: ElementType,
    },
    /// An op operand has the wrong element type.
    #[error("{op}: expected operand #{operand} element type ({expected}), got {actual}")]
    OperandElementType {
        /// The op, e.g. `kforge.embedding`.
        op: &'static str,
        /// The operand index.
        operand: usize,
        /// The element type the op requires.
        expected: ElementType,
        /// The element type given.
        actual: ElementType,
    },
    /// An op operand has the wrong rank.
    #[error("{op}: expected operand #{operand} rank ({expected}), got {actual}")]
    Rank {
        /// The op.
        op: &'static str,
        /// The operand index.
        operand: usize,
        /// The admitted ranks.
        expected: ExpectedRank,
        /// The rank given.
        actual: usize,
    },
    /// Two operand dims that must be equal differ.
    #[error(
        "{op}: expected operand #{operand} dim {dim} ({size}) to match \
         operand #{other_operand} dim {other_dim} ({other_size})"
    )]
    DimMismatch {
        /// The op.
        op: &'static str,
        /// The operand whose dim is checked.
        operand: usize,
        /// The dim index within `operand`.
        dim: usize,
        /// The size of that dim.
        size: usize,
        /// The operand it must match.
        other_operand: usize,
        /// The dim index within `other_operand`.
        other_dim: usize,
        /// The size of that dim.
        other_size: usize,
    },
    /// A dim that must be even is odd (the head dim of `kforge.rope`).
    #[error("{op}: expected operand #{operand} dim {dim} ({size}) to be even")]
    OddDim {
        /// The op.
        op: &'static str,
        /// The operand index.
        operand: usize,
        /// The dim index.
        dim: usize,
        /// The odd size.
        size: usize,
    },
    /// Two shapes are not compatible under numpy broadcasting.
    #[error("{op}: cannot broadcast operand shapes {lhs:?} and {rhs:?}")]
    Broadcast {
        /// The op.
        op: &'static str,
        /// The shape of operand #0.
        lhs: Vec<usize>,
        /// The shape of operand #1.
        rhs: Vec<usize>,
    },
    /// An axis attribute is outside `[-rank, rank)`.
    #[error("{op}: axis {axis} out of range for rank {rank}")]
    Axis {
        /// The op.
        op: &'static str,
        /// The axis given.
        axis: i64,
        /// The rank of the operand.
        rank: usize,
    },
    /// The query heads are not a multiple of the key/value heads.
    #[error(
        "{op}: expected query heads ({q_heads}) to be a multiple of key/value heads ({kv_heads})"
    )]
    HeadGrouping {
        /// The op.
        op: &'static str,
        /// `Hq`, dim 1 of the query.
        q_heads: usize,
        /// `Hkv`, dim 1 of the keys.
        kv_heads: usize,
    },
    /// A query row would attend to no key at all (softmax over an empty set).
    #[error("{op}: query {query} attends to no keys")]
    NoVisibleKeys {
        /// The op.
        op: &'static str,
        /// The query row (dim 0 of the query).
        query: usize,
    },
    /// A KV-cache position is negative.
    #[error("{op}: position {position} is negative")]
    NegativePosition {
        /// The op.
        op: &'static str,
        /// The position given.
        position: i64,
    },
    /// The new rows of a KV-cache update do not fit in the cache.
    #[error("{op}: position {position} + {rows} new rows exceeds cache capacity {capacity}")]
    CacheOverflow {
        /// The op.
        op: &'static str,
        /// The first row written.
        position: i64,
        /// The number of rows written.
        rows: usize,
        /// The number of rows in the cache.
        capacity: usize,
    },
    /// A token id is outside the embedding table.
    #[error("{op}: token id {id} outside the vocabulary [0, {vocab}) (ids[{index}])")]
    TokenOutOfRange {
        /// The op.
        op: &'static str,
        /// The offending id.
        id: i64,
        /// Its index in the id tensor.
        index: usize,
        /// The number of rows of the table.
        vocab: usize,
    },
    /// A reshape changes the element count.
    #[error(
        "{op}: cannot reshape {from:?} ({from_numel} elements) into {to:?} ({to_numel} elements)"
    )]
    ReshapeCount {
        /// The op.
        op: &'static str,
        /// The shape of the operand.
        from: Vec<usize>,
        /// Its element count.
        from_numel: usize,
        /// The target shape.
        to: Vec<usize>,
        /// Its element count.
        to_numel: usize,
    },
    /// Two tensors compared element by element have different shapes.
    #[error("cannot compare tensors of shapes {actual:?} and {expected:?}")]
    CompareShape {
        /// The shape of the tensor under test.
        actual: Vec<usize>,
        /// The shape of the reference tensor.
        expected: Vec<usize>,
    },
}
