//! Parsing MLIR source files with real file:line:col locations, and collecting
//! MLIR's diagnostics so tools can print them (with the source line and a
//! caret, as mlir-opt does) or compare them with expectations. Input MLIR's
//! parser cannot be trusted with (NUL bytes, very deep nesting, numbers of
//! thousands of digits) is rejected before parsing, and a parse that fails
//! without a diagnostic (custom syntax of a kforge op) gets one.
use crate::ir::{print_to_string, string_ref};
use melior::diagnostic::DiagnosticSeverity;
use melior::ir::{Module, Operation, OperationRef};
use melior::Context;
use mlir_sys::*;
use std::cell::RefCell;
use std::ffi::CString;
use std::rc::Rc;

/// Severity of a diagnostic.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Severity {
    /// An error.
    Error,
    /// A warning.
    Warning,
    /// A note attached to another diagnostic.
    Note,
    /// A remark.
    Remark,
}

impl Severity {
    /// The word mlir-opt prints.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Error => "error",
            Self::Warning => "warning",
            Self::Note => "note",
            Self::Remark => "remark",
        }
    }
}

/// One diagnostic MLIR emitted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// Severity.
    pub severity: Severity,
    /// Source file, when the location is a file location.
    pub file: Option<String>,
    /// 1-based line (0 when unknown).
    pub line: u32,
    /// 1-based column (0 when unknown).
    pub column: u32,
    /// The location as MLIR prints it, for other location kinds.
    pub location: String,
    /// The message.
    pub message: String,
}

impl Diagnostic {
    /// `file:line:col: error: message`, followed by the source line and a caret
    /// when `source` (the whole file text) is given.
    pub fn render(&self, source: Option<&str>) -> String {
        let mut out = match &self.file {
            Some(file) => format!(
                "{file}:{}:{}: {}: {}",
                self.line,
                self.column,
                self.severity.as_str(),
                self.message
            ),
            None => format!(
                "{}: {}: {}",
                self.location,
                self.severity.as_str(),
                self.message
            ),
        };
        if let (Some(text), Some(_)) = (source, &self.file) {
            if let Some(line) = text.lines().nth(self.line.saturating_sub(1) as usize) {
                if self.line > 0 {
                    out.push('\n');
                    out.push_str(line);
                    out.push('\n');
                    out.push_str(&" ".repeat(self.column.saturating_sub(1) as usize));
                    out.push('^');
                }
            }
        }
        out
    }
}

impl Diagnostic {
    /// [`Diagnostic::render`] with the source line and caret only when the
    /// diagnostic is located in `file_name`, whose text is `source` (an error
    /// in a lowering template must not be shown under a line of the input).
    pub fn render_in(&self, file_name: &str, source: &str) -> String {
        let in_file = self.file.as_deref() == Some(file_name);
        self.render(in_file.then_some(source))
    }

    /// Whether this is MLIR's "see current operation" note, which prints the
    /// op an error is about (mlir-opt leaves it out under --verify-diagnostics).
    pub fn is_current_operation_note(&self) -> bool {
        self.severity == Severity::Note && self.message.starts_with("see current operation")
    }
}

/// Collects every diagnostic emitted in a context while it is alive.
pub struct DiagnosticCollector<'c> {
    context: &'c Context,
    id: melior::diagnostic::DiagnosticHandlerId,
    collected: Rc<RefCell<Vec<Diagnostic>>>,
}

impl<'c> DiagnosticCollector<'c> {
    /// Starts collecting (diagnostics are no longer printed by MLIR).
    pub fn attach(context: &'c Context) -> Self {
        let collected = Rc::new(RefCell::new(Vec::new()));
        let sink = collected.clone();
        let id = context.attach_diagnostic_handler(move |d| {
            let mut sink = sink.borrow_mut();
            sink.push(convert(&d));
            for i in 0..d.note_count() {
                if let Ok(note) = d.note(i) {
                    sink.push(convert(&note));
                }
            }
            true
        });
        Self {
            context,
            id,
            collected,
        }
    }

    /// Takes the diagnostics collected so far.
    pub fn take(&self) -> Vec<Diagnostic> {
        std::mem::take(&mut self.collected.borrow_mut())
    }

