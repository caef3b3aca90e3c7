//! The blocked product around the shared register tile, GotoBLAS/BLIS style,
//! with two parallel regions per block of `k` (few barriers: on a virtual
//! machine every wake-up of an idle worker costs):
//!
//! ```text
//! for each block of KC reductions                   (c accumulates after the first)
//!   region 1: pack a's rows into MR-row micro-panels     [tile][kc][MR]
//!             (unless a tile's rows of a sit in distinct L1 sets: then
//!             tiles read them in place), and b's panels when several
//!             tasks share a panel
//!   region 2: per task (a range of panels × a range of row tiles):
//!             pack its own panels of b                   [panel][kc][32]
//!             for each group of tiles (MC rows, kept in L2):
//!               for each panel: for each tile: MR×32 register tile over kc
//! ```
use super::{with_scratch, Blocking, MatmulArgs};
use crate::packed::{PackedWeight, PANEL};
use crate::tile::{self, Tile};
use rayon::prelude::*;

/// Tasks per worker (uneven progress of the workers evens out).
const TASKS_PER_THREAD: usize = 4;

/// Where b's panels come from.
#[derive(Clone, Copy)]
enum PanelSource<'a> {
    /// A packing registered for b (all of `k`).
    Registered(&'a PackedWeight),
    /// Packed per block of `k` into the scratch buffer.
    Packed,
    /// Read in place (`ldb` apart); only a partial last panel is packed.
    InPlace,
}

/// One product's fixed choices.
struct Plan<'a> {
    x: &'a MatmulArgs,
    mr: usize,
    isa: kforge_abi::isa::Isa,
    serial: bool,
    source: PanelSource<'a>,
    /// Tiles read a's rows in place (no packing): a tile's rows fall in
    /// distinct L1 sets, so they do not evict each other.
    a_in_place: bool,
    /// Blocks of `k` and the largest one.
    k_blocks: usize,
    kc_max: usize,
    panels: usize,
    tiles: usize,
    /// Row tiles whose packed rows stay in L2 while the panels go by.
    tiles_per_group: usize,
    /// Tasks: `panel_chunks × tile_chunks`, panels outer.
    per_panel_chunk: usize,
    panel_chunks: usize,
    per_tile_chunk: usize,
    tile_chunks: usize,
}

/// `c = a·b` by blocks (see the module doc); `serial` keeps it on this thread.
pub(super) fn blocked(
    x: &MatmulArgs,
    bl: &Blocking,
    isa: kforge_abi::isa::Isa,
    serial: bool,
    registered: Option<&PackedWeight>,
) {
    let plan = Plan::new(x, bl, isa, serial, registered);
    with_scratch(x.m * plan.kc_max, |a_buf| {
        with_scratch(plan.b_len(), |b_buf| plan.run(a_buf, b_buf))
    });
}

/// Whether `rows` rows `ld` floats apart fall in distinct sets of a 32 KiB,
/// 8-way L1 with 64-byte lines (64 sets): then a tile can read them in place.
/// Strides that are multiples of 1 KiB (`K` = 1024, 2048…) put many rows in
/// one set, which packing avoids.
fn rows_in_distinct_sets(ld: usize, rows: usize) -> bool {
    const SETS: usize = 64;
    let line_step = ld * 4 / 64;
    let mut seen = [false; SETS];
    (0..rows).all(|r| !std::mem::replace(&mut seen[(r * line_step) % SETS], true))
}

fn source<'a>(
    x: &MatmulArgs,
    bl: &Blocking,
    registered: Option<&'a PackedWeight>,
) -> PanelSource<'a> {
    match registered {
        Some(w) => PanelSource::Registered(w),
        None if x.m >= bl.pack_b_min_m => PanelSource::Packed,
        None => PanelSource::InPlace,
    }
}

impl<'a> Plan<'a> {
    fn new(
        x: &'a MatmulArgs,
        bl: &Blocking,
        isa: kforge_abi::isa::Isa,
        serial: bool,
        registered: Option<&'a PackedWeight>,
    ) -> Self {
        let panels = x.n.div_ceil(PANEL);
        let tiles = x.m.div_ceil(bl.mr);
        let want = if serial {
            1
        } else {
            TASKS_PER_THREAD * rayon::current_num_threads()
        };
        // Blocks of `k`, balanced (`K = 1024`, `kc = 768` → two of 512); one
        // when a single row tile reuses b's block only once anyway.
        let blocks = if x.m <= bl.mr {
            1
        } else {
            x.k.div_ceil(bl.kc.max(1))
        };
        let kc_max = x.k.div_ceil(blocks);
        let per_panel_chunk = panels.div_ceil(panels.min(want));
        let panel_chunks = panels.div_ceil(per_panel_chunk);
        let per_tile_chunk = tiles.div_ceil(want.div_ceil(panel_chunks).min(tiles));
        Self {
            x,
            mr: bl.mr,
            isa,
            serial,
            a_in_place: rows_in_distinct_sets(x.lda, bl.mr),
            source: source(x, bl, registered),
            k_blocks: x.k.div_ceil(kc_max),
            kc_max,
            panels,
            tiles,
            tiles_per_group: (bl.mc / bl.mr).max(1),
            per_panel_chunk,
            panel_chunks,
            per_tile_chunk,
            tile_chunks: tiles.div_ceil(per_tile_chunk),
        }
    }

