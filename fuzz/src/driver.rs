//! The campaign: a parent process mutates inputs and hands them, one at a
//! time, to a worker process (this binary, `kforge-fuzz worker <target>`) that
//! runs the target. A panic is caught in the worker and reported; an abort,
//! a signal (MLIR's `report_fatal_error`, a segfault, an allocation failure)
//! or a hang ends the worker, and the parent records the input that did it
//! and starts a fresh worker. New behaviour (a new signature) grows the corpus.
use crate::mutate::{Mutator, Rng};
use crate::targets::{self, normalize, Setup, TargetInfo, Verdict};
use anyhow::{Context as _, Result};
use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

/// Address space of a worker: far beyond what a small input needs, so an
/// allocation sized by an unchecked value from the input fails (and counts).
const WORKER_MEMORY_BYTES: u64 = 8 << 30;

/// Stack of the worker thread: MLIR's parser and verifier recurse per nesting
/// level (kforge-opt uses the same).
const WORKER_STACK_BYTES: usize = 512 << 20;

/// Most corpus entries kept per target.
const MAX_CORPUS: usize = 2048;

/// Reply kinds, worker to parent.
const REPLY_HANDLED: u8 = 0;
const REPLY_PANIC: u8 = 1;
const REPLY_CRASH: u8 = 2;
const REPLY_SLOW: u8 = 3;

/// How long a campaign runs.
#[derive(Debug, Clone, Copy)]
pub struct Budget {
    /// Wall-clock seconds (the seed corpus counts).
    pub seconds: f64,
    /// Most executions (mutants and seeds).
    pub runs: u64,
}

/// What one campaign did.
#[derive(Debug, Default, Clone)]
pub struct Stats {
    /// Target.
    pub target: String,
    /// Inputs run.
    pub execs: u64,
    /// Seeds in the corpus at the start.
    pub seeds: usize,
    /// Corpus size at the end.
    pub corpus: usize,
    /// Distinct signatures seen.
    pub signatures: usize,
    /// Distinct crashes (panics, aborts, signals, hangs), by cause.
    pub crashes: BTreeMap<String, PathBuf>,
    /// Tool runs that hit their time limit (CLI target: not crashes).
    pub slow: u64,
    /// Seconds run.
    pub seconds: f64,
}

struct Worker {
    child: Child,
    /// Inputs for the writer thread (a write to a busy worker's full pipe
    /// must not block the parent past the time limit).
    inputs: Sender<Vec<u8>>,
    replies: Receiver<Option<(u8, String)>>,
}

enum Outcome {
    Verdict(Verdict),
    /// The worker died or hung: the cause.
    Died(String),
}

