//! Every format's products and lookups against the reference on the same
//! blocks (dequantized by `kforge_reference::quant`), on the active ISA
//! variant (`make test-isa` runs these under each one the host has).
use super::*;
use crate::projections::{multi_linear, swiglu_linear, Input, Part};
use kforge_abi::weight_format::ALL;
use kforge_reference::{self as reference, max_rel_error, quant as rq, Tensor};

/// A random `[n, k]` weight stored as `format`: its bytes and the f32
/// tensor of the same weights (dequantized by the reference).
fn weight(format: WeightFormat, n: usize, k: usize, seed: u64) -> (Vec<u8>, Tensor) {
    let x = Tensor::random_f32([n, k], seed);
    let bytes = rq::quantize(format, x.as_f32().unwrap()).unwrap();
    let back = rq::dequantize_vec(format, &bytes, n * k).unwrap();
    (bytes, Tensor::f32([n, k], back).unwrap())
}

fn quantized(format: WeightFormat, bytes: &[u8], k: usize) -> Quantized {
    Quantized {
        format,
        data: bytes.as_ptr() as usize,
        row_stride: format.row_bytes(k).unwrap(),
    }
}

fn addr(t: &Tensor) -> usize {
    t.as_f32().unwrap().as_ptr() as usize
}

/// The shapes: decode rows (direct dot products), a prefill block (the
/// dequantized panel and the tile), partial panels, `k` of one block; for
/// the 1-weight formats also a `k` that is not whole chunks.
fn shapes(format: WeightFormat) -> Vec<(usize, usize, Vec<usize>)> {
    let mut s = vec![
        (1, 576, vec![576, 192]),
        (2, 64, vec![33, 1]),
        (4, 32, vec![40]),
        (5, 96, vec![70, 32]),
        (29, 160, vec![65]),
    ];
    if format.block_elems() == 1 {
        s.push((3, 45, vec![9, 31]));
        s.push((13, 77, vec![33]));
    }
    s
}

#[test]
fn multi_linear_matches_the_reference_for_every_format() {
    for format in ALL {
        for (m, k, ns) in shapes(format) {
            let x = Tensor::random_f32([m, k], 1);
            let gamma = Tensor::random_f32([k], 2);
            let ws: Vec<(Vec<u8>, Tensor)> = ns
                .iter()
                .enumerate()
                .map(|(i, &n)| weight(format, n, k, 3 + i as u64))
                .collect();
            for norm in [false, true] {
                let input = Input::new(addr(&x), k, m, k, norm.then(|| addr(&gamma)), 1e-5);
                let xr = if norm {
                    reference::rms_norm(&x, &gamma, 1e-5).unwrap()
                } else {
                    x.clone()
                };
                let mut outs: Vec<Vec<f32>> = ns.iter().map(|&n| vec![f32::NAN; m * n]).collect();
                let generation = next_generation();
                let parts: Vec<Part> = ws
                    .iter()
                    .zip(&ns)
                    .zip(&mut outs)
                    .map(|(((bytes, _), &n), o)| {
                        let w = quantized(format, bytes, k);
                        Part::quantized(w, generation, n, k, o.as_mut_ptr() as usize, n)
                    })
                    .collect();
                multi_linear(&input, &parts);
                for (((_, w), &n), o) in ws.iter().zip(&ns).zip(&outs) {
                    let want = reference::linear(&xr, w, None).unwrap();
                    let got = Tensor::f32([m, n], o.clone()).unwrap();
                    let err = max_rel_error(&got, &want).unwrap();
                    assert!(
                        err < 2e-5,
                        "{format} m={m} k={k} n={n} norm={norm}: error {err}"
                    );
                }
            }
        }
    }
}

