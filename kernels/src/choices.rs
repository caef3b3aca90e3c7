//! Per-shape kernel parameters chosen by the autotuner (`kforge_runtime::tune`).
//!
//! Kernels look their parameters up here by problem shape on every call and
//! fall back to their defaults when nothing is installed. Installed choices
//! are only valid for the pool they were measured with; the tuner installs
//! them for the current thread count, and `clear` drops them all.
use super::matmul::Blocking;
use kforge_abi::weight_format::WeightFormat;
use std::collections::HashMap;
use std::hash::Hash;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::RwLock;

/// How the packed linear kernel splits its output panels into tasks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LinearSplit {
    /// Tasks per worker thread (more tasks balance uneven panel counts,
    /// fewer tasks cost fewer fork-joins).
    pub tasks_per_worker: usize,
}

impl Default for LinearSplit {
    fn default() -> Self {
        Self {
            tasks_per_worker: 4,
        }
    }
}

/// `(m, n, k)` of one product.
type Shape = (usize, usize, usize);

/// The two kinds of call of [`crate::projections`], tuned apart: their tasks
/// do different work per output panel.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ProjectionKind {
    /// `multi_linear` (one or more weights; a stored-format `linear` too),
    /// keyed by the weights' summed rows.
    Multi,
    /// `swiglu_linear`, keyed by the gate's rows.
    Swiglu,
}

/// A projection call: kind, `(m, n, k)` and the weights' format (f32 or the
/// stored one).
type ProjectionKey = (ProjectionKind, Shape, WeightFormat);

/// Set once anything is installed, so that untuned runs skip the lock.
static ANY: AtomicBool = AtomicBool::new(false);
static MATMUL: Table<Shape, Blocking> = RwLock::new(None);
static LINEAR: Table<Shape, LinearSplit> = RwLock::new(None);
static PROJECTION: Table<ProjectionKey, LinearSplit> = RwLock::new(None);

/// Installed choices of one kernel by key.
type Table<K, V> = RwLock<Option<HashMap<K, V>>>;

fn install<K: Hash + Eq, V>(table: &Table<K, V>, key: K, value: V) {
    let mut map = table.write().unwrap_or_else(|e| e.into_inner());
    map.get_or_insert_with(HashMap::new).insert(key, value);
    ANY.store(true, Ordering::Release);
}

/// The value installed for `key`, else the default.
fn lookup<K: Hash + Eq, V: Copy + Default>(table: &Table<K, V>, key: &K) -> V {
    if !ANY.load(Ordering::Acquire) {
        return V::default();
    }
    let map = table.read().unwrap_or_else(|e| e.into_inner());
    map.as_ref()
        .and_then(|m| m.get(key).copied())
        .unwrap_or_default()
}

/// Uses `blocking` for every `m × k · k × n` matmul from now on.
pub fn install_matmul(shape: Shape, blocking: Blocking) {
    install(&MATMUL, shape, blocking);
}

/// Uses `split` for every packed `m × k · (n × k)ᵀ` linear from now on.
pub fn install_linear(shape: Shape, split: LinearSplit) {
    install(&LINEAR, shape, split);
}

/// The blocking installed for this matmul shape, else the default.
pub fn matmul_blocking(shape: Shape) -> Blocking {
    lookup(&MATMUL, &shape)
}

/// The split installed for this linear shape, else the default.
pub fn linear_split(shape: Shape) -> LinearSplit {
    lookup(&LINEAR, &shape)
}

/// Uses `split` for every projection call of this kind, shape and weight
/// format from now on.
pub fn install_projection(
    kind: ProjectionKind,
    shape: Shape,
    format: WeightFormat,
    split: LinearSplit,
) {
    install(&PROJECTION, (kind, shape, format), split);
}

/// The split installed for this projection call, else the default.
pub fn projection_split(kind: ProjectionKind, shape: Shape, format: WeightFormat) -> LinearSplit {
    lookup(&PROJECTION, &(kind, shape, format))
}

/// Drops every installed choice (kernels use their defaults again).
pub fn clear() {
    *MATMUL.write().unwrap_or_else(|e| e.into_inner()) = None;
    *LINEAR.write().unwrap_or_else(|e| e.into_inner()) = None;
    *PROJECTION.write().unwrap_or_else(|e| e.into_inner()) = None;
    ANY.store(false, Ordering::Release);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn installed_choices_are_found_by_shape_and_default_otherwise() {
        let bl = Blocking {
            mr: 6,
            kc: 256,
            ..Blocking::default()
        };
        install_matmul((7, 9, 11), bl);
        install_linear(
            (1, 64, 32),
            LinearSplit {
                tasks_per_worker: 1,
            },
        );
        assert_eq!(matmul_blocking((7, 9, 11)).mr, 6);
        assert_eq!(matmul_blocking((7, 9, 12)).mr, Blocking::default().mr);
        assert_eq!(linear_split((1, 64, 32)).tasks_per_worker, 1);
        assert_eq!(linear_split((2, 64, 32)), LinearSplit::default());
        let one = LinearSplit {
            tasks_per_worker: 1,
        };
        install_projection(ProjectionKind::Multi, (1, 96, 64), WeightFormat::Q4_1, one);
        let q4_1 = |kind| projection_split(kind, (1, 96, 64), WeightFormat::Q4_1);
        assert_eq!(q4_1(ProjectionKind::Multi), one);
        assert_eq!(q4_1(ProjectionKind::Swiglu), LinearSplit::default());
        assert_eq!(
            projection_split(ProjectionKind::Multi, (1, 96, 64), WeightFormat::Q8_0),
            LinearSplit::default()
        );
    }
}
