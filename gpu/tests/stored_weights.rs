//! The kernels that read weights in a stored format (f16, bf16, Q8_0, Q4_0, Q4_1) from their raw bytes, against
//! the reference on the dequantized weights (lavapipe in CI): GEMV (plain, bias, epilogue, multi, SwiGLU), the
//! tiled matmul and the embedding.

mod common;

use common::{assert_close, gpu, random, rng};
use kforge_gpu::expected;
use kforge_gpu::runtime::{Gpu, Host};
use kforge_gpu::{
    BinaryOp, Epilogue, EpilogueOp, KernelSpec, MatmulSpec, MatmulTile, UnaryOp, WeightFormat,
};
use kforge_reference::quant::{dequantize_vec, quantize};
use rand::rngs::StdRng;

const FORMATS: [WeightFormat; 5] = [
    WeightFormat::F16,
    WeightFormat::Bf16,
    WeightFormat::Q8_0,
    WeightFormat::Q4_0,
    WeightFormat::Q4_1,
];

/// Random `[n, k]` weights stored as `format`: the bytes and what they hold. Every 7th 8-bit quant is set to
/// -128, which ggml's quantizer never writes but a file may hold.
fn stored(r: &mut StdRng, format: WeightFormat, n: usize, k: usize) -> (Vec<u8>, Vec<f32>) {
    let mut bytes = quantize(format, &random(r, n * k)).unwrap();
    if format == WeightFormat::Q8_0 {
        for (i, block) in bytes.chunks_exact_mut(34).enumerate() {
            block[2 + i % 32] = 0x80;
        }
    }
    let values = dequantize_vec(format, &bytes, n * k).unwrap();
    (bytes, values)
}

fn run(g: &Gpu, spec: &KernelSpec, inputs: &[Host]) -> Vec<Vec<f32>> {
    g.run_once(spec, inputs)
        .unwrap_or_else(|e| panic!("{}: {e}", spec.name()))
}

#[test]
fn gemv_reads_every_format_from_its_bytes() {
    let Some(g) = gpu() else { return };
    let mut r = rng(41);
    for format in FORMATS {
        // k = 32·odd puts odd rows of the 34- and 18-byte formats at 2-byte offsets.
        for (m, n, k, bias) in [(1, 9, 32, false), (3, 37, 96, true), (1, 64, 576, false)] {
            let x = random(&mut r, m * k);
            let (bytes, w) = stored(&mut r, format, n, k);
            let b = random(&mut r, n);
            let mut inputs = vec![Host::F32(x.clone()), Host::Bytes(bytes)];
            if bias {
                inputs.push(Host::F32(b.clone()));
            }
            inputs.push(Host::Poison(m * n));
            let spec = KernelSpec::Gemv {
                m,
                n,
                k,
                bias,
                format,
            };
            let s = MatmulSpec::new(1, m, n, k, true).with_bias(bias);
            let want = expected::matmul(&s, &x, &w, bias.then_some(&b[..])).unwrap();
            assert_close(&spec.name(), &run(g, &spec, &inputs)[0], &want, 1e-5);
        }
    }
}

