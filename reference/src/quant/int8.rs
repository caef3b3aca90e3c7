//! What a product with a weight of a 32-weight block format computes on the
//! CPU: the definition the kernels (`kforge_kernels::quant::interleaved`)
//! are tested against, written plainly.
//!
//! Each input row is quantized per block of 32 values to 8 bits
//! ([`quantize_activations`]: `d = max|x| / 127`, `q = round(x / d)`, ties to
//! even), the weights stay in their blocks, and each block's products are
//! summed exactly in integers; only the per-block scaling rounds. This is
//! how ggml (and so llama.cpp) multiplies these formats on the CPU; the
//! activation scale is kept as an f32 here (ggml rounds it to f16).
//!
//! Per weight row and block `b`, with `s = Σ q_w·q_x` and `Σq_x` the block's
//! activation sum, in this order (each step one f32 rounding, FMAs fused):
//! - `q8_0`: `acc = fma(s, d_w·d_x, acc)`
//! - `q4_0`: `acc = fma(s − 8·Σq_x, d_w·d_x, acc)` (nibbles `0..=15`)
//! - `q4_1`: `acc = fma(s, d_w·d_x, acc)`, then `acc = fma(m_w, d_x·Σq_x, acc)`
use super::{f16_at, BLOCK};
use kforge_abi::weight_format::WeightFormat;

/// One row of activations quantized per 32-value block.
#[derive(Clone, Debug, PartialEq)]
pub struct Activations {
    /// The quants, `[-127, 127]`.
    pub q: Vec<i8>,
    /// Each block's scale.
    pub d: Vec<f32>,
    /// Each block's sum of quants.
    pub sum: Vec<i32>,
}

/// `x` (whole blocks of 32) quantized per block, or `None` when `x.len()`
/// is not a multiple of 32.
pub fn quantize_activations(x: &[f32]) -> Option<Activations> {
    if !x.len().is_multiple_of(BLOCK) {
        return None;
    }
    let mut a = Activations {
        q: Vec::with_capacity(x.len()),
        d: Vec::new(),
        sum: Vec::new(),
    };
    for block in x.chunks_exact(BLOCK) {
        let amax = block.iter().fold(0.0f32, |m, v| m.max(v.abs()));
        let inverse = if amax > 0.0 { 127.0 / amax } else { 0.0 };
        let start = a.q.len();
        a.q.extend(
            block
                .iter()
                .map(|v| (v * inverse).round_ties_even().clamp(-127.0, 127.0) as i8),
        );
        a.d.push(amax / 127.0);
        a.sum.push(a.q[start..].iter().map(|&q| i32::from(q)).sum());
    }
    Some(a)
}

/// The weight quants of block `b` of `row` (`0..=15` for the 4-bit formats).
fn weight_quants(format: WeightFormat, block: &[u8]) -> [i32; BLOCK] {
    let mut q = [0i32; BLOCK];
    match format {
        WeightFormat::Q8_0 => {
            for (q, &b) in q.iter_mut().zip(&block[2..34]) {
                *q = i32::from(b as i8);
            }
        }
        _ => {
            let nibbles = &block[format.block_bytes() - BLOCK / 2..];
            for (j, &b) in nibbles.iter().enumerate() {
                q[j] = i32::from(b & 0x0f);
                q[j + BLOCK / 2] = i32::from(b >> 4);
            }
        }
    }
    q
}

/// The product of one weight row (`row`: its blocks as stored, `format`
/// one of the 32-weight formats) with quantized activations of the same
/// length, as the module's documentation defines it.
///
/// # Panics
/// When `format` is not a 32-weight format or the lengths disagree.
pub fn product(format: WeightFormat, row: &[u8], a: &Activations) -> f32 {
    assert!(
        format.has_int8_products(),
        "{format} has no integer products"
    );
    let bytes = format.block_bytes();
    assert_eq!(row.len(), a.d.len() * bytes, "row and activations disagree");
    let mut acc = 0.0f32;
    for (b, block) in row.chunks_exact(bytes).enumerate() {
        let qx = &a.q[b * BLOCK..(b + 1) * BLOCK];
        let s: i32 = weight_quants(format, block)
            .iter()
            .zip(qx)
            .map(|(w, &x)| w * i32::from(x))
            .sum();
        let (d, dx, sum) = (f16_at(block, 0), a.d[b], a.sum[b]);
        match format {
            WeightFormat::Q4_0 => acc = ((s - 8 * sum) as f32).mul_add(d * dx, acc),
            WeightFormat::Q4_1 => {
                acc = (s as f32).mul_add(d * dx, acc);
                acc = f16_at(block, 2).mul_add(dx * sum as f32, acc);
            }
            _ => acc = (s as f32).mul_add(d * dx, acc),
        }
    }
    acc
}

