//! Copies of constant weights (a packing, an interleaving) registered under
//! the address of the original, so that compiled code keeps passing the
//! weight it knows and the microkernel looks its copy up.

use std::collections::HashMap;
use std::sync::{Arc, OnceLock, RwLock};

/// Copies of type `T` by the address of their originals.
pub struct Registry<T> {
    map: OnceLock<RwLock<HashMap<usize, Arc<T>>>>,
}

impl<T> Registry<T> {
    /// An empty registry (a `static`).
    pub const fn new() -> Self {
        Self {
            map: OnceLock::new(),
        }
    }

    fn map(&self) -> &RwLock<HashMap<usize, Arc<T>>> {
        self.map.get_or_init(Default::default)
    }

    /// Registers `copy` for the original at `original`.
    pub fn insert(&self, original: usize, copy: Arc<T>) {
        self.map()
            .write()
            .expect("registry lock")
            .insert(original, copy);
    }

    /// Forgets the copy of the original at `original`.
    pub fn remove(&self, original: usize) {
        self.map().write().expect("registry lock").remove(&original);
    }

    /// The copy registered for `original`.
    pub fn get(&self, original: usize) -> Option<Arc<T>> {
        self.map().read().ok()?.get(&original).cloned()
    }
}

impl<T> Default for Registry<T> {
    fn default() -> Self {
        Self::new()
    }
}