    /// Takes the diagnostics collected so far, rendered with `source` (a line each, with the source line and a
    /// caret where they have a location).
    pub fn render_all(&self, source: &str) -> String {
        self.take()
            .iter()
            .map(|d| d.render(Some(source)))
            .collect::<Vec<_>>()
            .join("\n")
    }
}

impl Drop for DiagnosticCollector<'_> {
    fn drop(&mut self) {
        self.context.detach_diagnostic_handler(self.id);
    }
}

fn convert(d: &melior::diagnostic::Diagnostic) -> Diagnostic {
    let severity = match d.severity() {
        DiagnosticSeverity::Error => Severity::Error,
        DiagnosticSeverity::Warning => Severity::Warning,
        DiagnosticSeverity::Note => Severity::Note,
        DiagnosticSeverity::Remark => Severity::Remark,
    };
    let message = d.to_string();
    let raw = d.location().to_raw();
    let (file, line, column) = file_line_col(raw);
    // SAFETY: `raw` is a live location; printing only reads it.
    let location = print_to_string(|cb, data| unsafe { mlirLocationPrint(raw, cb, data) });
    Diagnostic {
        severity,
        file,
        line,
        column,
        location,
        message,
    }
}

/// The file, line and column of a location (looking through fused and call-site locations).
fn file_line_col(loc: MlirLocation) -> (Option<String>, u32, u32) {
    // SAFETY: read-only accessors on a live location.
    unsafe {
        if mlirLocationIsAFileLineColRange(loc) {
            let file = string_ref(mlirIdentifierStr(mlirLocationFileLineColRangeGetFilename(
                loc,
            )));
            let line = mlirLocationFileLineColRangeGetStartLine(loc).max(0) as u32;
            let col = mlirLocationFileLineColRangeGetStartColumn(loc).max(0) as u32;
            return (Some(file), line, col);
        }
        if mlirLocationIsACallSite(loc) {
            return file_line_col(mlirLocationCallSiteGetCallee(loc));
        }
        if mlirLocationIsAName(loc) {
            return file_line_col(mlirLocationNameGetChildLoc(loc));
        }
        if mlirLocationIsAFused(loc) && mlirLocationFusedGetNumLocations(loc) > 0 {
            let n = mlirLocationFusedGetNumLocations(loc) as usize;
            let mut locs = vec![
                MlirLocation {
                    ptr: std::ptr::null()
                };
                n
            ];
            mlirLocationFusedGetLocations(loc, locs.as_mut_ptr());
            return file_line_col(locs[0]);
        }
    }
    (None, 0, 0)
}

/// Parses `text` as a module, with locations in `file_name` and line numbers
/// starting at `first_line` (the line of `text` inside its file, for
/// `--split-input-file`). A single top-level `module` is the module; any other
/// top-level ops are wrapped in one, as mlir-opt does. Every location is the
/// exact line and column in the file. `None` when parsing failed; an error
/// diagnostic was emitted then, also where MLIR's parser fails silently.
pub fn parse_module<'c>(
    context: &'c Context,
    text: &str,
    file_name: &str,
    first_line: usize,
) -> Option<Module<'c>> {
    let first_line = first_line.max(1);
    if let Some(problem) = check_source(text) {
        let (line, column) = (problem.line + first_line - 1, problem.column);
        emit_error_at(context, file_name, line, column, &problem.message);
        return None;
    }
    // Blank lines in front keep the line numbers of a later chunk.
    let padded = format!("{}{text}", "\n".repeat(first_line - 1));
    // The implicit `module {` goes in front of the first line. That is exact
    // when nothing on that line has a location (a later chunk, a comment);
    // otherwise try the text alone first: it is often one `module`.
    let first_line_is_free = first_line > 1 || {
        let line = text.lines().next().unwrap_or("").trim_start();
        line.is_empty() || line.starts_with("//")
    };
    if !first_line_is_free {
        let alone = ParseOutcome::of(context, &padded, file_name);
        if let Some(op) = alone.op {
            // SAFETY: a parsed, owned top-level operation.
            return unsafe { into_module(context, op, file_name, first_line) };
        }
        if !alone.several {
            if alone.errors == 0 {
                report_silent_failure(context, text, file_name, first_line);
            }
            return None;
        }
    }
    let wrapped = format!("module {{{padded}\n}}");
    let outer = ParseOutcome::of(context, &wrapped, file_name);
    let Some(op) = outer.op else {
        if outer.errors == 0 {
            report_silent_failure(context, text, file_name, first_line);
        }
        return None;
    };
    // SAFETY: a parsed, owned `builtin.module`.
    unsafe {
        if !first_line_is_free {
            shift_first_line(op, file_name, "module {".len() as u32);
        }
        Some(unwrap_single_module(op))
    }
}

