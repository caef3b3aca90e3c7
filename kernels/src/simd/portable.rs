//! [`Simd`] in plain Rust: 8-lane arrays the compiler maps onto whatever
//! vectors the build's baseline has (SSE2 on x86-64, NEON on aarch64).
use super::{Simd, EXP_MAX, EXP_MIN, EXP_POLY, LN2_HI, LN2_LO};

/// The portable variant.
#[derive(Clone, Copy, Debug)]
pub struct Portable;

/// Lanes of a portable vector.
const W: usize = 8;

#[inline(always)]
fn map(a: [f32; W], f: impl Fn(f32) -> f32) -> [f32; W] {
    a.map(f)
}

#[inline(always)]
fn zip(a: [f32; W], b: [f32; W], f: impl Fn(f32, f32) -> f32) -> [f32; W] {
    std::array::from_fn(|i| f(a[i], b[i]))
}

/// `e^x` by the same reduction and polynomial as the vector variants.
#[inline(always)]
pub(crate) fn exp_f32(x: f32) -> f32 {
    if x.is_nan() {
        return x;
    }
    if x < EXP_MIN {
        return 0.0;
    }
    if x > EXP_MAX {
        return f32::INFINITY;
    }
    let n = (x * std::f32::consts::LOG2_E).round_ties_even();
    let r = (-n).mul_add(LN2_LO, (-n).mul_add(LN2_HI, x));
    let p = EXP_POLY[1..]
        .iter()
        .fold(EXP_POLY[0], |p, c| p.mul_add(r, *c));
    let half = (n * 0.5) as i32;
    let rest = n as i32 - half;
    let scale = |e: i32| f32::from_bits(((e + 127) as u32) << 23);
    p * scale(half) * scale(rest)
}

// SAFETY: plain Rust; pointer validity is the caller's per the trait.
unsafe impl Simd for Portable {
    const ISA: kforge_abi::isa::Isa = kforge_abi::isa::Isa::Portable;
    const LANES: usize = W;
    const REGISTERS: usize = 16;
    type V = [f32; W];

    #[inline(always)]
    unsafe fn splat(x: f32) -> [f32; W] {
        [x; W]
    }
    #[inline(always)]
    unsafe fn load(p: *const f32) -> [f32; W] {
        unsafe { p.cast::<[f32; W]>().read_unaligned() }
    }
    #[inline(always)]
    unsafe fn load_first(p: *const f32, n: usize) -> [f32; W] {
        let mut v = [0.0; W];
        for (i, lane) in v.iter_mut().enumerate().take(n) {
            *lane = unsafe { *p.add(i) };
        }
        v
    }
    #[inline(always)]
    unsafe fn store(p: *mut f32, v: [f32; W]) {
        unsafe { p.cast::<[f32; W]>().write_unaligned(v) }
    }
    #[inline(always)]
    unsafe fn store_first(p: *mut f32, v: [f32; W], n: usize) {
        for (i, lane) in v.iter().enumerate().take(n) {
            unsafe { *p.add(i) = *lane };
        }
    }
    #[inline(always)]
    unsafe fn broadcast(p: *const f32) -> [f32; W] {
        [unsafe { *p }; W]
    }
    #[inline(always)]
    unsafe fn mul_add(a: [f32; W], b: [f32; W], c: [f32; W]) -> [f32; W] {
        // a·b + c unfused: `mul_add` without FMA hardware is a libm call.
        std::array::from_fn(|i| a[i] * b[i] + c[i])
    }
    #[inline(always)]
    unsafe fn add(a: [f32; W], b: [f32; W]) -> [f32; W] {
        zip(a, b, |x, y| x + y)
    }
    #[inline(always)]
    unsafe fn sub(a: [f32; W], b: [f32; W]) -> [f32; W] {
        zip(a, b, |x, y| x - y)
    }
    #[inline(always)]
    unsafe fn mul(a: [f32; W], b: [f32; W]) -> [f32; W] {
        zip(a, b, |x, y| x * y)
    }
    #[inline(always)]
    unsafe fn div(a: [f32; W], b: [f32; W]) -> [f32; W] {
        zip(a, b, |x, y| x / y)
    }
    #[inline(always)]
    unsafe fn max(a: [f32; W], b: [f32; W]) -> [f32; W] {
        zip(a, b, f32::max)
    }
    #[inline(always)]
    unsafe fn reduce_add(v: [f32; W]) -> f32 {
        // Pairwise, as the vector variants reduce.
        let h: [f32; 4] = std::array::from_fn(|i| v[i] + v[i + 4]);
        (h[0] + h[2]) + (h[1] + h[3])
    }
    #[inline(always)]
    unsafe fn exp(x: [f32; W]) -> [f32; W] {
        map(x, exp_f32)
    }
    #[inline(always)]
    unsafe fn abs(x: [f32; W]) -> [f32; W] {
        map(x, f32::abs)
    }
    #[inline(always)]
    unsafe fn select_lt(a: [f32; W], b: [f32; W], x: [f32; W], y: [f32; W]) -> [f32; W] {
        std::array::from_fn(|i| if a[i] < b[i] { x[i] } else { y[i] })
    }
    #[inline(always)]
    unsafe fn copysign(m: [f32; W], s: [f32; W]) -> [f32; W] {
        zip(m, s, f32::copysign)
    }
    #[inline(always)]
    unsafe fn nibbles32(p: *const u8) -> [[f32; W]; 4] {
        // SAFETY: 16 readable bytes at p per the trait's contract.
        let b = unsafe { std::slice::from_raw_parts(p, 16) };
        std::array::from_fn(|v| {
            std::array::from_fn(|i| {
                let e = v * W + i;
                f32::from(if e < 16 { b[e] & 0x0f } else { b[e - 16] >> 4 })
            })
        })
    }
    #[inline(always)]
    unsafe fn i8x32(p: *const u8) -> [[f32; W]; 4] {
        // SAFETY: 32 readable bytes at p.
        let b = unsafe { std::slice::from_raw_parts(p, 32) };
        std::array::from_fn(|v| std::array::from_fn(|i| f32::from(b[v * W + i] as i8)))
    }
    #[inline(always)]
    unsafe fn f16x32(p: *const u8) -> [[f32; W]; 4] {
        // SAFETY: 64 readable bytes at p.
        let b = unsafe { std::slice::from_raw_parts(p, 64) };
        let at = |e: usize| half::f16::from_le_bytes([b[2 * e], b[2 * e + 1]]).to_f32();
        std::array::from_fn(|v| std::array::from_fn(|i| at(v * W + i)))
    }
    #[inline(always)]
    unsafe fn bf16x32(p: *const u8) -> [[f32; W]; 4] {
        // SAFETY: 64 readable bytes at p.
        let b = unsafe { std::slice::from_raw_parts(p, 64) };
        let at = |e: usize| {
            f32::from_bits(u32::from(u16::from_le_bytes([b[2 * e], b[2 * e + 1]])) << 16)
        };
        std::array::from_fn(|v| std::array::from_fn(|i| at(v * W + i)))
    }
    #[inline(always)]
    unsafe fn f16_scalar(p: *const u8) -> f32 {
        // SAFETY: 2 readable bytes at p.
        half::f16::from_le_bytes(unsafe { [*p, *p.add(1)] }).to_f32()
    }
}

