//! The GPU's roofs: a vec4 copy kernel between two large buffers for GB/s,
//! the fastest dispatch of the f32 tiled matmul on a large square for GFLOP/s.
use super::matmul::f32_spec;
use super::{time_dispatches, GpuPlan};
use crate::report::Peak;
use anyhow::Result;
use kforge_gpu::bench::bench_input;
use kforge_gpu::runtime::{Gpu, Host};
use kforge_gpu::spec::{Binding, Elem};
use kforge_gpu::{Kernel, KernelSpec, UnaryOp};

/// A copy of `len` f32 (a multiple of 4) from one buffer into another, a
/// vec4 per thread and iteration over a grid of at most 4096 workgroups.
fn copy_kernel(len: usize) -> Result<Kernel> {
    const WG: usize = 256;
    let n4 = len / 4;
    let groups = n4.div_ceil(WG).clamp(1, 4096);
    let name = format!("bench_copy_vec4_{len}");
    let source = format!(
        "// kforge-bench kernel: {name}\n\
         @group(0) @binding(0) var<storage, read> src: array<vec4<f32>>;\n\
         @group(0) @binding(1) var<storage, read_write> dst: array<vec4<f32>>;\n\n\
         @compute @workgroup_size({WG})\n\
         fn main(@builtin(global_invocation_id) gid: vec3<u32>) {{\n  \
           for (var i = gid.x; i < {n4}u; i = i + {stride}u) {{\n    \
             dst[i] = src[i];\n  \
           }}\n\
         }}\n",
        stride = groups * WG
    );
    kforge_gpu::validate::validate_wgsl(&name, &source)?;
    let binding = |name, writable| Binding {
        name,
        elem: Elem::F32,
        len,
        writable,
    };
    Ok(Kernel {
        // A stand-in: the runtime reads only the name, source, grid and bindings.
        spec: KernelSpec::Unary {
            op: UnaryOp::Silu,
            len,
        },
        name,
        source,
        workgroups: [groups as u32, 1, 1],
        bindings: vec![binding("src", false), binding("dst", true)],
        needs_f16: false,
        needs_coop: false,
        shared_bytes: 0,
        writes_shared_first: true,
        needs_subgroups: false,
    })
}

/// The GPU's roofs: a copy kernel for bandwidth, the f32 matmul for compute.
pub(super) fn measure_gpu_peaks(gpu: &Gpu, plan: &GpuPlan) -> Result<Peak> {
    let len = plan.copy_bytes / 4;
    let kernel = copy_kernel(len)?;
    let buffers = [
        gpu.upload(&Host::F32(bench_input(len, 3))),
        gpu.zeros(len * 4),
    ];
    let (copy, timing) = time_dispatches(gpu, &kernel, &buffers, plan.warm_up, plan.peak_reps)?;
    drop(buffers);
    let gbps = 2.0 * plan.copy_bytes as f64 / (copy.min_ms * 1e-3) / 1e9;
    let mut gflops: f64 = 0.0;
    for &s in &plan.peak_squares {
        let spec = f32_spec(s, s, s);
        let kernel = kforge_gpu::generate(&spec)?;
        let buffers = [
            gpu.upload(&Host::F32(bench_input(s * s, 1))),
            gpu.upload(&Host::F32(bench_input(s * s, 2))),
            gpu.zeros(s * s * 4),
        ];
        let (l, _) = time_dispatches(gpu, &kernel, &buffers, plan.warm_up, plan.peak_reps)?;
        gflops = gflops.max(2.0 * (s * s * s) as f64 / (l.min_ms * 1e-3) / 1e9);
    }
    let squares: Vec<String> = plan.peak_squares.iter().map(|s| format!("{s}³")).collect();
    Ok(Peak {
        gflops,
        gbps,
        method: format!(
            "GB/s: a vec4 copy kernel between two {} MiB buffers, bytes read + written, fastest of {} dispatches; \
             GFLOP/s: kforge-gpu's f32 tiled matmul at {}, fastest of {} dispatches (kforge-gpu has no FMA-only \
             kernel: an achieved roof, not the hardware's); timed by {timing}",
            plan.copy_bytes >> 20,
            plan.peak_reps,
            squares.join(" and "),
            plan.peak_reps
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_copy_kernel_is_valid_wgsl_over_two_bindings() {
        let k = copy_kernel(1 << 18).unwrap();
        assert_eq!(k.bindings.len(), 2);
        assert!(k.bindings[1].writable && !k.bindings[0].writable);
        assert_eq!(k.workgroups, [256, 1, 1]);
        assert_eq!(copy_kernel(1 << 28).unwrap().workgroups, [4096, 1, 1]);
    }
}