/// `out[r, j] = product(w row j, x row r)` for `x: [m, k]` and the `n`
/// rows of `w` (`format`'s blocks, row after row): a linear layer on
/// stored weights, or `None` when `k` is not whole blocks or `w` is not
/// `n` rows of them.
pub fn linear(format: WeightFormat, x: &[f32], m: usize, w: &[u8], n: usize) -> Option<Vec<f32>> {
    let k = x.len().checked_div(m)?;
    let row_bytes = format.row_bytes(k)?;
    if x.len() != m * k || w.len() != n * row_bytes || !format.has_int8_products() {
        return None;
    }
    let mut out = Vec::with_capacity(m * n);
    for xr in x.chunks_exact(k) {
        let a = quantize_activations(xr)?;
        out.extend(
            w.chunks_exact(row_bytes)
                .map(|row| product(format, row, &a)),
        );
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::quant::{dequantize_vec, quantize};

    #[test]
    fn activations_round_to_the_nearest_step() {
        let x: Vec<f32> = (0..32).map(|i| i as f32 - 16.5).collect();
        let a = quantize_activations(&x).unwrap();
        assert_eq!(a.d, vec![16.5 / 127.0]);
        assert_eq!(a.q[0], -127);
        assert_eq!(a.q[31], 112); // 14.5·127/16.5 = 111.6
        assert_eq!(a.q[16], -4); // −0.5·127/16.5 = −3.85
        assert_eq!(a.sum[0], a.q.iter().map(|&q| i32::from(q)).sum::<i32>());
        assert!(quantize_activations(&x[..31]).is_none());
    }

    #[test]
    fn a_zero_block_quantizes_to_zero() {
        let a = quantize_activations(&[0.0; 64]).unwrap();
        assert_eq!(a.d, vec![0.0, 0.0]);
        assert!(a.q.iter().all(|&q| q == 0));
    }

    /// The integer product is the f32 product with the dequantized weights
    /// up to the activations' quantization step (half a step of `max|x|/127`
    /// per value).
    #[test]
    fn products_are_the_dequantized_products_within_the_activation_step() {
        let k = 128;
        let x: Vec<f32> = (0..k)
            .map(|i| ((i * 37 % 101) as f32 / 50.0) - 1.0)
            .collect();
        let w: Vec<f32> = (0..k)
            .map(|i| ((i * 53 % 97) as f32 / 48.0) - 1.0)
            .collect();
        for format in [WeightFormat::Q8_0, WeightFormat::Q4_0, WeightFormat::Q4_1] {
            let bytes = quantize(format, &w).unwrap();
            let wd = dequantize_vec(format, &bytes, k).unwrap();
            let exact: f32 = wd.iter().zip(&x).map(|(a, b)| a * b).sum();
            let got = linear(format, &x, 1, &bytes, 1).unwrap()[0];
            let bound: f32 = wd.iter().map(|w| w.abs() * 0.5 / 127.0).sum::<f32>() + 1e-4;
            assert!((got - exact).abs() <= bound, "{format}: {got} vs {exact}");
        }
    }

    #[test]
    fn shapes_that_disagree_are_refused() {
        let w = quantize(WeightFormat::Q8_0, &[0.5; 64]).unwrap();
        assert!(linear(WeightFormat::Q8_0, &[1.0; 64], 1, &w, 2).is_none());
        assert!(linear(WeightFormat::Q8_0, &[1.0; 48], 1, &w, 1).is_none());
        assert!(linear(WeightFormat::F16, &[1.0; 64], 1, &w, 1).is_none());
    }
}