// SAFETY: plain Rust; pointer validity is the caller's per the trait.
unsafe impl super::int8::IntDot for Portable {
    type I = [i32; W];

    #[inline(always)]
    unsafe fn q8_block<const R: usize>(
        w: *const u8,
        part: usize,
        x: [*const i8; R],
        _xsum: [i32; R],
    ) -> [[i32; W]; R] {
        // SAFETY: the block's 512 bytes and each row's 32 per the caller.
        let (w, x) = unsafe {
            (
                std::slice::from_raw_parts(w.cast::<i8>(), 512),
                x.map(|x| std::slice::from_raw_parts(x, 32)),
            )
        };
        x.map(|x| {
            std::array::from_fn(|lane| {
                let r = W * part + lane;
                (0..32)
                    .map(|k| i32::from(w[64 * (k / 4) + 4 * r + k % 4]) * i32::from(x[k]))
                    .sum()
            })
        })
    }
    #[inline(always)]
    unsafe fn q4_block<const R: usize>(
        w: *const u8,
        part: usize,
        x: [*const i8; R],
    ) -> [[i32; W]; R] {
        // SAFETY: the block's 256 bytes and each row's 32 per the caller.
        let (w, x) = unsafe {
            (
                std::slice::from_raw_parts(w, 256),
                x.map(|x| std::slice::from_raw_parts(x, 32)),
            )
        };
        x.map(|x| {
            std::array::from_fn(|lane| {
                let r = W * part + lane;
                (0..32)
                    .map(|k| {
                        let byte = w[64 * (k / 8) + 4 * r + k % 4];
                        let q = if k % 8 < 4 { byte & 0x0f } else { byte >> 4 };
                        i32::from(q) * i32::from(x[k])
                    })
                    .sum()
            })
        })
    }
    #[inline(always)]
    unsafe fn sums_to_f32(s: [i32; W]) -> [f32; W] {
        s.map(|v| v as f32)
    }
    #[inline(always)]
    unsafe fn f16_part(p: *const u8, part: usize) -> [f32; W] {
        std::array::from_fn(|i| {
            let at = 2 * (W * part + i);
            // SAFETY: the 16 halves' 32 bytes per the caller.
            unsafe { half::f16::from_le_bytes([*p.add(at), *p.add(at + 1)]).to_f32() }
        })
    }
}
