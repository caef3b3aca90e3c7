//! The fused-projection kernels (`kforge.fused_linear`, `kforge.multi_linear`, `kforge.swiglu_linear` on the GPU)
//! against compositions of the CPU references, on odd shapes (lavapipe in CI).

mod common;

use common::{assert_close, gpu, random, rng};
use kforge_gpu::expected;
use kforge_gpu::runtime::Host;
use kforge_gpu::{BinaryOp, Epilogue, EpilogueOp, KernelSpec, UnaryOp, WeightFormat};

/// Epilogues of every step kind, with operands broadcast along rows, columns or not at all.
fn epilogues(out: &[usize]) -> Vec<Epilogue> {
    let (rows, n) = (out[..out.len() - 1].to_vec(), *out.last().unwrap());
    let mut col_bcast = rows.clone();
    col_bcast.push(1);
    let step = |op, shape: Vec<usize>| EpilogueOp::Binary(op, shape);
    let cases = vec![
        vec![step(BinaryOp::Add, vec![n])],
        vec![
            step(BinaryOp::Add, vec![n]),
            EpilogueOp::Unary(UnaryOp::Silu),
        ],
        vec![
            EpilogueOp::Unary(UnaryOp::GeluErf),
            step(BinaryOp::Mul, out.to_vec()),
        ],
        vec![
            step(BinaryOp::Add, vec![1, n]),
            EpilogueOp::Unary(UnaryOp::GeluTanh),
            step(BinaryOp::Mul, col_bcast),
            step(BinaryOp::Add, out.to_vec()),
        ],
    ];
    cases
        .into_iter()
        .map(|steps| Epilogue {
            out: out.to_vec(),
            steps,
        })
        .collect()
}

/// Random operands of `e`'s binary steps.
fn operands(r: &mut rand::rngs::StdRng, e: &Epilogue) -> Vec<Vec<f32>> {
    e.operand_shapes()
        .iter()
        .map(|s| random(r, s.iter().product()))
        .collect()
}

#[test]
fn gemv_with_epilogue_matches_reference() {
    let Some(g) = gpu() else { return };
    let mut r = rng(21);
    for (out, k) in [
        (vec![1, 37], 13),
        (vec![3, 9], 16),
        (vec![2, 1, 5], 3),
        (vec![4, 66], 576),
    ] {
        let n = *out.last().unwrap();
        let m = out.iter().product::<usize>() / n;
        for e in epilogues(&out) {
            let (x, w) = (random(&mut r, m * k), random(&mut r, n * k));
            let ops = operands(&mut r, &e);
            let mut inputs = vec![Host::F32(x.clone()), Host::F32(w.clone())];
            inputs.extend(ops.iter().map(|o| Host::F32(o.clone())));
            inputs.push(Host::Poison(m * n));
            let spec = KernelSpec::GemvEpilogue {
                m,
                n,
                k,
                epilogue: e.clone(),
                format: WeightFormat::F32,
            };
            let got = g.run_once(&spec, &inputs).unwrap();
            let refs: Vec<&[f32]> = ops.iter().map(Vec::as_slice).collect();
            let want =
                expected::epilogue(&e, &expected::linear(&x, &w, m, n, k).unwrap(), &refs).unwrap();
            assert_close(&spec.name(), &got[0], &want, 1e-5);
        }
    }
}

#[test]
fn epilogue_kernel_matches_reference() {
    let Some(g) = gpu() else { return };
    let mut r = rng(22);
    for out in [vec![7, 13], vec![3, 5, 4], vec![130, 1]] {
        for e in epilogues(&out) {
            let x = random(&mut r, out.iter().product());
            let ops = operands(&mut r, &e);
            let mut inputs = vec![Host::F32(x.clone())];
            inputs.extend(ops.iter().map(|o| Host::F32(o.clone())));
            inputs.push(Host::Poison(x.len()));
            let spec = KernelSpec::Epilogue(e.clone());
            let got = g.run_once(&spec, &inputs).unwrap();
            let refs: Vec<&[f32]> = ops.iter().map(Vec::as_slice).collect();
            assert_close(
                &spec.name(),
                &got[0],
                &expected::epilogue(&e, &x, &refs).unwrap(),
                1e-5,
            );
        }
    }
}

