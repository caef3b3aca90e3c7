//! `kforge-serve` on the real SmolLM2-135M-Instruct, on 127.0.0.1: the
//! official `openai` client (test/serve/openai_client.py), a bounded load
//! test with concurrent clients (bench/serve_load.py) whose greedy texts must
//! equal `kforge-run`'s, and hostile clients: malformed and wrong requests,
//! a client that leaves mid-stream, a full queue, a slow client, SIGTERM.
#[path = "../../kforge-run/tests/common/mod.rs"]
mod common;
mod server;

use common::model;
use server::{
    kforge_run_text, load_expectations, old_import, python, raw, request, serve_fails, Server,
};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

// Tests the official openai client against the server, streamed and not.
#[test]
fn the_openai_client_is_answered() {
    let Some(dir) = model() else { return };
    let prompt = "The capital of France is";
    let (text, prompt_tokens) = kforge_run_text(dir, prompt, 24);
    let expect = dir.join("openai_expect.json");
    std::fs::write(
        &expect,
        serde_json::json!({"prompt": prompt, "text": text, "prompt_tokens": prompt_tokens})
            .to_string(),
    )
    .unwrap();
    let server = Server::start(dir, &["--max-context", "512"]);
    python(&[
        "test/serve/openai_client.py",
        &server.base_url(),
        "smollm2",
        expect.to_str().unwrap(),
    ]);
    server.settle();
}

// Tests continuous batching under load: 6 concurrent streaming clients over 4
// slots for 18 requests (bounded: at most 120 s); every answer well-formed,
// each greedy text equal to kforge-run's for its prompt, no slot leaked.
#[test]
fn concurrent_clients_get_kforge_run_s_greedy_texts() {
    let Some(dir) = model() else { return };
    let path = load_expectations(dir, "load_expect.json", usize::MAX, 16);
    let server = Server::start(dir, &["--slots", "4", "--max-context", "256"]);
    python(&[
        "bench/serve_load.py",
        "--base-url",
        &server.base_url(),
        "--model",
        "smollm2",
        "--clients",
        "6",
        "--requests",
        "18",
        "--duration",
        "120",
        "--max-tokens",
        "16",
        "--expect",
        path.to_str().unwrap(),
    ]);
    server.settle();
    let h = server.health();
    assert_eq!(h["finished"], 18, "{h}");
}

const CHAT: &str = "/v1/chat/completions";
const COMPLETIONS: &str = "/v1/completions";

