//! The matmul benchmark: GPU-timestamp-timed TFLOP/s of the f32 kernel and the f16 cooperative-matrix kernel,
//! with a sampled check against an f64 dot product on the CPU.
//!
//! Inputs are a fixed hash of the element index ([`bench_input`]), so another program (the H100 script's torch
//! side, `bench/gpu_h100.py`) can rebuild the same matrices and compare the sampled outputs it prints.

use crate::error::Result;
use crate::runtime::{Gpu, Host};
use crate::spec::{CoopMatmulSpec, CoopTile, KernelSpec, MatmulSpec};
use crate::tile::MatmulTile;
use serde::Serialize;

/// Element `i` of input matrix `salt`: `((i + salt·2³²) · 2654435761 mod 2³²) / 2³² − 0.5`, computed in u64.
pub fn bench_input(len: usize, salt: u64) -> Vec<f32> {
    (0..len as u64)
        .map(|i| {
            let h = (i.wrapping_add(salt << 32)).wrapping_mul(2_654_435_761) % (1u64 << 32);
            (h as f64 / 4_294_967_296.0 - 0.5) as f32
        })
        .collect()
}

/// The cooperative-matrix tiles the benchmark sweeps (the first is [`CoopTile::DEFAULT`]): the earlier bests as
/// baselines (128x128x32 double-buffered, 128x256x32), then 16-byte-word staging (`-s16`: `mat2x4<f16>` loads and
/// stores, fragments through `vec4<f16>` column pointers) at several blockings, single-buffered with the next tile
/// prefetched into registers (`-pf`) or double-buffered (`-db`, `-d2`: two tiles ahead), the kernels without
/// workgroup memory (`-direct`), banded tile walks (`-g`) and all-fragments-first steps (`-lf`). The best on an
/// H200 (2026-11-26): 128x128x32 2x2 s16 pf g4 (index 25). Every tile fits NVIDIA Vulkan's 48 KB of workgroup
/// memory. Variants that lost earlier (`-rot`, `-w16`, `-acc16`, `-v4`) are in [`coop_tiles_explored`].
pub fn coop_tiles() -> Vec<CoopTile> {
    use Overlap::{Depth2, Double, Prefetch, Serial};
    let t = CoopTile::DEFAULT;
    vec![
        // 0-2: the earlier bests, scalar staging.
        t,
        CoopTile {
            double_buffer: true,
            ..t
        },
        CoopTile { bn: 256, ..t },
        // 3-11: 16-byte words, 2x4 and 4x2 subgroups.
        s16([128, 256, 32], [2, 4], Prefetch, 0, false),
        s16([128, 128, 32], [2, 4], Serial, 0, false),
        s16([128, 128, 32], [2, 4], Prefetch, 0, false),
        s16([128, 128, 64], [2, 4], Prefetch, 0, false),
        s16([128, 256, 16], [2, 4], Double, 0, false),
        s16([256, 128, 32], [4, 2], Prefetch, 0, false),
        s16([128, 128, 32], [2, 4], Double, 0, false),
        s16([128, 256, 32], [2, 4], Serial, 0, false),
        s16([256, 128, 16], [4, 2], Double, 0, false),
        // 12: no workgroup memory.
        CoopTile {
            direct: true,
            pad: 0,
            ..t
        },
        // 13-23: 48- and 64-deep K steps, 2x2 subgroups of 64x64, smaller tiles.
        s16([128, 256, 48], [2, 4], Prefetch, 0, false),
        s16([256, 128, 48], [4, 2], Prefetch, 0, false),
        s16([128, 128, 32], [2, 2], Prefetch, 0, false),
        s16([128, 128, 64], [2, 2], Prefetch, 0, false),
        s16([256, 128, 32], [4, 2], Serial, 0, false),
        s16([128, 128, 32], [2, 2], Double, 0, false),
        s16([128, 128, 16], [2, 2], Double, 0, false),
        s16([128, 128, 16], [2, 2], Prefetch, 0, false),
        s16([128, 128, 32], [2, 2], Serial, 0, false),
        s16([64, 128, 32], [1, 2], Prefetch, 0, false),
        s16([128, 64, 32], [2, 1], Prefetch, 0, false),
        // 24-26: banded tile walks (25 is `CoopTile::FAST`).
        s16([128, 128, 32], [2, 2], Prefetch, 8, false),
        s16([128, 128, 32], [2, 2], Prefetch, 4, false),
        s16([128, 256, 32], [2, 4], Prefetch, 8, false),
        // 27-28: 2x2 subgroups, 64- and 48-deep K steps, no overlap.
        s16([128, 128, 64], [2, 2], Serial, 0, false),
        s16([128, 128, 48], [2, 2], Serial, 0, false),
        // 29-33: every fragment of a K step loaded before its products.
        s16([128, 128, 32], [2, 2], Prefetch, 4, true),
        s16([128, 128, 32], [2, 2], Serial, 4, true),
        s16([128, 256, 32], [2, 4], Prefetch, 0, true),
        s16([128, 256, 32], [2, 4], Serial, 0, true),
        s16([128, 128, 64], [2, 2], Serial, 0, true),
        // 34-38: double buffers loaded two tiles ahead.
        s16([128, 128, 16], [2, 2], Depth2, 0, false),
        s16([128, 128, 32], [2, 2], Depth2, 0, false),
        s16([128, 256, 16], [2, 4], Depth2, 0, false),
        s16([256, 128, 16], [4, 2], Depth2, 0, false),
        s16([128, 128, 32], [2, 4], Depth2, 0, false),
    ]
}

