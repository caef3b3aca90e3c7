//! `kforge_ukernel_matmul_f32`: `c[m, n] = Σ_k a[m, k]·b[k, n]` on row-major
//! buffers, and `kforge_ukernel_batch_matmul_f32`, the same per batch.
//!
//! Two strategies, both parallel on rayon's pool:
//! - few rows (a decode step, `M ≤ skinny_max_m`): `skinny` streams `b` in
//!   place row by row (memory-bound: the order of reads is what counts);
//! - otherwise `blocked`: GotoBLAS/BLIS blocking around the register tile
//!   shared with the linear kernel ([`super::tile`]), `a` packed into MR-row
//!   micro-panels and `b` into 32-column panels (`panel[p][k][j] = b[k, 32p+j]`)
//!   per block of `k`. Packing `b` costs `O(K·N)` per call, amortized over `M`;
//!   below `pack_b_min_m` rows `b` is read in place (a panel's row is 32
//!   contiguous floats) and only a partial last panel is copied.
//!
//! A packing of `b` registered under its address ([`super::packed`], layout
//! `KN`) is used as is, whatever `M` (the blocked strategy then packs only `a`).
//!
//! Inner loops move raw pointers with `wrapping_add` and touch memory through
//! intrinsics: the project's dev profile (debug assertions on) would check
//! every `add`, dereference and slice index otherwise, which spills the
//! register tile and doubles the time of packing.
use super::packed::{self, Layout};
use super::tile::MR_MAX;
use super::{MemRef2, MemRef3};
use rayon::prelude::*;
use std::cell::RefCell;

mod blocked;
mod keep_awake;
mod skinny;

/// Block sizes and strategy choices of one product.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Blocking {
    /// Rows of a register tile (`1..=MR_MAX`).
    pub mr: usize,
    /// Largest block of the reduction (blocks are balanced: `K = 1024` with
    /// `kc = 768` runs as two blocks of 512). Each block is one parallel
    /// region and one pass over `c`; a `kc × 32` panel slice stays in L2.
    pub kc: usize,
    /// Rows of packed `a` that a task keeps in L2 while its panels go by
    /// (rounded down to whole tiles).
    pub mc: usize,
    /// Pack `b` when `M` reaches this; below, `b` is read in place.
    pub pack_b_min_m: usize,
    /// Up to this many rows (at most 6) the row-streaming kernel runs
    /// (unless `b` has a registered packing).
    pub skinny_max_m: usize,
}

impl Default for Blocking {
    fn default() -> Self {
        Self {
            mr: 12,
            kc: 768,
            mc: 144,
            pack_b_min_m: 64,
            skinny_max_m: 4,
        }
    }
}

/// Products below this many multiply-adds run on the calling thread.
const SERIAL_BELOW: usize = 64 * 1024;
/// Scratch buffers above this many floats are freed after a call.
const KEEP_SCRATCH_UP_TO: usize = 8 << 20;

/// Raw operands of one product (addresses as integers so tasks can share them).
#[derive(Clone, Copy, Debug)]
pub struct MatmulArgs {
    /// `a[0, 0]`.
    pub a: usize,
    /// Row stride of `a` in elements.
    pub lda: usize,
    /// `b[0, 0]`.
    pub b: usize,
    /// Row stride of `b`.
    pub ldb: usize,
    /// `c[0, 0]`.
    pub c: usize,
    /// Row stride of `c`.
    pub ldc: usize,
    /// Rows of `a` and `c`.
    pub m: usize,
    /// Columns of `b` and `c`.
    pub n: usize,
    /// Columns of `a`, rows of `b`.
    pub k: usize,
}

impl MatmulArgs {
    /// Contiguous row-major `a: [m, k]`, `b: [k, n]`, `c: [m, n]`.
    pub fn dense(a: &[f32], b: &[f32], c: &mut [f32], m: usize, n: usize, k: usize) -> Self {
        debug_assert!(a.len() >= m * k && b.len() >= k * n && c.len() >= m * n);
        Self {
            a: a.as_ptr() as usize,
            lda: k,
            b: b.as_ptr() as usize,
            ldb: n,
            c: c.as_mut_ptr() as usize,
            ldc: n,
            m,
            n,
            k,
        }
    }
}

