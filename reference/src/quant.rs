//! Weights in their stored formats ([`WeightFormat`]): the reference
//! dequantization every kernel that reads blocks is compared against, and
//! the quantizers that make such weights (an importer's `--weights q8_0`,
//! the kernels' tests). Both follow ggml's reference `dequantize_row_*` /
//! `quantize_row_*_ref` functions, so a block written here is the block
//! ggml writes for the same floats.
//!
//! Dequantization is exact in f32: a scale is an f16 (11 significant bits)
//! and a quant at most 8 bits, so `d·q` is representable, and `d·q + m` is
//! rounded once.
use half::{bf16, f16};
use kforge_abi::weight_format::WeightFormat;

pub mod int8;

/// Weights per block of the 32-weight formats.
pub const BLOCK: usize = 32;

/// Why bytes do not hold the weights asked for.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QuantError {
    /// `data` is not `n` weights of `format`.
    #[error(
        "{format} data of {actual} bytes does not hold {n} weights (expected {expected} bytes)"
    )]
    Length {
        /// The format.
        format: WeightFormat,
        /// Weights asked for.
        n: usize,
        /// Bytes given.
        actual: usize,
        /// Bytes `n` weights take (`None` when `n` is not whole blocks).
        expected: String,
    },
}

fn check(format: WeightFormat, data: usize, n: usize) -> Result<(), QuantError> {
    match format.row_bytes(n) {
        Some(bytes) if bytes == data => Ok(()),
        bytes => Err(QuantError::Length {
            format,
            n,
            actual: data,
            expected: bytes.map_or_else(
                || format!("a multiple of {} weights", format.block_elems()),
                |b| b.to_string(),
            ),
        }),
    }
}

/// Converts `data` (exactly `out.len()` weights of `format`) to f32.
pub fn dequantize(format: WeightFormat, data: &[u8], out: &mut [f32]) -> Result<(), QuantError> {
    check(format, data.len(), out.len())?;
    match format {
        WeightFormat::F32 => scalars(data, out, f32::from_le_bytes),
        WeightFormat::F16 => scalars(data, out, |b| f16::from_le_bytes(b).to_f32()),
        WeightFormat::Bf16 => scalars(data, out, |b| bf16::from_le_bytes(b).to_f32()),
        WeightFormat::Q8_0 => blocks(data, out, 34, q8_0_block),
        WeightFormat::Q4_0 => blocks(data, out, 18, q4_0_block),
        WeightFormat::Q4_1 => blocks(data, out, 20, q4_1_block),
    }
    Ok(())
}

/// `n` weights of `format` as f32, dequantized from `data`.
pub fn dequantize_vec(format: WeightFormat, data: &[u8], n: usize) -> Result<Vec<f32>, QuantError> {
    let mut out = vec![0.0; n];
    dequantize(format, data, &mut out)?;
    Ok(out)
}

fn scalars<const N: usize>(data: &[u8], out: &mut [f32], convert: impl Fn([u8; N]) -> f32) {
    for (o, b) in out.iter_mut().zip(data.chunks_exact(N)) {
        *o = convert(b.try_into().expect("chunks of N"));
    }
}

fn blocks(data: &[u8], out: &mut [f32], block_bytes: usize, block: fn(&[u8], &mut [f32])) {
    for (o, b) in out
        .chunks_exact_mut(BLOCK)
        .zip(data.chunks_exact(block_bytes))
    {
        block(b, o);
    }
}

/// The f16 at `b[at..at + 2]` as f32.
pub fn f16_at(b: &[u8], at: usize) -> f32 {
    f16::from_le_bytes([b[at], b[at + 1]]).to_f32()
}

fn q8_0_block(b: &[u8], out: &mut [f32]) {
    let d = f16_at(b, 0);
    for (o, &q) in out.iter_mut().zip(&b[2..34]) {
        *o = d * f32::from(q as i8);
    }
}

fn q4_0_block(b: &[u8], out: &mut [f32]) {
    let d = f16_at(b, 0);
    let (lo, hi) = out.split_at_mut(BLOCK / 2);
    for (j, &q) in b[2..18].iter().enumerate() {
        lo[j] = d * (f32::from(q & 0x0f) - 8.0);
        hi[j] = d * (f32::from(q >> 4) - 8.0);
    }
}

fn q4_1_block(b: &[u8], out: &mut [f32]) {
    let d = f16_at(b, 0);
    let m = f16_at(b, 2);
    let (lo, hi) = out.split_at_mut(BLOCK / 2);
    for (j, &q) in b[4..20].iter().enumerate() {
        lo[j] = d * f32::from(q & 0x0f) + m;
        hi[j] = d * f32::from(q >> 4) + m;
    }
}

/// `x` stored as `format` (ggml's reference quantizers; a partial block is
/// an error, as in [`dequantize`]).
pub fn quantize(format: WeightFormat, x: &[f32]) -> Result<Vec<u8>, QuantError> {
    let bytes = format.row_bytes(x.len()).ok_or(QuantError::Length {
        format,
        n: x.len(),
        actual: 0,
        expected: format!("a multiple of {} weights", format.block_elems()),
    })?;
    let mut out = Vec::with_capacity(bytes);
    match format {
        WeightFormat::F32 => x.iter().for_each(|v| out.extend(v.to_le_bytes())),
        WeightFormat::F16 => x
            .iter()
            .for_each(|v| out.extend(f16::from_f32(*v).to_le_bytes())),
        WeightFormat::Bf16 => x
            .iter()
            .for_each(|v| out.extend(bf16::from_f32(*v).to_le_bytes())),
        WeightFormat::Q8_0 => x
            .chunks_exact(BLOCK)
            .for_each(|b| quantize_q8_0(b, &mut out)),
        WeightFormat::Q4_0 => x
            .chunks_exact(BLOCK)
            .for_each(|b| quantize_q4_0(b, &mut out)),
        WeightFormat::Q4_1 => x
            .chunks_exact(BLOCK)
            .for_each(|b| quantize_q4_1(b, &mut out)),
    }
    Ok(out)
}

