//! Idle workers poll for work a little longer after a parallel product.
//!
//! Rayon parks an idle worker after a few microseconds. Waking it costs little
//! on bare metal, but on a virtual machine a parked vCPU may lose its physical
//! core, and the next product's first parallel region then waits for it: on
//! this project's 2-vCPU machines 512³ on 2 threads ran at about half speed
//! when calls were a millisecond apart (the result being copied out between
//! them). OpenBLAS's threads spin between calls in the same way.
//!
//! After a parallel product, up to `threads − 1` keeper jobs run on the pool
//! until [`KEEP_AWAKE`] has passed since the latest product, or until the next
//! product starts: they run any work that arrives (`rayon::yield_now`) and
//! spin otherwise. A keeper never outlives the gap between two products, so a
//! thread that picks one up while it waits inside a product's join (rayon
//! lets waiting threads run other jobs) is not held: the product has started,
//! the keeper returns at once. Back-to-back products extend the deadline
//! instead of spawning more keepers.
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// How long after the latest product the keepers poll.
const KEEP_AWAKE: Duration = Duration::from_micros(1500);

/// Keeper jobs alive now.
static KEEPERS: AtomicUsize = AtomicUsize::new(0);

/// Deadline of the keepers, in nanoseconds since [`epoch`].
static AWAKE_UNTIL: AtomicU64 = AtomicU64::new(0);

/// Parallel products started so far.
static PRODUCTS: AtomicU64 = AtomicU64::new(0);

/// Called before a parallel product: current keepers stand down.
pub(super) fn product_starts() {
    PRODUCTS.fetch_add(1, Ordering::Relaxed);
}

fn epoch() -> Instant {
    static EPOCH: OnceLock<Instant> = OnceLock::new();
    *EPOCH.get_or_init(Instant::now)
}

fn now_ns() -> u64 {
    epoch().elapsed().as_nanos() as u64
}

/// Called on a worker of the pool after a parallel product.
pub(super) fn keep_workers_awake() {
    AWAKE_UNTIL.fetch_max(now_ns() + KEEP_AWAKE.as_nanos() as u64, Ordering::Relaxed);
    let others = rayon::current_num_threads().saturating_sub(1);
    let mut alive = KEEPERS.load(Ordering::Relaxed);
    while alive < others {
        match KEEPERS.compare_exchange(alive, alive + 1, Ordering::Relaxed, Ordering::Relaxed) {
            Ok(_) => {
                rayon::spawn(keeper);
                alive += 1;
            }
            Err(now) => alive = now,
        }
    }
}

fn keeper() {
    let products = PRODUCTS.load(Ordering::Relaxed);
    while now_ns() < AWAKE_UNTIL.load(Ordering::Relaxed)
        && PRODUCTS.load(Ordering::Relaxed) == products
    {
        if rayon::yield_now() != Some(rayon::Yield::Executed) {
            std::hint::spin_loop();
        }
    }
    KEEPERS.fetch_sub(1, Ordering::Relaxed);
}
