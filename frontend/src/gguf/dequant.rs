//! Conversion of ggml tensor data to f32 through the reference
//! dequantization ([`kforge_reference::quant`]): the ggml types that are
//! also kforge weight formats.
use kforge_abi::weight_format::WeightFormat;

use super::dtype::GgmlType;

/// Weights per block in the Q8_0, Q4_0 and Q4_1 formats.
pub const BLOCK: usize = kforge_reference::quant::BLOCK;

/// The kforge weight format of a ggml type, if it is one.
pub fn weight_format(dtype: GgmlType) -> Option<WeightFormat> {
    Some(match dtype {
        GgmlType::F32 => WeightFormat::F32,
        GgmlType::F16 => WeightFormat::F16,
        GgmlType::BF16 => WeightFormat::Bf16,
        GgmlType::Q8_0 => WeightFormat::Q8_0,
        GgmlType::Q4_0 => WeightFormat::Q4_0,
        GgmlType::Q4_1 => WeightFormat::Q4_1,
        _ => return None,
    })
}

/// Converts `data` (exactly `out.len()` elements of `dtype`) to f32 into `out`.
///
/// Returns `false` when `dtype` is not dequantizable or `data` has the wrong length;
/// the caller turns that into an error naming the tensor.
pub(crate) fn dequantize(dtype: GgmlType, data: &[u8], out: &mut [f32]) -> bool {
    weight_format(dtype).is_some_and(|f| kforge_reference::quant::dequantize(f, data, out).is_ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_wrong_lengths_and_unsupported_types() {
        let mut out = [0.0f32; 32];
        assert!(!dequantize(GgmlType::Q4_1, &[0u8; 19], &mut out));
        assert!(dequantize(GgmlType::Q4_1, &[0u8; 20], &mut out));
        assert!(!dequantize(GgmlType::Q4_K, &[0u8; 144], &mut [0.0f32; 256]));
        assert!(!dequantize(GgmlType::Other(99), &[], &mut []));
    }
}