/// The only op of `outer` when that is a `builtin.module` (the text was one
/// module), else `outer`.
///
/// # Safety
/// `outer` must be a parsed, owned `builtin.module`.
unsafe fn unwrap_single_module<'c>(outer: MlirOperation) -> Module<'c> {
    // SAFETY: guaranteed by the caller; the inner module is detached before
    // the outer one is destroyed.
    unsafe {
        let body = mlirRegionGetFirstBlock(mlirOperationGetRegion(outer, 0));
        let first = mlirBlockGetFirstOperation(body);
        let only_child = !first.ptr.is_null() && mlirOperationGetNextInBlock(first).ptr.is_null();
        let module = if only_child && crate::ir::op_name(first) == "builtin.module" {
            mlirOperationRemoveFromParent(first);
            mlirOperationDestroy(outer);
            first
        } else {
            outer
        };
        Module::from_raw(mlirModuleFromOperation(module))
    }
}

/// One call of MLIR's parser: the parsed operation (when the text is exactly
/// one top-level op), whether it failed only because there are several (or
/// none), and how many errors it emitted.
struct ParseOutcome {
    op: Option<MlirOperation>,
    several: bool,
    errors: usize,
}

impl ParseOutcome {
    fn of(context: &Context, text: &str, file_name: &str) -> Self {
        const SEVERAL: &str = "source must contain a single top-level operation";
        let several = Rc::new(RefCell::new(false));
        let errors = Rc::new(RefCell::new(0usize));
        let (several_sink, errors_sink) = (several.clone(), errors.clone());
        // Sees every diagnostic first; passes all on but the "several ops" one.
        let id = context.attach_diagnostic_handler(move |d| {
            if matches!(d.severity(), DiagnosticSeverity::Error) {
                if d.to_string().starts_with(SEVERAL) {
                    *several_sink.borrow_mut() = true;
                    return true;
                }
                *errors_sink.borrow_mut() += 1;
            }
            false
        });
        // SAFETY: the strings outlive the call; the result is checked for null.
        let op = unsafe {
            mlirOperationCreateParse(
                context.to_raw(),
                crate::ir::str_ref(text),
                crate::ir::str_ref(file_name),
            )
        };
        context.detach_diagnostic_handler(id);
        let errors = *errors.borrow();
        let several = *several.borrow();
        Self {
            op: (!op.ptr.is_null()).then_some(op),
            several,
            errors,
        }
    }
}

/// `op` itself when it is a `builtin.module`, else a new module holding it.
///
/// # Safety
/// `op` must be a parsed operation owned by the caller.
unsafe fn into_module<'c>(
    context: &'c Context,
    op: MlirOperation,
    file_name: &str,
    first_line: usize,
) -> Option<Module<'c>> {
    // SAFETY: guaranteed by the caller; the new module takes ownership of `op`.
    unsafe {
        if crate::ir::op_name(op) == "builtin.module" {
            return Module::from_operation(Operation::from_raw(op));
        }
        let location = file_location(context.to_raw(), file_name, first_line, 1);
        let module = mlirModuleCreateEmpty(location);
        mlirBlockAppendOwnedOperation(mlirModuleGetBody(module), op);
        Some(Module::from_raw(module))
    }
}

