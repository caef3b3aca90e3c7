//! Weights in a stored format on the GPU: how a kernel binds them and which shapes its generators take.
//!
//! A projection's or an embedding's weight in a format other than f32 (`kforge_abi::weight_format`, dialect/OPS.md)
//! is uploaded as its bytes exactly as stored, bound as `array<u32>` (the bytes padded to a whole word), and each
//! kernel decodes the blocks it reads in registers ([`crate::wgsl`]'s `stored` helpers): no dequantized copy exists
//! on the device. The products are f32 (weights decoded exactly, activations as they are, f32 accumulation), the
//! semantics of the f32 op on the dequantized weights: the CPU's integer products quantize the activations to 8
//! bits per block first, so the two targets differ by at most half an activation step per value (OPS.md).

use kforge_abi::weight_format::WeightFormat;

/// Weights a GEMV thread decodes per step (one `u32` of 4-bit quants, two of 8-bit ones, four of halves): a
/// row's length must be a multiple of it.
pub const UNIT: usize = 8;

/// u32 words holding `n` rows of `k` weights stored as `format` (the bytes padded to a whole word), `None` when
/// `k` is not a whole number of blocks or the size overflows.
pub fn words(format: WeightFormat, n: usize, k: usize) -> Option<usize> {
    format
        .row_bytes(k)?
        .checked_mul(n)
        .map(|bytes| bytes.div_ceil(4))
}

/// Why a row of `k` weights stored as `format` has no GPU kernel, if it has none: `k` must be a whole number of
/// blocks and of [`UNIT`]s.
pub fn check_row(format: WeightFormat, k: usize) -> Result<(), String> {
    if format == WeightFormat::F32 {
        return Ok(());
    }
    let multiple = format.block_elems().max(UNIT);
    if k.is_multiple_of(multiple) {
        Ok(())
    } else {
        Err(format!(
            "{} weights need K a multiple of {multiple} on the GPU (got {k})",
            format.name()
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_pad_the_bytes_and_refuse_partial_blocks() {
        assert_eq!(words(WeightFormat::Q8_0, 1, 32), Some(9)); // 34 bytes
        assert_eq!(words(WeightFormat::Q8_0, 2, 32), Some(17));
        assert_eq!(words(WeightFormat::Q4_1, 3, 64), Some(30));
        assert_eq!(words(WeightFormat::F16, 1, 8), Some(4));
        assert_eq!(words(WeightFormat::Q4_0, 1, 33), None);
        assert_eq!(words(WeightFormat::Q8_0, usize::MAX, 32), None);
    }

    #[test]
    fn rows_must_hold_whole_blocks_and_units() {
        assert!(check_row(WeightFormat::F32, 3).is_ok());
        assert!(check_row(WeightFormat::Q4_1, 576).is_ok());
        let err = check_row(WeightFormat::F16, 12).unwrap_err();
        assert_eq!(
            err,
            "f16 weights need K a multiple of 8 on the GPU (got 12)"
        );
        assert!(check_row(WeightFormat::Q8_0, 48).is_err());
    }
}
