//! The operand layout of `kforge.multi_linear` and `kforge.swiglu_linear`:
//! the input, an optional RMSNorm weight (the prologue), then the weights.
//! The verifier, the reference interpreter, the lowering and the fusion
//! passes read and write it through this module, so none of them guesses
//! which operand is which.
use crate::signature::{AttrValue, OpSignature};

/// The most weights of one `kforge.multi_linear` (its operand slots).
pub const MAX_PROJECTIONS: usize = 4;

/// Where the operands of a projection op are.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ProjectionLayout {
    /// Whether operand #1 is an RMSNorm weight applied to the input first.
    pub has_norm: bool,
    /// Number of weights (after the input and the norm weight).
    pub weights: usize,
}

impl ProjectionLayout {
    /// The layout from `operandSegmentSizes` (`[1, n, 1, …]`), checked
    /// against the operand count; an error says what is wrong.
    pub fn of(sig: &OpSignature) -> Result<Self, String> {
        let sizes = segment_sizes(sig, "operandSegmentSizes").ok_or_else(|| {
            "expected attribute 'operandSegmentSizes' (array<i32: …>)".to_string()
        })?;
        let slots = match sig.name.as_str() {
            "kforge.swiglu_linear" => 4,
            _ => 2 + MAX_PROJECTIONS,
        };
        if sizes.len() != slots || sizes.iter().any(|s| !(0..=1).contains(s)) {
            return Err(format!(
                "expected 'operandSegmentSizes' to have {slots} entries of 0 or 1, got {sizes:?}"
            ));
        }
        let total: i64 = sizes.iter().sum();
        if total as usize != sig.operands.len() || sizes[0] != 1 || sizes[2] != 1 {
            return Err(format!(
                "expected 'operandSegmentSizes' {sizes:?} to give the input and a first weight \
                 and to sum to the operand count ({})",
                sig.operands.len()
            ));
        }
        Ok(Self {
            has_norm: sizes[1] == 1,
            weights: sizes[2..].iter().sum::<i64>() as usize,
        })
    }

    /// Index of the first weight operand.
    pub fn first_weight(&self) -> usize {
        1 + self.has_norm as usize
    }
}

/// The integers of a dense `i32` array attribute such as
/// `operandSegmentSizes = array<i32: 1, 0, 1>`.
pub fn segment_sizes(sig: &OpSignature, name: &str) -> Option<Vec<i64>> {
    let AttrValue::Other(text) = sig.attributes.get(name)? else {
        return None;
    };
    let inner = text.strip_prefix("array<i32")?.strip_suffix('>')?;
    let inner = inner.trim_start_matches(':').trim();
    if inner.is_empty() {
        return Some(Vec::new());
    }
    inner.split(',').map(|v| v.trim().parse().ok()).collect()
}

/// `operandSegmentSizes` of a `kforge.multi_linear` (`norm`: whether it has
/// the prologue) as attribute text.
pub fn multi_linear_operand_segments(norm: bool, weights: usize) -> String {
    let mut sizes = vec![1, norm as usize, 1];
    sizes.extend((1..MAX_PROJECTIONS).map(|i| (i < weights) as usize));
    array_text(&sizes)
}

/// `resultSegmentSizes` of a `kforge.multi_linear` with `weights` results.
pub fn multi_linear_result_segments(weights: usize) -> String {
    let sizes: Vec<usize> = (0..MAX_PROJECTIONS)
        .map(|i| (i < weights) as usize)
        .collect();
    array_text(&sizes)
}

/// `operandSegmentSizes` of a `kforge.swiglu_linear`.
pub fn swiglu_linear_operand_segments(norm: bool) -> String {
    array_text(&[1, norm as usize, 1, 1])
}

fn array_text(sizes: &[usize]) -> String {
    let list: Vec<String> = sizes.iter().map(|s| s.to_string()).collect();
    format!("array<i32: {}>", list.join(", "))
}
