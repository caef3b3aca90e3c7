//! `kforge_ukernel_linear_f32`: `out[m, n] = Σ_k x[m, k]·w[n, k]` with `w` in
//! its natural row-major `[N, K]` layout (a projection's weight as stored).
//!
//! Rows of `w` are contiguous in `k`, so each output is a dot product of two
//! contiguous rows. The kernel blocks 4 rows of `x` × 4 rows of `w` (16 AVX-512
//! accumulators, each weight row read once per 4 input rows) and splits the
//! output columns over rayon's pool. For decode (`M = 1`) this streams every
//! weight row exactly once: the bound is memory bandwidth.
//!
//! `kforge_ukernel_linear_epilogue_f32` is the same product followed by a
//! `kforge.fused_linear` epilogue ([`super::epilogue`]): on a packed weight
//! applied to each register tile before its store, on `w` as stored over
//! each task's block of columns right after the block is computed.
use super::epilogue::Epilogue;
use super::MemRef2;
use rayon::prelude::*;

/// Output columns per parallel task (a multiple of the 4-row block).
const COLUMNS_PER_TASK: usize = 64;

/// C-interface entry point called by compiled code.
///
/// # Safety
/// The descriptors must describe row-major f32 buffers with unit inner stride:
/// `x: [M, K]`, `w: [N, K]`, `out: [M, N]`.
#[no_mangle]
pub unsafe extern "C" fn _mlir_ciface_kforge_ukernel_linear_f32(
    x: *const MemRef2,
    w: *const MemRef2,
    out: *mut MemRef2,
) {
    // SAFETY: guaranteed by the caller (compiled kforge code).
    let (x, w, out) = unsafe { (&*x, &*w, &*out) };
    linear(&LinearArgs::from_memrefs(x, w, out));
}

/// C-interface entry point of the product followed by an epilogue: the
/// steps encoded in `steps` ([`kforge_abi::epilogue::encode_epilogue`]),
/// `add`/`mul` reading `e0`, `e1`, `e2`, `e3` in turn (rank-2 views of the output's
/// `[M, N]`, broadcasts as stride 0; an operand no step reads is ignored).
///
/// # Safety
/// As [`_mlir_ciface_kforge_ukernel_linear_f32`]; every operand a step
/// reads is readable over `[M, N]` through its strides.
#[allow(clippy::too_many_arguments, reason = "the C interface of the op")]
#[no_mangle]
pub unsafe extern "C" fn _mlir_ciface_kforge_ukernel_linear_epilogue_f32(
    x: *const MemRef2,
    w: *const MemRef2,
    out: *mut MemRef2,
    e0: *const MemRef2,
    e1: *const MemRef2,
    e2: *const MemRef2,
    e3: *const MemRef2,
    steps: i64,
) {
    // SAFETY: guaranteed by the caller (compiled kforge code).
    let (x, w, out) = unsafe { (&*x, &*w, &*out) };
    let es = unsafe { [&*e0, &*e1, &*e2, &*e3] };
    let epilogue = Epilogue::from_memrefs(steps, es)
        .unwrap_or_else(|e| panic!("kforge_ukernel_linear_epilogue_f32: {e}"));
    linear_epilogue(&LinearArgs::from_memrefs(x, w, out), Some(&epilogue));
}

/// Raw operands of one call (addresses as integers so tasks can share them).
#[derive(Clone, Copy, Debug)]
pub struct LinearArgs {
    /// `x` base address.
    pub x: usize,
    /// Row stride of `x` in elements.
    pub x_stride: usize,
    /// `w` base address.
    pub w: usize,
    /// Row stride of `w`.
    pub w_stride: usize,
    /// `out` base address.
    pub out: usize,
    /// Row stride of `out`.
    pub out_stride: usize,
    /// Rows of `x`.
    pub m: usize,
    /// Rows of `w` (output columns).
    pub n: usize,
    /// Reduction length.
    pub k: usize,
}

impl LinearArgs {
    /// Contiguous row-major `x: [m, k]`, `w: [n, k]`, `out: [m, n]`.
    pub fn dense(x: &[f32], w: &[f32], out: &mut [f32], m: usize, n: usize, k: usize) -> Self {
        debug_assert!(x.len() >= m * k && w.len() >= n * k && out.len() >= m * n);
        Self {
            x: x.as_ptr() as usize,
            x_stride: k,
            w: w.as_ptr() as usize,
            w_stride: k,
            out: out.as_mut_ptr() as usize,
            out_stride: n,
            m,
            n,
            k,
        }
    }

