//! `--verify-diagnostics`: `// expected-error @+1 {{message}}` comments, as in
//! mlir-opt. A diagnostic matches an expectation of the same severity on the
//! same line whose text it contains. Every diagnostic must be expected and
//! every expectation met.
use crate::source::{Diagnostic, Severity};
use regex::Regex;

/// One expectation.
#[derive(Debug)]
pub struct Expected {
    pub severity: Severity,
    pub line: u32,
    pub text: String,
    /// Where the comment is, for messages.
    pub comment_line: u32,
}

/// Reads the expectations of one chunk that starts at `first_line` of its file.
pub fn parse(text: &str, first_line: usize) -> Vec<Expected> {
    let re = Regex::new(
        r"expected-(error|warning|note|remark)\s*(@[+-]?\d+|@above|@below)?\s*\{\{(.*?)\}\}",
    )
    .expect("valid regex");
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line_no = (first_line + i) as i64;
        for cap in re.captures_iter(line) {
            let severity = match &cap[1] {
                "error" => Severity::Error,
                "warning" => Severity::Warning,
                "note" => Severity::Note,
                _ => Severity::Remark,
            };
            let target = match cap.get(2).map(|m| m.as_str()) {
                None => line_no,
                Some("@above") => line_no - 1,
                Some("@below") => line_no + 1,
                Some(rel) => line_no + rel[1..].parse::<i64>().unwrap_or(0),
            };
            out.push(Expected {
                severity,
                line: target.max(0) as u32,
                text: cap[3].to_string(),
                comment_line: line_no as u32,
            });
        }
    }
    out
}

/// Problems: unexpected diagnostics and unmet expectations.
pub fn check(expected: &[Expected], got: &[Diagnostic], file: &str) -> Vec<String> {
    let mut met = vec![false; expected.len()];
    let mut problems = Vec::new();
    for d in got {
        let hit = expected.iter().enumerate().position(|(i, e)| {
            !met[i] && e.severity == d.severity && e.line == d.line && d.message.contains(&e.text)
        });
        match hit {
            Some(i) => met[i] = true,
            None => problems.push(format!("{}", Unexpected(d))),
        }
    }
    for (e, ok) in expected.iter().zip(&met) {
        if !ok {
            problems.push(format!(
                "{file}:{}: error: expected {} \"{}\" on line {} was not produced",
                e.comment_line,
                e.severity.as_str(),
                e.text,
                e.line
            ));
        }
    }
    problems
}

struct Unexpected<'a>(&'a Diagnostic);

impl std::fmt::Display for Unexpected<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let d = self.0;
        write!(f, "unexpected {}: {}", d.severity.as_str(), d.render(None))
    }
}
