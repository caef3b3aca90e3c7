//! Running a kforge tool on fuzzed input: in a scratch folder of its own, with
//! a memory limit and a time limit, its standard error kept to judge the end.
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Address space a tool may use: far more than any valid small input needs,
/// so running out means a size taken from the input went unchecked.
pub const TOOL_MEMORY_BYTES: u64 = 8 << 30;

/// How a tool run ended.
#[derive(Debug)]
pub enum Ending {
    /// Exited with this code (0: success; 1 or 2: a clean error).
    Exited(i32, String),
    /// Crashed: a signal, a panic, an abort, an LLVM fatal error. The cause.
    Crashed(String),
    /// Still running at the time limit (killed).
    TimedOut,
}

/// Lines of standard error that mean a crash even when the exit code is 1.
const CRASH_MARKS: &[&str] = &[
    "panicked at",
    "LLVM ERROR",
    "memory allocation of",
    "has overflowed its stack",
    "double free",
    "corrupted",
    "Segmentation fault",
    "PLEASE submit a bug report",
    "Assertion",
];

/// Sets the memory limit in a child before it runs the tool.
fn limit_memory(cmd: &mut Command, bytes: u64) {
    use std::os::unix::process::CommandExt;
    // SAFETY: setrlimit is async-signal-safe; nothing else runs between fork and exec.
    unsafe {
        cmd.pre_exec(move || {
            let limit = libc::rlimit {
                rlim_cur: bytes,
                rlim_max: bytes,
            };
            libc::setrlimit(libc::RLIMIT_AS, &limit);
            Ok(())
        });
    }
}

/// Runs `bin` with `args` in `cwd` (stdin empty, stdout discarded).
pub fn run_tool(bin: &Path, args: &[std::ffi::OsString], cwd: &Path, limit: Duration) -> Ending {
    let stderr_path = cwd.join(".stderr");
    let Ok(stderr) = std::fs::File::create(&stderr_path) else {
        return Ending::Exited(-1, "cannot create the stderr file".into());
    };
    let mut cmd = Command::new(bin);
    cmd.args(args)
        .current_dir(cwd)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(stderr)
        .env("RUST_BACKTRACE", "0")
        // Caches (module cache, tune cache) inside the scratch folder.
        .env("HOME", cwd)
        .env("XDG_CACHE_HOME", cwd.join(".cache"))
        .env_remove("KFORGE_CACHE_DIR")
        .env_remove("KFORGE_TUNE_CACHE");
    limit_memory(&mut cmd, TOOL_MEMORY_BYTES);
    let mut child = match cmd.spawn() {
        Ok(c) => c,
        Err(e) => return Ending::Exited(-1, format!("cannot start {}: {e}", bin.display())),
    };
    let start = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if start.elapsed() > limit => {
                let _ = child.kill();
                let _ = child.wait();
                return Ending::TimedOut;
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(2)),
            Err(e) => return Ending::Exited(-1, format!("wait failed: {e}")),
        }
    };
    let text = std::fs::read(&stderr_path).unwrap_or_default();
    let text = String::from_utf8_lossy(&text);
    use std::os::unix::process::ExitStatusExt;
    if let Some(signal) = status.signal() {
        return Ending::Crashed(format!("signal {signal}: {}", crash_line(&text)));
    }
    let code = status.code().unwrap_or(-1);
    if code == 101 || CRASH_MARKS.iter().any(|m| text.contains(m)) {
        return Ending::Crashed(format!("exit {code}: {}", crash_line(&text)));
    }
    let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    Ending::Exited(code, first.to_string())
}

/// The line of standard error that says what crashed.
pub fn crash_line(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    for (i, line) in lines.iter().enumerate() {
        if CRASH_MARKS.iter().any(|m| line.contains(m)) {
            // A panic's message is on the line after "panicked at file:line:col:".
            let next = lines.get(i + 1).copied().unwrap_or("");
            return format!("{line} {next}").trim().to_string();
        }
    }
    lines.last().copied().unwrap_or("(no output)").to_string()
}

/// The path of a kforge tool, checked to exist.
pub fn tool(bin_dir: &Path, name: &str) -> anyhow::Result<PathBuf> {
    let path = bin_dir.join(name);
    anyhow::ensure!(
        path.is_file(),
        "{} is missing: build the tools first (cargo build -p {name})",
        path.display()
    );
    Ok(path)
}