// Tests that bad requests get a 4xx with an OpenAI-style error body naming
// the problem, and that the server answers good requests after them.
#[test]
fn bad_requests_get_openai_errors() {
    let Some(dir) = model() else { return };
    let server = Server::start(dir, &["--max-context", "64"]);
    let cases: Vec<(&str, Vec<u8>, u16, &str)> = vec![
        (CHAT, b"{\"model\": \"smollm2\", \"messages\": [".to_vec(), 400, "invalid JSON: EOF while parsing"),
        (CHAT, b"".to_vec(), 400, "the request body is empty"),
        (CHAT, b"[1, 2]".to_vec(), 400, "invalid request"),
        (CHAT, br#"{"model": "smollm2", "messages": [{"role": "user", "content": "x"}], "temprature": 0}"#.to_vec(), 400, "unknown field `temprature`"),
        (CHAT, br#"{"model": "smollm2", "messages": [{"role": "user", "content": 5}]}"#.to_vec(), 400, "'messages[0].content'"),
        (CHAT, br#"{"model": "smollm2", "messages": [{"role": "user", "content": "x"}], "max_tokens": "many"}"#.to_vec(), 400, "invalid type"),
        (CHAT, br#"{"model": "smollm2", "messages": []}"#.to_vec(), 400, "'messages' must hold at least one message"),
        (CHAT, br#"{"model": "smollm2", "messages": [{"role": "user", "content": "x"}], "max_tokens": 18446744073709551615}"#.to_vec(), 400, "maximum context length is 64 tokens"),
        (CHAT, br#"{"model": "smollm2", "messages": [{"role": "user", "content": "x"}], "temperature": -1}"#.to_vec(), 400, "'temperature' must be within [0, 2]"),
        (CHAT, br#"{"model": "gpt-4", "messages": [{"role": "user", "content": "x"}]}"#.to_vec(), 404, "the model 'gpt-4' does not exist"),
        (COMPLETIONS, b"{\"model\": \"smollm2\", \"prompt\": \"\xff\xfe\"}".to_vec(), 400, "invalid unicode"),
        (COMPLETIONS, br#"{"model": "smollm2", "prompt": [1, 49152]}"#.to_vec(), 400, "token id 49152 is outside the vocabulary"),
        (COMPLETIONS, br#"{"model": "smollm2", "prompt": ""}"#.to_vec(), 400, "the prompt has no tokens"),
        (COMPLETIONS, format!(r#"{{"model": "smollm2", "prompt": "{}"}}"#, "word ".repeat(100)).into_bytes(), 400, "maximum context length is 64 tokens"),
        (COMPLETIONS, br#"{"model": "smollm2", "prompt": "x", "n": 3}"#.to_vec(), 400, "'n': more than one choice is not supported"),
        ("/v1/nothing", b"{}".to_vec(), 404, "no such route"),
    ];
    for (path, body, status, message) in cases {
        let (got, error) = server.error(path, &body);
        let shown = String::from_utf8_lossy(&body);
        assert_eq!(got, status, "{shown}: {error}");
        let text = error["message"].as_str().unwrap_or_default();
        assert!(
            text.contains(message),
            "{shown}: expected '{message}' in '{text}'"
        );
        assert!(error["type"].is_string(), "{error}");
    }
    let (status, _) = server.request("GET", CHAT, b"");
    assert_eq!(status, 405);
    // A body past the limit is refused from its Content-Length, before it is
    // sent (sending it would race the server's early answer).
    let (status, body) = raw(
        server.port,
        format!(
            "POST {CHAT} HTTP/1.1\r\nHost: x\r\nContent-Length: {}\r\n\r\n",
            5 << 20
        )
        .as_bytes(),
    );
    assert_eq!(status, 413, "{body}");
    let (status, body) = server.request(
        "POST",
        COMPLETIONS,
        br#"{"model": "smollm2", "prompt": "The capital of France is", "max_tokens": 4, "temperature": 0}"#,
    );
    assert_eq!(status, 200, "{body}");
    server.settle();
}

/// Opens a streamed completion of `max_tokens` and reads until its first text chunk.
fn open_stream(server: &Server, max_tokens: usize) -> TcpStream {
    let body = format!(
        r#"{{"model": "smollm2", "prompt": "Once upon a time", "max_tokens": {max_tokens}, "temperature": 0, "stream": true}}"#
    );
    let mut s = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    write!(
        s,
        "POST {COMPLETIONS} HTTP/1.1\r\nHost: x\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    let mut seen = Vec::new();
    let mut buf = [0u8; 4096];
    while !String::from_utf8_lossy(&seen).contains("\"text\"") {
        let n = s.read(&mut buf).unwrap();
        assert!(
            n > 0,
            "the stream ended early: {}",
            String::from_utf8_lossy(&seen)
        );
        seen.extend_from_slice(&buf[..n]);
    }
    s
}

// Tests that a client leaving mid-stream frees its slot at once (the engine
// stops decoding for it), a full queue gets 429, and a slow client that never
// finishes its body neither blocks others nor holds a slot.
#[test]
fn clients_that_leave_wait_or_stall_leave_no_trace() {
    let Some(dir) = model() else { return };
    let server = Server::start(
        dir,
        &["--slots", "1", "--queue", "1", "--max-context", "1024"],
    );
    // A slow client: headers and half a body, then nothing.
    let mut slow = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    write!(
        slow,
        "POST {COMPLETIONS} HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{{\"model\""
    )
    .unwrap();
    // Leaves mid-stream: the slot comes back long before 900 tokens.
    let leaving = open_stream(&server, 900);
    assert_eq!(server.health()["running"], 1);
    drop(leaving);
    server.settle();
    let generated = server.health()["generated_tokens"].as_u64().unwrap();
    assert!(
        generated < 900,
        "decoding went on for a client that left: {generated} tokens"
    );
    // One running, one waiting, the next refused with 429.
    let running = open_stream(&server, 200);
    let port = server.port;
    let waiting = std::thread::spawn(move || {
        request(
            port,
            "POST",
            COMPLETIONS,
            br#"{"model": "smollm2", "prompt": "x", "max_tokens": 2, "temperature": 0}"#,
        )
    });
    let start = Instant::now();
    while server.health()["waiting"] != 1 {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "the second request never queued"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    let (status, error) = server.error(
        COMPLETIONS,
        br#"{"model": "smollm2", "prompt": "x", "max_tokens": 2}"#,
    );
    assert_eq!(status, 429, "{error}");
    assert_eq!(error["code"], "queue_full");
    drop(running);
    let (status, body) = waiting.join().unwrap();
    assert_eq!(status, 200, "{body}");
    server.settle();
    drop(slow.write_all(b"}"));
}

// Tests SIGTERM: the stream in flight finishes whole ([DONE]), the server
// then exits 0 and takes no new connection.
#[test]
fn sigterm_finishes_the_requests_in_flight() {
    let Some(dir) = model() else { return };
    let mut server = Server::start(dir, &["--max-context", "256"]);
    let mut stream = open_stream(&server, 40);
    let status = Command::new("kill")
        .args(["-TERM", &server.child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let mut rest = String::new();
    stream.read_to_string(&mut rest).unwrap();
    assert!(rest.contains("\"finish_reason\":\"length\""), "{rest}");
    // The stream ends with [DONE] and the chunked body's last (empty) chunk.
    assert!(rest.contains("data: [DONE]"), "{rest}");
    assert!(rest.ends_with("0\r\n\r\n"), "{rest}");
    let start = Instant::now();
    let exit = loop {
        if let Some(exit) = server.child.try_wait().unwrap() {
            break exit;
        }
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "the server did not exit"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(exit.success(), "{exit}");
    assert!(TcpStream::connect(("127.0.0.1", server.port)).is_err());
}

// Tests the command line's bad input: each a message and exit 1, before any
// port is taken — an import without @decode_batch (older kforge-import), a
// GPU adapter without the GPU target, no slots, an unknown flag, a port already in use, a missing file.
#[test]
fn bad_command_lines_exit_1_with_a_message() {
    let Some(dir) = model() else { return };
    let old = old_import(dir, Path::new(env!("CARGO_TARGET_TMPDIR")));
    let model = dir.join("model.mlir");
    let old_model = old.join("model.mlir");
    let busy = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let busy_port = busy.local_addr().unwrap().port().to_string();
    let cases: Vec<(Vec<&std::ffi::OsStr>, &str)> = vec![
        (
            vec![old_model.as_os_str(), "--no-tune".as_ref()],
            "has no '@decode_batch' (a batched decode step): import the model again",
        ),
        (
            vec![model.as_os_str(), "--device".as_ref(), "0".as_ref()],
            "--device names a GPU adapter: it needs --target gpu",
        ),
        (
            vec![model.as_os_str(), "--slots".as_ref(), "0".as_ref()],
            "--slots",
        ),
        (
            vec![model.as_os_str(), "--bogus".as_ref()],
            "unexpected argument '--bogus'",
        ),
        (
            vec![
                model.as_os_str(),
                "--no-tune".as_ref(),
                "--port".as_ref(),
                busy_port.as_ref(),
            ],
            "cannot listen on 127.0.0.1:",
        ),
        (
            vec!["/nonexistent/model.mlir".as_ref()],
            "/nonexistent/model.mlir",
        ),
    ];
    for (args, message) in cases {
        let (code, stderr) = serve_fails(&args);
        assert_eq!(code, Some(1), "{args:?}: {stderr}");
        assert!(
            stderr.contains(message),
            "{args:?}: expected '{message}' in: {stderr}"
        );
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    }
    drop(busy);
}
