//! Speed runs of a decoder program on random weights (`kforge-gpu-bench decode --program`): the weights, and the
//! greedy loops timed with the host's argmax and with the device's.

use super::GpuDecoder;
use crate::error::{GpuError, Result};
use crate::program::Program;
use crate::runtime::{Gpu, Host};
use kforge_abi::weight_format::WeightFormat;

/// Deterministic random weights for speed runs: matrices uniform in ±0.05, vectors (norm scales) near 1.
pub fn random_weight(name: &str, shape: &[usize]) -> Vec<f32> {
    let n: usize = shape.iter().product();
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in name.bytes() {
        h = (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3);
    }
    let (base, scale) = if shape.len() <= 1 {
        (1.0, 0.1)
    } else {
        (0.0, 0.1)
    };
    (0..n)
        .map(|i| {
            let mut x = h ^ (i as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15);
            x ^= x >> 33;
            x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
            x ^= x >> 33;
            let u = (x >> 40) as f32 / (1u64 << 24) as f32 - 0.5;
            base + scale * u
        })
        .collect()
}

/// [`random_weight`] stored as `format` (`shape` is then the bytes' `[N, K/block, block_bytes]`), quantized by the
/// reference quantizers, so every scale is a finite f16.
pub fn random_weight_as(name: &str, shape: &[usize], format: WeightFormat) -> Result<Host> {
    if format == WeightFormat::F32 {
        return Ok(Host::F32(random_weight(name, shape)));
    }
    let bad = || {
        GpuError::Wgpu(format!(
            "weight '{name}': {shape:?} is not {} bytes",
            format.name()
        ))
    };
    let &[n, blocks, bytes] = shape else {
        return Err(bad());
    };
    if bytes != format.block_bytes() {
        return Err(bad());
    }
    let k = blocks * format.block_elems();
    let values = random_weight(name, &[n, k]);
    kforge_reference::quant::quantize(format, &values)
        .map(Host::Bytes)
        .map_err(|e| GpuError::Wgpu(format!("weight '{name}': {e}")))
}

/// Greedy decoding of `program` on random weights ([`random_weight`]): one timed warm-up token (GPU time per
/// kernel), then `tokens` tokens timed by the wall clock (submit, wait, logits read-back, argmax). With
/// `pass_per_kernel` every token is recorded as in the timed one (a compute pass and timestamps per dispatch)
/// instead of one compute pass per step: the same ids must come out.
pub fn bench_program(
    gpu: &Gpu,
    program: Program,
    tokens: usize,
    pass_per_kernel: bool,
) -> Result<crate::decode_bench::DecodeResult> {
    let source = format!(
        "model.mlir @{} program, {} ops",
        program.name,
        program.ops.len()
    );
    let mut d = GpuDecoder::new(gpu, program, &mut random_weight_as)?;
    if tokens + 1 > d.capacity() {
        return Err(GpuError::Wgpu(format!(
            "{} tokens do not fit the program's KV capacity of {} (kforge-run --max-context)",
            tokens + 1,
            d.capacity()
        )));
    }
    let argmax = crate::decode_bench::argmax;
    let (logits, times) = d.step(gpu, 1, true)?;
    let gpu_ms = times.iter().map(|k| k.seconds).sum::<f64>() * 1e3;
    let first = argmax(&logits);
    // The host loop: submit, wait, read the logits back, argmax, per token.
    let mut next = first;
    let mut ids = Vec::with_capacity(tokens);
    let start = std::time::Instant::now();
    for _ in 0..tokens {
        ids.push(next);
        next = argmax(&d.step(gpu, next, pass_per_kernel)?.0);
    }
    let host_secs = start.elapsed().as_secs_f64().max(1e-9);
    // The same tokens again, the argmax on the device and one step in flight ahead of the host.
    d.position = 1;
    let start = std::time::Instant::now();
    let fed = d.greedy(gpu, first, tokens, &mut |_| true)?;
    let secs = start.elapsed().as_secs_f64().max(1e-9);
    // One more step, timed kernel by kernel, at the position the loop reached (attention over its keys).
    let kernel_families = match fed.last() {
        Some(&last) if d.position < d.capacity() => {
            crate::decode_bench::by_family(&d.step(gpu, last, true)?.1)
        }
        _ => Vec::new(),
    };
    let fed_ids: Vec<u32> = std::iter::once(first).chain(fed).take(tokens).collect();
    if fed_ids != ids {
        return Err(GpuError::Wgpu(format!(
            "the device argmax chose {fed_ids:?}, the host argmax {ids:?}"
        )));
    }
    Ok(crate::decode_bench::DecodeResult {
        source,
        tokens,
        kernels_per_token: d.kernels_per_token(),
        tokens_per_s: tokens as f64 / secs,
        tokens_per_s_host_argmax: Some(tokens as f64 / host_secs),
        gpu_ms_per_token: gpu_ms,
        kernel_families,
        ids,
    })
}
