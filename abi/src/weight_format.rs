//! How a projection's or an embedding's weight is stored: plain f32, a
//! 16-bit float, or one of ggml's 32-weight block formats, kept as stored
//! (memory-mapped, never dequantized into a copy).
//!
//! In the IR a weight of any format but `f32` is a tensor of raw bytes
//! `[N, K / block, block_bytes] × i8` and the op names the format in its
//! `weight_format` attribute (dialect/OPS.md); compiled code passes the
//! format to the microkernels as [`WeightFormat::code`].
//!
//! | format | weights per block | bytes per block | weight `i` of a block |
//! | --- | --- | --- | --- |
//! | `f32` | 1 | 4 | as stored |
//! | `f16` | 1 | 2 | IEEE half |
//! | `bf16` | 1 | 2 | bfloat16 |
//! | `q8_0` | 32 | 34 | `d·q[i]`: `d` f16, then 32 × i8 `q` |
//! | `q4_0` | 32 | 18 | `d·(q[i] − 8)`: `d` f16, then 16 bytes of nibbles |
//! | `q4_1` | 32 | 20 | `d·q[i] + m`: `d`, `m` f16, then 16 bytes of nibbles |
//!
//! In the 4-bit formats byte `j` of the nibbles holds weight `j` in its low
//! nibble and weight `j + 16` in its high one (ggml's layout).
use std::fmt;

/// A weight storage format.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum WeightFormat {
    /// 32-bit float, `[N, K]`.
    #[default]
    F32,
    /// IEEE half.
    F16,
    /// bfloat16.
    Bf16,
    /// 32 × i8 with an f16 scale.
    Q8_0,
    /// 32 × 4-bit with an f16 scale, centred on 8.
    Q4_0,
    /// 32 × 4-bit with an f16 scale and an f16 minimum.
    Q4_1,
}

/// Every format, in [`WeightFormat::code`] order.
pub const ALL: [WeightFormat; 6] = [
    WeightFormat::F32,
    WeightFormat::F16,
    WeightFormat::Bf16,
    WeightFormat::Q8_0,
    WeightFormat::Q4_0,
    WeightFormat::Q4_1,
];

/// The names of every format, for error messages.
pub const NAMES: &str = "f32, f16, bf16, q8_0, q4_0, q4_1";

/// Serde of a [`WeightFormat`] as its attribute spelling (`"q4_1"`), so that GPU program and tune cache files
/// read like the IR: `#[serde(with = "kforge_abi::weight_format::by_name")]`.
pub mod by_name {
    use super::{WeightFormat, NAMES};
    use serde::{de::Error, Deserialize, Deserializer, Serializer};

    /// Writes the format's name.
    pub fn serialize<S: Serializer>(f: &WeightFormat, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(f.name())
    }

    /// Reads a format's name; any other string is an error naming the supported ones.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<WeightFormat, D::Error> {
        let name = String::deserialize(d)?;
        WeightFormat::parse(&name).ok_or_else(|| {
            D::Error::custom(format!(
                "expected a weight format ({NAMES}), got \"{name}\""
            ))
        })
    }
}

/// Whether `f` is f32, the default (`skip_serializing_if`: files without the field read as before).
pub fn is_f32(f: &WeightFormat) -> bool {
    *f == WeightFormat::F32
}

impl WeightFormat {
    /// The attribute spelling (`q4_1`).
    pub fn name(self) -> &'static str {
        match self {
            Self::F32 => "f32",
            Self::F16 => "f16",
            Self::Bf16 => "bf16",
            Self::Q8_0 => "q8_0",
            Self::Q4_0 => "q4_0",
            Self::Q4_1 => "q4_1",
        }
    }

    /// The format named `name` (any case).
    pub fn parse(name: &str) -> Option<Self> {
        ALL.into_iter()
            .find(|f| f.name().eq_ignore_ascii_case(name))
    }

    /// Weights per block.
    pub fn block_elems(self) -> usize {
        match self {
            Self::F32 | Self::F16 | Self::Bf16 => 1,
            Self::Q8_0 | Self::Q4_0 | Self::Q4_1 => 32,
        }
    }

    /// Bytes per block.
    pub fn block_bytes(self) -> usize {
        match self {
            Self::F32 => 4,
            Self::F16 | Self::Bf16 => 2,
            Self::Q8_0 => 34,
            Self::Q4_0 => 18,
            Self::Q4_1 => 20,
        }
    }

    /// Bytes of one weight row of `k` weights, or `None` when `k` is not a
    /// whole number of blocks (or the size overflows).
    pub fn row_bytes(self, k: usize) -> Option<usize> {
        if !k.is_multiple_of(self.block_elems()) {
            return None;
        }
        (k / self.block_elems()).checked_mul(self.block_bytes())
    }

    /// Whether the CPU kernels multiply this format with integer dot
    /// products: the 32-weight block formats, whose products quantize the
    /// activations to 8 bits per block (`kforge_reference::quant::int8`).
    pub fn has_int8_products(self) -> bool {
        self.block_elems() == 32
    }

    /// The 32-weight format whose blocks take `bytes` bytes (the last
    /// dimension of a stored weight `[N, K / 32, bytes]`: 34, 18 and 20 are
    /// distinct), or `None`.
    pub fn of_block_bytes(bytes: usize) -> Option<Self> {
        ALL.into_iter()
            .find(|f| f.block_elems() == 32 && f.block_bytes() == bytes)
    }

    /// The `i64` by which compiled code names the format to a microkernel.
    pub fn code(self) -> i64 {
        ALL.iter().position(|f| *f == self).expect("listed") as i64
    }

    /// The format of a [`Self::code`].
    pub fn from_code(code: i64) -> Option<Self> {
        usize::try_from(code).ok().and_then(|i| ALL.get(i).copied())
    }
}

impl fmt::Display for WeightFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_codes_round_trip() {
        for f in ALL {
            assert_eq!(WeightFormat::parse(f.name()), Some(f));
            assert_eq!(WeightFormat::from_code(f.code()), Some(f));
            assert!(NAMES.contains(f.name()));
        }
        assert_eq!(WeightFormat::parse("Q4_1"), Some(WeightFormat::Q4_1));
        assert_eq!(WeightFormat::parse("q5_k"), None);
        assert_eq!(WeightFormat::from_code(-1), None);
        assert_eq!(WeightFormat::from_code(6), None);
    }

    #[test]
    fn row_bytes_need_whole_blocks() {
        assert_eq!(WeightFormat::Q4_1.row_bytes(576), Some(18 * 20));
        assert_eq!(WeightFormat::Q8_0.row_bytes(576), Some(18 * 34));
        assert_eq!(WeightFormat::F16.row_bytes(7), Some(14));
        assert_eq!(WeightFormat::Q4_0.row_bytes(48), None);
        assert_eq!(WeightFormat::Q8_0.row_bytes(usize::MAX - 31), None);
    }

    #[test]
    fn block_bytes_tell_the_32_weight_formats_apart() {
        for f in ALL.into_iter().filter(|f| f.has_int8_products()) {
            assert_eq!(WeightFormat::of_block_bytes(f.block_bytes()), Some(f));
        }
        assert_eq!(WeightFormat::of_block_bytes(2), None);
        assert_eq!(WeightFormat::of_block_bytes(4), None);
        assert!(!WeightFormat::F16.has_int8_products());
    }
}