fn file_location(
    context: MlirContext,
    file_name: &str,
    line: usize,
    column: usize,
) -> MlirLocation {
    let clamp = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    // SAFETY: a live context; the name is copied into it.
    unsafe {
        mlirLocationFileLineColGet(
            context,
            crate::ir::str_ref(file_name),
            clamp(line),
            clamp(column),
        )
    }
}

/// Emits an error at `file:line:column`.
fn emit_error_at(context: &Context, file_name: &str, line: usize, column: usize, message: &str) {
    let location = file_location(context.to_raw(), file_name, line, column);
    let message = CString::new(message.replace('\0', "\\0")).unwrap_or_default();
    // SAFETY: a live location; the message is NUL-terminated.
    unsafe { mlirEmitError(location, message.as_ptr()) };
}

/// Moves every location on line 1 of `file_name` under `root` (ops and block
/// arguments) `shift` columns to the left: the width of the `module {` put in
/// front of the first line.
///
/// # Safety
/// `root` must be a live operation.
unsafe fn shift_first_line(root: MlirOperation, file_name: &str, shift: u32) {
    let fix = |loc: MlirLocation| -> Option<MlirLocation> {
        // SAFETY: read-only accessors on a live location.
        unsafe {
            if !mlirLocationIsAFileLineColRange(loc)
                || mlirLocationFileLineColRangeGetStartLine(loc) != 1
            {
                return None;
            }
            let file = string_ref(mlirIdentifierStr(mlirLocationFileLineColRangeGetFilename(
                loc,
            )));
            let column = mlirLocationFileLineColRangeGetStartColumn(loc).max(0) as u32;
            (file == file_name && column > shift).then(|| {
                file_location(
                    mlirLocationGetContext(loc),
                    file_name,
                    1,
                    (column - shift) as usize,
                )
            })
        }
    };
    crate::ir::walk_raw(root, &mut |op| {
        // SAFETY: ops reached by the walk are live; locations are replaced whole.
        unsafe {
            if let Some(loc) = fix(mlirOperationGetLocation(op)) {
                mlirOperationSetLocation(op, loc);
            }
            for r in 0..mlirOperationGetNumRegions(op) {
                let mut block = mlirRegionGetFirstBlock(mlirOperationGetRegion(op, r));
                while !block.ptr.is_null() {
                    for a in 0..mlirBlockGetNumArguments(block) {
                        let arg = mlirBlockGetArgument(block, a);
                        if let Some(loc) = fix(mlirValueGetLocation(arg)) {
                            mlirBlockArgumentSetLocation(arg, loc);
                        }
                    }
                    block = mlirBlockGetNextInRegion(block);
                }
            }
        }
    });
}

/// MLIR's parser fails without a word on a kforge op in custom syntax (IRDL
/// ops have no parser): name the op, or at least say that parsing failed.
fn report_silent_failure(context: &Context, text: &str, file_name: &str, first_line: usize) {
    match find_custom_kforge_op(text) {
        Some((line, column, name)) => emit_error_at(
            context,
            file_name,
            line + first_line - 1,
            column,
            &format!(
                "custom syntax is not supported for '{name}'; use the generic form \"{name}\"(...) : (...) -> ..."
            ),
        ),
        None => emit_error_at(
            context,
            file_name,
            first_line,
            1,
            "failed to parse the input (MLIR gave no reason)",
        ),
    }
}

/// The first `kforge.<op>` outside strings and comments: 1-based line and
/// column in `text`, and the name.
fn find_custom_kforge_op(text: &str) -> Option<(usize, usize, String)> {
    let mut found = None;
    scan(text, &mut |token| {
        if let Token::Word { line, column, word } = token {
            if word.starts_with("kforge.") && word.len() > "kforge.".len() {
                found = Some((line, column, word.to_string()));
                return false;
            }
        }
        true
    });
    found
}

/// Input that MLIR's parser would crash on or must not see.
#[derive(Debug, PartialEq, Eq)]
pub struct SourceProblem {
    /// 1-based line in the text.
    pub line: usize,
    /// 1-based column (in bytes, as MLIR counts).
    pub column: usize,
    /// What is wrong.
    pub message: String,
}

