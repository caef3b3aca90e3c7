//! The blocking of the f32 matrix product ([`crate::MatmulSpec`]): workgroup tile, reduction step and the
//! register tile of each thread. The compiler's `--kforge-tile-gpu` pass picks one per op, from the autotuner's
//! cache or [`MatmulTile::for_shape`]; [`MatmulTile::candidates`] is the autotuner's search space.

/// `bm x bn` outputs per workgroup, `bk` of the reduction staged per step, `tm x tn` outputs per thread
/// (`(bm/tm)·(bn/tn)` threads). A thread's rows come in `tm/4` groups of 4, its columns in `tn/4` groups of 4
/// (one `vec4` each), so that neighbouring threads read neighbouring `vec4`s of the staged tiles.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub struct MatmulTile {
    /// Workgroup tile rows.
    pub bm: usize,
    /// Workgroup tile columns.
    pub bn: usize,
    /// Reduction step staged in workgroup memory.
    pub bk: usize,
    /// Rows per thread (4 or 8).
    pub tm: usize,
    /// Columns per thread (4 or 8).
    pub tn: usize,
}

impl Default for MatmulTile {
    fn default() -> Self {
        MatmulTile::LARGE
    }
}

/// Threads per workgroup the tiles may use (256 is WebGPU's guaranteed maximum).
const THREADS: std::ops::RangeInclusive<usize> = 64..=256;
/// The largest side of a workgroup tile (256 threads of 8 outputs along one side; bounds every product of sides).
const MAX_SIDE: usize = 2048;

impl MatmulTile {
    /// 128x128x8 with 8x8 per thread: 0.74x cuBLAS SGEMM at 4096³ on an H100 (bench/GPU_RESULTS.md).
    pub const LARGE: MatmulTile = MatmulTile {
        bm: 128,
        bn: 128,
        bk: 8,
        tm: 8,
        tn: 8,
    };

    /// 64x128x16 with 8x8 per thread (128 threads): the autotuner's choice on an H100 at 4096³ (1.07x
    /// [`MatmulTile::LARGE`], 0.84x cuBLAS SGEMM), 1024³ (1.86x) and 512x49152x576 (1.08x), bench/GPU_RESULTS.md
    /// 2026-11-26.
    pub const WIDE: MatmulTile = MatmulTile {
        bm: 64,
        bn: 128,
        bk: 16,
        tm: 8,
        tn: 8,
    };

    /// 64x64x16 with 4x4 per thread: four times the workgroups of [`MatmulTile::LARGE`] for products too small to
    /// fill a GPU with 128x128 tiles.
    pub const SMALL: MatmulTile = MatmulTile {
        bm: 64,
        bn: 64,
        bk: 16,
        tm: 4,
        tn: 4,
    };

    /// The tile used when nothing is tuned: [`MatmulTile::WIDE`] when 128x128 tiles (times `batch`) would be 64
    /// workgroups or more (half the streaming multiprocessors of an H100 class GPU), else [`MatmulTile::SMALL`].
    pub fn for_shape(batch: usize, m: usize, n: usize) -> MatmulTile {
        let large = MatmulTile::LARGE.workgroups(batch, m, n);
        if large >= 64 {
            MatmulTile::WIDE
        } else {
            MatmulTile::SMALL
        }
    }

    /// Every valid tile of `bm, bn ∈ {32, 64, 128}`, `bk ∈ {8, 16}`, `tm, tn ∈ {4, 8}` (the autotuner's space),
    /// in a fixed order.
    pub fn candidates() -> Vec<MatmulTile> {
        let mut out = Vec::new();
        for bm in [32, 64, 128] {
            for bn in [32, 64, 128] {
                for bk in [8, 16] {
                    for tm in [4, 8] {
                        for tn in [4, 8] {
                            let t = MatmulTile { bm, bn, bk, tm, tn };
                            if t.check().is_ok() {
                                out.push(t);
                            }
                        }
                    }
                }
            }
        }
        out
    }