    /// The operands of `x: [M, K]`, `w: [N, K]`, `out: [M, N]`.
    fn from_memrefs(x: &MemRef2, w: &MemRef2, out: &MemRef2) -> Self {
        Self {
            x: x.data() as usize,
            x_stride: x.strides[0] as usize,
            w: w.data() as usize,
            w_stride: w.strides[0] as usize,
            out: out.data() as usize,
            out_stride: out.strides[0] as usize,
            m: x.sizes[0] as usize,
            n: w.sizes[0] as usize,
            k: x.sizes[1] as usize,
        }
    }
}

/// Runs the whole product: on the registered packing of `w` when there is one
/// ([`super::packed`]), else on `w` as stored.
pub fn linear(a: &LinearArgs) {
    linear_epilogue(a, None);
}

/// [`linear`], then `epilogue` (if any) on each block of the output while
/// it is in registers or cache.
pub fn linear_epilogue(a: &LinearArgs, epilogue: Option<&Epilogue>) {
    if let Some(packed) =
        super::packed::lookup(a.w as *const f32, super::packed::Layout::NK, a.n, a.k)
    {
        packed_linear_epilogue(a, &packed, epilogue);
        return;
    }
    rowmajor_linear_epilogue(a, epilogue);
}

/// `x·wᵀ` on a packed weight, with the split the autotuner installed for
/// this shape ([`super::choices`]), else the default.
pub fn packed_linear(a: &LinearArgs, w: &super::packed::PackedWeight) {
    packed_linear_epilogue(a, w, None);
}

/// [`packed_linear`], then `epilogue` on each register tile before its store.
pub fn packed_linear_epilogue(
    a: &LinearArgs,
    w: &super::packed::PackedWeight,
    epilogue: Option<&Epilogue>,
) {
    let split = super::choices::linear_split((a.m, a.n, a.k));
    packed_linear_split(a, w, split, epilogue);
}

/// `x·wᵀ` on a packed weight, in parallel over panel ranges (by default about
/// four tasks per worker, so uneven panel counts still balance).
pub fn packed_linear_with(
    a: &LinearArgs,
    w: &super::packed::PackedWeight,
    split: super::choices::LinearSplit,
) {
    packed_linear_split(a, w, split, None);
}

fn packed_linear_split(
    a: &LinearArgs,
    w: &super::packed::PackedWeight,
    split: super::choices::LinearSplit,
    epilogue: Option<&Epilogue>,
) {
    let panels = w.panels();
    let tasks_wanted = split.tasks_per_worker.max(1) * rayon::current_num_threads();
    let per_task = panels.div_ceil(tasks_wanted).max(1);
    let tasks = panels.div_ceil(per_task);
    let run = |t: usize| {
        let p0 = t * per_task;
        let p1 = (p0 + per_task).min(panels);
        packed_panels(a, w, (p0, p1), epilogue);
    };
    if tasks <= 1 || a.m * a.n * a.k < 32 * 1024 {
        (0..tasks).for_each(run);
    } else {
        (0..tasks).into_par_iter().for_each(run);
    }
}

fn packed_panels(
    a: &LinearArgs,
    w: &super::packed::PackedWeight,
    (p0, p1): (usize, usize),
    epilogue: Option<&Epilogue>,
) {
    use super::packed::PANEL;
    use super::tile::{self, Tile, TileEpilogue, MR};
    let isa = kforge_abi::isa::active();
    for p in p0..p1 {
        let mut i = 0;
        while i < a.m {
            let rows = MR.min(a.m - i);
            let t = Tile {
                a: (a.x as *const f32).wrapping_add(i * a.x_stride),
                lda: a.x_stride,
                b: w.data.as_ptr().wrapping_add(p * a.k * PANEL),
                ldb: PANEL,
                k: a.k,
                c: (a.out as *mut f32).wrapping_add(i * a.out_stride + p * PANEL),
                ldc: a.out_stride,
                cols: PANEL.min(a.n - p * PANEL),
                accumulate: false,
            };
            // SAFETY: rows i..i+rows of x and out are in bounds per the caller;
            // the panel holds k × 32 floats; the epilogue's operands cover out.
            unsafe {
                match epilogue {
                    None => tile::run::<false>(isa, rows, &t),
                    Some(epilogue) => {
                        let (row, col) = (i, p * PANEL);
                        let epi = TileEpilogue { epilogue, row, col };
                        tile::run_with_epilogue::<false>(isa, rows, &t, &epi)
                    }
                }
            };
            i += rows;
        }
    }
}

/// Runs the product on `w` as stored, in parallel over column blocks.
pub fn rowmajor_linear(a: &LinearArgs) {
    rowmajor_linear_epilogue(a, None);
}