/// How the K loop of a staged tile overlaps the next tile's loads with the current tile's products.
#[derive(Debug, Clone, Copy)]
enum Overlap {
    /// One buffer, the next tile loaded after the products.
    Serial,
    /// One buffer, the next tile loaded into registers before the products (`prefetch`).
    Prefetch,
    /// Two buffers (`double_buffer`).
    Double,
    /// Two buffers and two register sets, loads two tiles ahead (`double_buffer` and `depth2`).
    Depth2,
}

/// A 16-byte-word-staged (`stage16`) variant of [`CoopTile::DEFAULT`]: `[bm, bn, bk]`, `[sg_rows, sg_cols]`, the
/// K-loop overlap, bands of `group_rows` tile rows (0: row by row) and `loads_first`.
fn s16(
    [bm, bn, bk]: [usize; 3],
    [sg_rows, sg_cols]: [usize; 2],
    overlap: Overlap,
    group_rows: usize,
    loads_first: bool,
) -> CoopTile {
    CoopTile {
        bm,
        bn,
        bk,
        sg_rows,
        sg_cols,
        stage16: true,
        prefetch: matches!(overlap, Overlap::Prefetch),
        double_buffer: matches!(overlap, Overlap::Double | Overlap::Depth2),
        depth2: matches!(overlap, Overlap::Depth2),
        group_rows,
        loads_first,
        ..CoopTile::DEFAULT
    }
}

/// Variants measured earlier and kept as parameters (generated and validated by the tests, not swept).
pub fn coop_tiles_explored() -> Vec<CoopTile> {
    let t = CoopTile::DEFAULT;
    let db = CoopTile {
        double_buffer: true,
        ..t
    };
    let wide = CoopTile {
        bn: 256,
        wide_loads: true,
        ..t
    };
    vec![
        CoopTile {
            vec_shared: true,
            ..db
        },
        CoopTile {
            rot_stores: true,
            ..db
        },
        wide,
        CoopTile {
            rot_stores: true,
            ..wide
        },
        CoopTile {
            bn: 256,
            acc_f16: true,
            rot_stores: true,
            ..t
        },
        CoopTile {
            prefetch: true,
            ..t
        },
    ]
}

/// One timed kernel.
#[derive(Debug, Clone, Serialize)]
pub struct BenchResult {
    /// Kernel name.
    pub kernel: String,
    /// `f32` or `f16`.
    pub dtype: String,
    /// Shape.
    pub m: usize,
    /// Shape.
    pub n: usize,
    /// Shape.
    pub k: usize,
    /// Median GPU time of one dispatch (timestamps), milliseconds.
    pub median_ms: f64,
    /// Fastest dispatch, milliseconds.
    pub min_ms: f64,
    /// `2mnk / median`.
    pub tflops: f64,
    /// Relative error of the sampled outputs vs an f64 CPU dot product (of the same, rounded, inputs).
    pub sample_rel_err: f64,
    /// Sampled outputs `(row, col, value)`, for an outside check.
    pub samples: Vec<(usize, usize, f32)>,
    /// How the time was measured.
    pub timing: String,
}

/// What to run.
#[derive(Debug, Clone)]
pub struct MatmulBench {
    /// Rows.
    pub m: usize,
    /// Columns.
    pub n: usize,
    /// Reduction.
    pub k: usize,
    /// Timed dispatches (after 3 warm-up ones).
    pub reps: usize,
}

/// 64 output positions of an `m × n` result to check against f64: the
/// corners, the middle and 61 pseudo-random ones (xorshift, fixed seed).
pub fn sample_points(m: usize, n: usize) -> Vec<(usize, usize)> {
    let mut pts = vec![(0, 0), (m - 1, n - 1), (m / 2, n / 3)];
    let mut h: u64 = 0x9e37_79b9_7f4a_7c15;
    for _ in 0..61 {
        h ^= h << 13;
        h ^= h >> 7;
        h ^= h << 17;
        pts.push(((h % m as u64) as usize, ((h >> 32) % n as u64) as usize));
    }
    pts
}