/// C-interface entry point called by compiled code.
///
/// # Safety
/// The descriptors must describe row-major f32 buffers with unit inner stride:
/// `a: [M, K]`, `b: [K, N]`, `c: [M, N]`.
#[no_mangle]
pub unsafe extern "C" fn _mlir_ciface_kforge_ukernel_matmul_f32(
    a: *const MemRef2,
    b: *const MemRef2,
    c: *mut MemRef2,
) {
    // SAFETY: guaranteed by the caller (compiled kforge code).
    let (a, b, c) = unsafe { (&*a, &*b, &*c) };
    matmul(&MatmulArgs {
        a: a.data() as usize,
        lda: a.strides[0] as usize,
        b: b.data() as usize,
        ldb: b.strides[0] as usize,
        c: c.data() as usize,
        ldc: c.strides[0] as usize,
        m: a.sizes[0] as usize,
        n: b.sizes[1] as usize,
        k: a.sizes[1] as usize,
    });
}

/// C-interface entry point of the batched product.
///
/// # Safety
/// Row-major f32 buffers with unit inner stride: `a: [B, M, K]`,
/// `b: [B, K, N]`, `c: [B, M, N]`.
#[no_mangle]
pub unsafe extern "C" fn _mlir_ciface_kforge_ukernel_batch_matmul_f32(
    a: *const MemRef3,
    b: *const MemRef3,
    c: *mut MemRef3,
) {
    // SAFETY: guaranteed by the caller (compiled kforge code).
    let (a, b, c) = unsafe { (&*a, &*b, &*c) };
    let one = MatmulArgs {
        a: a.data() as usize,
        lda: a.strides[1] as usize,
        b: b.data() as usize,
        ldb: b.strides[1] as usize,
        c: c.data() as usize,
        ldc: c.strides[1] as usize,
        m: a.sizes[1] as usize,
        n: b.sizes[2] as usize,
        k: a.sizes[2] as usize,
    };
    let batch_strides = [a.strides[0], b.strides[0], c.strides[0]].map(|s| s as usize);
    batch_matmul(&one, a.sizes[0] as usize, batch_strides);
}

/// `c = a·b` with the [`Blocking`] the autotuner installed for this shape
/// ([`super::choices`]), else the default.
pub fn matmul(x: &MatmulArgs) {
    matmul_with(x, &super::choices::matmul_blocking((x.m, x.n, x.k)));
}

/// `batch` products: operand `i` of product `j` starts `j·strides[i]`
/// elements after `one`'s. Small products run side by side, large ones one
/// after another (each in parallel).
pub fn batch_matmul(one: &MatmulArgs, batch: usize, strides: [usize; 3]) {
    let at = |j: usize| MatmulArgs {
        a: one.a + 4 * j * strides[0],
        b: one.b + 4 * j * strides[1],
        c: one.c + 4 * j * strides[2],
        ..*one
    };
    if batch > 1 && one.m * one.n * one.k < 1 << 22 {
        (0..batch).into_par_iter().for_each(|j| matmul(&at(j)));
    } else {
        (0..batch).for_each(|j| matmul(&at(j)));
    }
}

/// `c = a·b` with explicit block sizes (tests and tuning).
pub fn matmul_with(x: &MatmulArgs, bl: &Blocking) {
    assert!((1..=MR_MAX).contains(&bl.mr), "mr must be in 1..={MR_MAX}");
    let (m, n, k) = (x.m, x.n, x.k);
    if m == 0 || n == 0 {
        return;
    }
    if k == 0 {
        for i in 0..m {
            // SAFETY: row i of c holds n floats per the caller.
            unsafe { std::ptr::write_bytes((x.c as *mut f32).add(i * x.ldc), 0, n) };
        }
        return;
    }
    let isa = kforge_abi::isa::active();
    let serial = m * n * k < SERIAL_BELOW || rayon::current_num_threads() == 1;
    let registered = packed::lookup(x.b as *const f32, Layout::KN, n, k);
    if !serial {
        keep_awake::product_starts();
    }
    if registered.is_none() && m <= bl.skinny_max_m.min(skinny::MAX_ROWS) {
        skinny::skinny(x, isa, serial);
    } else {
        blocked::blocked(x, bl, isa, serial, registered.as_deref());
    }
    if !serial {
        keep_awake::keep_workers_awake();
    }
}

thread_local! {
    /// Reusable scratch buffers of this thread (a stack: calls may nest when
    /// a rayon worker runs another product while it waits).
    static SCRATCH: RefCell<Vec<Vec<f32>>> = const { RefCell::new(Vec::new()) };
}