    /// Threads per workgroup.
    pub fn threads(&self) -> usize {
        (self.bm / self.tm.max(1)).saturating_mul(self.bn / self.tn.max(1))
    }

    /// `vec4`s of A (`bm x bk`) each thread loads per step.
    pub fn a_loads(&self) -> usize {
        self.bm.saturating_mul(self.bk) / 4 / self.threads().max(1)
    }

    /// `vec4`s of B (`bk x bn`) each thread loads per step.
    pub fn b_loads(&self) -> usize {
        self.bk.saturating_mul(self.bn) / 4 / self.threads().max(1)
    }

    /// Workgroups of a `batch x m x n` product (`usize::MAX` where that overflows: any shape may be asked
    /// about; the kernel's spec is validated before it runs).
    pub fn workgroups(&self, batch: usize, m: usize, n: usize) -> usize {
        m.div_ceil(self.bm.max(1))
            .saturating_mul(n.div_ceil(self.bn.max(1)))
            .saturating_mul(batch)
    }

    /// Bytes of workgroup memory: two buffers of the A and B tiles.
    pub fn shared_bytes(&self) -> usize {
        self.bm
            .saturating_add(self.bn)
            .saturating_mul(self.bk)
            .saturating_mul(8)
    }

    /// Short label, e.g. `128x128x8_8x8`.
    pub fn label(&self) -> String {
        format!(
            "{}x{}x{}_{}x{}",
            self.bm, self.bn, self.bk, self.tm, self.tn
        )
    }

    /// Reads a [`MatmulTile::label`] back (`128x128x8_8x8`) and checks it.
    pub fn parse(label: &str) -> Result<MatmulTile, String> {
        let bad = || {
            format!("'{label}' is not a matmul tile (expected BMxBNxBK_TMxTN, e.g. 128x128x8_8x8)")
        };
        let (block, thread) = label.split_once('_').ok_or_else(bad)?;
        let numbers = |s: &str| -> Result<Vec<usize>, String> {
            s.split('x')
                .map(|v| v.parse::<usize>().map_err(|_| bad()))
                .collect()
        };
        let (b, t) = (numbers(block)?, numbers(thread)?);
        let (&[bm, bn, bk], &[tm, tn]) = (&b[..], &t[..]) else {
            return Err(bad());
        };
        let tile = MatmulTile { bm, bn, bk, tm, tn };
        tile.check()
            .map_err(|why| format!("tile '{label}': {why}"))?;
        Ok(tile)
    }