#[test]
fn swiglu_matches_the_reference_for_every_format() {
    for format in ALL {
        for (m, k, ns) in shapes(format) {
            let f = ns[0];
            let x = Tensor::random_f32([m, k], 5);
            let (gb, g) = weight(format, f, k, 6);
            let (ub, u) = weight(format, f, k, 7);
            let input = Input::new(addr(&x), k, m, k, None, 0.0);
            let mut out = vec![f32::NAN; m * f];
            let generation = next_generation();
            let o = out.as_mut_ptr() as usize;
            let gate = Part::quantized(quantized(format, &gb, k), generation, f, k, o, f);
            let up = Part::quantized(quantized(format, &ub, k), generation, f, k, o, f);
            swiglu_linear(&input, &gate, &up);
            let gx = reference::silu(&reference::linear(&x, &g, None).unwrap()).unwrap();
            let want = reference::mul(&gx, &reference::linear(&x, &u, None).unwrap()).unwrap();
            let got = Tensor::f32([m, f], out).unwrap();
            let err = max_rel_error(&got, &want).unwrap();
            assert!(err < 5e-5, "{format} m={m} k={k} f={f}: error {err}");
        }
    }
}

/// The interleaving of a stored weight, registered while this lives.
struct Registered(*const u8);

impl Registered {
    fn new(format: WeightFormat, bytes: &[u8], n: usize, k: usize) -> Self {
        // SAFETY: `bytes` holds n rows of k weights.
        let packed = unsafe { interleaved::Interleaved::pack(&quantized(format, bytes, k), n, k) };
        interleaved::register(bytes.as_ptr(), std::sync::Arc::new(packed.unwrap()));
        Self(bytes.as_ptr())
    }
}

impl Drop for Registered {
    fn drop(&mut self) {
        interleaved::unregister(self.0);
    }
}

/// The integer formats' reference product of `x: [m, k]` with stored rows.
fn int8_linear(format: WeightFormat, x: &Tensor, bytes: &[u8], n: usize) -> Tensor {
    let m = x.shape()[0];
    let out = rq::int8::linear(format, x.as_f32().unwrap(), m, bytes, n).unwrap();
    Tensor::f32([m, n], out).unwrap()
}

#[test]
fn interleaved_projections_match_the_integer_reference() {
    for format in ALL.into_iter().filter(|f| f.has_int8_products()) {
        for (m, k, ns) in shapes(format) {
            let x = Tensor::random_f32([m, k], 1);
            let gamma = Tensor::random_f32([k], 2);
            let ws: Vec<Vec<u8>> = ns
                .iter()
                .enumerate()
                .map(|(i, &n)| weight(format, n, k, 3 + i as u64).0)
                .collect();
            let _registered: Vec<Registered> = ws
                .iter()
                .zip(&ns)
                .map(|(b, &n)| Registered::new(format, b, n, k))
                .collect();
            for norm in [false, true] {
                let input = Input::new(addr(&x), k, m, k, norm.then(|| addr(&gamma)), 1e-5);
                let xr = if norm {
                    reference::rms_norm(&x, &gamma, 1e-5).unwrap()
                } else {
                    x.clone()
                };
                let mut outs: Vec<Vec<f32>> = ns.iter().map(|&n| vec![f32::NAN; m * n]).collect();
                let generation = next_generation();
                let parts: Vec<Part> = ws
                    .iter()
                    .zip(&ns)
                    .zip(&mut outs)
                    .map(|((bytes, &n), o)| {
                        let w = quantized(format, bytes, k);
                        let part = Part::quantized(w, generation, n, k, o.as_mut_ptr() as usize, n);
                        assert!(part.interleaved.is_some());
                        part
                    })
                    .collect();
                multi_linear(&input, &parts);
                for ((bytes, &n), o) in ws.iter().zip(&ns).zip(&outs) {
                    let want = int8_linear(format, &xr, bytes, n);
                    let got = Tensor::f32([m, n], o.clone()).unwrap();
                    let err = max_rel_error(&got, &want).unwrap();
                    // Normalized rows may round differently from the
                    // reference's, and move an activation by one step.
                    let bound = if norm { 2e-3 } else { 1e-5 };
                    assert!(
                        err < bound,
                        "{format} m={m} k={k} n={n} norm={norm}: error {err}"
                    );
                }
            }
        }
    }
}