/// Runs `f` on a 64-byte aligned scratch slice of `len` floats (contents unspecified).
fn with_scratch<R>(len: usize, f: impl FnOnce(&mut [f32]) -> R) -> R {
    const ALIGN: usize = 16;
    let mut buf = SCRATCH.with(|s| s.borrow_mut().pop()).unwrap_or_default();
    if buf.len() < len + ALIGN {
        buf.resize(len + ALIGN, 0.0);
    }
    let skip = buf.as_ptr().align_offset(64).min(ALIGN);
    let out = f(&mut buf[skip..skip + len]);
    if buf.len() <= KEEP_SCRATCH_UP_TO {
        SCRATCH.with(|s| s.borrow_mut().push(buf));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use kforge_reference::{matmul as reference_matmul, max_rel_error, Tensor};

    fn run(m: usize, n: usize, k: usize, bl: &Blocking) -> (Tensor, Tensor) {
        let a = Tensor::random_f32([m, k], 1 + m as u64);
        let b = Tensor::random_f32([k, n], 2 + n as u64);
        let mut c = vec![f32::NAN; m * n];
        matmul_with(
            &MatmulArgs::dense(a.as_f32().unwrap(), b.as_f32().unwrap(), &mut c, m, n, k),
            bl,
        );
        let want = reference_matmul(&a, &b).unwrap();
        (Tensor::f32([m, n], c).unwrap(), want)
    }

    fn check(m: usize, n: usize, k: usize, bl: &Blocking) {
        let (got, want) = run(m, n, k, bl);
        let err = max_rel_error(&got, &want).unwrap();
        assert!(err < 1e-5, "{m}x{n}x{k} {bl:?}: error {err:e}");
    }

    /// Odd shapes: every tail of rows and columns, k not a multiple of the
    /// block, with b packed and read in place, and tiny blocks so that the
    /// small shapes cross several k and m blocks.
    #[test]
    fn matches_reference_on_odd_shapes() {
        let tiny = Blocking {
            mr: 5,
            kc: 7,
            mc: 11,
            pack_b_min_m: 1,
            skinny_max_m: 0,
        };
        let in_place = Blocking {
            pack_b_min_m: usize::MAX,
            ..tiny
        };
        let skinny = Blocking {
            skinny_max_m: skinny::MAX_ROWS,
            ..Blocking::default()
        };
        for bl in [Blocking::default(), tiny, in_place, skinny] {
            // The last four are big enough to run in parallel.
            for (m, n, k) in [
                (1, 1, 1),
                (1, 33, 17),
                (2, 31, 1),
                (13, 64, 29),
                (64, 65, 40),
                (1, 4100, 20),
                (3, 1000, 70),
                (20, 1000, 30),
            ] {
                check(m, n, k, &bl);
            }
            for m in 1..=2 * bl.mr + 1 {
                check(m, 40, 9, &bl);
            }
            for n in 1..=65 {
                check(3, n, 8, &bl);
            }
        }
        let big_k = Blocking::default().kc * 2 + 5;
        check(30, 70, big_k, &Blocking::default());
        // Three blocks of k with a's rows read in place (K = 1600 puts a
        // tile's rows in distinct L1 sets).
        check(30, 70, 1600, &Blocking::default());
        check(
            30,
            70,
            big_k,
            &Blocking {
                pack_b_min_m: usize::MAX,
                ..Blocking::default()
            },
        );
        for mr in 1..=MR_MAX {
            check(
                2 * mr + 3,
                50,
                20,
                &Blocking {
                    mr,
                    ..Blocking::default()
                },
            );
        }
    }

    #[test]
    fn empty_reduction_writes_zeros() {
        let (got, _) = run(3, 5, 0, &Blocking::default());
        assert!(got.as_f32().unwrap().iter().all(|v| *v == 0.0));
    }

    #[test]
    fn uses_a_registered_packing_of_b() {
        let (m, n, k) = (20, 45, 33);
        let a = Tensor::random_f32([m, k], 3);
        let b = Tensor::random_f32([k, n], 4);
        let bs = b.as_f32().unwrap();
        let wrong = vec![0.0f32; k * n];
        // Registered under b's address: a packing of something else (zeros)
        // shows that the kernel read the packing, not b.
        packed::register(
            bs.as_ptr(),
            std::sync::Arc::new(packed::PackedWeight::pack_kn(&wrong, k, n, n)),
        );
        let mut c = vec![1.0f32; m * n];
        let args = MatmulArgs::dense(a.as_f32().unwrap(), bs, &mut c, m, n, k);
        matmul(&args);
        assert!(c.iter().all(|v| *v == 0.0));
        packed::register(
            bs.as_ptr(),
            std::sync::Arc::new(packed::PackedWeight::pack_kn(bs, k, n, n)),
        );
        matmul(&args);
        packed::unregister(bs.as_ptr());
        let want = reference_matmul(&a, &b).unwrap();
        let got = Tensor::f32([m, n], c).unwrap();
        assert!(max_rel_error(&got, &want).unwrap() < 1e-5);
    }

    #[test]
    fn batches_match_reference() {
        let (batch, m, n, k) = (3, 7, 37, 19);
        let a = Tensor::random_f32([batch, m, k], 5);
        let b = Tensor::random_f32([batch, k, n], 6);
        let mut c = vec![0.0f32; batch * m * n];
        batch_matmul(
            &MatmulArgs::dense(a.as_f32().unwrap(), b.as_f32().unwrap(), &mut c, m, n, k),
            batch,
            [m * k, k * n, m * n],
        );
        let want = kforge_reference::batch_matmul(&a, &b).unwrap();
        let got = Tensor::f32([batch, m, n], c).unwrap();
        assert!(max_rel_error(&got, &want).unwrap() < 1e-5);
    }
}

#[cfg(test)]
mod timing {
    use super::*;

    /// CPU time of the calling thread (not counting time other processes
    /// took the core: the machine may be shared).
    fn thread_cpu_seconds() -> f64 {
        #[repr(C)]
        struct Timespec {
            sec: i64,
            nsec: i64,
        }
        extern "C" {
            fn clock_gettime(clock: i32, ts: *mut Timespec) -> i32;
        }
        const CLOCK_THREAD_CPUTIME_ID: i32 = 3;
        let mut ts = Timespec { sec: 0, nsec: 0 };
        // SAFETY: a plain libc call writing `ts`.
        unsafe { clock_gettime(CLOCK_THREAD_CPUTIME_ID, &mut ts) };
        ts.sec as f64 + ts.nsec as f64 * 1e-9
    }

    /// `cargo test -p kforge-kernels --lib -- --ignored --nocapture matmul_timing`;
    /// `KFORGE_MATMUL_SHAPES="MxKxN;…"`, `KFORGE_THREADS=T` and
    /// `KFORGE_MATMUL_BLOCKING=mr,kc,mc,pack_b_min_m,skinny_max_m` pick what
    /// runs; `KFORGE_GAP_US=U` spins U µs between calls (idle workers park).
    #[test]
    #[ignore]
    fn matmul_timing() {
        let bl = std::env::var("KFORGE_MATMUL_BLOCKING").map_or_else(
            |_| Blocking::default(),
            |v| {
                let p: Vec<usize> = v.split(',').map(|x| x.parse().unwrap()).collect();
                Blocking {
                    mr: p[0],
                    kc: p[1],
                    mc: p[2],
                    pack_b_min_m: p[3],
                    skinny_max_m: p[4],
                }
            },
        );
        let shapes: Vec<(usize, usize, usize)> = std::env::var("KFORGE_MATMUL_SHAPES")
            .map(|s| {
                s.split(';')
                    .map(|t| {
                        let v: Vec<usize> = t.split('x').map(|x| x.parse().unwrap()).collect();
                        (v[0], v[1], v[2])
                    })
                    .collect()
            })
            .unwrap_or_else(|_| vec![(1024, 1024, 1024), (64, 576, 1536)]);
        let threads: usize = std::env::var("KFORGE_THREADS").map_or(1, |t| t.parse().unwrap());
        let gap_us: u128 = std::env::var("KFORGE_GAP_US").map_or(0, |t| t.parse().unwrap());
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        for (m, k, n) in shapes {
            let a = vec![0.5f32; m * k];
            let b = vec![0.25f32; k * n];
            let mut c = vec![0.0f32; m * n];
            let args = MatmulArgs::dense(&a, &b, &mut c, m, n, k);
            let flops = 2.0 * (m * n * k) as f64;
            let reps = ((2e10 / flops) as usize).clamp(5, 2000);
            let (mut times, mut cpu): (Vec<f64>, Vec<f64>) = pool.install(|| {
                matmul_with(&args, &bl);
                (0..reps)
                    .map(|_| {
                        let gap = std::time::Instant::now();
                        while gap.elapsed().as_micros() < gap_us {
                            std::hint::spin_loop();
                        }
                        let (t, c) = (std::time::Instant::now(), thread_cpu_seconds());
                        matmul_with(&args, &bl);
                        (t.elapsed().as_secs_f64(), thread_cpu_seconds() - c)
                    })
                    .unzip()
            });
            times.sort_by(f64::total_cmp);
            cpu.sort_by(f64::total_cmp);
            println!(
                "{m}x{k}x{n} T={threads}: best {:.1} GFLOP/s, median {:.1}, \
                 median over this thread's CPU time {:.1}",
                flops / times[0] / 1e9,
                flops / times[reps / 2] / 1e9,
                flops / cpu[reps / 2] / 1e9,
            );
            assert!(c[0] > 0.0);
        }
    }
}
