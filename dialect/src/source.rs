//! Parsing MLIR source files with real file:line:col locations, and collecting
//! MLIR's diagnostics so tools can print them (with the source line and a
//! caret, as mlir-opt does) or compare them with expectations.
use crate::ir::{print_to_string, string_ref};
use melior::diagnostic::DiagnosticSeverity;
use melior::ir::{Module, OperationRef};
use melior::Context;
use mlir_sys::*;
use std::cell::RefCell;
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
/// `--split-input-file`). Top-level ops without a `module` are wrapped in one,
/// as mlir-opt does. `None` when parsing failed (diagnostics were emitted).
pub fn parse_module<'c>(
    context: &'c Context,
    text: &str,
    file_name: &str,
    first_line: usize,
) -> Option<Module<'c>> {
    // An implicit outer module keeps line numbers: its `module {` sits on the
    // first line (or on the padding lines above a later split chunk).
    let padding = "\n".repeat(first_line.saturating_sub(1));
    let wrapped = format!("module {{{padding}{text}\n}}");
    let name = MlirStringRef {
        data: file_name.as_ptr() as *const _,
        length: file_name.len(),
    };
    let source = MlirStringRef {
        data: wrapped.as_ptr() as *const _,
        length: wrapped.len(),
    };
    // SAFETY: the strings outlive the call; the result is checked for null and
    // owned by the returned module (or destroyed).
    unsafe {
        let outer = mlirOperationCreateParse(context.to_raw(), source, name);
        if outer.ptr.is_null() {
            return None;
        }
        let body = mlirRegionGetFirstBlock(mlirOperationGetRegion(outer, 0));
        let first = mlirBlockGetFirstOperation(body);
        let only_child = !first.ptr.is_null() && mlirOperationGetNextInBlock(first).ptr.is_null();
        if only_child && crate::ir::op_name(first) == "builtin.module" {
            mlirOperationRemoveFromParent(first);
            mlirOperationDestroy(outer);
            return Module::from_operation(melior::ir::Operation::from_raw(first));
        }
        Module::from_operation(melior::ir::Operation::from_raw(outer))
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