impl Worker {
    fn start(target: &str, setup: &Setup, stderr_path: &Path) -> Result<Self> {
        let stderr = std::fs::File::create(stderr_path)
            .with_context(|| format!("cannot create {}", stderr_path.display()))?;
        let mut child = Command::new(std::env::current_exe()?)
            .arg("worker")
            .arg(target)
            .arg("--repo")
            .arg(&setup.repo)
            .arg("--bin-dir")
            .arg(&setup.bin_dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(stderr)
            .spawn()
            .context("cannot start a worker")?;
        let mut stdin: ChildStdin = child.stdin.take().expect("piped");
        let (inputs, queue) = std::sync::mpsc::channel::<Vec<u8>>();
        std::thread::spawn(move || {
            for input in queue {
                let sent = stdin
                    .write_all(&(input.len() as u32).to_le_bytes())
                    .and_then(|_| stdin.write_all(&input))
                    .and_then(|_| stdin.flush());
                if sent.is_err() {
                    break;
                }
            }
        });
        let mut stdout = BufReader::new(child.stdout.take().expect("piped"));
        let (tx, replies) = std::sync::mpsc::channel();
        std::thread::spawn(move || loop {
            let reply = read_reply(&mut stdout);
            let end = reply.is_none();
            if tx.send(reply).is_err() || end {
                break;
            }
        });
        Ok(Self {
            child,
            inputs,
            replies,
        })
    }

    fn run(&mut self, input: &[u8], timeout: Duration, stderr_path: &Path) -> Outcome {
        let reply = match self.inputs.send(input.to_vec()) {
            Ok(()) => self.replies.recv_timeout(timeout),
            Err(_) => Ok(None),
        };
        match reply {
            Ok(Some((REPLY_HANDLED, sig))) => Outcome::Verdict(Verdict::Handled(sig)),
            Ok(Some((REPLY_SLOW, why))) => Outcome::Verdict(Verdict::Slow(why)),
            Ok(Some((REPLY_CRASH, why))) => Outcome::Verdict(Verdict::Crash(why)),
            Ok(Some((_, panic))) => Outcome::Verdict(Verdict::Crash(format!("panic: {panic}"))),
            Ok(None) | Err(RecvTimeoutError::Disconnected) => {
                let status = self.child.wait().map(|s| s.to_string()).unwrap_or_default();
                let text = std::fs::read(stderr_path).unwrap_or_default();
                let why = crate::targets::crash_cause(&String::from_utf8_lossy(&text));
                Outcome::Died(format!("worker died ({status}): {why}"))
            }
            Err(RecvTimeoutError::Timeout) => {
                let _ = self.child.kill();
                let _ = self.child.wait();
                Outcome::Died(format!("hang: no answer within {} s", timeout.as_secs()))
            }
        }
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn read_reply(r: &mut impl Read) -> Option<(u8, String)> {
    let mut head = [0u8; 5];
    r.read_exact(&mut head).ok()?;
    let len = u32::from_le_bytes(head[1..5].try_into().ok()?) as usize;
    let mut body = vec![0; len];
    r.read_exact(&mut body).ok()?;
    Some((head[0], String::from_utf8_lossy(&body).into_owned()))
}

/// FNV-1a: a stable name for an input or a crash cause.
pub fn fnv(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ b as u64).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Runs one campaign on `info`; crashes go to `out/<target>/crashes`, the grown
/// corpus to `out/<target>/corpus` (read back by the next campaign).
pub fn campaign(
    info: &TargetInfo,
    setup: &Setup,
    budget: Budget,
    seed: u64,
    out: &Path,
) -> Result<Stats> {
    let start = Instant::now();
    let dir = out.join(info.name);
    let corpus_dir = dir.join("corpus");
    let crash_dir = dir.join("crashes");
    std::fs::create_dir_all(&corpus_dir)?;
    std::fs::create_dir_all(&crash_dir)?;
    let stderr_path = dir.join("worker.stderr");
    let seeds = (info.seeds)(setup);
    let mut corpus: Vec<Vec<u8>> = seeds.inputs;
    let n_seeds = corpus.len();
    for path in crate::targets::files_under(&corpus_dir, ".input") {
        if let Ok(bytes) = std::fs::read(path) {
            corpus.push(bytes);
        }
    }
    corpus.retain(|c| c.len() <= info.max_len);
    let mutator = Mutator {
        dictionary: &seeds.dictionary,
        shape: info.shape,
        max_len: info.max_len,
    };
    let mut stats = Stats {
        target: info.name.to_string(),
        seeds: n_seeds,
        ..Stats::default()
    };
    let mut signatures = BTreeSet::new();
    let mut worker: Option<Worker> = None;
    let mut rng = Rng::new(seed ^ fnv(info.name.as_bytes()));
    let deadline = Duration::from_secs_f64(budget.seconds);
    let initial = corpus.len();
    let mut next = 0usize;
    let mut last_report = Instant::now();
    while start.elapsed() < deadline && stats.execs < budget.runs && !corpus.is_empty() {
        // The corpus first (seeds and earlier finds), then mutants.
        let input = if next < initial {
            next += 1;
            corpus[next - 1].clone()
        } else {
            let a = rng.below(corpus.len());
            let b = rng.below(corpus.len());
            mutator.mutate(&mut rng, &corpus[a], &corpus[b])
        };
        if worker.is_none() {
            worker = Some(Worker::start(info.name, setup, &stderr_path)?);
        }
        let outcome = worker
            .as_mut()
            .expect("started")
            .run(&input, info.timeout, &stderr_path);
        stats.execs += 1;
        let crash = match outcome {
            Outcome::Verdict(Verdict::Handled(sig)) => {
                if signatures.insert(sig) && next >= initial && corpus.len() < MAX_CORPUS {
                    let name = format!("{:016x}.input", fnv(&input));
                    let _ = std::fs::write(corpus_dir.join(name), &input);
                    corpus.push(input.clone());
                }
                None
            }
            Outcome::Verdict(Verdict::Slow(_)) => {
                stats.slow += 1;
                None
            }
            Outcome::Verdict(Verdict::Crash(why)) => Some(why),
            Outcome::Died(why) => {
                worker = None;
                Some(why)
            }
        };
        if let Some(why) = crash {
            let key = normalize(&why);
            if let std::collections::btree_map::Entry::Vacant(slot) = stats.crashes.entry(key) {
                let name = format!("crash-{:016x}", fnv(slot.key().as_bytes()));
                let path = crash_dir.join(format!("{name}.input"));
                std::fs::write(&path, &input)?;
                std::fs::write(crash_dir.join(format!("{name}.txt")), format!("{why}\n"))?;
                eprintln!(
                    "kforge-fuzz: {}: CRASH {why}\n  input saved as {}",
                    info.name,
                    path.display()
                );
                slot.insert(path);
            }
        }
        if last_report.elapsed() > Duration::from_secs(60) {
            last_report = Instant::now();
            eprintln!(
                "kforge-fuzz: {}: {} runs, corpus {}, {} crashes, {:.0} s",
                info.name,
                stats.execs,
                corpus.len(),
                stats.crashes.len(),
                start.elapsed().as_secs_f64()
            );
        }
    }
    stats.corpus = corpus.len();
    stats.signatures = signatures.len();
    stats.seconds = start.elapsed().as_secs_f64();
    Ok(stats)
}

/// Runs each file through a worker once; prints each verdict. True when none crashed.
pub fn replay(info: &TargetInfo, setup: &Setup, files: &[PathBuf], out: &Path) -> Result<bool> {
    std::fs::create_dir_all(out)?;
    let stderr_path = out.join(format!("{}-replay.stderr", info.name));
    let mut clean = true;
    for file in files {
        let input =
            std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
        let mut worker = Worker::start(info.name, setup, &stderr_path)?;
        let outcome = worker.run(&input, info.timeout, &stderr_path);
        let shown = match outcome {
            Outcome::Verdict(Verdict::Handled(sig)) => format!("handled: {sig}"),
            Outcome::Verdict(Verdict::Slow(why)) => format!("slow: {why}"),
            Outcome::Verdict(Verdict::Crash(why)) | Outcome::Died(why) => {
                clean = false;
                format!("CRASH: {why}")
            }
        };
        println!("{}: {shown}", file.display());
    }
    Ok(clean)
}

/// The worker process: runs inputs from standard input until it closes.
pub fn worker_main(info: &TargetInfo, setup: &Setup) -> Result<()> {
    limit_memory(WORKER_MEMORY_BYTES);
    // Panics are reported to the parent, not printed.
    let last_panic = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
    let sink = last_panic.clone();
    std::panic::set_hook(Box::new(move |p| {
        let message = p
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| p.payload().downcast_ref::<String>().cloned())
            .unwrap_or_default();
        let at = p.location().map(|l| format!("{}:{}", l.file(), l.line()));
        if let Ok(mut slot) = sink.lock() {
            *slot = format!("{message} at {}", at.unwrap_or_default());
        }
    }));
    let setup = setup.clone();
    let name = info.name;
    let thread = std::thread::Builder::new()
        .name("kforge-fuzz-worker".into())
        .stack_size(WORKER_STACK_BYTES)
        .spawn(move || {
            serve(
                targets::find(name).expect("registered"),
                &setup,
                &last_panic,
            )
        })?;
    thread
        .join()
        .map_err(|_| anyhow::anyhow!("worker thread panicked"))?
}

fn serve(info: &TargetInfo, setup: &Setup, last_panic: &std::sync::Mutex<String>) -> Result<()> {
    let mut target = (info.make)(setup)?;
    let mut stdin = std::io::stdin().lock();
    let mut stdout = std::io::stdout().lock();
    loop {
        let mut len = [0u8; 4];
        if stdin.read_exact(&mut len).is_err() {
            return Ok(());
        }
        let mut input = vec![0; u32::from_le_bytes(len) as usize];
        stdin.read_exact(&mut input)?;
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| target.run(&input)));
        let (kind, text) = match result {
            Ok(Verdict::Handled(sig)) => (REPLY_HANDLED, sig),
            Ok(Verdict::Crash(why)) => (REPLY_CRASH, why),
            Ok(Verdict::Slow(why)) => (REPLY_SLOW, why),
            Err(_) => (
                REPLY_PANIC,
                last_panic.lock().map(|s| s.clone()).unwrap_or_default(),
            ),
        };
        if kind == REPLY_PANIC {
            // A target may be left half-done by a panic: set it up again.
            target = (info.make)(setup)?;
        }
        stdout.write_all(&[kind])?;
        stdout.write_all(&(text.len() as u32).to_le_bytes())?;
        stdout.write_all(text.as_bytes())?;
        stdout.flush()?;
    }
}

fn limit_memory(bytes: u64) {
    let limit = libc::rlimit {
        rlim_cur: bytes,
        rlim_max: bytes,
    };
    // SAFETY: plain system call on a local struct.
    unsafe {
        libc::setrlimit(libc::RLIMIT_AS, &limit);
    }
}