#[test]
fn interleaved_swiglu_matches_the_integer_reference() {
    for format in ALL.into_iter().filter(|f| f.has_int8_products()) {
        for (m, k, ns) in shapes(format) {
            let f = ns[0];
            let x = Tensor::random_f32([m, k], 5);
            let gb = weight(format, f, k, 6).0;
            let ub = weight(format, f, k, 7).0;
            let _registered = [
                Registered::new(format, &gb, f, k),
                Registered::new(format, &ub, f, k),
            ];
            let input = Input::new(addr(&x), k, m, k, None, 0.0);
            let mut out = vec![f32::NAN; m * f];
            let generation = next_generation();
            let o = out.as_mut_ptr() as usize;
            let gate = Part::quantized(quantized(format, &gb, k), generation, f, k, o, f);
            let up = Part::quantized(quantized(format, &ub, k), generation, f, k, o, f);
            swiglu_linear(&input, &gate, &up);
            let gx = reference::silu(&int8_linear(format, &x, &gb, f)).unwrap();
            let want = reference::mul(&gx, &int8_linear(format, &x, &ub, f)).unwrap();
            let got = Tensor::f32([m, f], out).unwrap();
            let err = max_rel_error(&got, &want).unwrap();
            assert!(err < 5e-5, "{format} m={m} k={k} f={f}: error {err}");
        }
    }
}

#[test]
fn an_epilogue_on_stored_weights_matches_the_reference() {
    use crate::epilogue::{Epilogue, Operand};
    use kforge_abi::epilogue::EpilogueStep;
    let (m, k, n) = (5, 96, 70);
    let x = Tensor::random_f32([m, k], 21);
    let residual = Tensor::random_f32([m, n], 22);
    let scale = Tensor::random_f32([n], 23);
    let steps = [EpilogueStep::Add, EpilogueStep::Silu, EpilogueStep::Mul];
    let operands = [
        Operand {
            data: addr(&residual),
            row_stride: n as isize,
            col_stride: 1,
        },
        Operand {
            data: addr(&scale),
            row_stride: 0,
            col_stride: 1,
        },
    ];
    let epilogue = Epilogue::new(&steps, &operands).unwrap();
    for format in [WeightFormat::Q4_1, WeightFormat::Q8_0, WeightFormat::F16] {
        let (bytes, w) = weight(format, n, k, 24);
        for interleave in [false, true] {
            if interleave && !format.has_int8_products() {
                continue;
            }
            let _registered = interleave.then(|| Registered::new(format, &bytes, n, k));
            let input = Input::new(addr(&x), k, m, k, None, 0.0);
            let mut out = vec![f32::NAN; m * n];
            let w_q = quantized(format, &bytes, k);
            let mut part =
                Part::quantized(w_q, next_generation(), n, k, out.as_mut_ptr() as usize, n);
            part.epilogue = Some(epilogue);
            multi_linear(&input, &[part]);
            let product = if interleave {
                int8_linear(format, &x, &bytes, n)
            } else {
                reference::linear(&x, &w, None).unwrap()
            };
            let added = reference::add(&product, &residual).unwrap();
            let want = reference::mul(&reference::silu(&added).unwrap(), &scale).unwrap();
            let got = Tensor::f32([m, n], out).unwrap();
            let err = max_rel_error(&got, &want).unwrap();
            assert!(err < 5e-5, "{format} interleaved={interleave}: error {err}");
        }
    }
}

