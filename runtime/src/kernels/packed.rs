//! Projection weights packed for the microkernel, once, at load time.
//!
//! A weight `w: [N, K]` (row-major, as stored) is repacked into panels of 32
//! output columns: `panel[p][k][j] = w[32p + j, k]` (zero past `N`), the
//! right-hand layout of IREE's mmt4d data tiling. The microkernel then reads
//! each panel front to back: per `k`, two AVX-512 loads feed `MR` rows of
//! broadcast inputs — no horizontal sums, one contiguous stream per task.
//!
//! Packed copies are registered under the address of the original weight, so
//! compiled code keeps passing the weight it knows (`kforge_ukernel_linear_f32`
//! looks the packing up); weights are constant while registered.
use std::collections::HashMap;
use std::sync::{Arc, RwLock};

/// Columns of one panel (two 16-lane vectors).
pub const PANEL: usize = 32;

/// A packed weight.
#[derive(Debug)]
pub struct PackedWeight {
    /// Rows of the original (`N`, output columns).
    pub n: usize,
    /// Columns of the original (`K`).
    pub k: usize,
    /// `ceil(N / 32)` panels of `K × 32` floats.
    pub data: Vec<f32>,
}

impl PackedWeight {
    /// Packs a row-major `[n, k]` weight with row stride `stride`.
    pub fn pack(w: &[f32], n: usize, k: usize, stride: usize) -> Self {
        let panels = n.div_ceil(PANEL);
        let mut data = vec![0.0f32; panels * k * PANEL];
        for p in 0..panels {
            let panel = &mut data[p * k * PANEL..(p + 1) * k * PANEL];
            for j in 0..PANEL.min(n - p * PANEL) {
                let row = &w[(p * PANEL + j) * stride..(p * PANEL + j) * stride + k];
                for (kk, v) in row.iter().enumerate() {
                    panel[kk * PANEL + j] = *v;
                }
            }
        }
        Self { n, k, data }
    }

    /// Number of panels.
    pub fn panels(&self) -> usize {
        self.n.div_ceil(PANEL)
    }
}

type Registry = RwLock<HashMap<usize, Arc<PackedWeight>>>;

fn registry() -> &'static Registry {
    static REGISTRY: std::sync::OnceLock<Registry> = std::sync::OnceLock::new();
    REGISTRY.get_or_init(Default::default)
}

/// Registers `packed` as the packing of the weight at `original` (its address).
/// Keep the original unmodified until [`unregister`].
pub fn register(original: *const f32, packed: Arc<PackedWeight>) {
    registry()
        .write()
        .expect("registry lock")
        .insert(original as usize, packed);
}

/// Forgets the packing of the weight at `original`.
pub fn unregister(original: *const f32) {
    registry()
        .write()
        .expect("registry lock")
        .remove(&(original as usize));
}

/// The packing of the weight at `original`, when one is registered with the same shape.
pub fn lookup(original: *const f32, n: usize, k: usize) -> Option<Arc<PackedWeight>> {
    let found = registry().read().ok()?.get(&(original as usize)).cloned()?;
    (found.n == n && found.k == k).then_some(found)
}