#[test]
fn fused_gemvs_read_every_format_from_their_bytes() {
    let Some(g) = gpu() else { return };
    let mut r = rng(42);
    for format in FORMATS {
        let (m, n, k) = (2, 21, 64);
        let x = random(&mut r, m * k);
        let (wa, a) = stored(&mut r, format, n, k);
        let (wb, b) = stored(&mut r, format, n + 6, k);
        let residual = random(&mut r, m * n);
        let epilogue = Epilogue {
            out: vec![m, n],
            steps: vec![
                EpilogueOp::Unary(UnaryOp::Silu),
                EpilogueOp::Binary(BinaryOp::Add, vec![m, n]),
            ],
        };
        let spec = KernelSpec::GemvEpilogue {
            m,
            n,
            k,
            epilogue: epilogue.clone(),
            format,
        };
        let inputs = [
            Host::F32(x.clone()),
            Host::Bytes(wa.clone()),
            Host::F32(residual.clone()),
            Host::Poison(m * n),
        ];
        let product = expected::linear(&x, &a, m, n, k).unwrap();
        let want = expected::epilogue(&epilogue, &product, &[&residual]).unwrap();
        assert_close(&spec.name(), &run(g, &spec, &inputs)[0], &want, 1e-5);

        let spec = KernelSpec::MultiGemv {
            m,
            k,
            ns: vec![n, n + 6],
            format,
            norm_eps: None,
        };
        let inputs = [
            Host::F32(x.clone()),
            Host::Bytes(wa.clone()),
            Host::Bytes(wb),
            Host::Poison(m * n),
            Host::Poison(m * (n + 6)),
        ];
        let got = run(g, &spec, &inputs);
        assert_close(&spec.name(), &got[0], &product, 1e-5);
        let want = expected::linear(&x, &b, m, n + 6, k).unwrap();
        assert_close(&spec.name(), &got[1], &want, 1e-5);

        let (wu, u) = stored(&mut r, format, n, k);
        let spec = KernelSpec::SwigluGemv {
            m,
            n,
            k,
            format,
            norm_eps: None,
        };
        let inputs = [
            Host::F32(x.clone()),
            Host::Bytes(wa),
            Host::Bytes(wu),
            Host::Poison(m * n),
        ];
        let gate = expected::unary(UnaryOp::Silu, &product).unwrap();
        let up = expected::linear(&x, &u, m, n, k).unwrap();
        let want = expected::binary(BinaryOp::Mul, &gate, &[m * n], &up, &[m * n]).unwrap();
        assert_close(&spec.name(), &run(g, &spec, &inputs)[0], &want, 1e-5);
    }
}

#[test]
fn tiled_matmul_decodes_a_stored_weight_as_it_stages_it() {
    let Some(g) = gpu() else { return };
    let mut r = rng(43);
    let tiles = MatmulTile::candidates();
    for (i, format) in FORMATS.into_iter().enumerate() {
        // Partial tiles in every dimension, then whole ones.
        for (m, n, k, bias, tile) in [
            (70, 37, 96, true, MatmulTile::for_shape(1, 70, 37)),
            (128, 128, 64, false, tiles[i % tiles.len()]),
        ] {
            let spec = MatmulSpec::new(1, m, n, k, true)
                .with_bias(bias)
                .with_tile(tile)
                .with_b_format(format);
            let a = random(&mut r, m * k);
            let (bytes, w) = stored(&mut r, format, n, k);
            let bv = random(&mut r, n);
            let mut inputs = vec![Host::F32(a.clone()), Host::Bytes(bytes)];
            if bias {
                inputs.push(Host::F32(bv.clone()));
            }
            inputs.push(Host::Poison(m * n));
            let spec_k = KernelSpec::Matmul(spec);
            let want = expected::matmul(&spec, &a, &w, bias.then_some(&bv[..])).unwrap();
            assert_close(&spec_k.name(), &run(g, &spec_k, &inputs)[0], &want, 1e-5);
        }
    }
}

#[test]
fn embedding_reads_rows_of_a_stored_table() {
    let Some(g) = gpu() else { return };
    let mut r = rng(44);
    for format in FORMATS {
        let (vocab, dim) = (11, 64);
        let (bytes, table) = stored(&mut r, format, vocab, dim);
        let ids = [3u32, 0, 10, 99];
        let spec = KernelSpec::Embedding {
            seq: ids.len(),
            vocab,
            dim,
            format,
        };
        let inputs = [
            Host::U32(ids.to_vec()),
            Host::Bytes(bytes),
            Host::Poison(ids.len() * dim),
        ];
        let want = expected::embedding(&ids, &table, vocab, dim).unwrap();
        assert_close(&spec.name(), &run(g, &spec, &inputs)[0], &want, 0.0);
    }
}

