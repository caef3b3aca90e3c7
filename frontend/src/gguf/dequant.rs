//! Conversion of ggml tensor data to f32: plain floats and the 32-weight block formats
//! Q8_0, Q4_0 and Q4_1, following ggml's reference `dequantize_row_*` functions.
//!
//! In the 4-bit formats each of the 16 bytes holds two weights: the low nibble of byte
//! `j` is element `j`, the high nibble is element `j + 16`.

use half::{bf16, f16};

use super::dtype::GgmlType;

/// Weights per block in the Q8_0, Q4_0 and Q4_1 formats.
pub const BLOCK: usize = 32;

/// Converts `data` (exactly `out.len()` elements of `dtype`) to f32 into `out`.
///
/// Returns `false` when `dtype` is not dequantizable or `data` has the wrong length;
/// the caller turns that into an error naming the tensor.
pub(crate) fn dequantize(dtype: GgmlType, data: &[u8], out: &mut [f32]) -> bool {
    if dtype.byte_size(out.len() as u64) != Some(data.len() as u64) {
        return false;
    }
    match dtype {
        GgmlType::F32 => convert_scalars(data, out, f32::from_le_bytes),
        GgmlType::F16 => convert_scalars(data, out, |b| f16::from_le_bytes(b).to_f32()),
        GgmlType::BF16 => convert_scalars(data, out, |b| bf16::from_le_bytes(b).to_f32()),
        GgmlType::Q8_0 => convert_blocks(data, out, 34, dequantize_q8_0_block),
        GgmlType::Q4_0 => convert_blocks(data, out, 18, dequantize_q4_0_block),
        GgmlType::Q4_1 => convert_blocks(data, out, 20, dequantize_q4_1_block),
        _ => return false,
    }
    true
}

fn convert_scalars<const N: usize>(data: &[u8], out: &mut [f32], convert: impl Fn([u8; N]) -> f32) {
    for (o, b) in out.iter_mut().zip(data.chunks_exact(N)) {
        let mut bytes = [0u8; N];
        bytes.copy_from_slice(b);
        *o = convert(bytes);
    }
}

fn convert_blocks(data: &[u8], out: &mut [f32], block_bytes: usize, block: fn(&[u8], &mut [f32])) {
    for (o, b) in out
        .chunks_exact_mut(BLOCK)
        .zip(data.chunks_exact(block_bytes))
    {
        block(b, o);
    }
}

fn f16_at(b: &[u8], at: usize) -> f32 {
    f16::from_le_bytes([b[at], b[at + 1]]).to_f32()
}

/// Q8_0: `d: f16`, `q: [i8; 32]`; `w[i] = d * q[i]`.
fn dequantize_q8_0_block(b: &[u8], out: &mut [f32]) {
    let d = f16_at(b, 0);
    for (o, &q) in out.iter_mut().zip(&b[2..34]) {
        *o = d * f32::from(q as i8);
    }
}

/// Q4_0: `d: f16`, `qs: [u8; 16]`; `w = d * (q - 8)`.
fn dequantize_q4_0_block(b: &[u8], out: &mut [f32]) {
    let d = f16_at(b, 0);
    let (lo, hi) = out.split_at_mut(BLOCK / 2);
    for (j, &q) in b[2..18].iter().enumerate() {
        lo[j] = d * (f32::from(q & 0x0f) - 8.0);
        hi[j] = d * (f32::from(q >> 4) - 8.0);
    }
}

/// Q4_1: `d: f16`, `m: f16`, `qs: [u8; 16]`; `w = d * q + m`.
fn dequantize_q4_1_block(b: &[u8], out: &mut [f32]) {
    let d = f16_at(b, 0);
    let m = f16_at(b, 2);
    let (lo, hi) = out.split_at_mut(BLOCK / 2);
    for (j, &q) in b[4..20].iter().enumerate() {
        lo[j] = d * f32::from(q & 0x0f) + m;
        hi[j] = d * f32::from(q >> 4) + m;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f16_bytes(x: f32) -> [u8; 2] {
        f16::from_f32(x).to_le_bytes()
    }

    #[test]
    fn q4_1_block_puts_low_nibbles_first() {
        // d = 0.5, m = -1.0; byte j holds low nibble j % 16 and high nibble 15 - j.
        let mut block = Vec::new();
        block.extend(f16_bytes(0.5));
        block.extend(f16_bytes(-1.0));
        block.extend((0..16u8).map(|j| j | ((15 - j) << 4)));
        let mut out = [0.0f32; 32];
        assert!(dequantize(GgmlType::Q4_1, &block, &mut out));
        for j in 0..16 {
            assert_eq!(out[j], 0.5 * j as f32 - 1.0, "element {j}");
            assert_eq!(
                out[j + 16],
                0.5 * (15 - j) as f32 - 1.0,
                "element {}",
                j + 16
            );
        }
    }

    #[test]
    fn q4_0_block_centres_on_eight() {
        let mut block = Vec::new();
        block.extend(f16_bytes(2.0));
        block.extend((0..16u8).map(|j| j | (j << 4)));
        let mut out = [0.0f32; 32];
        assert!(dequantize(GgmlType::Q4_0, &block, &mut out));
        for j in 0..16 {
            assert_eq!(out[j], 2.0 * (j as f32 - 8.0));
            assert_eq!(out[j + 16], out[j]);
        }
    }

    #[test]
    fn q8_0_block_is_signed() {
        let mut block = Vec::new();
        block.extend(f16_bytes(0.25));
        block.extend((0..32i8).map(|i| (i - 16) as u8));
        let mut out = [0.0f32; 32];
        assert!(dequantize(GgmlType::Q8_0, &block, &mut out));
        for (i, &w) in out.iter().enumerate() {
            assert_eq!(w, 0.25 * (i as f32 - 16.0));
        }
    }

    #[test]
    fn rejects_wrong_lengths_and_unsupported_types() {
        let mut out = [0.0f32; 32];
        assert!(!dequantize(GgmlType::Q4_1, &[0u8; 19], &mut out));
        assert!(!dequantize(GgmlType::Q4_K, &[0u8; 144], &mut [0.0f32; 256]));
        assert!(!dequantize(GgmlType::Other(99), &[], &mut []));
    }
}