/// The reciprocal of a scale, 0 for a zero scale (an all-zero block).
fn inverse(d: f32) -> f32 {
    if d == 0.0 {
        0.0
    } else {
        1.0 / d
    }
}

fn quantize_q8_0(x: &[f32], out: &mut Vec<u8>) {
    let amax = x.iter().fold(0.0f32, |m, v| m.max(v.abs()));
    let d = amax / 127.0;
    let id = inverse(d);
    out.extend(f16::from_f32(d).to_le_bytes());
    out.extend(x.iter().map(|v| (v * id).round() as i8 as u8));
}

fn quantize_q4_0(x: &[f32], out: &mut Vec<u8>) {
    // The value of largest magnitude, with its sign, maps to −8.
    let max = x
        .iter()
        .fold(0.0f32, |m, &v| if v.abs() > m.abs() { v } else { m });
    let d = max / -8.0;
    let id = inverse(d);
    out.extend(f16::from_f32(d).to_le_bytes());
    let q = |v: f32| ((v * id + 8.5) as i8).clamp(0, 15) as u8;
    out.extend((0..BLOCK / 2).map(|j| q(x[j]) | (q(x[j + BLOCK / 2]) << 4)));
}

fn quantize_q4_1(x: &[f32], out: &mut Vec<u8>) {
    let min = x.iter().copied().fold(f32::INFINITY, f32::min);
    let max = x.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let d = (max - min) / 15.0;
    let id = inverse(d);
    out.extend(f16::from_f32(d).to_le_bytes());
    out.extend(f16::from_f32(min).to_le_bytes());
    let q = |v: f32| (((v - min) * id + 0.5) as i8).clamp(0, 15) as u8;
    out.extend((0..BLOCK / 2).map(|j| q(x[j]) | (q(x[j + BLOCK / 2]) << 4)));
}

#[cfg(test)]
mod tests {
    use super::*;
    use kforge_abi::weight_format::ALL;

    fn f16_bytes(x: f32) -> [u8; 2] {
        f16::from_f32(x).to_le_bytes()
    }

    #[test]
    fn q4_1_block_puts_low_nibbles_first() {
        // d = 0.5, m = -1.0; byte j holds low nibble j and high nibble 15 - j.
        let mut block = Vec::new();
        block.extend(f16_bytes(0.5));
        block.extend(f16_bytes(-1.0));
        block.extend((0..16u8).map(|j| j | ((15 - j) << 4)));
        let out = dequantize_vec(WeightFormat::Q4_1, &block, 32).unwrap();
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
        let out = dequantize_vec(WeightFormat::Q4_0, &block, 32).unwrap();
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
        let out = dequantize_vec(WeightFormat::Q8_0, &block, 32).unwrap();
        for (i, &w) in out.iter().enumerate() {
            assert_eq!(w, 0.25 * (i as f32 - 16.0));
        }
    }

    #[test]
    fn wrong_lengths_are_errors() {
        let e = dequantize_vec(WeightFormat::Q4_1, &[0u8; 19], 32).unwrap_err();
        assert_eq!(
            e.to_string(),
            "q4_1 data of 19 bytes does not hold 32 weights (expected 20 bytes)"
        );
        let e = dequantize_vec(WeightFormat::Q8_0, &[0u8; 34], 31).unwrap_err();
        assert!(e.to_string().contains("a multiple of 32 weights"), "{e}");
        assert!(quantize(WeightFormat::Q4_0, &[0.0; 33]).is_err());
    }

    #[test]
    fn quantizing_then_dequantizing_stays_within_a_step() {
        let x: Vec<f32> = (0..256)
            .map(|i| ((i * 37 % 101) as f32 - 50.0) / 7.0)
            .collect();
        for format in ALL {
            let stored = quantize(format, &x).unwrap();
            assert_eq!(stored.len(), format.row_bytes(x.len()).unwrap());
            let back = dequantize_vec(format, &stored, x.len()).unwrap();
            let range = 100.0 / 7.0;
            let step = match format {
                WeightFormat::F32 => 0.0,
                WeightFormat::F16 => 1e-2,
                WeightFormat::Bf16 => 0.1,
                WeightFormat::Q8_0 => range / 127.0,
                WeightFormat::Q4_0 | WeightFormat::Q4_1 => range / 7.0,
            };
            for (a, b) in x.iter().zip(&back) {
                assert!((a - b).abs() <= step, "{format}: {a} became {b}");
            }
        }
    }

    #[test]
    fn an_all_zero_block_stays_zero() {
        for format in ALL {
            let stored = quantize(format, &[0.0; 32]).unwrap();
            assert_eq!(dequantize_vec(format, &stored, 32).unwrap(), vec![0.0; 32]);
        }
    }
}
