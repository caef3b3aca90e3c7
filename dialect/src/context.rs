//! Creating an MLIR context that knows every upstream dialect and `kforge`.
use melior::{
    dialect::DialectRegistry,
    ir::Module,
    utility::{load_irdl_dialects, register_all_dialects, register_all_llvm_translations},
    Context,
};

/// The IRDL definition of the dialect, compiled into the binary.
pub const KFORGE_IRDL: &str = include_str!("../kforge.irdl.mlir");

/// A context with all upstream dialects loaded and the `kforge` dialect
/// registered from its IRDL definition.
pub fn create_context() -> Context {
    let registry = DialectRegistry::new();
    register_all_dialects(&registry);
    let context = Context::new();
    context.append_dialect_registry(&registry);
    context.load_all_available_dialects();
    register_all_llvm_translations(&context);
    load_kforge_dialect(&context);
    context
}

/// Registers the `kforge` ops in `context` from the embedded IRDL module.
fn load_kforge_dialect(context: &Context) {
    // The IRDL text is part of the binary and tested; failing here is a build bug.
    let irdl = Module::parse(context, KFORGE_IRDL).expect("embedded kforge IRDL parses");
    assert!(load_irdl_dialects(&irdl), "embedded kforge IRDL loads");
}