/// [`rowmajor_linear`], then `epilogue` over each task's block of columns
/// right after the block is computed (a scalar pass while it is in cache).
pub fn rowmajor_linear_epilogue(a: &LinearArgs, epilogue: Option<&Epilogue>) {
    let tasks = a.n.div_ceil(COLUMNS_PER_TASK);
    let run = |t: usize| {
        let n0 = t * COLUMNS_PER_TASK;
        let n1 = (n0 + COLUMNS_PER_TASK).min(a.n);
        columns(a, n0, n1);
        if let Some(e) = epilogue {
            let out = (a.out as *mut f32).wrapping_add(n0);
            // SAFETY: the block is in bounds of out; the operands cover it.
            unsafe { e.apply_block(out, a.out_stride, (0, n0), (a.m, n1 - n0)) };
        }
    };
    if tasks <= 1 || a.m * a.n * a.k < 32 * 1024 {
        (0..tasks).for_each(run);
    } else {
        (0..tasks).into_par_iter().for_each(run);
    }
}

/// Columns `[n0, n1)` of the product on `w` as stored (every row of `x`).
pub(crate) fn columns(a: &LinearArgs, n0: usize, n1: usize) {
    columns_on(kforge_abi::isa::active(), a, n0, n1);
}

/// [`columns`] on a given ISA variant (one this CPU runs).
fn columns_on(isa: kforge_abi::isa::Isa, a: &LinearArgs, n0: usize, n1: usize) {
    // SAFETY: `isa` runs here; pointers are valid per the caller.
    unsafe { super::simd::dispatch(isa, Columns { a, n0, n1 }) };
}

/// [`columns`]' operands.
struct Columns<'a> {
    a: &'a LinearArgs,
    n0: usize,
    n1: usize,
}

impl super::simd::Kernel for Columns<'_> {
    type Output = ();
    #[inline(always)]
    unsafe fn run<S: super::simd::Simd>(self) {
        // SAFETY: forwarded from [`columns`].
        unsafe { columns_simd::<S>(self.a, self.n0, self.n1) }
    }
}

/// [`columns`] on `S`: blocks of `MR` rows of `x` × `NR` rows of `w`, each
/// output a dot product of two contiguous rows (one accumulator vector per
/// output, summed across lanes at the end), the `MR·NR` accumulators and the
/// `MR` rows' vectors in registers: 4 × 4 where 32 registers hold them
/// (AVX-512), 1 × 4 otherwise; single rows of `x` take 8 weight rows where
/// they fit.
///
/// # Safety
/// `S`'s features are present; the operands are valid per [`LinearArgs`].
#[inline(always)]
unsafe fn columns_simd<S: super::simd::Simd>(a: &LinearArgs, n0: usize, n1: usize) {
    let wide = S::REGISTERS >= 32;
    let mut i = 0;
    // SAFETY (whole body): every block lies within the rows of `x`, `w`, `out`.
    unsafe {
        if wide {
            while i + 4 <= a.m {
                let mut j = n0;
                while j + 4 <= n1 {
                    block::<S, 4, 4>(a, i, j);
                    j += 4;
                }
                while j < n1 {
                    block::<S, 4, 1>(a, i, j);
                    j += 1;
                }
                i += 4;
            }
        }
        while i < a.m {
            let mut j = n0;
            if wide {
                while j + 8 <= n1 {
                    block::<S, 1, 8>(a, i, j);
                    j += 8;
                }
            }
            while j + 4 <= n1 {
                block::<S, 1, 4>(a, i, j);
                j += 4;
            }
            while j < n1 {
                block::<S, 1, 1>(a, i, j);
                j += 1;
            }
            i += 1;
        }
    }
}

