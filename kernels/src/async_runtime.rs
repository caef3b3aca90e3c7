//! MLIR's async runtime C API (`mlirAsyncRuntime*`, the functions that
//! `convert-async-to-llvm` calls) implemented on rayon, so that code compiled
//! by `--lower-to-cpu-tiled` runs its `scf.forall` tiles on kforge's one
//! thread pool (`--threads N`), not on a second pool of MLIR's.
//!
//! The compiled side: `scf-forall-to-parallel` → `async-parallel-for`
//! (recursive work splitting into `async.execute` tasks) →
//! `async-to-async-runtime` (LLVM coroutines) → `convert-async-to-llvm`.
//!
//! Semantics follow MLIR's reference runtime (`mlir/lib/ExecutionEngine/
//! AsyncRuntime.cpp`), written anew here:
//! - tokens, values and groups are reference counted; tokens and values start
//!   with two references (the caller's and the task's, dropped when the task
//!   emplaces them), groups with one;
//! - `Execute` runs a coroutine's resume function on the pool
//!   (`rayon::spawn`: the current pool from a worker, else the global one);
//! - `Await…AndExecute` resumes the coroutine inline when the awaited object
//!   is ready, else from the thread that makes it ready;
//! - blocking `Await…` calls help: on a pool worker they run other pending
//!   jobs while waiting (with one thread, the awaited tasks would otherwise
//!   never run), elsewhere they sleep on a condition variable.
//!
//! The functions are not exported under their C names (no `#[no_mangle]`):
//! the JIT gets their addresses from [`symbols`], so they can never clash
//! with MLIR's own runtime library.
//!
//! A coroutine may still be running its last instructions (dropping
//! references, freeing its frame) after it made the awaited token ready, so
//! after the compiled call returned: [`wait_for_tasks`] waits until no resume
//! function is queued or running, and the JIT calls it before it frees a
//! module's code.
//!
//! Awaiter callbacks run after the object's lock is released (the reference
//! runtime holds it), so a callback may drop the last reference of the object.
#![allow(non_snake_case, reason = "the C API's names")]
use std::ffi::c_void;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Condvar, Mutex, MutexGuard};
use std::time::Duration;

/// A coroutine handle and its resume function.
type CoroHandle = *mut c_void;
type CoroResume = unsafe extern "C" fn(CoroHandle);

/// Called when an awaited object is ready; the flag tells an error.
type Awaiter = Box<dyn FnOnce(bool) + Send>;

