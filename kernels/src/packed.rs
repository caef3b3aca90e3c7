//! Projection weights packed for the microkernel, once, at load time.
//!
//! A weight `w: [N, K]` (row-major, as stored) is repacked into panels of 32
//! output columns: `panel[p][k][j] = w[32p + j, k]` (zero past `N`), the
//! right-hand layout of IREE's mmt4d data tiling. The microkernel then reads
//! each panel front to back: per `k`, two AVX-512 loads feed `MR` rows of
//! broadcast inputs — no horizontal sums, one contiguous stream per task.
//!
//! A matmul's right operand `b: [K, N]` packs to the same panels
//! (`panel[p][k][j] = b[k, 32p + j]`, [`PackedWeight::pack_kn`]); the
//! [`Layout`] it came from is recorded so that a lookup never mistakes one
//! for the other (a square weight would otherwise pass as its transpose).
//!
//! Packed copies are registered under the address of the original weight, so
//! compiled code keeps passing the weight it knows (`kforge_ukernel_linear_f32`
//! and `kforge_ukernel_matmul_f32` look the packing up); weights are constant
//! while registered.
use super::huge_pages::Region;
use std::sync::Arc;

/// Columns of one panel (two 16-lane vectors).
pub const PANEL: usize = 32;

/// How the original of a packed weight is laid out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layout {
    /// `w: [N, K]`, a projection's weight (`kforge.linear` computes `x·wᵀ`).
    NK,
    /// `b: [K, N]`, a matmul's right operand.
    KN,
}

/// A packed weight.
#[derive(Debug)]
pub struct PackedWeight {
    /// Output columns (`N`).
    pub n: usize,
    /// Reduction length (`K`).
    pub k: usize,
    /// The layout of the original.
    pub layout: Layout,
    /// `ceil(N / 32)` panels of `K × 32` floats, in memory backed by 2 MiB
    /// pages where the kernel allows ([`super::huge_pages`]).
    pub data: Region,
}

impl PackedWeight {
    /// Floats of the packing of an `[n, k]` weight (or `[k, n]` matrix).
    pub fn len(n: usize, k: usize) -> usize {
        n.div_ceil(PANEL) * k * PANEL
    }

    /// Packs a row-major `[n, k]` weight with row stride `stride`.
    pub fn pack(w: &[f32], n: usize, k: usize, stride: usize) -> Self {
        Self::pack_into(Region::alone(Self::len(n, k)), w, n, k, stride)
    }

    /// [`Self::pack`] into `data`, a zeroed region of [`Self::len`] floats
    /// (a model carves all of its weights from one arena).
    pub fn pack_into(mut data: Region, w: &[f32], n: usize, k: usize, stride: usize) -> Self {
        assert_eq!(
            data.len(),
            Self::len(n, k),
            "packing region of the wrong size"
        );
        let panels = n.div_ceil(PANEL);
        for p in 0..panels {
            let panel = &mut data[p * k * PANEL..(p + 1) * k * PANEL];
            for j in 0..PANEL.min(n - p * PANEL) {
                let row = &w[(p * PANEL + j) * stride..(p * PANEL + j) * stride + k];
                for (kk, v) in row.iter().enumerate() {
                    panel[kk * PANEL + j] = *v;
                }
            }
        }
        Self {
            n,
            k,
            layout: Layout::NK,
            data,
        }
    }

    /// Packs a row-major `[k, n]` matrix (a matmul's right operand) with row
    /// stride `stride`.
    pub fn pack_kn(b: &[f32], k: usize, n: usize, stride: usize) -> Self {
        let panels = n.div_ceil(PANEL);
        let mut data = Region::alone(Self::len(n, k));
        for p in 0..panels {
            let cols = PANEL.min(n - p * PANEL);
            for kk in 0..k {
                let src = &b[kk * stride + p * PANEL..kk * stride + p * PANEL + cols];
                let at = (p * k + kk) * PANEL;
                data[at..at + cols].copy_from_slice(src);
            }
        }
        Self {
            n,
            k,
            layout: Layout::KN,
            data,
        }
    }

    /// Number of panels.
    pub fn panels(&self) -> usize {
        self.n.div_ceil(PANEL)
    }
}

/// Every registered packing.
static PACKED: crate::registry::Registry<PackedWeight> = crate::registry::Registry::new();

/// Registers `packed` as the packing of the weight at `original` (its address).
/// Keep the original unmodified until [`unregister`].
pub fn register(original: *const f32, packed: Arc<PackedWeight>) {
    PACKED.insert(original as usize, packed);
}

/// Forgets the packing of the weight at `original`.
pub fn unregister(original: *const f32) {
    PACKED.remove(original as usize);
}

/// The packing of the weight at `original`, when one is registered with the
/// same layout and shape.
pub fn lookup(
    original: *const f32,
    layout: Layout,
    n: usize,
    k: usize,
) -> Option<Arc<PackedWeight>> {
    let found = PACKED.get(original as usize)?;
    (found.layout == layout && found.n == n && found.k == k).then_some(found)
}