/// `MR × NR` dot products, rows `i..` of `x` with rows `j..` of `w`, over the
/// whole `k`: `LANES` at a time, then the first `k mod LANES` lanes.
///
/// # Safety
/// As [`columns_simd`]; rows `i..i+MR` of `x` and `j..j+NR` of `w` exist.
#[allow(
    clippy::needless_range_loop,
    reason = "constant bounds, unrolled into registers"
)]
#[inline(always)]
unsafe fn block<S: super::simd::Simd, const MR: usize, const NR: usize>(
    a: &LinearArgs,
    i: usize,
    j: usize,
) {
    let (lanes, k) = (S::LANES, a.k);
    let full = k - k % lanes;
    let (x, w, out) = (a.x as *const f32, a.w as *const f32, a.out as *mut f32);
    let xr: [*const f32; MR] = std::array::from_fn(|r| x.wrapping_add((i + r) * a.x_stride));
    let wr: [*const f32; NR] = std::array::from_fn(|c| w.wrapping_add((j + c) * a.w_stride));
    // SAFETY (whole body): within rows of `k` floats; the tail reads only
    // its `k − full` lanes.
    unsafe {
        let mut acc = [[S::zero(); NR]; MR];
        let mut kk = 0;
        while kk < full {
            let mut xv = [S::zero(); MR];
            for r in 0..MR {
                xv[r] = S::load(xr[r].wrapping_add(kk));
            }
            for c in 0..NR {
                let wv = S::load(wr[c].wrapping_add(kk));
                for r in 0..MR {
                    acc[r][c] = S::mul_add(xv[r], wv, acc[r][c]);
                }
            }
            kk += lanes;
        }
        if full < k {
            let rest = k - full;
            let mut xv = [S::zero(); MR];
            for r in 0..MR {
                xv[r] = S::load_first(xr[r].wrapping_add(full), rest);
            }
            for c in 0..NR {
                let wv = S::load_first(wr[c].wrapping_add(full), rest);
                for r in 0..MR {
                    acc[r][c] = S::mul_add(xv[r], wv, acc[r][c]);
                }
            }
        }
        for r in 0..MR {
            for c in 0..NR {
                *out.add((i + r) * a.out_stride + j + c) = S::reduce_add(acc[r][c]);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use kforge_reference::{linear as reference_linear, max_rel_error, Tensor};

    fn check(m: usize, n: usize, k: usize) {
        let x = Tensor::random_f32([m, k], 1);
        let w = Tensor::random_f32([n, k], 2);
        let mut out = vec![0.0f32; m * n];
        let args = LinearArgs::dense(x.as_f32().unwrap(), w.as_f32().unwrap(), &mut out, m, n, k);
        linear(&args);
        let got = Tensor::f32([m, n], out).unwrap();
        let want = reference_linear(&x, &w, None).unwrap();
        assert!(max_rel_error(&got, &want).unwrap() < 1e-5, "{m}x{n}x{k}");
        let packed = crate::packed::PackedWeight::pack(w.as_f32().unwrap(), n, k, k);
        let mut out3 = vec![0.0f32; m * n];
        packed_linear(
            &LinearArgs {
                out: out3.as_mut_ptr() as usize,
                ..args
            },
            &packed,
        );
        let got3 = Tensor::f32([m, n], out3.clone()).unwrap();
        assert!(
            max_rel_error(&got3, &want).unwrap() < 1e-5,
            "packed {m}x{n}x{k}"
        );
        for isa in kforge_abi::isa::Isa::supported() {
            let mut out2 = vec![0.0f32; m * n];
            columns_on(
                isa,
                &LinearArgs {
                    out: out2.as_mut_ptr() as usize,
                    ..args
                },
                0,
                n,
            );
            let got2 = Tensor::f32([m, n], out2).unwrap();
            assert!(
                max_rel_error(&got2, &want).unwrap() < 1e-5,
                "{isa} {m}x{n}x{k}"
            );
        }
    }

    #[test]
    fn matches_reference_on_odd_shapes() {
        for (m, n, k) in [
            (1, 1, 1),
            (1, 9, 17),
            (3, 5, 31),
            (4, 4, 16),
            (5, 67, 576),
            (7, 130, 33),
            (64, 192, 576),
        ] {
            check(m, n, k);
        }
    }
}

#[cfg(test)]
mod timing {
    use super::*;

    /// `cargo test -p kforge-kernels --release -- --ignored --nocapture linear_timing`
    #[test]
    #[ignore]
    fn linear_timing() {
        for (m, n, k, reps) in [
            (1usize, 1536usize, 576usize, 200),
            (1, 49152, 576, 20),
            (32, 1536, 576, 50),
            (1, 576, 1536, 200),
        ] {
            // Many distinct weights so that the stream does not sit in cache.
            let copies = (200_000_000 / (n * k * 4)).clamp(1, 64);
            let ws: Vec<Vec<f32>> = (0..copies).map(|c| vec![0.001 * c as f32; n * k]).collect();
            let x = vec![0.5f32; m * k];
            let mut out = vec![0.0f32; m * n];
            let packed: Vec<crate::packed::PackedWeight> = ws
                .iter()
                .map(|w| crate::packed::PackedWeight::pack(w, n, k, k))
                .collect();
            for use_packed in [false, true] {
                let t = std::time::Instant::now();
                for r in 0..reps {
                    let w = &ws[r % copies];
                    let a = LinearArgs::dense(&x, w, &mut out, m, n, k);
                    if use_packed {
                        packed_linear(&a, &packed[r % copies]);
                    } else {
                        rowmajor_linear(&a);
                    }
                }
                let s = t.elapsed().as_secs_f64() / reps as f64;
                println!(
                    "{m}x{n}x{k} packed={use_packed}: {:.1} us, {:.1} GB/s weights, {:.1} GFLOP/s",
                    s * 1e6,
                    (n * k * 4) as f64 / s / 1e9,
                    2.0 * (m * n * k) as f64 / s / 1e9
                );
            }
        }
    }
}
