//! One anonymous mapping, advised to 2 MiB pages, carved into the packed
//! copies of a model's weights.
//!
//! A decode step streams every packed weight once (~0.5 GB for SmolLM2-135M).
//! With 4 KiB pages that is a TLB miss per 4 KiB, each a two-level walk on a
//! virtual machine, and the hardware prefetchers stop at every 4 KiB boundary.
//! Packed weights used to be separate heap blocks of 0.4–113 MB, advised page
//! by page: only the 2 MiB pages wholly inside a block could be huge, and how
//! many were depended on where the heap put each block (about 230 of 540 MB,
//! varying from one process to the next). One mapping holding all of them is
//! huge-page backed but for its last partial page.
use memmap2::{Advice, MmapMut};
use std::ops::{Deref, DerefMut};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

/// Floats between the starts of two regions: 64 bytes, one cache line, so
/// that no region shares a line with its neighbour.
const ALIGN: usize = 16;

/// Memory carved into disjoint regions, front to back.
pub struct Arena {
    _memory: Memory,
    base: *mut f32,
    capacity: usize,
    next: AtomicUsize,
}

/// What backs an arena: the mapping, or heap memory where mapping failed.
enum Memory {
    Mapped(MmapMut),
    Heap(Vec<f32>),
}

// SAFETY: regions are disjoint (the bump index is atomic) and each is written
// through the one `Region` that owns it.
unsafe impl Send for Arena {}
unsafe impl Sync for Arena {}

impl std::fmt::Debug for Arena {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Arena")
            .field("capacity", &self.capacity)
            .field("used", &self.next.load(Ordering::Relaxed))
            .finish()
    }
}

impl Arena {
    /// Room for regions of `lengths` floats (zeroed). The advice comes
    /// before the first touch, as it must; a kernel without transparent huge
    /// pages ignores it. Where the mapping fails, heap memory serves (the
    /// kernel's answer to a failed heap allocation is the same as Rust's).
    pub fn for_regions(lengths: impl IntoIterator<Item = usize>) -> Arc<Self> {
        let capacity: usize = lengths.into_iter().map(|l| l.next_multiple_of(ALIGN)).sum();
        // Linux aligns anonymous mappings of 2 MiB or more to 2 MiB.
        let mut memory = match MmapMut::map_anon(capacity.max(1) * std::mem::size_of::<f32>()) {
            Ok(map) => {
                #[cfg(target_os = "linux")]
                let _ = map.advise(Advice::HugePage);
                Memory::Mapped(map)
            }
            Err(_) => Memory::Heap(vec![0.0; capacity.max(1)]),
        };
        let base = match &mut memory {
            Memory::Mapped(map) => map.as_mut_ptr() as *mut f32,
            Memory::Heap(v) => v.as_mut_ptr(),
        };
        Arc::new(Self {
            _memory: memory,
            base,
            capacity,
            next: AtomicUsize::new(0),
        })
    }

    /// The next `len` floats, or `None` when the arena is full.
    pub fn carve(self: &Arc<Self>, len: usize) -> Option<Region> {
        let step = len.next_multiple_of(ALIGN);
        let start = self
            .next
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |at| {
                (at + step <= self.capacity).then_some(at + step)
            })
            .ok()?;
        Some(Region {
            arena: self.clone(),
            start,
            len,
        })
    }

    /// Floats the arena holds.
    pub fn capacity(&self) -> usize {
        self.capacity
    }
}

/// A region of an [`Arena`]: zeroed floats, written once by the packer.
#[derive(Debug)]
pub struct Region {
    arena: Arc<Arena>,
    start: usize,
    len: usize,
}

impl Region {
    /// `len` zeroed floats in a mapping of their own.
    pub fn alone(len: usize) -> Self {
        let arena = Arena::for_regions([len]);
        let start = arena
            .next
            .swap(len.next_multiple_of(ALIGN), Ordering::Relaxed);
        debug_assert_eq!(start, 0);
        Self { arena, start, len }
    }
}

impl Deref for Region {
    type Target = [f32];
    fn deref(&self) -> &[f32] {
        // SAFETY: `start..start + len` lies inside the mapping, which the Arc keeps alive.
        unsafe { std::slice::from_raw_parts(self.arena.base.add(self.start), self.len) }
    }
}

impl DerefMut for Region {
    fn deref_mut(&mut self) -> &mut [f32] {
        // SAFETY: as above, and no other region overlaps this one.
        unsafe { std::slice::from_raw_parts_mut(self.arena.base.add(self.start), self.len) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regions_are_disjoint_zeroed_and_aligned() {
        let arena = Arena::for_regions([5, 100, 17]);
        let mut a = arena.carve(5).unwrap();
        let mut b = arena.carve(100).unwrap();
        let c = arena.carve(17).unwrap();
        assert!(
            arena.carve(1).is_none(),
            "the arena holds exactly its regions"
        );
        assert!(a.iter().chain(b.iter()).chain(c.iter()).all(|&v| v == 0.0));
        a.fill(1.0);
        b.fill(2.0);
        assert!(c.iter().all(|&v| v == 0.0));
        assert_eq!(a.iter().sum::<f32>(), 5.0);
        for r in [&a, &b, &c] {
            assert_eq!(r.as_ptr() as usize % 64, 0);
        }
    }

    #[test]
    fn a_region_alone_and_an_empty_one() {
        assert_eq!(Region::alone(0).len(), 0);
        let r = Region::alone(3 << 20);
        assert_eq!(r.len(), 3 << 20);
    }
}