#[test]
fn multi_gemv_matches_one_projection_per_weight() {
    let Some(g) = gpu() else { return };
    let mut r = rng(23);
    let cases: [(usize, usize, &[usize]); 4] = [
        (1, 13, &[5]),
        (2, 16, &[9, 3]),
        (1, 576, &[64, 37, 37]),
        (3, 7, &[1, 6, 11, 4]),
    ];
    for (m, k, ns) in cases {
        let x = random(&mut r, m * k);
        let ws: Vec<Vec<f32>> = ns.iter().map(|n| random(&mut r, n * k)).collect();
        let mut inputs = vec![Host::F32(x.clone())];
        inputs.extend(ws.iter().map(|w| Host::F32(w.clone())));
        inputs.extend(ns.iter().map(|n| Host::Poison(m * n)));
        let spec = KernelSpec::MultiGemv {
            m,
            k,
            ns: ns.to_vec(),
            format: WeightFormat::F32,
            norm_eps: None,
        };
        let got = g.run_once(&spec, &inputs).unwrap();
        assert_eq!(
            got.len(),
            ns.len(),
            "{}: one output per weight",
            spec.name()
        );
        for (j, (w, &n)) in ws.iter().zip(ns).enumerate() {
            let case = format!("{} y{j}", spec.name());
            assert_close(
                &case,
                &got[j],
                &expected::linear(&x, w, m, n, k).unwrap(),
                1e-5,
            );
        }
    }
}

#[test]
fn swiglu_gemv_matches_reference() {
    let Some(g) = gpu() else { return };
    let mut r = rng(24);
    for (m, n, k) in [(1, 5, 13), (2, 37, 16), (4, 66, 576), (3, 1, 3)] {
        let (x, wg, wu) = (
            random(&mut r, m * k),
            random(&mut r, n * k),
            random(&mut r, n * k),
        );
        let inputs = [
            Host::F32(x.clone()),
            Host::F32(wg.clone()),
            Host::F32(wu.clone()),
            Host::Poison(m * n),
        ];
        let spec = KernelSpec::SwigluGemv {
            m,
            n,
            k,
            format: WeightFormat::F32,
            norm_eps: None,
        };
        let got = g.run_once(&spec, &inputs).unwrap();
        let gate =
            expected::unary(UnaryOp::Silu, &expected::linear(&x, &wg, m, n, k).unwrap()).unwrap();
        let up = expected::linear(&x, &wu, m, n, k).unwrap();
        let want = expected::binary(BinaryOp::Mul, &gate, &[m * n], &up, &[m * n]).unwrap();
        assert_close(&spec.name(), &got[0], &want, 1e-5);
    }
}

#[test]
fn fused_specs_reject_bad_shapes() {
    let bad_operand = KernelSpec::GemvEpilogue {
        m: 2,
        n: 4,
        k: 3,
        epilogue: Epilogue {
            out: vec![2, 4],
            steps: vec![EpilogueOp::Binary(BinaryOp::Add, vec![3])],
        },
        format: WeightFormat::F32,
    };
    let err = kforge_gpu::generate(&bad_operand).unwrap_err().to_string();
    assert!(err.contains("does not broadcast"), "{err}");
    let too_many = KernelSpec::MultiGemv {
        m: 1,
        k: 4,
        ns: vec![1; 5],
        format: WeightFormat::F32,
        norm_eps: None,
    };
    let err = kforge_gpu::generate(&too_many).unwrap_err().to_string();
    assert!(err.contains("1 to 4 weights"), "{err}");
}