/// The deepest nesting of `(`, `[` and `{` that [`parse_module`] accepts.
/// MLIR's recursive-descent parser (and the verifier, printer and passes
/// after it) overflow the stack on much deeper input (mlir-opt crashes too).
pub const MAX_NESTING: usize = 512;

/// The longest run of digits [`parse_module`] accepts: LLVM's decimal float
/// parser crashes on literals of tens of thousands of digits.
pub const MAX_DIGITS: usize = 4096;

/// Checks what MLIR's parser cannot be trusted with: NUL bytes (its lexer
/// skips them like whitespace), nesting deeper than [`MAX_NESTING`], runs of
/// more than [`MAX_DIGITS`] digits, and dense arrays of `index` (see
/// `index_dense_array`).
pub fn check_source(text: &str) -> Option<SourceProblem> {
    check_lexemes(text).or_else(|| {
        index_dense_array(text).map(|(line, column)| SourceProblem {
            line,
            column,
            message: "dense arrays of 'index' elements are not supported \
                      (array<index: ...>): use i64"
                .to_string(),
        })
    })
}

/// The line and column of the element type of the first `array<index: …>`
/// (also through a type alias `!name = index`): MLIR's parser asks `index`
/// for a bit width there and dies of SIGSEGV (mlir-opt too).
fn index_dense_array(text: &str) -> Option<(usize, usize)> {
    let mut words: Vec<(usize, usize, usize, &str)> = Vec::new();
    scan(text, &mut |token| {
        if let Token::Word { line, column, word } = token {
            let offset = word.as_ptr() as usize - text.as_ptr() as usize;
            words.push((offset, line, column, word));
        }
        true
    });
    let gap = |(offset, _, _, word): (usize, usize, usize, &str), next: usize| {
        text[offset + word.len()..next].trim()
    };
    let aliases: std::collections::HashSet<&str> = words
        .windows(2)
        .filter(|w| {
            w[1].3 == "index"
                && w[0].0 > 0
                && text.as_bytes()[w[0].0 - 1] == b'!'
                && gap(w[0], w[1].0) == "="
        })
        .map(|w| w[0].3)
        .collect();
    words.windows(2).find_map(|w| {
        let (next, line, column, word) = w[1];
        let between = gap(w[0], next).strip_prefix('<')?.trim();
        let direct = between.is_empty() && word == "index";
        let aliased = between == "!" && aliases.contains(word);
        // An alias is reported at its `!`.
        (w[0].3 == "array" && (direct || aliased)).then_some((line, column - aliased as usize))
    })
}

/// NUL bytes, nesting and digit runs (see [`check_source`]).
fn check_lexemes(text: &str) -> Option<SourceProblem> {
    let mut problem = None;
    let mut depth = 0usize;
    scan(text, &mut |token| {
        let found = match token {
            Token::Nul { line, column } => Some((
                line,
                column,
                "unexpected NUL byte in the input (kforge reads MLIR text)".to_string(),
            )),
            Token::Open { line, column } => {
                depth += 1;
                (depth > MAX_NESTING).then(|| {
                    (
                        line,
                        column,
                        format!(
                            "brackets nested deeper than {MAX_NESTING} levels are not supported"
                        ),
                    )
                })
            }
            Token::Close => {
                depth = depth.saturating_sub(1);
                None
            }
            Token::Word { line, column, word } => {
                let count = longest_digit_run(word);
                (count > MAX_DIGITS).then(|| {
                    (
                        line,
                        column,
                        format!("a number of {count} digits is too long (at most {MAX_DIGITS} are supported)"),
                    )
                })
            }
        };
        match found {
            Some((line, column, message)) => {
                problem = Some(SourceProblem {
                    line,
                    column,
                    message,
                });
                false
            }
            None => true,
        }
    });
    problem
}

fn longest_digit_run(word: &str) -> usize {
    word.split(|c: char| !c.is_ascii_digit())
        .map(str::len)
        .max()
        .unwrap_or(0)
}

/// What [`scan`] reports, outside string literals and `//` comments (NUL
/// bytes everywhere).
enum Token<'t> {
    Nul {
        line: usize,
        column: usize,
    },
    Open {
        line: usize,
        column: usize,
    },
    Close,
    Word {
        line: usize,
        column: usize,
        word: &'t str,
    },
}