/// What a reference-counted object is (its first field, so that
/// `AddRef`/`DropRef` can take any of them).
#[repr(C)]
struct Header {
    refs: AtomicI64,
    kind: Kind,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Token,
    Value,
    Group,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Status {
    Pending,
    Ready,
    Error,
}

struct State {
    status: Status,
    awaiters: Vec<Awaiter>,
}

/// A token, or a value with storage: ready once emplaced.
#[repr(C)]
struct Event {
    header: Header,
    state: Mutex<State>,
    ready: Condvar,
    /// The value's bytes (8-aligned); empty for a token.
    storage: Box<[u64]>,
}

struct GroupState {
    awaiters: Vec<Awaiter>,
}

/// A group of tokens: ready when every token added to it is.
#[repr(C)]
struct Group {
    header: Header,
    pending: AtomicI64,
    errors: AtomicI64,
    rank: AtomicI64,
    state: Mutex<GroupState>,
    ready: Condvar,
}

/// A raw pointer that may cross threads (the objects are thread-safe).
struct SendPtr<T>(*mut T);
// SAFETY: the pointees are reference counted and internally synchronized.
unsafe impl<T> Send for SendPtr<T> {}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn new_event(kind: Kind, refs: i64, bytes: usize) -> *mut Event {
    Box::into_raw(Box::new(Event {
        header: Header {
            refs: AtomicI64::new(refs),
            kind,
        },
        state: Mutex::new(State {
            status: Status::Pending,
            awaiters: Vec::new(),
        }),
        ready: Condvar::new(),
        storage: vec![0u64; bytes.div_ceil(8)].into_boxed_slice(),
    }))
}

/// Waits until `done`, running other jobs of the current rayon pool
/// meanwhile when called from one of its workers.
fn wait_until<T>(mutex: &Mutex<T>, cv: &Condvar, done: impl Fn(&T) -> bool) {
    loop {
        if done(&lock(mutex)) {
            return;
        }
        if let Some(rayon::Yield::Executed) = rayon::yield_now() {
            continue;
        }
        let guard = lock(mutex);
        if done(&guard) {
            return;
        }
        // A short timeout: a job for this worker may arrive meanwhile.
        let _ = cv.wait_timeout(guard, Duration::from_micros(50));
    }
}

/// Marks `event` ready (or failed), wakes waiters, runs awaiters, and drops
/// the task's reference.
unsafe fn emplace(event: *mut Event, status: Status) {
    // SAFETY: a live event (the task holds a reference until the end).
    let e = unsafe { &*event };
    let awaiters = {
        let mut state = lock(&e.state);
        state.status = status;
        e.ready.notify_all();
        std::mem::take(&mut state.awaiters)
    };
    for awaiter in awaiters {
        awaiter(status == Status::Error);
    }
    // SAFETY: the reference taken for the task at creation.
    unsafe { drop_ref(event.cast(), 1) };
}

/// Runs `awaiter` now when `event` is ready, else when it becomes ready.
unsafe fn on_ready(event: *mut Event, awaiter: Awaiter) {
    // SAFETY: a live event, guaranteed by the caller.
    let e = unsafe { &*event };
    let mut state = lock(&e.state);
    if state.status == Status::Pending {
        state.awaiters.push(awaiter);
    } else {
        let error = state.status == Status::Error;
        drop(state);
        awaiter(error);
    }
}

/// One token of `group` is ready: counts it, and when it was the last one,
/// wakes waiters and runs awaiters.
fn token_ready(group: &Group, error: bool) {
    let awaiters = {
        let mut state = lock(&group.state);
        if error {
            group.errors.fetch_add(1, Ordering::AcqRel);
        }
        if group.pending.fetch_sub(1, Ordering::AcqRel) != 1 {
            return;
        }
        group.ready.notify_all();
        std::mem::take(&mut state.awaiters)
    };
    for awaiter in awaiters {
        awaiter(group.errors.load(Ordering::Acquire) > 0);
    }
}

/// Resume functions queued or running (their code must stay mapped).
static IN_FLIGHT: AtomicI64 = AtomicI64::new(0);

/// Runs a coroutine's resume function (counted in [`IN_FLIGHT`] by the caller).
unsafe fn resume_counted(handle: CoroHandle, resume: CoroResume) {
    // SAFETY: the coroutine's own resume function and handle.
    unsafe { resume(handle) };
    IN_FLIGHT.fetch_sub(1, Ordering::AcqRel);
}

/// Resumes the coroutine inline.
unsafe fn resume_now(handle: CoroHandle, resume: CoroResume) {
    IN_FLIGHT.fetch_add(1, Ordering::AcqRel);
    // SAFETY: guaranteed by the caller.
    unsafe { resume_counted(handle, resume) }
}

/// Coroutines handed to the pool so far (see [`tasks_spawned`]).
static SPAWNED: AtomicI64 = AtomicI64::new(0);

/// How many tasks compiled code has handed to the pool in this process: a
/// tiled product on a pool of several threads spawns some.
pub fn tasks_spawned() -> i64 {
    SPAWNED.load(Ordering::Acquire)
}

fn resume_on_pool(handle: CoroHandle, resume: CoroResume) {
    SPAWNED.fetch_add(1, Ordering::AcqRel);
    IN_FLIGHT.fetch_add(1, Ordering::AcqRel);
    let handle = SendPtr(handle);
    rayon::spawn(move || {
        let handle = handle;
        // SAFETY: the coroutine's own resume function and handle.
        unsafe { resume_counted(handle.0, resume) }
    });
}

/// Waits until no coroutine is queued or running: after it, no compiled
/// code is executed by this runtime (call before freeing compiled code).
pub fn wait_for_tasks() {
    while IN_FLIGHT.load(Ordering::Acquire) > 0 {
        if !matches!(rayon::yield_now(), Some(rayon::Yield::Executed)) {
            std::thread::yield_now();
        }
    }
}

unsafe fn drop_ref(object: *mut c_void, count: i64) {
    // SAFETY: every object starts with a `Header`.
    let header = unsafe { &*(object as *const Header) };
    if header.refs.fetch_sub(count, Ordering::AcqRel) != count {
        return;
    }
    // SAFETY: the last reference: nobody else can reach the object.
    unsafe {
        match header.kind {
            Kind::Token | Kind::Value => drop(Box::from_raw(object as *mut Event)),
            Kind::Group => drop(Box::from_raw(object as *mut Group)),
        }
    }
}

/// Adds `count` references to a token, value or group.
unsafe extern "C" fn mlirAsyncRuntimeAddRef(object: *mut c_void, count: i64) {
    // SAFETY: every object starts with a `Header`.
    let header = unsafe { &*(object as *const Header) };
    header.refs.fetch_add(count, Ordering::AcqRel);
}

/// Drops `count` references; the last one frees the object.
unsafe extern "C" fn mlirAsyncRuntimeDropRef(object: *mut c_void, count: i64) {
    // SAFETY: a live object, guaranteed by the compiled code.
    unsafe { drop_ref(object, count) }
}

/// A pending token (two references: the caller's and the task's).
extern "C" fn mlirAsyncRuntimeCreateToken() -> *mut c_void {
    new_event(Kind::Token, 2, 0).cast()
}

/// A pending value of `bytes` bytes.
extern "C" fn mlirAsyncRuntimeCreateValue(bytes: i64) -> *mut c_void {
    new_event(Kind::Value, 2, bytes.max(0) as usize).cast()
}

/// A group expecting `size` tokens.
extern "C" fn mlirAsyncRuntimeCreateGroup(size: i64) -> *mut c_void {
    Box::into_raw(Box::new(Group {
        header: Header {
            refs: AtomicI64::new(1),
            kind: Kind::Group,
        },
        pending: AtomicI64::new(size),
        errors: AtomicI64::new(0),
        rank: AtomicI64::new(0),
        state: Mutex::new(GroupState {
            awaiters: Vec::new(),
        }),
        ready: Condvar::new(),
    }))
    .cast()
}

/// Adds `token` to `group`; returns its rank in the group.
unsafe extern "C" fn mlirAsyncRuntimeAddTokenToGroup(
    token: *mut c_void,
    group: *mut c_void,
) -> i64 {
    let g = group as *mut Group;
    // SAFETY: live objects, guaranteed by the compiled code.
    let rank = unsafe { &*g }.rank.fetch_add(1, Ordering::AcqRel);
    // Keep the group alive until the token is ready.
    // SAFETY: as above.
    unsafe { mlirAsyncRuntimeAddRef(group, 1) };
    let g = SendPtr(g);
    let awaiter: Awaiter = Box::new(move |error| {
        let g = g;
        // SAFETY: the reference taken above keeps the group alive.
        unsafe {
            token_ready(&*g.0, error);
            drop_ref(g.0.cast(), 1);
        }
    });
    // SAFETY: a live token.
    unsafe { on_ready(token as *mut Event, awaiter) };
    rank
}

/// Marks a token ready.
unsafe extern "C" fn mlirAsyncRuntimeEmplaceToken(token: *mut c_void) {
    // SAFETY: a live token holding the task's reference.
    unsafe { emplace(token as *mut Event, Status::Ready) }
}

/// Marks a value ready (its storage is written).
unsafe extern "C" fn mlirAsyncRuntimeEmplaceValue(value: *mut c_void) {
    // SAFETY: a live value holding the task's reference.
    unsafe { emplace(value as *mut Event, Status::Ready) }
}

/// Marks a token failed.
unsafe extern "C" fn mlirAsyncRuntimeSetTokenError(token: *mut c_void) {
    // SAFETY: a live token holding the task's reference.
    unsafe { emplace(token as *mut Event, Status::Error) }
}

/// Marks a value failed.
unsafe extern "C" fn mlirAsyncRuntimeSetValueError(value: *mut c_void) {
    // SAFETY: a live value holding the task's reference.
    unsafe { emplace(value as *mut Event, Status::Error) }
}

unsafe fn is_error(event: *mut c_void) -> bool {
    // SAFETY: a live token or value.
    lock(&unsafe { &*(event as *mut Event) }.state).status == Status::Error
}

/// Whether a token failed.
unsafe extern "C" fn mlirAsyncRuntimeIsTokenError(token: *mut c_void) -> bool {
    // SAFETY: a live token.
    unsafe { is_error(token) }
}

/// Whether a value failed.
unsafe extern "C" fn mlirAsyncRuntimeIsValueError(value: *mut c_void) -> bool {
    // SAFETY: a live value.
    unsafe { is_error(value) }
}

/// Whether a token of the group failed.
unsafe extern "C" fn mlirAsyncRuntimeIsGroupError(group: *mut c_void) -> bool {
    // SAFETY: a live group.
    unsafe { &*(group as *mut Group) }
        .errors
        .load(Ordering::Acquire)
        > 0
}

unsafe fn await_event(event: *mut c_void) {
    // SAFETY: a live token or value.
    let e = unsafe { &*(event as *mut Event) };
    wait_until(&e.state, &e.ready, |s| s.status != Status::Pending);
}

/// Blocks until a token is ready.
unsafe extern "C" fn mlirAsyncRuntimeAwaitToken(token: *mut c_void) {
    // SAFETY: a live token.
    unsafe { await_event(token) }
}

/// Blocks until a value is ready.
unsafe extern "C" fn mlirAsyncRuntimeAwaitValue(value: *mut c_void) {
    // SAFETY: a live value.
    unsafe { await_event(value) }
}

/// Blocks until every token of the group is ready.
unsafe extern "C" fn mlirAsyncRuntimeAwaitAllInGroup(group: *mut c_void) {
    // SAFETY: a live group.
    let g = unsafe { &*(group as *mut Group) };
    wait_until(&g.state, &g.ready, |_| {
        g.pending.load(Ordering::Acquire) <= 0
    });
}

/// The bytes of a value.
unsafe extern "C" fn mlirAsyncRuntimeGetValueStorage(value: *mut c_void) -> *mut c_void {
    // SAFETY: a live value; its storage is never moved.
    unsafe { (*(value as *mut Event)).storage.as_ptr() as *mut c_void }
}

/// Resumes a coroutine on the pool.
extern "C" fn mlirAsyncRuntimeExecute(handle: CoroHandle, resume: CoroResume) {
    resume_on_pool(handle, resume);
}

unsafe fn resume_when_ready(event: *mut c_void, handle: CoroHandle, resume: CoroResume) {
    let handle = SendPtr(handle);
    let awaiter: Awaiter = Box::new(move |_| {
        let handle = handle;
        // SAFETY: the coroutine's own resume function and handle.
        unsafe { resume_now(handle.0, resume) }
    });
    // SAFETY: a live token or value.
    unsafe { on_ready(event as *mut Event, awaiter) };
}

/// Resumes a coroutine once a token is ready.
unsafe extern "C" fn mlirAsyncRuntimeAwaitTokenAndExecute(
    token: *mut c_void,
    handle: CoroHandle,
    resume: CoroResume,
) {
    // SAFETY: a live token.
    unsafe { resume_when_ready(token, handle, resume) }
}

/// Resumes a coroutine once a value is ready.
unsafe extern "C" fn mlirAsyncRuntimeAwaitValueAndExecute(
    value: *mut c_void,
    handle: CoroHandle,
    resume: CoroResume,
) {
    // SAFETY: a live value.
    unsafe { resume_when_ready(value, handle, resume) }
}

/// Resumes a coroutine once every token of the group is ready.
unsafe extern "C" fn mlirAsyncRuntimeAwaitAllInGroupAndExecute(
    group: *mut c_void,
    handle: CoroHandle,
    resume: CoroResume,
) {
    // SAFETY: a live group.
    let g = unsafe { &*(group as *mut Group) };
    let mut state = lock(&g.state);
    if g.pending.load(Ordering::Acquire) <= 0 {
        drop(state);
        // SAFETY: the coroutine's own resume function and handle.
        unsafe { resume_now(handle, resume) };
        return;
    }
    let handle = SendPtr(handle);
    state.awaiters.push(Box::new(move |_| {
        let handle = handle;
        // SAFETY: as above.
        unsafe { resume_now(handle.0, resume) }
    }));
}

/// The number of threads tasks run on: the current rayon pool's.
extern "C" fn mlirAsyncRuntimGetNumWorkerThreads() -> i64 {
    rayon::current_num_threads() as i64
}

/// `(symbol, address)` of every function above, for
/// `ExecutionEngine::register_symbol`.
pub fn symbols() -> Vec<(&'static str, *mut ())> {
    vec![
        ("mlirAsyncRuntimeAddRef", mlirAsyncRuntimeAddRef as *mut ()),
        (
            "mlirAsyncRuntimeDropRef",
            mlirAsyncRuntimeDropRef as *mut (),
        ),
        (
            "mlirAsyncRuntimeCreateToken",
            mlirAsyncRuntimeCreateToken as *mut (),
        ),
        (
            "mlirAsyncRuntimeCreateValue",
            mlirAsyncRuntimeCreateValue as *mut (),
        ),
        (
            "mlirAsyncRuntimeCreateGroup",
            mlirAsyncRuntimeCreateGroup as *mut (),
        ),
        (
            "mlirAsyncRuntimeAddTokenToGroup",
            mlirAsyncRuntimeAddTokenToGroup as *mut (),
        ),
        (
            "mlirAsyncRuntimeEmplaceToken",
            mlirAsyncRuntimeEmplaceToken as *mut (),
        ),
        (
            "mlirAsyncRuntimeEmplaceValue",
            mlirAsyncRuntimeEmplaceValue as *mut (),
        ),
        (
            "mlirAsyncRuntimeSetTokenError",
            mlirAsyncRuntimeSetTokenError as *mut (),
        ),
        (
            "mlirAsyncRuntimeSetValueError",
            mlirAsyncRuntimeSetValueError as *mut (),
        ),
        (
            "mlirAsyncRuntimeIsTokenError",
            mlirAsyncRuntimeIsTokenError as *mut (),
        ),
        (
            "mlirAsyncRuntimeIsValueError",
            mlirAsyncRuntimeIsValueError as *mut (),
        ),
        (
            "mlirAsyncRuntimeIsGroupError",
            mlirAsyncRuntimeIsGroupError as *mut (),
        ),
        (
            "mlirAsyncRuntimeAwaitToken",
            mlirAsyncRuntimeAwaitToken as *mut (),
        ),
        (
            "mlirAsyncRuntimeAwaitValue",
            mlirAsyncRuntimeAwaitValue as *mut (),
        ),
        (
            "mlirAsyncRuntimeAwaitAllInGroup",
            mlirAsyncRuntimeAwaitAllInGroup as *mut (),
        ),
        (
            "mlirAsyncRuntimeGetValueStorage",
            mlirAsyncRuntimeGetValueStorage as *mut (),
        ),
        (
            "mlirAsyncRuntimeExecute",
            mlirAsyncRuntimeExecute as *mut (),
        ),
        (
            "mlirAsyncRuntimeAwaitTokenAndExecute",
            mlirAsyncRuntimeAwaitTokenAndExecute as *mut (),
        ),
        (
            "mlirAsyncRuntimeAwaitValueAndExecute",
            mlirAsyncRuntimeAwaitValueAndExecute as *mut (),
        ),
        (
            "mlirAsyncRuntimeAwaitAllInGroupAndExecute",
            mlirAsyncRuntimeAwaitAllInGroupAndExecute as *mut (),
        ),
        (
            "mlirAsyncRuntimGetNumWorkerThreads",
            mlirAsyncRuntimGetNumWorkerThreads as *mut (),
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicUsize;

    static RESUMED: AtomicUsize = AtomicUsize::new(0);

    unsafe extern "C" fn count_and_emplace(token: CoroHandle) {
        RESUMED.fetch_add(1, Ordering::SeqCst);
        // SAFETY: the token created by the test, with the task's reference.
        unsafe { mlirAsyncRuntimeEmplaceToken(token) };
    }

    #[test]
    fn a_group_of_tasks_completes_on_a_one_thread_pool() {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .unwrap();
        pool.install(|| unsafe {
            let group = mlirAsyncRuntimeCreateGroup(8);
            for _ in 0..8 {
                let token = mlirAsyncRuntimeCreateToken();
                mlirAsyncRuntimeAddTokenToGroup(token, group);
                mlirAsyncRuntimeExecute(token, count_and_emplace);
                mlirAsyncRuntimeDropRef(token, 1);
            }
            // Blocking on the pool's only worker: the tasks run while it waits.
            mlirAsyncRuntimeAwaitAllInGroup(group);
            assert!(!mlirAsyncRuntimeIsGroupError(group));
            mlirAsyncRuntimeDropRef(group, 1);
        });
        assert_eq!(RESUMED.load(Ordering::SeqCst), 8);
    }

    #[test]
    fn values_keep_their_storage_and_errors_are_seen() {
        unsafe {
            let value = mlirAsyncRuntimeCreateValue(12);
            let storage = mlirAsyncRuntimeGetValueStorage(value) as *mut u32;
            *storage.add(2) = 7;
            mlirAsyncRuntimeEmplaceValue(value);
            mlirAsyncRuntimeAwaitValue(value);
            assert_eq!(*storage.add(2), 7);
            assert!(!mlirAsyncRuntimeIsValueError(value));
            mlirAsyncRuntimeDropRef(value, 1);
            let token = mlirAsyncRuntimeCreateToken();
            mlirAsyncRuntimeSetTokenError(token);
            assert!(mlirAsyncRuntimeIsTokenError(token));
            mlirAsyncRuntimeDropRef(token, 1);
        }
    }
}