fn check_samples(
    c: &[f32],
    a: &[f32],
    b: &[f32],
    m: usize,
    n: usize,
    k: usize,
) -> (f64, Vec<(usize, usize, f32)>) {
    let pts = sample_points(m, n);
    let got: Vec<f32> = pts.iter().map(|&(i, j)| c[i * n + j]).collect();
    let want: Vec<f32> = pts
        .iter()
        .map(|&(i, j)| {
            (0..k)
                .map(|p| f64::from(a[i * k + p]) * f64::from(b[p * n + j]))
                .sum::<f64>() as f32
        })
        .collect();
    let err = kforge_reference::max_rel_error_f32(&got, &want);
    (
        err,
        pts.iter().zip(got).map(|(&(i, j), v)| (i, j, v)).collect(),
    )
}

/// Times `spec` on `inputs` and returns (median, min) seconds of one dispatch, the output and how it was timed.
fn time_kernel(
    gpu: &Gpu,
    spec: &KernelSpec,
    inputs: &[Host],
    reps: usize,
) -> Result<(f64, f64, Vec<f32>, String)> {
    let (t, buffers) = time_uploaded(gpu, spec, inputs, reps)?;
    let out = gpu.read_f32(buffers.last().expect("a matmul has an output"))?;
    Ok((t.median, t.min, out, t.how))
}

/// `spec`'s kernel timed on `inputs` (uploaded here; the buffers are returned for reading back).
fn time_uploaded(
    gpu: &Gpu,
    spec: &KernelSpec,
    inputs: &[Host],
    reps: usize,
) -> Result<(Timed, Vec<crate::runtime::GpuBuffer>)> {
    let buffers: Vec<_> = inputs.iter().map(|h| gpu.upload(h)).collect();
    let refs: Vec<_> = buffers.iter().collect();
    let pipeline = gpu.pipeline(&gpu.kernel(spec)?)?;
    let t = time_on(gpu, &pipeline, &refs, &Timing::bench(reps))?;
    Ok((t, buffers))
}

/// [`time_spec`]'s result.
#[derive(Debug, Clone)]
pub struct SpecTiming {
    /// Dispatch times.
    pub timed: Timed,
    /// Bytes of all the kernel's bindings.
    pub bytes: usize,
}

/// Times `spec` on inputs of its bindings' sizes: floats from [`bench_input`], integers zero (ids and positions
/// 0, a valid choice for every kernel that reads them), outputs poisoned.
pub fn time_spec(gpu: &Gpu, spec: &KernelSpec, reps: usize) -> Result<SpecTiming> {
    spec.validate()?;
    let bindings = spec.bindings();
    let inputs: Vec<Host> = bindings
        .iter()
        .enumerate()
        .map(|(i, b)| match (b.writable, b.elem) {
            (true, crate::spec::Elem::F32) => Host::Poison(b.len),
            (_, crate::spec::Elem::F32) => Host::F32(bench_input(b.len, i as u64 + 1)),
            (_, crate::spec::Elem::F16) => Host::F16(
                bench_input(b.len, i as u64 + 1)
                    .into_iter()
                    .map(half::f16::from_f32)
                    .collect(),
            ),
            (_, crate::spec::Elem::U32) => Host::U32(vec![0; b.len]),
        })
        .collect();
    let bytes = bindings.iter().map(|b| b.len * b.elem.bytes()).sum();
    let (timed, _) = time_uploaded(gpu, spec, &inputs, reps)?;
    Ok(SpecTiming { timed, bytes })
}

/// How long to time a kernel.
#[derive(Debug, Clone, Copy)]
pub struct Timing {
    /// Timed dispatches (one command buffer, GPU timestamps each).
    pub reps: usize,
    /// Untimed dispatches first, until this much wall time has passed (at least 3): a GPU that idled (while the
    /// host compiled a pipeline, say) runs at lower clocks until it has been busy for a while, and a kernel timed
    /// right away reads up to 4x slower (H100, 2026-11-26: the same 128x128 tile 0.74 ms first, 2.65 ms after
    /// 36 other candidates were compiled and timed without this).
    pub warmup: std::time::Duration,
}

impl Timing {
    /// `reps` timed dispatches after 200 ms of warm-up.
    pub fn bench(reps: usize) -> Self {
        Timing {
            reps: reps.max(1),
            warmup: std::time::Duration::from_millis(200),
        }
    }
}

/// Dispatch times of one kernel.
#[derive(Debug, Clone)]
pub struct Timed {
    /// Median seconds of one dispatch.
    pub median: f64,
    /// Fastest dispatch, seconds.
    pub min: f64,
    /// How it was timed.
    pub how: String,
}

