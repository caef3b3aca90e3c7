//! Compilation runs on a thread of its own with a stack sized for MLIR and
//! LLVM, whatever thread asked for it.
//!
//! MLIR's passes and LLVM's code generation recurse (SelectionDAG combines
//! and instruction selection over deep expression DAGs, MLIR's walkers per
//! nesting level). On an AVX2 target the vector code of a tiled contraction
//! legalizes into a DAG deep enough to overflow a 2 MiB stack — the default
//! of Rust's spawned threads, including every `cargo test` thread — and a
//! stack overflow aborts the whole process. rustc and other LLVM hosts do the
//! same: they run the compiler on a thread with a large stack.

/// Stack of the compiler thread. Only the touched pages are committed, so a
/// generous reservation costs address space, not memory.
pub const COMPILER_STACK_BYTES: usize = 256 << 20;

/// Runs `work` on a scoped thread with [`COMPILER_STACK_BYTES`] of stack and
/// returns its result. When the thread cannot be created (no address space
/// for the stack), `work` runs on the calling thread instead. A panic in
/// `work` is resumed on the caller.
pub fn on_compiler_stack<T: Send>(work: impl FnOnce() -> T + Send) -> T {
    let work = std::sync::Mutex::new(Some(work));
    let take = || work.lock().ok().and_then(|mut w| w.take());
    std::thread::scope(|scope| {
        let spawned = std::thread::Builder::new()
            .name("kforge-compiler".into())
            .stack_size(COMPILER_STACK_BYTES)
            .spawn_scoped(scope, || take().map(|w| w()));
        let joined = match spawned {
            Ok(handle) => match handle.join() {
                Ok(result) => result,
                Err(panic) => std::panic::resume_unwind(panic),
            },
            Err(_) => None,
        };
        match joined {
            Some(result) => result,
            None => take().expect("the work runs exactly once")(),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn depth(n: u64) -> u64 {
        // A frame that the optimizer cannot fold away: 4 KiB per level.
        let buffer = std::hint::black_box([1u8; 4096]);
        if n == 0 {
            0
        } else {
            depth(n - 1) + u64::from(std::hint::black_box(buffer[7]))
        }
    }

    #[test]
    fn runs_deep_recursion_from_a_small_stack() {
        // 16 MiB of frames from a 256 KiB thread.
        let result = std::thread::Builder::new()
            .stack_size(256 << 10)
            .spawn(|| on_compiler_stack(|| depth(4096)))
            .unwrap()
            .join()
            .unwrap();
        assert_eq!(result, 4096);
    }

    #[test]
    fn resumes_a_panic_on_the_caller() {
        let caught = std::panic::catch_unwind(|| on_compiler_stack(|| panic!("boom")));
        assert!(caught.is_err());
    }
}