    /// Floats of the scratch buffer for b's packed panels.
    fn b_len(&self) -> usize {
        match self.source {
            PanelSource::Registered(_) => 0,
            PanelSource::Packed => self.panels * self.kc_max * PANEL,
            PanelSource::InPlace if self.x.n.is_multiple_of(PANEL) => 0,
            PanelSource::InPlace => self.kc_max * PANEL,
        }
    }

    /// The blocks of `k`, each: pack, then compute (see the module doc).
    fn run(&self, a_buf: &mut [f32], b_buf: &mut [f32]) {
        let (x, serial) = (self.x, self.serial);
        for kb in 0..self.k_blocks {
            let pc = kb * self.kc_max;
            let kc = self.kc_max.min(x.k - pc);
            let owners_pack = self.tile_chunks == 1;
            let pack_a = |buf: &mut [f32]| {
                if !self.a_in_place {
                    self.pack_a(pc, kc, buf)
                }
            };
            if owners_pack {
                pack_a(a_buf);
            } else {
                let pack_b = |buf: &mut [f32]| self.pack_b(pc, kc, buf);
                if serial {
                    pack_a(a_buf);
                    pack_b(b_buf);
                } else {
                    rayon::join(|| pack_a(a_buf), || pack_b(b_buf));
                }
            }
            let (a, b) = (a_buf.as_ptr() as usize, b_buf.as_mut_ptr() as usize);
            let task = |t: usize| {
                // SAFETY: the buffers outlive the region; a task packs only the
                // panels it owns (one task per panel when `owners_pack`).
                unsafe { self.task(t, a, b, pc, kc, kb > 0, owners_pack) }
            };
            let tasks = self.panel_chunks * self.tile_chunks;
            if serial || tasks <= 1 {
                (0..tasks).for_each(task);
            } else {
                (0..tasks).into_par_iter().for_each(task);
            }
        }
    }

    /// Whether panel `p` is packed per block, and where in the b buffer.
    fn packed_slot(&self, p: usize, kc: usize) -> Option<usize> {
        match self.source {
            PanelSource::Packed => Some(p * kc * PANEL),
            PanelSource::InPlace if (p + 1) * PANEL > self.x.n => Some(0),
            _ => None,
        }
    }

    /// Packs rows `pc..pc+kc` of the panels `ps` of b that need it into their
    /// slots (consecutive for consecutive panels).
    ///
    /// # Safety
    /// `b_buf` has room for the slots, which nobody else touches meanwhile.
    unsafe fn pack_panels(&self, ps: std::ops::Range<usize>, pc: usize, kc: usize, b_buf: usize) {
        let x = self.x;
        let first = match self.source {
            PanelSource::Packed => ps.start,
            // Only a partial last panel is packed.
            PanelSource::InPlace if ps.end * PANEL > x.n => ps.end - 1,
            _ => return,
        };
        let slot = self.packed_slot(first, kc).expect("a packed panel");
        let cols = (ps.end * PANEL).min(x.n) - first * PANEL;
        let src = (x.b as *const f32).wrapping_add(pc * x.ldb + first * PANEL);
        // SAFETY: rows pc..pc+kc of b hold n floats per the caller of the
        // product; the slots per this function's contract.
        unsafe {
            let dst = std::slice::from_raw_parts_mut(
                (b_buf as *mut f32).wrapping_add(slot),
                cols.div_ceil(PANEL) * kc * PANEL,
            );
            tile::pack_panels(src, x.ldb, cols, kc, dst);
        }
    }

    /// Packs every panel that needs it (region 1, when panels are shared by tasks).
    fn pack_b(&self, pc: usize, kc: usize, buf: &mut [f32]) {
        let base = buf.as_mut_ptr() as usize;
        let chunks = self.panels.div_ceil(self.per_panel_chunk);
        let pack = |c: usize| {
            let ps = c * self.per_panel_chunk..((c + 1) * self.per_panel_chunk).min(self.panels);
            // SAFETY: distinct chunks have distinct slots within `buf`.
            unsafe { self.pack_panels(ps, pc, kc, base) }
        };
        if self.serial {
            (0..chunks).for_each(pack);
        } else {
            (0..chunks).into_par_iter().for_each(pack);
        }
    }

