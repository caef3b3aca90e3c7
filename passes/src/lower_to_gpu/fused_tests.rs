//! The plans of the fused projections run on the GPU (lavapipe in CI) against compositions of the CPU references:
//! checks the kernels' wiring (which operand, scratch buffer and result each binding reads), for few rows (the
//! fused GEMVs) and more (tiled matmul + epilogue kernel), with and without the rms_norm prologue.

use super::plan_op;
use kforge_dialect::{AttrValue, OpSignature, TensorType};
use kforge_gpu::exec::{GpuValue, ResultInfo};
use kforge_gpu::expected;
use kforge_gpu::runtime::{open_for_tests, Gpu};
use kforge_gpu::{BinaryOp, Epilogue, EpilogueOp, MatmulSpec, UnaryOp};
use std::sync::OnceLock;

/// The device, or `None` (the tests skip with a message) where this machine has no Vulkan adapter.
fn gpu() -> Option<&'static Gpu> {
    static GPU: OnceLock<Option<Gpu>> = OnceLock::new();
    GPU.get_or_init(|| open_for_tests("the fused-plan tests"))
        .as_ref()
}

fn signature(
    name: &str,
    operands: &[Vec<u64>],
    results: &[Vec<u64>],
    attributes: &[(&str, AttrValue)],
) -> OpSignature {
    let tensors = |shapes: &[Vec<u64>]| shapes.iter().map(|s| Ok(TensorType::f32(s))).collect();
    OpSignature {
        name: name.into(),
        operands: tensors(operands),
        results: tensors(results),
        attributes: attributes
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect(),
    }
}

fn segments(sizes: &[u8]) -> AttrValue {
    let list: Vec<String> = sizes.iter().map(u8::to_string).collect();
    AttrValue::Other(format!("array<i32: {}>", list.join(", ")))
}

/// Deterministic values in [-1, 1).
fn values(len: usize, seed: usize) -> Vec<f32> {
    (0..len)
        .map(|i| ((i * 7919 + seed * 104_729) % 2003) as f32 / 1001.5 - 1.0)
        .collect()
}

/// Runs the plan of `sig` on `inputs`; the results read back.
fn run(gpu: &Gpu, sig: &OpSignature, inputs: &[Vec<f32>]) -> Vec<Vec<f32>> {
    let plan = plan_op(sig).unwrap_or_else(|e| panic!("{}: {e}", sig.name));
    let operands: Vec<GpuValue> = inputs.iter().map(|d| GpuValue::upload(gpu, d)).collect();
    let operands: Vec<&GpuValue> = operands.iter().collect();
    let infos: Vec<ResultInfo> = sig
        .results
        .iter()
        .map(|t| ResultInfo {
            len: t.as_ref().unwrap().num_elements().unwrap() as usize,
            integer: false,
        })
        .collect();
    let mut step = gpu.step(false, 0);
    let results = gpu
        .record_plan(&mut step, &plan, &operands, &infos)
        .unwrap();
    step.finish().unwrap();
    results.iter().map(|v| v.read(gpu).unwrap()).collect()
}

/// Values for every operand of `operands` (shapes), seeded by position from `salt`.
fn operand_values(operands: &[Vec<u64>], salt: usize) -> Vec<Vec<f32>> {
    operands
        .iter()
        .enumerate()
        .map(|(i, s)| values(s.iter().product::<u64>() as usize, i + salt))
        .collect()
}

/// What the projections of a fused op see — `x`, or `rms_norm(x, g)` when the op folds a norm — and the operand
/// index of its first weight.
fn projected_input(inputs: &[Vec<f32>], norm: bool, k: usize) -> (Vec<f32>, usize) {
    if norm {
        (
            expected::rms_norm(&inputs[0], &inputs[1], k, 1e-5).unwrap(),
            2,
        )
    } else {
        (inputs[0].clone(), 1)
    }
}

fn assert_close(case: &str, got: &[f32], want: &[f32]) {
    let err = kforge_reference::max_rel_error_f32(got, want);
    assert!(err <= 1e-5, "{case}: relative error {err:e} above 1e-5");
}

