//! A `kforge-serve` process for the tests, and the requests they send it.
#![allow(
    dead_code,
    reason = "each test binary compiles this module and uses a part of it"
)]
use crate::common::repo;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub const SERVE: &str = env!("CARGO_BIN_EXE_kforge-serve");

/// A running server, killed when dropped.
pub struct Server {
    pub child: Child,
    pub port: u16,
}

impl Server {
    /// Starts `kforge-serve model.mlir --port 0 EXTRA…` and waits until it listens.
    pub fn start(dir: &Path, extra: &[&str]) -> Server {
        let mut child = Command::new(SERVE)
            .arg(dir.join("model.mlir"))
            .args(["--port", "0", "--model-name", "smollm2"])
            .args(extra)
            .stderr(Stdio::piped())
            .spawn()
            .expect("kforge-serve starts");
        let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
        let port = loop {
            let line = lines
                .next()
                .expect("kforge-serve printed where it listens")
                .unwrap();
            if let Some(rest) = line.split("listening on http://127.0.0.1:").nth(1) {
                break rest.split(' ').next().unwrap().parse().unwrap();
            }
        };
        // Keep draining stderr so the server never blocks on it.
        std::thread::spawn(move || {
            lines.for_each(|l| eprintln!("[server] {}", l.unwrap_or_default()))
        });
        Server { child, port }
    }

    pub fn base_url(&self) -> String {
        format!("http://127.0.0.1:{}/v1", self.port)
    }

    /// `method path` with a body, `Connection: close`.
    pub fn request(&self, method: &str, path: &str, body: &[u8]) -> (u16, String) {
        request(self.port, method, path, body)
    }

    /// A request whose answer is an OpenAI error: its status and `error` object.
    pub fn error(&self, path: &str, body: &[u8]) -> (u16, serde_json::Value) {
        let (status, text) = self.request("POST", path, body);
        let v: serde_json::Value =
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: not JSON: {text}"));
        (status, v["error"].clone())
    }

    pub fn health(&self) -> serde_json::Value {
        let (_, body) = self.request("GET", "/health", b"");
        serde_json::from_str(&body).unwrap()
    }

    /// Waits until no request runs or waits (no slot leaked).
    pub fn settle(&self) {
        let start = Instant::now();
        loop {
            let h = self.health();
            if h["running"] == 0 && h["waiting"] == 0 {
                return;
            }
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "requests left behind: {h}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

/// Sends `raw` bytes to `port` as one request; returns the status and the body.
pub fn raw(port: u16, raw: &[u8]) -> (u16, String) {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(120))).unwrap();
    s.write_all(raw).unwrap();
    let mut out = Vec::new();
    s.read_to_end(&mut out).unwrap();
    let text = String::from_utf8_lossy(&out).into_owned();
    let status = text[9..12].parse().unwrap();
    let body = text
        .split_once("\r\n\r\n")
        .map(|x| x.1.to_string())
        .unwrap_or_default();
    (status, body)
}

/// `method path` with a body to `port`, `Connection: close`.
pub fn request(port: u16, method: &str, path: &str, body: &[u8]) -> (u16, String) {
    let mut head = format!(
        "{method} {path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    )
    .into_bytes();
    head.extend_from_slice(body);
    raw(port, &head)
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// kforge-run's greedy text after `prompt` (stops at EOS), and the prompt's token count.
pub fn kforge_run_text(dir: &Path, prompt: &str, max_tokens: usize) -> (String, u64) {
    let out = Command::new(repo().join("target/debug/kforge-run"))
        .arg(dir.join("model.mlir"))
        .args([
            "--prompt",
            prompt,
            "--max-tokens",
            &max_tokens.to_string(),
            "--json",
        ])
        .output()
        .expect("kforge-run runs (build the workspace first)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    (
        v["text"].as_str().unwrap().to_string(),
        v["prompt_ids"].as_array().unwrap().len() as u64,
    )
}

pub fn python(args: &[&str]) {
    let status = Command::new("python3")
        .args(args)
        .current_dir(repo())
        .status()
        .expect("python3 runs");
    assert!(status.success(), "python3 {args:?} failed");
}

/// `kforge-serve ARGS…` run to its end: exit code and stderr.
pub fn serve_fails(args: &[&std::ffi::OsStr]) -> (Option<i32>, String) {
    let out = Command::new(SERVE)
        .args(args)
        .output()
        .expect("kforge-serve runs");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Writes `dir/NAME`: the load test's first `count` prompts (bench/serve_load.py's list), each with `kforge-run`'s
/// greedy text of `max_tokens` tokens, as `serve_load.py --expect` reads it; returns its path.
pub fn load_expectations(
    dir: &Path,
    name: &str,
    count: usize,
    max_tokens: usize,
) -> std::path::PathBuf {
    let out = Command::new("python3")
        .args([
            "bench/serve_load.py",
            "--print-prompts",
            "--base-url",
            "x",
            "--model",
            "x",
        ])
        .current_dir(repo())
        .output()
        .unwrap();
    let prompts: Vec<String> = serde_json::from_slice(&out.stdout).unwrap();
    let expect: serde_json::Map<String, serde_json::Value> = prompts
        .iter()
        .take(count)
        .map(|p| (p.clone(), kforge_run_text(dir, p, max_tokens).0.into()))
        .collect();
    let path = dir.join(name);
    std::fs::write(&path, serde_json::Value::Object(expect).to_string()).unwrap();
    path
}

/// A copy of the import in `dir` as a kforge-import older than `@decode_batch` wrote it (its model.mlir cut before
/// the batched step, the other files linked), under `tmp`; returns the folder.
pub fn old_import(dir: &Path, tmp: &Path) -> std::path::PathBuf {
    let old = tmp.join("serve-old-import");
    std::fs::create_dir_all(&old).unwrap();
    for entry in std::fs::read_dir(dir).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name();
        if name == "model.mlir" {
            let text = std::fs::read_to_string(entry.path()).unwrap();
            let cut = text
                .find("  func.func private @decode_batch_layer")
                .unwrap();
            std::fs::write(old.join(&name), format!("{}}}\n", &text[..cut])).unwrap();
        } else if entry.path().is_file() && !old.join(&name).exists() {
            std::os::unix::fs::symlink(entry.path(), old.join(&name)).unwrap();
        }
    }
    old
}
