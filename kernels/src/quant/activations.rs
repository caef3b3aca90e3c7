//! Input rows quantized to 8 bits per block of 32 values, once per call, for
//! the integer products of [`super::interleaved`]: the definition is
//! `kforge_reference::quant::int8::quantize_activations` (`d = max|x|/127`,
//! `q = round(x/d)` ties to even), and this computes the same bits.

/// Rounds to the nearest integer, ties to even, for `|v| < 2^22`: adding
/// and subtracting 1.5·2^23 leaves no fraction bits (a form the compiler
/// vectorizes, unlike `round_ties_even` without SSE4.1).
#[inline(always)]
fn round_ties_even(v: f32) -> f32 {
    const MAGIC: f32 = 12_582_912.0;
    (v + MAGIC) - MAGIC
}

/// `m` rows of `k` activations (`k` a multiple of 32), quantized per block.
#[derive(Debug)]
pub struct Activations {
    q: Vec<i8>,
    d: Vec<f32>,
    sum: Vec<i32>,
    blocks: usize,
}

impl Activations {
    /// Quantizes rows `x[r, 0..k]` (row stride `stride` floats) for `r < m`.
    ///
    /// # Safety
    /// `x` holds `m` rows of `k` floats at that stride; `k` is a multiple
    /// of 32.
    pub unsafe fn quantize(x: usize, stride: usize, m: usize, k: usize) -> Self {
        assert!(k.is_multiple_of(32), "k = {k} is not whole blocks of 32");
        let blocks = k / 32;
        let mut a = Self {
            q: vec![0; m * k],
            d: vec![0.0; m * blocks],
            sum: vec![0; m * blocks],
            blocks,
        };
        for r in 0..m {
            // SAFETY: row r holds k floats per the caller.
            let row = unsafe { std::slice::from_raw_parts((x as *const f32).add(r * stride), k) };
            let q = &mut a.q[r * k..(r + 1) * k];
            for (b, (xs, qs)) in row.chunks_exact(32).zip(q.chunks_exact_mut(32)).enumerate() {
                let amax = xs.iter().fold(0.0f32, |m, v| m.max(v.abs()));
                let inverse = if amax > 0.0 { 127.0 / amax } else { 0.0 };
                let mut sum = 0i32;
                for (q, v) in qs.iter_mut().zip(xs) {
                    // Within ±127 (± a rounding of the product): `as`
                    // saturates, NaN becomes 0, as the reference's cast.
                    *q = round_ties_even((v * inverse).clamp(-127.0, 127.0)) as i8;
                    sum += i32::from(*q);
                }
                a.d[r * blocks + b] = amax / 127.0;
                a.sum[r * blocks + b] = sum;
            }
        }
        a
    }

    /// Block `b` of row `r`: its 32 quants, scale and sum.
    ///
    /// # Safety
    /// `r` is one of the rows and `b` one of the blocks (unchecked: the
    /// products fetch these in their innermost loop).
    #[inline(always)]
    pub unsafe fn block(&self, r: usize, b: usize) -> (*const i8, f32, i32) {
        let at = r * self.blocks + b;
        debug_assert!(at < self.d.len());
        // SAFETY: `at` indexes a block per the caller; q holds 32 per block.
        unsafe {
            (
                self.q.as_ptr().add(32 * at),
                *self.d.get_unchecked(at),
                *self.sum.get_unchecked(at),
            )
        }
    }
}