    /// Why the generator cannot emit this tile, if it cannot: register tiles of 4 or 8, a workgroup tile made
    /// of whole register tiles, 64 to 256 threads, and the staged tiles split evenly over the threads.
    pub fn check(&self) -> Result<(), String> {
        let MatmulTile { bm, bn, bk, tm, tn } = *self;
        if ![4, 8].contains(&tm) || ![4, 8].contains(&tn) {
            return Err(format!("register tile {tm}x{tn}: each side must be 4 or 8"));
        }
        if bm == 0 || bn == 0 || bm % tm != 0 || bn % tn != 0 {
            return Err(format!(
                "workgroup tile {bm}x{bn} is not a whole number of {tm}x{tn} register tiles"
            ));
        }
        // At most 256 threads of at most 8x8 outputs: no workgroup tile side above 2048, and every product
        // below stays far from overflow (a parsed label may hold any number).
        if bm > MAX_SIDE || bn > MAX_SIDE || bk > MAX_SIDE {
            return Err(format!(
                "workgroup tile {bm}x{bn}x{bk}: each side must be at most {MAX_SIDE}"
            ));
        }
        // Row groups sit bm·4/tm apart; each holds (bm/tm) threads of 4 rows, so bm must split evenly.
        if !(bm * 4).is_multiple_of(tm) || !(bn * 4).is_multiple_of(tn) {
            return Err(format!(
                "workgroup tile {bm}x{bn} does not split into row groups"
            ));
        }
        if bk == 0 || !bk.is_multiple_of(4) {
            return Err(format!(
                "reduction step {bk} must be a positive multiple of 4"
            ));
        }
        let threads = self.threads();
        if !THREADS.contains(&threads) {
            return Err(format!(
                "{threads} threads per workgroup (expected {} to {})",
                THREADS.start(),
                THREADS.end()
            ));
        }
        let (a, b) = (bm * bk / 4, bk * bn / 4);
        if a % threads != 0 || b % threads != 0 {
            return Err(format!(
                "{a} and {b} vec4 loads of the A and B tiles do not split over {threads} threads"
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn large_and_small_are_candidates() {
        let all = MatmulTile::candidates();
        assert!(all.contains(&MatmulTile::LARGE));
        assert!(all.contains(&MatmulTile::WIDE));
        assert!(all.contains(&MatmulTile::SMALL));
        assert!(all.len() >= 12, "{}", all.len());
        for t in all {
            assert!(t.a_loads() >= 1 && t.b_loads() >= 1, "{t:?}");
        }
    }

    #[test]
    fn bad_tiles_say_why() {
        let t = MatmulTile {
            tm: 6,
            ..MatmulTile::LARGE
        };
        assert!(t.check().unwrap_err().contains("register tile 6x8"));
        let t = MatmulTile {
            bm: 256,
            bn: 256,
            ..MatmulTile::LARGE
        };
        assert!(t.check().unwrap_err().contains("1024 threads"));
        let t = MatmulTile {
            bm: 32,
            bn: 32,
            ..MatmulTile::LARGE
        };
        assert!(t.check().unwrap_err().contains("16 threads"));
    }

    #[test]
    fn labels_read_back() {
        for t in MatmulTile::candidates() {
            assert_eq!(MatmulTile::parse(&t.label()), Ok(t));
        }
        assert!(MatmulTile::parse("128x128x8")
            .unwrap_err()
            .contains("expected BMxBNxBK_TMxTN"));
        assert!(MatmulTile::parse("128x128x8_8xq").is_err());
        assert!(MatmulTile::parse("256x256x8_8x8")
            .unwrap_err()
            .contains("1024 threads"));
    }

    #[test]
    fn sizes_that_overflow_are_errors_not_panics() {
        let huge = usize::MAX;
        // A multiple of 4 (the register tile): `bm * 4` overflowed here.
        let err = MatmulTile::parse(&format!("{}x64x8_4x4", huge - 3)).unwrap_err();
        assert!(err.contains("each side must be at most 2048"), "{err}");
        assert!(MatmulTile::parse(&format!("64x64x{}_4x4", huge - 3)).is_err());
        let t = MatmulTile {
            bm: huge,
            bn: huge,
            bk: huge,
            tm: 0,
            tn: 0,
        };
        assert!(t.check().is_err());
        assert_eq!(t.threads(), huge);
        assert_eq!(t.shared_bytes(), huge);
        let _ = (t.a_loads(), t.b_loads());
        let zero = MatmulTile {
            bm: 0,
            bn: 0,
            bk: 0,
            tm: 4,
            tn: 4,
        };
        assert_eq!(zero.a_loads(), 0);
        assert_eq!(zero.workgroups(2, 3, 4), 2 * 3 * 4);
        assert_eq!(MatmulTile::LARGE.workgroups(huge, huge, huge), huge);
        assert_eq!(MatmulTile::for_shape(huge, huge, huge), MatmulTile::WIDE);
    }

    #[test]
    fn small_products_get_the_small_tile() {
        assert_eq!(MatmulTile::for_shape(1, 4096, 4096), MatmulTile::WIDE);
        assert_eq!(MatmulTile::for_shape(1, 64, 576), MatmulTile::SMALL);
        assert_eq!(MatmulTile::for_shape(9, 128, 1024), MatmulTile::WIDE);
    }
}