#[test]
fn fused_linear_plans_match_reference() {
    let Some(gpu) = gpu() else { return };
    let k = 13u64;
    // (rows of x, kind): a GEMV with its epilogue in registers, then the tiled matmul and the epilogue kernel.
    for (m, kind) in [(3u64, "linear"), (9, "linear"), (6, "matmul")] {
        let n = 7u64;
        let w_shape: Vec<u64> = if kind == "matmul" {
            vec![k, n]
        } else {
            vec![n, k]
        };
        let sig = signature(
            "kforge.fused_linear",
            &[vec![m, k], w_shape, vec![n], vec![m, 1], vec![m, n]],
            &[vec![m, n]],
            &[
                ("kind", AttrValue::Str(kind.into())),
                (
                    "epilogue",
                    AttrValue::Str("add,gelu_tanh,mul,silu,add".into()),
                ),
                ("operandSegmentSizes", segments(&[1, 1, 1, 1, 1, 0])),
            ],
        );
        let (m, n, k) = (m as usize, n as usize, k as usize);
        let inputs = [
            values(m * k, 1),
            values(n * k, 2),
            values(n, 3),
            values(m, 4),
            values(m * n, 5),
        ];
        let got = run(gpu, &sig, &inputs);
        let product = if kind == "matmul" {
            let s = MatmulSpec::new(1, m, n, k, false);
            expected::matmul(&s, &inputs[0], &inputs[1], None).unwrap()
        } else {
            expected::linear(&inputs[0], &inputs[1], m, n, k).unwrap()
        };
        let e = Epilogue {
            out: vec![m, n],
            steps: vec![
                EpilogueOp::Binary(BinaryOp::Add, vec![n]),
                EpilogueOp::Unary(UnaryOp::GeluTanh),
                EpilogueOp::Binary(BinaryOp::Mul, vec![m, 1]),
                EpilogueOp::Unary(UnaryOp::Silu),
                EpilogueOp::Binary(BinaryOp::Add, vec![m, n]),
            ],
        };
        let want = expected::epilogue(&e, &product, &[&inputs[2], &inputs[3], &inputs[4]]).unwrap();
        assert_close(&format!("fused_linear {kind} m={m}"), &got[0], &want);
    }
}

#[test]
fn multi_linear_plans_match_reference() {
    let Some(gpu) = gpu() else { return };
    let (k, ns) = (13u64, [5u64, 9, 3]);
    for (m, norm) in [(1u64, true), (2, false), (6, true), (7, false)] {
        let mut operands: Vec<Vec<u64>> = vec![vec![m, k]];
        if norm {
            operands.push(vec![k]);
        }
        operands.extend(ns.iter().map(|&n| vec![n, k]));
        let results: Vec<Vec<u64>> = ns.iter().map(|&n| vec![m, n]).collect();
        let mut attributes = vec![
            (
                "operandSegmentSizes",
                segments(&[1, norm as u8, 1, 1, 1, 0]),
            ),
            ("resultSegmentSizes", segments(&[1, 1, 1, 0])),
        ];
        if norm {
            attributes.push(("epsilon", AttrValue::Float(1e-5)));
        }
        let sig = signature("kforge.multi_linear", &operands, &results, &attributes);
        let (m, k) = (m as usize, k as usize);
        let inputs = operand_values(&operands, 0);
        let got = run(gpu, &sig, &inputs);
        let (x, first) = projected_input(&inputs, norm, k);
        for (j, &n) in ns.iter().enumerate() {
            let want = expected::linear(&x, &inputs[first + j], m, n as usize, k).unwrap();
            assert_close(
                &format!("multi_linear m={m} norm={norm} y{j}"),
                &got[j],
                &want,
            );
        }
    }
}

#[test]
fn swiglu_linear_plans_match_reference() {
    let Some(gpu) = gpu() else { return };
    let (k, n) = (13u64, 11u64);
    for (m, norm) in [(2u64, true), (1, false), (7, true), (5, false)] {
        let mut operands = vec![vec![m, k]];
        if norm {
            operands.push(vec![k]);
        }
        operands.extend([vec![n, k], vec![n, k]]);
        let mut attributes = vec![("operandSegmentSizes", segments(&[1, norm as u8, 1, 1]))];
        if norm {
            attributes.push(("epsilon", AttrValue::Float(1e-5)));
        }
        let sig = signature(
            "kforge.swiglu_linear",
            &operands,
            &[vec![m, n]],
            &attributes,
        );
        let (m, n, k) = (m as usize, n as usize, k as usize);
        let inputs = operand_values(&operands, 7);
        let got = run(gpu, &sig, &inputs);
        let (x, first) = projected_input(&inputs, norm, k);
        let gate = expected::unary(
            UnaryOp::Silu,
            &expected::linear(&x, &inputs[first], m, n, k).unwrap(),
        )
        .unwrap();
        let up = expected::linear(&x, &inputs[first + 1], m, n, k).unwrap();
        let want = expected::binary(BinaryOp::Mul, &gate, &[m * n], &up, &[m * n]).unwrap();
        assert_close(&format!("swiglu_linear m={m} norm={norm}"), &got[0], &want);
    }
}