#[test]
fn stored_specs_name_the_format_and_refuse_partial_rows() {
    let spec = KernelSpec::Gemv {
        m: 1,
        n: 4,
        k: 48,
        bias: false,
        format: WeightFormat::Q4_1,
    };
    assert_eq!(spec.name(), "gemv_1x4x48_q4_1");
    let err = kforge_gpu::generate(&spec).unwrap_err().to_string();
    assert!(
        err.contains("q4_1 weights need K a multiple of 32 on the GPU (got 48)"),
        "{err}"
    );
    let not_transposed =
        KernelSpec::Matmul(MatmulSpec::new(1, 8, 8, 32, false).with_b_format(WeightFormat::Q8_0));
    let err = kforge_gpu::generate(&not_transposed)
        .unwrap_err()
        .to_string();
    assert!(err.contains("transposed (linear) weight"), "{err}");
    // Every stored kernel's WGSL passes naga.
    for format in FORMATS {
        let spec = KernelSpec::SwigluGemv {
            m: 1,
            n: 1536,
            k: 576,
            format,
            norm_eps: None,
        };
        kforge_gpu::generate(&spec).unwrap();
    }
}

/// The multi and SwiGLU GEMVs with the RMS norm inside (decode's norm → QKV and norm → gate/up in one dispatch
/// each), f32 and every stored format, against the norm then the products; odd `k` (not a multiple of 4) on f32.
#[test]
fn gemvs_with_a_fused_rms_norm_match_the_norm_then_the_products() {
    let Some(g) = gpu() else { return };
    let mut r = rng(43);
    let eps = 1e-5;
    for format in std::iter::once(WeightFormat::F32).chain(FORMATS) {
        let shapes: &[(usize, usize, usize)] = if format == WeightFormat::F32 {
            &[(1, 21, 64), (3, 13, 7)]
        } else {
            &[(1, 21, 64), (2, 40, 576)]
        };
        for &(m, n, k) in shapes {
            let x: Vec<f32> = random(&mut r, m * k).iter().map(|v| v * 3.0).collect();
            let gamma = random(&mut r, k);
            let mut weight = || {
                if format == WeightFormat::F32 {
                    let w = random(&mut r, n * k);
                    (Host::F32(w.clone()), w)
                } else {
                    let (bytes, w) = stored(&mut r, format, n, k);
                    (Host::Bytes(bytes), w)
                }
            };
            let ((wa, a), (wb, b)) = (weight(), weight());
            let normed = expected::rms_norm(&x, &gamma, k, eps).unwrap();
            let ya = expected::linear(&normed, &a, m, n, k).unwrap();
            let yb = expected::linear(&normed, &b, m, n, k).unwrap();
            let spec = KernelSpec::MultiGemv {
                m,
                k,
                ns: vec![n, n],
                format,
                norm_eps: Some(eps),
            };
            let inputs = [
                Host::F32(x.clone()),
                Host::F32(gamma.clone()),
                wa.clone(),
                wb.clone(),
                Host::Poison(m * n),
                Host::Poison(m * n),
            ];
            let got = run(g, &spec, &inputs);
            assert_close(&spec.name(), &got[0], &ya, 1e-5);
            assert_close(&spec.name(), &got[1], &yb, 1e-5);
            let spec = KernelSpec::SwigluGemv {
                m,
                n,
                k,
                format,
                norm_eps: Some(eps),
            };
            let inputs = [
                Host::F32(x.clone()),
                Host::F32(gamma.clone()),
                wa,
                wb,
                Host::Poison(m * n),
            ];
            let gate = expected::unary(UnaryOp::Silu, &ya).unwrap();
            let want: Vec<f32> = gate.iter().zip(&yb).map(|(g, u)| g * u).collect();
            assert_close(&spec.name(), &run(g, &spec, &inputs)[0], &want, 1e-5);
        }
    }
}
