//! The interleaved integer products against `kforge_reference::quant::int8`
//! on the same blocks and activations, on the active ISA variant (`make
//! test-isa` runs them under each one the host has).
use super::*;
use kforge_reference::quant::{self as rq, int8};
use kforge_reference::Tensor;

const FORMATS: [WeightFormat; 3] = [WeightFormat::Q8_0, WeightFormat::Q4_0, WeightFormat::Q4_1];

fn products_of(format: WeightFormat, m: usize, n: usize, k: usize) -> (Vec<f32>, Vec<f32>) {
    let x = Tensor::random_f32([m, k], 5);
    let x = x.as_f32().unwrap();
    let w = Tensor::random_f32([n, k], 6);
    let bytes = rq::quantize(format, w.as_f32().unwrap()).unwrap();
    let stored = Quantized {
        format,
        data: bytes.as_ptr() as usize,
        row_stride: format.row_bytes(k).unwrap(),
    };
    // SAFETY: `bytes` holds n rows of k weights; x m rows of k floats; out
    // m rows of n.
    let got = unsafe {
        let packed = Interleaved::pack(&stored, n, k).unwrap();
        let act = Activations::quantize(x.as_ptr() as usize, k, m, k);
        let mut out = vec![f32::NAN; m * n];
        products(&packed, &act, 0..m, 0..packed.groups(), out.as_mut_ptr(), n);
        out
    };
    let want = int8::linear(format, x, m, &bytes, n).unwrap();
    (got, want)
}

#[test]
fn products_match_the_reference_for_every_format_and_row_count() {
    for format in FORMATS {
        for (m, n, k) in [
            (1, 576, 576),
            (2, 40, 64),
            (3, 33, 96),
            (4, 16, 32),
            (7, 70, 160),
        ] {
            let (got, want) = products_of(format, m, n, k);
            let scale = want.iter().fold(0.0f32, |a, v| a.max(v.abs()));
            for (i, (g, w)) in got.iter().zip(&want).enumerate() {
                assert!(
                    (g - w).abs() <= 1e-5 * scale,
                    "{format} {m}x{n}x{k} [{}, {}]: {g} vs {w}",
                    i / n,
                    i % n
                );
            }
        }
    }
}

#[test]
fn extreme_quants_keep_their_exact_sums() {
    // Every weight and activation at the end of its range: the AVX2 sums
    // of byte pairs are closest to overflowing 16 bits here.
    let k = 64;
    for format in FORMATS {
        let w: Vec<f32> = (0..4 * k)
            .map(|i| if i % 3 == 0 { -1.0 } else { 1.0 })
            .collect();
        let x: Vec<f32> = (0..k)
            .map(|i| if i % 2 == 0 { -1.0 } else { 1.0 })
            .collect();
        let bytes = rq::quantize(format, &w).unwrap();
        let stored = Quantized {
            format,
            data: bytes.as_ptr() as usize,
            row_stride: format.row_bytes(k).unwrap(),
        };
        // SAFETY: as above.
        let got = unsafe {
            let packed = Interleaved::pack(&stored, 4, k).unwrap();
            let act = Activations::quantize(x.as_ptr() as usize, k, 1, k);
            let mut out = vec![f32::NAN; 4];
            products(&packed, &act, 0..1, 0..1, out.as_mut_ptr(), 4);
            out
        };
        let want = int8::linear(format, &x, 1, &bytes, 4).unwrap();
        // Equal but for the portable variant's unfused multiply-adds.
        for (g, w) in got.iter().zip(&want) {
            assert!(
                (g - w).abs() <= 1e-6 * w.abs().max(1.0),
                "{format}: {got:?} vs {want:?}"
            );
        }
    }
}

#[test]
fn activations_are_the_reference_quants() {
    let x = Tensor::random_f32([3, 96], 9);
    let x = x.as_f32().unwrap();
    // SAFETY: x holds 3 rows of 96 floats.
    let act = unsafe { Activations::quantize(x.as_ptr() as usize, 96, 3, 96) };
    for r in 0..3 {
        let want = int8::quantize_activations(&x[96 * r..96 * (r + 1)]).unwrap();
        for b in 0..3 {
            // SAFETY: row r and block b exist; each block holds 32 quants.
            let (q, d, sum) = unsafe { act.block(r, b) };
            let q = unsafe { std::slice::from_raw_parts(q, 32) };
            assert_eq!(q, &want.q[32 * b..32 * (b + 1)]);
            assert_eq!((d, sum), (want.d[b], want.sum[b]));
        }
    }
}

#[test]
fn formats_without_integer_products_are_not_packed() {
    let bytes = [0u8; 2 * 64];
    for format in [WeightFormat::F16, WeightFormat::Bf16] {
        let w = Quantized {
            format,
            data: bytes.as_ptr() as usize,
            row_stride: 64,
        };
        // SAFETY: bytes holds 2 rows of 32 halves.
        assert!(unsafe { Interleaved::pack(&w, 2, 32) }.is_none());
    }
}