/// A light lexer over MLIR text: calls `f` on each token until it returns false.
fn scan<'t>(text: &'t str, f: &mut dyn FnMut(Token<'t>) -> bool) {
    let bytes = text.as_bytes();
    let (mut i, mut line, mut line_start) = (0usize, 1usize, 0usize);
    let is_word = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'$' | b'-');
    while i < bytes.len() {
        let b = bytes[i];
        let column = i - line_start + 1;
        let go_on = match b {
            0 => f(Token::Nul { line, column }),
            b'\n' => {
                line += 1;
                line_start = i + 1;
                true
            }
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                while i + 1 < bytes.len() && bytes[i + 1] != b'\n' {
                    i += 1;
                    if bytes[i] == 0 {
                        let column = i - line_start + 1;
                        if !f(Token::Nul { line, column }) {
                            return;
                        }
                    }
                }
                true
            }
            b'"' => {
                // A string ends at the closing quote or the end of the line.
                while i + 1 < bytes.len() && !matches!(bytes[i + 1], b'"' | b'\n') {
                    i += if bytes[i + 1] == b'\\' && i + 2 < bytes.len() && bytes[i + 2] != b'\n' {
                        2
                    } else {
                        1
                    };
                    if bytes[i] == 0 || bytes[i - 1] == 0 {
                        let at = if bytes[i] == 0 { i } else { i - 1 };
                        let column = at - line_start + 1;
                        if !f(Token::Nul { line, column }) {
                            return;
                        }
                    }
                }
                if bytes.get(i + 1) == Some(&b'"') {
                    i += 1;
                }
                true
            }
            b'(' | b'[' | b'{' => f(Token::Open { line, column }),
            b')' | b']' | b'}' => f(Token::Close),
            b if is_word(b) => {
                let start = i;
                while i + 1 < bytes.len() && is_word(bytes[i + 1]) {
                    i += 1;
                }
                f(Token::Word {
                    line,
                    column,
                    word: &text[start..=i],
                })
            }
            _ => true,
        };
        if !go_on {
            return;
        }
        i += 1;
    }
}

