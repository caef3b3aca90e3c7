//! Tests of `kforge-run --compare-with URL` against a tiny OpenAI-compatible
//! server on 127.0.0.1 (a thread of this process that answers a bounded number
//! of requests and stops itself). Failures found before the model is loaded
//! (key, URL, refused connection, 401, time-out) run with a model path that does
//! not exist; the happy path and failures after generation use SmolLM2-135M
//! (skipped with a note when models/smollm2-135m-instruct/model.gguf is absent).
mod common;

use common::model;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Command, Output};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

const RUN: &str = env!("CARGO_BIN_EXE_kforge-run");
const KEY: &str = "test-key-123";
const PROMPT: &str = "The capital of France is";
/// Longest a test server lives.
const SERVER_LIFETIME: Duration = Duration::from_secs(300);

/// One request as the server saw it.
#[derive(Debug)]
struct Request {
    method: String,
    path: String,
    headers: Vec<(String, String)>,
    body: String,
}

impl Request {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// What the server answers: status and body, or `Stall` (say nothing for a while).
enum Answer {
    Json(u16, String),
    Text(u16, &'static str),
    Stall(Duration),
}

/// A server on 127.0.0.1:0 that answers up to `max_requests` requests, one per
/// connection, and stops after them, on `finish`, or after `SERVER_LIFETIME`.
struct TestServer {
    base: String,
    stop: Arc<AtomicBool>,
    requests: mpsc::Receiver<Request>,
    thread: JoinHandle<()>,
}

impl TestServer {
    fn start(max_requests: usize, answer: fn(&Request) -> Answer) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let base = format!("http://{}/v1", listener.local_addr().unwrap());
        let stop = Arc::new(AtomicBool::new(false));
        let (sender, requests) = mpsc::channel();
        let flag = stop.clone();
        let thread = std::thread::spawn(move || {
            let deadline = Instant::now() + SERVER_LIFETIME;
            let mut served = 0;
            while served < max_requests
                && !flag.load(Ordering::Relaxed)
                && Instant::now() < deadline
            {
                match listener.accept() {
                    Ok((stream, _)) => {
                        if let Some(request) = serve_one(stream, answer) {
                            served += 1;
                            let _ = sender.send(request);
                        }
                    }
                    Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                        std::thread::sleep(Duration::from_millis(10));
                    }
                    Err(e) => panic!("test server: accept failed: {e}"),
                }
            }
        });
        TestServer {
            base,
            stop,
            requests,
            thread,
        }
    }

    /// Stops the server and returns the requests it saw.
    fn finish(self) -> Vec<Request> {
        self.stop.store(true, Ordering::Relaxed);
        self.thread.join().expect("test server thread");
        self.requests.try_iter().collect()
    }
}

/// Reads one request from `stream` and answers it (None: no request came).
fn serve_one(stream: TcpStream, answer: fn(&Request) -> Answer) -> Option<Request> {
    stream.set_nonblocking(false).ok()?;
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .ok()?;
    let mut reader = BufReader::new(stream.try_clone().ok()?);
    let mut line = String::new();
    reader.read_line(&mut line).ok()?;
    let mut parts = line.split_whitespace();
    let (method, path) = (parts.next()?.to_string(), parts.next()?.to_string());
    let mut headers = Vec::new();
    loop {
        line.clear();
        reader.read_line(&mut line).ok()?;
        let Some((name, value)) = line.trim_end().split_once(':') else {
            break;
        };
        headers.push((name.trim().to_string(), value.trim().to_string()));
    }
    let mut request = Request {
        method,
        path,
        headers,
        body: String::new(),
    };
    let length: usize = request
        .header("content-length")
        .map_or(0, |v| v.parse().expect("numeric content-length"));
    let mut body = vec![0; length];
    reader.read_exact(&mut body).ok()?;
    request.body = String::from_utf8(body).expect("UTF-8 request body");
    let (status, content_type, body) = match answer(&request) {
        Answer::Json(status, body) => (status, "application/json", body),
        Answer::Text(status, body) => (status, "text/html", body.to_string()),
        Answer::Stall(time) => {
            std::thread::sleep(time);
            return Some(request);
        }
    };
    let mut stream = stream;
    let _ = write!(
        stream,
        "HTTP/1.1 {status} X\r\ncontent-type: {content_type}\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
        body.len()
    );
    let _ = stream.flush();
    Some(request)
}

