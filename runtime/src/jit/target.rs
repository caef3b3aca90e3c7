//! JIT-compiled code follows the kernels' ISA variant ([`crate::isa`]).
//!
//! The ExecutionEngine compiles for the host CPU with all of its features.
//! With `KFORGE_ISA` forcing a lower variant, every `llvm.func` gets LLVM
//! target features that take the higher ones away (`-avx512f` for AVX2), so
//! a forced run exercises the code an AVX2 machine would run: its vector
//! widths, its instruction selection, and its code generator's recursion.
use crate::isa::Isa;
use kforge_dialect::ir::str_ref;
use melior::ir::Module;
use melior::Context;
use mlir_sys::*;

/// Sets `target_features` on every function of a module in the LLVM dialect
/// (nothing for the host's own variant).
pub(super) fn restrict_to_isa(context: &Context, module: &Module, isa: Isa) {
    let features = isa.llvm_target_features();
    if features.is_empty() || isa == Isa::host_best() {
        return;
    }
    let quoted: Vec<String> = features.iter().map(|f| format!("\"{f}\"")).collect();
    let text = format!("#llvm.target_features<[{}]>", quoted.join(", "));
    // SAFETY: a live context and module; the attribute text is well formed.
    unsafe {
        let attr = mlirAttributeParseGet(context.to_raw(), str_ref(&text));
        assert!(!attr.ptr.is_null(), "'{text}' parses");
        let name = str_ref("target_features");
        for func in kforge_dialect::ir::collect_ops(module.as_operation().to_raw(), "llvm.func") {
            mlirOperationSetAttributeByName(func, name, attr);
        }
    }
}
