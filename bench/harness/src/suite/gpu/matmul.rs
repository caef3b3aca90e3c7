//! The matmul cases of the GPU suite: the f32 tiled matmul (what
//! `kforge.matmul` lowers to) and the f16 cooperative-matrix matmul, each
//! output checked against f64 dot products on the CPU.
use super::{measured, skipped, time_dispatches, GpuCase, GpuPlan, GpuRun};
use crate::measure::Latency;
use crate::report::{Case, NumericError, Outcome, Peak};
use anyhow::{bail, Result};
use half::f16;
use kforge_gpu::bench::bench_input;
use kforge_gpu::runtime::{Gpu, Host};
use kforge_gpu::{CoopMatmulSpec, CoopTile, KernelSpec, MatmulSpec};
use std::collections::BTreeMap;

pub(super) fn f32_spec(m: usize, k: usize, n: usize) -> KernelSpec {
    KernelSpec::Matmul(MatmulSpec::new(1, m, n, k, false))
}

/// The outputs checked: every one when the f64 products are cheap, else the
/// 64 that `kforge-gpu-bench matmul` checks ([`kforge_gpu::bench::sample_points`]).
fn check_points(m: usize, k: usize, n: usize) -> Vec<(usize, usize)> {
    if m * n * k <= 1 << 26 {
        return (0..m).flat_map(|i| (0..n).map(move |j| (i, j))).collect();
    }
    kforge_gpu::bench::sample_points(m, n)
}

/// Error of `c = a·b` (`m×k · k×n`, row-major) vs f64 dot products of the
/// same inputs; an output that is not finite (never written: outputs start as
/// NaN) fails the case.
fn matmul_error(
    c: &[f32],
    a: &[f32],
    b: &[f32],
    (m, k, n): (usize, usize, usize),
    inputs: &str,
) -> Result<NumericError> {
    if let Some(i) = c.iter().take(m * n).position(|x| !x.is_finite()) {
        bail!(
            "output element ({}, {}) is {} (never written, or overflowed)",
            i / n,
            i % n,
            c[i]
        );
    }
    let pts = check_points(m, k, n);
    let (mut max_abs, mut scale) = (0.0f64, 0.0f64);
    for &(i, j) in &pts {
        let want: f64 = (0..k)
            .map(|p| f64::from(a[i * k + p]) * f64::from(b[p * n + j]))
            .sum();
        max_abs = max_abs.max((f64::from(c[i * n + j]) - want).abs());
        scale = scale.max(want.abs());
    }
    let all = pts.len() == m * n;
    Ok(NumericError {
        max_abs,
        max_rel: max_abs / scale.max(f64::from(f32::MIN_POSITIVE)),
        against: format!(
            "f64 dot products on the CPU of the {inputs}, {} of {} outputs",
            if all {
                "all".to_string()
            } else {
                pts.len().to_string()
            },
            m * n
        ),
    })
}

fn shape_params(m: usize, k: usize, n: usize) -> BTreeMap<String, u64> {
    BTreeMap::from([
        ("m".into(), m as u64),
        ("k".into(), k as u64),
        ("n".into(), n as u64),
    ])
}

/// A timed matmul: its latency, timing and output.
fn run_matmul(
    gpu: &Gpu,
    spec: &KernelSpec,
    inputs: [Host; 2],
    mn: usize,
    plan: &GpuPlan,
) -> Result<(Latency, &'static str, Vec<f32>)> {
    let kernel = kforge_gpu::generate(spec)?;
    let [a, b] = inputs;
    let buffers = [
        gpu.upload(&a),
        gpu.upload(&b),
        gpu.upload(&Host::Poison(mn)),
    ];
    let (latency, timing) = time_dispatches(gpu, &kernel, &buffers, plan.warm_up, plan.reps)?;
    let c = gpu.read_f32(&buffers[2])?;
    Ok((latency, timing, c))
}

