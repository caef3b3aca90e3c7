//! `memrefCopy`: the runtime function MLIR's memref lowering calls for copies
//! between buffers of non-trivial layouts (e.g. a dynamic block of new keys into
//! a strided KV-cache slice). Upstream ships it in `libmlir_c_runner_utils`;
//! kforge provides its own so compiled modules need no extra shared library.

/// `{ rank, descriptor* }` as MLIR passes an unranked memref.
#[repr(C)]
pub struct UnrankedMemRef {
    /// Rank of the described memref.
    pub rank: i64,
    /// Pointer to a ranked descriptor: allocated, aligned, offset, `sizes[rank]`, `strides[rank]`.
    pub descriptor: *const i64,
}

/// Copies every element of `src` into `dst` (same sizes), `element_size` bytes each.
///
/// # Safety
/// Both descriptors must describe live buffers of equal sizes.
#[no_mangle]
pub unsafe extern "C" fn memrefCopy(
    element_size: i64,
    src: *const UnrankedMemRef,
    dst: *const UnrankedMemRef,
) {
    // SAFETY: guaranteed by the caller (compiled code).
    unsafe {
        let (src, dst) = (&*src, &*dst);
        let rank = src.rank.max(0) as usize;
        let read = |d: *const i64, i: usize| *d.add(i);
        let (sd, dd) = (src.descriptor, dst.descriptor);
        let sizes: Vec<i64> = (0..rank).map(|i| read(sd, 3 + i)).collect();
        let src_strides: Vec<i64> = (0..rank).map(|i| read(sd, 3 + rank + i)).collect();
        let dst_strides: Vec<i64> = (0..rank).map(|i| read(dd, 3 + rank + i)).collect();
        let es = element_size as usize;
        let src_base = (read(sd, 1) as *const u8).add(read(sd, 2) as usize * es);
        let dst_base = (read(dd, 1) as *mut u8).add(read(dd, 2) as usize * es);
        if sizes.contains(&0) {
            return;
        }
        // Copy the innermost dimension as one run when it is contiguous on both sides.
        let inner = rank.checked_sub(1);
        let run = match inner {
            Some(i) if src_strides[i] == 1 && dst_strides[i] == 1 => sizes[i] as usize,
            _ => 1,
        };
        let outer_rank = if run > 1 { rank - 1 } else { rank };
        let mut index = vec![0i64; outer_rank];
        loop {
            let so: i64 = index.iter().zip(&src_strides).map(|(i, s)| i * s).sum();
            let d_o: i64 = index.iter().zip(&dst_strides).map(|(i, s)| i * s).sum();
            std::ptr::copy(
                src_base.add(so as usize * es),
                dst_base.add(d_o as usize * es),
                run * es,
            );
            let mut d = outer_rank;
            loop {
                if d == 0 {
                    return;
                }
                d -= 1;
                index[d] += 1;
                if index[d] < sizes[d] {
                    break;
                }
                index[d] = 0;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copies_a_strided_block() {
        // src: a 2x3 block of a 4x5 buffer at (1, 1); dst: contiguous 2x3.
        let src: Vec<f32> = (0..20).map(|v| v as f32).collect();
        let mut dst = vec![0.0f32; 6];
        let sdesc = [src.as_ptr() as i64, src.as_ptr() as i64, 6, 2, 3, 5, 1];
        let ddesc = [
            dst.as_mut_ptr() as i64,
            dst.as_mut_ptr() as i64,
            0,
            2,
            3,
            3,
            1,
        ];
        let s = UnrankedMemRef {
            rank: 2,
            descriptor: sdesc.as_ptr(),
        };
        let d = UnrankedMemRef {
            rank: 2,
            descriptor: ddesc.as_ptr(),
        };
        unsafe { memrefCopy(4, &s, &d) };
        assert_eq!(dst, vec![6.0, 7.0, 8.0, 11.0, 12.0, 13.0]);
        // Rank 0.
        let one = [5.0f32];
        let mut out = [0.0f32];
        let s0 = [one.as_ptr() as i64, one.as_ptr() as i64, 0];
        let d0 = [out.as_mut_ptr() as i64, out.as_mut_ptr() as i64, 0];
        unsafe {
            memrefCopy(
                4,
                &UnrankedMemRef {
                    rank: 0,
                    descriptor: s0.as_ptr(),
                },
                &UnrankedMemRef {
                    rank: 0,
                    descriptor: d0.as_ptr(),
                },
            )
        };
        assert_eq!(out[0], 5.0);
    }
}