/// `GET /v1/models` → an empty list; `POST /v1/chat/completions` → "Paris!".
fn canned_completion(request: &Request) -> Answer {
    match request.path.as_str() {
        "/v1/models" => Answer::Json(200, r#"{"object":"list","data":[]}"#.into()),
        _ => Answer::Json(
            200,
            serde_json::json!({
                "id": "cmpl-1",
                "object": "chat.completion",
                "model": "remote-smollm",
                "choices": [{"index": 0, "message": {"role": "assistant", "content": "Paris, of course."}, "finish_reason": "stop"}],
                "usage": {"prompt_tokens": 11, "completion_tokens": 4, "total_tokens": 15}
            })
            .to_string(),
        ),
    }
}

fn kforge_run(args: &[&str], key: Option<&str>) -> Output {
    let mut command = Command::new(RUN);
    command.args(args);
    // Loopback only: no proxy may take these requests elsewhere.
    for proxy in [
        "HTTP_PROXY",
        "HTTPS_PROXY",
        "ALL_PROXY",
        "http_proxy",
        "https_proxy",
        "all_proxy",
    ] {
        command.env_remove(proxy);
    }
    match key {
        Some(key) => command.env("KFORGE_API_KEY", key),
        None => command.env_remove("KFORGE_API_KEY"),
    };
    command.output().expect("kforge-run runs")
}

/// Runs on a model path that does not exist: passes only if the failure is
/// found before the model is loaded. Returns stderr.
fn fails_before_loading(extra: &[&str], key: Option<&str>) -> String {
    let missing = Path::new(env!("CARGO_TARGET_TMPDIR")).join("no-such-model/model.mlir");
    let mut args = vec![missing.to_str().unwrap(), "--prompt", PROMPT];
    args.extend_from_slice(extra);
    let out = kforge_run(&args, key);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(!stderr.contains("cannot load the model"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    stderr
}

#[test]
fn missing_api_key_names_the_variable() {
    let stderr = fails_before_loading(&["--compare-with", "http://127.0.0.1:9/v1"], None);
    assert!(
        stderr.contains("set the environment variable KFORGE_API_KEY"),
        "{stderr}"
    );
}

#[test]
fn url_without_scheme_is_rejected() {
    let stderr = fails_before_loading(&["--compare-with", "api.example.com/v1"], Some(KEY));
    assert!(
        stderr.contains("'api.example.com/v1' is not an http(s) URL"),
        "{stderr}"
    );
}

#[test]
fn compare_with_needs_a_text_prompt() {
    let out = kforge_run(
        &[
            "model.mlir",
            "--prompt-ids",
            "1,2",
            "--compare-with",
            "http://127.0.0.1:9/v1",
        ],
        Some(KEY),
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("--compare-with needs a text prompt (--prompt), not --prompt-ids"),
        "{stderr}"
    );
}

#[test]
fn refused_connection_names_the_url() {
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let url = format!("http://127.0.0.1:{port}/v1");
    let stderr = fails_before_loading(&["--compare-with", &url], Some(KEY));
    assert!(
        stderr.contains(&format!("cannot reach {url}/models: connection refused")),
        "{stderr}"
    );
}

#[test]
fn http_401_prints_status_and_server_message() {
    let server = TestServer::start(1, |_| {
        Answer::Json(
            401,
            r#"{"error":{"message":"Incorrect API key provided","type":"invalid_request_error"}}"#
                .into(),
        )
    });
    let base = server.base.clone();
    let stderr = fails_before_loading(&["--compare-with", &base], Some("wrong-key"));
    assert!(
        stderr.contains(&format!(
            "{base}/models answered HTTP 401 Unauthorized: Incorrect API key provided"
        )),
        "{stderr}"
    );
    let requests = server.finish();
    assert_eq!(requests.len(), 1);
    assert_eq!(
        (requests[0].method.as_str(), requests[0].path.as_str()),
        ("GET", "/v1/models")
    );
    assert_eq!(
        requests[0].header("authorization"),
        Some("Bearer wrong-key")
    );
}

#[test]
fn silent_server_times_out() {
    let server = TestServer::start(1, |_| Answer::Stall(Duration::from_secs(4)));
    let base = server.base.clone();
    let start = Instant::now();
    let stderr = fails_before_loading(
        &["--compare-with", &base, "--compare-timeout", "0.5"],
        Some(KEY),
    );
    assert!(
        stderr.contains(&format!("{base}/models did not answer within 0.5 s")),
        "{stderr}"
    );
    assert!(
        start.elapsed() < Duration::from_secs(4),
        "the time-out was not applied"
    );
    server.finish();
}

#[test]
fn both_outputs_and_speeds_are_printed_side_by_side() {
    let Some(dir) = model() else { return };
    let server = TestServer::start(2, canned_completion);
    let model = dir.join("model.mlir");
    let out = kforge_run(
        &[
            model.to_str().unwrap(),
            "--prompt",
            PROMPT,
            "--max-tokens",
            "4",
            "--compare-with",
            &server.base,
            "--compare-model",
            "test-model",
        ],
        Some(KEY),
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let base = &server.base;
    for expected in [
        "The capital of France is Paris.",
        &format!("--- remote: remote-smollm at {base}/chat/completions ---\nParis, of course.\n"),
        "generated tokens             4           4\n",
        "prefill tok/s",
        "kforge/remote tokens/s: ",
    ] {
        assert!(
            stdout.contains(expected),
            "expected '{expected}' in:\n{stdout}"
        );
    }
    assert!(stderr.contains("[kforge] prompt 5 tokens"), "{stderr}");

    let requests = server.finish();
    assert_eq!(requests.len(), 2, "{requests:?}");
    let chat = &requests[1];
    assert_eq!(
        (chat.method.as_str(), chat.path.as_str()),
        ("POST", "/v1/chat/completions")
    );
    assert_eq!(chat.header("authorization"), Some("Bearer test-key-123"));
    assert_eq!(chat.header("content-type"), Some("application/json"));
    let body: serde_json::Value = serde_json::from_str(&chat.body).unwrap();
    assert_eq!(
        body,
        serde_json::json!({
            "model": "test-model",
            "messages": [{"role": "user", "content": PROMPT}],
            "max_tokens": 4,
            "temperature": 0.0
        })
    );
}

#[test]
fn json_output_holds_both_sides() {
    let Some(dir) = model() else { return };
    let server = TestServer::start(2, canned_completion);
    let model = dir.join("model.mlir");
    let out = kforge_run(
        &[
            model.to_str().unwrap(),
            "--prompt",
            PROMPT,
            "--max-tokens",
            "4",
            "--json",
            "--compare-with",
            &server.base,
        ],
        Some(KEY),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON output");
    assert_eq!(v["ids"], serde_json::json!([7042, 30, 198, 198]));
    assert!(v["decode_tokens_per_second"].as_f64().unwrap() > 0.0);
    let remote = &v["remote"];
    assert_eq!(remote["text"], "Paris, of course.");
    assert_eq!(remote["completion_tokens"], 4);
    assert_eq!(remote["prompt_tokens"], 11);
    assert_eq!(remote["finish_reason"], "stop");
    assert_eq!(remote["url"], format!("{}/chat/completions", server.base));
    assert!(remote["wall_seconds"].as_f64().unwrap() > 0.0);
    assert!(remote["tokens_per_second"].as_f64().unwrap() > 0.0);
    let requests = server.finish();
    let body: serde_json::Value = serde_json::from_str(&requests[1].body).unwrap();
    assert_eq!(body["model"], "HuggingFaceTB/SmolLM2-135M-Instruct");
}

#[test]
fn garbage_answer_is_reported_after_the_local_result() {
    let Some(dir) = model() else { return };
    let server = TestServer::start(2, |request| match request.path.as_str() {
        "/v1/models" => Answer::Text(404, "no such route"),
        _ => Answer::Text(200, "<html>this is not JSON</html>"),
    });
    let model = dir.join("model.mlir");
    let out = kforge_run(
        &[
            model.to_str().unwrap(),
            "--prompt",
            PROMPT,
            "--max-tokens",
            "4",
            "--compare-with",
            &server.base,
        ],
        Some(KEY),
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stdout.contains("The capital of France is Paris."),
        "{stdout}"
    );
    assert!(
        stderr.contains(&format!(
            "{}/chat/completions sent a malformed chat completion: not JSON",
            server.base
        )),
        "{stderr}"
    );
    assert!(
        stderr.contains("(answer: <html>this is not JSON</html>)"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    server.finish();
}

#[test]
fn json_output_records_a_remote_error() {
    let Some(dir) = model() else { return };
    let server = TestServer::start(2, |request| match request.path.as_str() {
        "/v1/models" => Answer::Json(200, r#"{"data":[]}"#.into()),
        _ => Answer::Json(503, r#"{"error":"model is loading"}"#.into()),
    });
    let model = dir.join("model.mlir");
    let out = kforge_run(
        &[
            model.to_str().unwrap(),
            "--prompt",
            PROMPT,
            "--max-tokens",
            "4",
            "--json",
            "--compare-with",
            &server.base,
        ],
        Some(KEY),
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON output");
    assert_eq!(v["ids"], serde_json::json!([7042, 30, 198, 198]));
    let message = format!(
        "{}/chat/completions answered HTTP 503 Service Unavailable: model is loading",
        server.base
    );
    assert_eq!(v["remote"]["error"], message.as_str());
    assert!(stderr.contains(&message), "{stderr}");
    server.finish();
}
