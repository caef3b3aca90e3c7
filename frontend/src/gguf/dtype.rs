//! ggml tensor types (`ggml_type`): their ids, names and block layouts.

use std::fmt;

/// A ggml tensor element type, as stored in a GGUF tensor info.
///
/// Types whose block layout is known ([`GgmlType::block_layout`]) get their data
/// bounds-checked when a file is opened; only [`GgmlType::is_dequantizable`] types can
/// be converted to f32.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[allow(non_camel_case_types)]
pub enum GgmlType {
    /// 32-bit float (0).
    F32,
    /// IEEE half (1).
    F16,
    /// 32 weights: f16 scale `d`, 16 bytes of 4-bit `q`; `w = d * (q - 8)` (2).
    Q4_0,
    /// 32 weights: f16 scale `d`, f16 min `m`, 16 bytes of 4-bit `q`; `w = d * q + m` (3).
    Q4_1,
    /// 5-bit, symmetric (6).
    Q5_0,
    /// 5-bit, with min (7).
    Q5_1,
    /// 32 weights: f16 scale `d`, 32 signed bytes `q`; `w = d * q` (8).
    Q8_0,
    /// 8-bit with a sum term (9).
    Q8_1,
    /// k-quant, 2-bit (10).
    Q2_K,
    /// k-quant, 3-bit (11).
    Q3_K,
    /// k-quant, 4-bit (12).
    Q4_K,
    /// k-quant, 5-bit (13).
    Q5_K,
    /// k-quant, 6-bit (14).
    Q6_K,
    /// k-quant, 8-bit (15).
    Q8_K,
    /// 8-bit integer (24).
    I8,
    /// 16-bit integer (25).
    I16,
    /// 32-bit integer (26).
    I32,
    /// 64-bit integer (27).
    I64,
    /// 64-bit float (28).
    F64,
    /// bfloat16 (30).
    BF16,
    /// Any other id (the i-quants, ternary and microscaling formats, and ids this
    /// reader does not know).
    Other(u32),
}

impl GgmlType {
    /// The type for a raw `ggml_type` id.
    pub fn from_id(id: u32) -> Self {
        use GgmlType::*;
        match id {
            0 => F32,
            1 => F16,
            2 => Q4_0,
            3 => Q4_1,
            6 => Q5_0,
            7 => Q5_1,
            8 => Q8_0,
            9 => Q8_1,
            10 => Q2_K,
            11 => Q3_K,
            12 => Q4_K,
            13 => Q5_K,
            14 => Q6_K,
            15 => Q8_K,
            24 => I8,
            25 => I16,
            26 => I32,
            27 => I64,
            28 => F64,
            30 => BF16,
            other => Other(other),
        }
    }

    /// The raw `ggml_type` id.
    pub fn id(self) -> u32 {
        use GgmlType::*;
        match self {
            F32 => 0,
            F16 => 1,
            Q4_0 => 2,
            Q4_1 => 3,
            Q5_0 => 6,
            Q5_1 => 7,
            Q8_0 => 8,
            Q8_1 => 9,
            Q2_K => 10,
            Q3_K => 11,
            Q4_K => 12,
            Q5_K => 13,
            Q6_K => 14,
            Q8_K => 15,
            I8 => 24,
            I16 => 25,
            I32 => 26,
            I64 => 27,
            F64 => 28,
            BF16 => 30,
            Other(id) => id,
        }
    }

    /// `(elements per block, bytes per block)`, or `None` when this reader does not
    /// know the layout.
    pub fn block_layout(self) -> Option<(u64, u64)> {
        use GgmlType::*;
        Some(match self {
            F32 | I32 => (1, 4),
            F16 | BF16 | I16 => (1, 2),
            I8 => (1, 1),
            I64 | F64 => (1, 8),
            Q4_0 => (32, 18),
            Q4_1 => (32, 20),
            Q5_0 => (32, 22),
            Q5_1 => (32, 24),
            Q8_0 => (32, 34),
            Q8_1 => (32, 36),
            Q2_K => (256, 84),
            Q3_K => (256, 110),
            Q4_K => (256, 144),
            Q5_K => (256, 176),
            Q6_K => (256, 210),
            Q8_K => (256, 292),
            Other(_) => return None,
        })
    }

    /// Whether [`crate::gguf::GgufFile::tensor_f32`] can convert this type.
    pub fn is_dequantizable(self) -> bool {
        use GgmlType::*;
        matches!(self, F32 | F16 | BF16 | Q8_0 | Q4_0 | Q4_1)
    }

    /// The types that can be converted to f32, for error messages.
    pub const DEQUANTIZABLE: &'static str = "F32, F16, BF16, Q8_0, Q4_0, Q4_1";

    /// The byte size of `n_elements` elements, or `None` for an unknown layout, a
    /// count that is not a whole number of blocks, or overflow.
    pub fn byte_size(self, n_elements: u64) -> Option<u64> {
        let (block_elems, block_bytes) = self.block_layout()?;
        if !n_elements.is_multiple_of(block_elems) {
            return None;
        }
        (n_elements / block_elems).checked_mul(block_bytes)
    }
}

impl fmt::Display for GgmlType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GgmlType::Other(id) => write!(f, "ggml type #{id}"),
            known => write!(f, "{known:?}"),
        }
    }
}