pub(super) fn matmul_f32_case(
    spec: GpuCase,
    (m, k, n): (usize, usize, usize),
    ctx: GpuRun,
) -> Result<Case> {
    let GpuRun { gpu, plan, peak } = ctx;
    let (a, b) = (bench_input(m * k, 1), bench_input(k * n, 2));
    let inputs = [Host::F32(a.clone()), Host::F32(b.clone())];
    let (latency, timing, c) = run_matmul(gpu, &f32_spec(m, k, n), inputs, m * n, plan)?;
    let timed = Timed {
        bytes: 4.0 * (m * k + k * n + m * n) as f64,
        latency,
        timing: timing.into(),
        error: matmul_error(&c, &a, &b, (m, k, n), "same f32 inputs")?,
    };
    Ok(matmul_case(spec, (m, k, n), timed, peak))
}

/// What a timed matmul moved, took and computed.
struct Timed {
    bytes: f64,
    latency: Latency,
    /// How it was timed.
    timing: String,
    error: NumericError,
}

/// The report entry of a timed matmul of `(m, k, n)`.
fn matmul_case(spec: GpuCase, (m, k, n): (usize, usize, usize), t: Timed, peak: &Peak) -> Case {
    let flops = 2.0 * (m * n * k) as f64;
    let bytes = t.bytes;
    let mut result = measured(flops, bytes, t.latency, peak, Some(t.error));
    result.timing = Some(t.timing);
    Case {
        name: spec.name(),
        kind: spec.kind().into(),
        params: shape_params(m, k, n),
        flops,
        bytes,
        result: Outcome::Measured(result),
        control: None,
        reference: None,
    }
}

pub(super) fn matmul_f16_case(
    spec: GpuCase,
    (m, k, n): (usize, usize, usize),
    ctx: GpuRun,
) -> Result<Case> {
    let GpuRun { gpu, plan, peak } = ctx;
    if !gpu.has_coop_f16() {
        let a = gpu.adapter();
        return Ok(skipped(
            spec,
            shape_params(m, k, n),
            format!(
                "adapter `{}` offers no 16x16x16 f16 cooperative matrices with 32-lane subgroups \
                 (coop_f16={}, f16={})",
                a.name, a.coop_f16, a.f16
            ),
        ));
    }
    let halves = |v: Vec<f32>| -> Vec<f16> { v.into_iter().map(f16::from_f32).collect() };
    let (a16, b16) = (halves(bench_input(m * k, 1)), halves(bench_input(k * n, 2)));
    let tile = CoopTile::for_shape(m, n, k);
    let kernel_spec = KernelSpec::CoopMatmul(CoopMatmulSpec { m, n, k, tile });
    let back = |v: &[f16]| -> Vec<f32> { v.iter().map(|h| h.to_f32()).collect() };
    let (a, b) = (back(&a16), back(&b16));
    let inputs = [Host::F16(a16), Host::F16(b16)];
    let (latency, timing, c) = run_matmul(gpu, &kernel_spec, inputs, m * n, plan)?;
    let timed = Timed {
        bytes: (2 * (m * k + k * n) + 4 * m * n) as f64,
        latency,
        timing: format!("{timing}; tile {}", tile.label()),
        error: matmul_error(&c, &a, &b, (m, k, n), "same f16-rounded inputs")?,
    };
    Ok(matmul_case(spec, (m, k, n), timed, peak))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matmul_errors_are_measured_and_unwritten_outputs_fail() {
        let (m, k, n) = (3, 4, 5);
        let (a, b) = (bench_input(m * k, 1), bench_input(k * n, 2));
        let mut c: Vec<f32> = (0..m * n)
            .map(|idx| {
                let (i, j) = (idx / n, idx % n);
                (0..k).map(|p| a[i * k + p] * b[p * n + j]).sum()
            })
            .collect();
        let e = matmul_error(&c, &a, &b, (m, k, n), "inputs").unwrap();
        assert!(e.max_rel < 1e-6, "{e:?}");
        assert!(e.against.contains("all of 15 outputs"), "{}", e.against);
        c[7] += 1.0;
        assert!(
            matmul_error(&c, &a, &b, (m, k, n), "inputs")
                .unwrap()
                .max_abs
                > 0.99
        );
        c[7] = f32::NAN;
        let failure = matmul_error(&c, &a, &b, (m, k, n), "inputs").unwrap_err();
        assert!(format!("{failure}").contains("(1, 2) is NaN"), "{failure}");
        assert_eq!(check_points(4096, 4096, 4096).len(), 64);
    }
}