/// Runs MLIR's verifier and the kforge semantic verifier on `module`;
/// returns whether both passed (diagnostics were emitted otherwise).
pub fn verify_parsed(module: &Module) -> bool {
    let op: OperationRef = module.as_operation();
    // SAFETY: a live module operation.
    let mlir_ok = unsafe { mlirOperationVerify(op.to_raw()) };
    mlir_ok && crate::verify_module(module) == 0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::OpSignature;
    use melior::ir::BlockLike;

    /// Parses `text` as `t.mlir` and returns the module (if any) and the diagnostics.
    fn parse(text: &str, first_line: usize) -> (bool, Vec<Diagnostic>) {
        let context = crate::create_context();
        let collector = DiagnosticCollector::attach(&context);
        let parsed = parse_module(&context, text, "t.mlir", first_line).is_some();
        (parsed, collector.take())
    }

    fn first_error(text: &str, first_line: usize) -> (u32, u32, String) {
        let (parsed, diagnostics) = parse(text, first_line);
        assert!(!parsed, "{text}");
        let d = &diagnostics[0];
        assert_eq!(d.file.as_deref(), Some("t.mlir"));
        (d.line, d.column, d.message.clone())
    }

    #[test]
    fn first_line_columns_are_exact() {
        let text = "%0 = \"kforge.nope\"() : () -> tensor<2xf32>\n";
        let (line, column, message) = first_error(text, 1);
        assert_eq!((line, column), (1, 6), "{message}");
        assert_eq!(first_error(text, 7).0, 7);
        let (line, column, _) = first_error(&format!("// a comment\n{text}"), 1);
        assert_eq!((line, column), (2, 6));
    }

    #[test]
    fn several_top_level_ops_keep_first_line_columns() {
        let context = crate::create_context();
        let text = "func.func @a() { return }\nfunc.func @b() { return }\n";
        let module = parse_module(&context, text, "t.mlir", 1).expect("parses");
        let body = module.body();
        let first = body.first_operation().expect("two functions");
        // SAFETY: a live operation of the module.
        let loc = unsafe { mlirOperationGetLocation(first.to_raw()) };
        assert_eq!(file_line_col(loc), (Some("t.mlir".into()), 1, 1));
    }

    #[test]
    fn a_single_module_is_kept_and_other_ops_are_wrapped() {
        let context = crate::create_context();
        let module = parse_module(&context, "module @m {}", "t.mlir", 1).unwrap();
        assert!(module.as_operation().to_string().starts_with("module @m"));
        let module = parse_module(&context, "func.func @f() { return }", "t.mlir", 1).unwrap();
        assert!(module.body().first_operation().is_some());
        let empty = parse_module(&context, "// nothing\n", "t.mlir", 1).unwrap();
        assert!(empty.body().first_operation().is_none());
    }

    #[test]
    fn custom_syntax_is_reported() {
        let text = "func.func @f(%x: tensor<4xf32>) {\n  %0 = kforge.silu %x : tensor<4xf32>\n  return\n}\n";
        let (line, column, message) = first_error(text, 1);
        assert_eq!((line, column), (2, 8));
        assert!(
            message.contains("custom syntax is not supported for 'kforge.silu'"),
            "{message}"
        );
    }

    #[test]
    fn source_problems_are_found() {
        let nul = check_source("func.func @f() {\n  \"a\0b\"\n}").unwrap();
        assert_eq!((nul.line, nul.column), (2, 5));
        let deep = format!(
            "{}{}",
            "[".repeat(MAX_NESTING + 1),
            "]".repeat(MAX_NESTING + 1)
        );
        assert_eq!(check_source(&deep).unwrap().column, MAX_NESTING + 1);
        assert!(check_source(&"[".repeat(MAX_NESTING)).is_none());
        // Brackets in strings and comments do not count.
        let quoted = format!("\"{}\" // {}", "(".repeat(2000), "{".repeat(2000));
        assert!(check_source(&quoted).is_none());
        let long = format!("x = 1.{}", "0".repeat(MAX_DIGITS + 1));
        assert!(check_source(&long).unwrap().message.contains("digits"));
        assert!(check_source(&format!("x = 1.{}", "0".repeat(MAX_DIGITS))).is_none());
    }

    /// Regression (hostile campaign): `array<index: …>` crashed MLIR's parser.
    #[test]
    fn dense_arrays_of_index_are_found() {
        let direct =
            check_source("func.func @f() attributes {a = array<index: 1, 0>} {\n").unwrap();
        assert_eq!((direct.line, direct.column), (1, 38));
        assert!(direct.message.contains("array<index"), "{}", direct.message);
        let spaced = check_source("x = array< index :1>").unwrap();
        assert_eq!(spaced.column, 12);
        let aliased = check_source("!i = index\nx = array<!i: 1>").unwrap();
        assert_eq!((aliased.line, aliased.column), (2, 11));
        for fine in [
            "x = array<i64: 1>",
            "x = array<index2: 1>",
            "!i = i64\nx = array<!i: 1>",
            "x = \"array<index: 1>\" // array<index: 1>",
            "%0 = index.add %a, %b : index",
        ] {
            assert!(check_source(fine).is_none(), "{fine}");
        }
    }

    #[test]
    fn wide_integer_attributes_are_not_truncated() {
        let context = crate::create_context();
        let text = "func.func @f(%x: tensor<4x8xf32>) {\n  %0 = \"kforge.softmax\"(%x) {axis = 18446744073709551617 : i128} : (tensor<4x8xf32>) -> tensor<4x8xf32>\n  return\n}\n";
        let module = parse_module(&context, text, "t.mlir", 1).unwrap();
        let softmax = crate::ir::collect_ops(module.as_operation().to_raw(), "kforge.softmax")[0];
        // SAFETY: a live op of the module.
        let sig = OpSignature::from_operation(&unsafe { OperationRef::from_raw(softmax) });
        assert_eq!(sig.int_attr("axis"), None);
        assert!(matches!(
            sig.attributes["axis"],
            crate::AttrValue::WideInt(_)
        ));
    }
}