    /// Packs `a[:, pc..pc+kc]`: tile `ti` (rows `ti·mr..`) holds
    /// `a[ti·mr + r, pc + kk]` at `ti·mr·kc + kk·rows + r`.
    fn pack_a(&self, pc: usize, kc: usize, buf: &mut [f32]) {
        let (x, mr) = (self.x, self.mr);
        let pack = |ti: usize, dst: &mut [f32]| {
            let src = (x.a as *const f32).wrapping_add(ti * mr * x.lda + pc);
            // SAFETY: rows ti·mr.. of a hold pc+kc floats per the caller.
            unsafe { tile::pack_micro_panel(src, x.lda, mr.min(x.m - ti * mr), kc, dst) };
        };
        let buf = &mut buf[..x.m * kc];
        if self.serial || x.m * kc < 1 << 15 {
            buf.chunks_mut(mr * kc)
                .enumerate()
                .for_each(|(ti, dst)| pack(ti, dst));
        } else {
            buf.par_chunks_mut(mr * kc)
                .with_min_len(4)
                .enumerate()
                .for_each(|(ti, dst)| pack(ti, dst));
        }
    }

    /// Where panel `p`'s rows `pc..` are, and the distance between them.
    fn panel(&self, b_buf: usize, p: usize, pc: usize, kc: usize) -> (*const f32, usize) {
        let x = self.x;
        if let PanelSource::Registered(w) = self.source {
            return (w.data.as_ptr().wrapping_add((p * x.k + pc) * PANEL), PANEL);
        }
        match self.packed_slot(p, kc) {
            Some(slot) => ((b_buf as *const f32).wrapping_add(slot), PANEL),
            None => (
                (x.b as *const f32).wrapping_add(pc * x.ldb + p * PANEL),
                x.ldb,
            ),
        }
    }

    /// Task `t` of region 2.
    ///
    /// # Safety
    /// `a_buf` holds a's packed block, `b_buf` b's packed panels (or room for
    /// them, when `owners_pack`: then this task is the only one with its panels).
    #[allow(clippy::too_many_arguments)]
    unsafe fn task(
        &self,
        t: usize,
        a_buf: usize,
        b_buf: usize,
        pc: usize,
        kc: usize,
        accumulate: bool,
        owners_pack: bool,
    ) {
        let (x, mr) = (self.x, self.mr);
        let (pt, tt) = (t / self.tile_chunks, t % self.tile_chunks);
        let panels = pt * self.per_panel_chunk..((pt + 1) * self.per_panel_chunk).min(self.panels);
        let tiles = tt * self.per_tile_chunk..((tt + 1) * self.per_tile_chunk).min(self.tiles);
        if owners_pack {
            // SAFETY: this task alone owns these panels' slots.
            unsafe { self.pack_panels(panels.clone(), pc, kc, b_buf) };
        }
        let mut g0 = tiles.start;
        while g0 < tiles.end {
            let g1 = (g0 + self.tiles_per_group).min(tiles.end);
            for p in panels.clone() {
                let (b, ldb) = self.panel(b_buf, p, pc, kc);
                for ti in g0..g1 {
                    let i = ti * mr;
                    let (a, lda) = if self.a_in_place {
                        ((x.a as *const f32).wrapping_add(i * x.lda + pc), x.lda)
                    } else {
                        ((a_buf as *const f32).wrapping_add(i * kc), 0)
                    };
                    let t = Tile {
                        a,
                        lda,
                        b,
                        ldb,
                        k: kc,
                        c: (x.c as *mut f32).wrapping_add(i * x.ldc + p * PANEL),
                        ldc: x.ldc,
                        cols: PANEL.min(x.n - p * PANEL),
                        accumulate,
                    };
                    // SAFETY: the micro-panel holds rows × kc floats, the
                    // panel kc rows of 32, and c's rows i.. are in bounds.
                    unsafe {
                        if self.a_in_place {
                            tile::run::<false>(self.isa, mr.min(x.m - i), &t)
                        } else {
                            tile::run::<true>(self.isa, mr.min(x.m - i), &t)
                        }
                    };
                }
            }
            g0 = g1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::rows_in_distinct_sets;

    #[test]
    fn power_of_two_strides_share_l1_sets() {
        assert!(rows_in_distinct_sets(576, 12));
        assert!(rows_in_distinct_sets(1600, 12));
        assert!(!rows_in_distinct_sets(1024, 12));
        assert!(!rows_in_distinct_sets(1536, 12));
        assert!(!rows_in_distinct_sets(4096, 2));
    }
}