/// Untimed dispatches of `pipeline` (at least 3, in growing batches) until `duration` has passed: see
/// [`Timing::warmup`].
pub fn warm_up(
    gpu: &Gpu,
    pipeline: &crate::runtime::Pipeline,
    buffers: &[&crate::runtime::GpuBuffer],
    duration: std::time::Duration,
) -> Result<()> {
    let start = std::time::Instant::now();
    let mut batch = 3;
    loop {
        let mut warm = gpu.step(false, 0);
        for _ in 0..batch {
            warm.dispatch(pipeline, buffers)?;
        }
        warm.finish()?;
        if start.elapsed() >= duration {
            return Ok(());
        }
        batch = (batch * 2).min(256);
    }
}

/// Times `pipeline` over uploaded `buffers`: warm-up dispatches, then `t.reps` timed ones in one command buffer,
/// each with its own GPU timestamps (wall clock / dispatches where the adapter has none).
pub fn time_on(
    gpu: &Gpu,
    pipeline: &crate::runtime::Pipeline,
    buffers: &[&crate::runtime::GpuBuffer],
    t: &Timing,
) -> Result<Timed> {
    warm_up(gpu, pipeline, buffers, t.warmup)?;
    let reps = t.reps.max(1);
    let start = std::time::Instant::now();
    let mut step = gpu.step(true, reps);
    for _ in 0..reps {
        step.dispatch(pipeline, buffers)?;
    }
    let times = step.finish()?;
    let wall = start.elapsed().as_secs_f64() / reps as f64;
    let (mut secs, how): (Vec<f64>, String) = if times.is_empty() {
        (vec![wall], "wall clock / dispatches (no timestamps)".into())
    } else {
        (
            times.iter().map(|t| t.seconds).collect(),
            "GPU timestamps, median".into(),
        )
    };
    secs.sort_by(f64::total_cmp);
    Ok(Timed {
        median: secs[secs.len() / 2],
        min: secs[0],
        how,
    })
}

/// The f32 kernel with `tile` on `bench_input` matrices.
pub fn bench_f32(gpu: &Gpu, b: &MatmulBench, tile: MatmulTile) -> Result<BenchResult> {
    let s = MatmulSpec::new(1, b.m, b.n, b.k, false).with_tile(tile);
    let spec = KernelSpec::Matmul(s);
    // Sizes checked before the host buffers are made (m = 2^31 aborted the allocator).
    spec.validate()?;
    let (a, bm) = (bench_input(b.m * b.k, 1), bench_input(b.k * b.n, 2));
    let inputs = [
        Host::F32(a.clone()),
        Host::F32(bm.clone()),
        Host::Poison(b.m * b.n),
    ];
    let (med, min, c, timing) = time_kernel(gpu, &spec, &inputs, b.reps)?;
    let (err, samples) = check_samples(&c, &a, &bm, b.m, b.n, b.k);
    Ok(result(
        spec.name(),
        "f32",
        b,
        med,
        min,
        err,
        samples,
        timing,
    ))
}

/// The cooperative-matrix kernel with `tile` on `bench_input` matrices rounded to f16.
pub fn bench_coop(gpu: &Gpu, b: &MatmulBench, tile: CoopTile) -> Result<BenchResult> {
    let s = CoopMatmulSpec {
        m: b.m,
        n: b.n,
        k: b.k,
        tile,
    };
    KernelSpec::CoopMatmul(s).validate()?;
    let to16 = |v: Vec<f32>| -> Vec<half::f16> { v.into_iter().map(half::f16::from_f32).collect() };
    let (a16, b16) = (
        to16(bench_input(b.m * b.k, 1)),
        to16(bench_input(b.k * b.n, 2)),
    );
    let spec = KernelSpec::CoopMatmul(s);
    let inputs = [
        Host::F16(a16.clone()),
        Host::F16(b16.clone()),
        Host::Poison(b.m * b.n),
    ];
    let (med, min, c, timing) = time_kernel(gpu, &spec, &inputs, b.reps)?;
    let back = |v: &[half::f16]| -> Vec<f32> { v.iter().map(|x| x.to_f32()).collect() };
    let (err, samples) = check_samples(&c, &back(&a16), &back(&b16), b.m, b.n, b.k);
    Ok(result(
        spec.name(),
        "f16",
        b,
        med,
        min,
        err,
        samples,
        timing,
    ))
}

#[allow(clippy::too_many_arguments)]
fn result(
    kernel: String,
    dtype: &str,
    b: &MatmulBench,
    med: f64,
    min: f64,
    err: f64,
    samples: Vec<(usize, usize, f32)>,
    timing: String,
) -> BenchResult {
    BenchResult {
        kernel,
        dtype: dtype.into(),
        m: b.m,
        n: b.n,
        k: b.k,
        median_ms: med * 1e3,
        min_ms: min * 1e3,
        tflops: 2.0 * (b.m * b.n * b.k) as f64 / med / 1e12,
        sample_rel_err: err,
        samples,
        timing,
    }
}