#[test]
fn dequantized_rows_equal_the_reference_exactly() {
    for format in ALL {
        for k in [32, 96, 576] {
            let (bytes, want) = weight(format, 3, k, 11);
            let w = quantized(format, &bytes, k);
            for n in 0..3 {
                let mut row = vec![f32::NAN; k];
                // SAFETY: row n of k weights; row holds k floats.
                unsafe { dequantize_row(&w, n, k, row.as_mut_ptr()) };
                assert_eq!(
                    row,
                    want.as_f32().unwrap()[n * k..(n + 1) * k],
                    "{format} k={k} row {n}"
                );
            }
        }
    }
}

#[test]
fn a_panel_from_an_earlier_call_is_not_reused() {
    // Two calls on weights at the same address with different contents:
    // the second must not read the first's dequantized panel.
    let (m, k, n) = (8, 64, 32);
    let x = Tensor::random_f32([m, k], 1);
    let input = Input::new(addr(&x), k, m, k, None, 0.0);
    let mut bytes = weight(WeightFormat::Q8_0, n, k, 2).0;
    for seed in [3, 4] {
        let (fresh, w) = weight(WeightFormat::Q8_0, n, k, seed);
        bytes.copy_from_slice(&fresh);
        let mut out = vec![0.0; m * n];
        let part = Part::quantized(
            quantized(WeightFormat::Q8_0, &bytes, k),
            next_generation(),
            n,
            k,
            out.as_mut_ptr() as usize,
            n,
        );
        multi_linear(&input, &[part]);
        let want = reference::linear(&x, &w, None).unwrap();
        let err = max_rel_error(&Tensor::f32([m, n], out).unwrap(), &want).unwrap();
        assert!(err < 2e-5, "seed {seed}: error {err}");
    }
}

/// `cargo test -p kforge-kernels --lib quant_timing -- --ignored --nocapture`:
/// decode-shaped products (1 row) per format, microseconds and weight
/// bytes per second, on the active ISA and the current rayon pool.
#[test]
#[ignore = "timing, not a test"]
fn quant_timing() {
    let reps = 200;
    for (format, m, n, k) in [
        (WeightFormat::Q4_1, 1, 1536, 576),
        (WeightFormat::Q4_1, 1, 576, 1536),
        (WeightFormat::Q8_0, 1, 1536, 576),
        (WeightFormat::Q8_0, 1, 49152, 576),
        (WeightFormat::F16, 1, 1536, 576),
        (WeightFormat::Q4_1, 64, 1536, 576),
        (WeightFormat::Q8_0, 64, 1536, 576),
    ] {
        // `KFORGE_QUANT_TIMING=q8_0:64` times only the shapes whose label starts so (for a profile).
        let label = format!("{format}:{m}x{k}x{n}");
        if std::env::var("KFORGE_QUANT_TIMING").is_ok_and(|only| !label.starts_with(&only)) {
            continue;
        }
        let (bytes, _) = weight(format, n, k, 1);
        for interleave in [false, true] {
            if interleave && !format.has_int8_products() {
                continue;
            }
            let _registered = interleave.then(|| Registered::new(format, &bytes, n, k));
            let x = Tensor::random_f32([m, k], 2);
            let input = Input::new(addr(&x), k, m, k, None, 0.0);
            let mut out = vec![0.0f32; m * n];
            let mut times = Vec::new();
            for _ in 0..reps {
                let part = Part::quantized(
                    quantized(format, &bytes, k),
                    next_generation(),
                    n,
                    k,
                    out.as_mut_ptr() as usize,
                    n,
                );
                let t = std::time::Instant::now();
                multi_linear(&input, &[part]);
                times.push(t.elapsed().as_secs_f64());
            }
            times.sort_by(f64::total_cmp);
            let median = times[reps / 2];
            let how = if interleave { "interleaved" } else { "blocks" };
            println!(
                "{format} {m}x{k}x{n} {how}: {:.1} us, {:.1} GB/s of weights, {:.1} GMAC/s",
                median * 1e6,
                bytes.len() as f64 / median / 1e9,
                (m * n * k) as f64 / median / 1e9
            );
        }
    }
}
