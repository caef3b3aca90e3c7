//! `--kforge-internalize`: only the C-interface entry points stay external;
//! each public function's body moves into its `_mlir_ciface_` wrapper.
//!
//! **Matches** a module in the LLVM dialect after `--lower-to-cpu` (or any
//! pipeline ending in `convert-func-to-llvm` with `llvm.emit_c_interface`).
//! The entry points are the wrappers `_mlir_ciface_<name>`, which take memref
//! descriptors by pointer; the runtime's JIT calls nothing else.
//!
//! **Emits**, for every wrapper `_mlir_ciface_<name>` whose `@<name>` is
//! defined and used by one call in the wrapper's own blocks alone, the wrapper with
//! `@<name>`'s blocks in place of the call (its entry block's arguments
//! replaced by the call's operands, each `llvm.return` a branch to the rest of
//! the wrapper) and no `@<name>`; then internal linkage on every other
//! function with a body whose linkage is external.
//!
//! **Why.** A public function of `n` memref arguments lowers to `@<name>` with
//! the descriptors exploded (5 + 2·rank scalars each: SmolLM2's `@decode` takes
//! 2,343) and a wrapper that loads them and calls it. LLVM's
//! CalledValuePropagation pass and the code generator's schedulers are
//! superlinear in such a call; the ExecutionEngine also packs a wrapper
//! `_mlir_<fn>` (a load per argument, the same call again) for every external
//! function. With the body inlined there is no such call, and with internal
//! linkage no packed wrapper but the entry points' and LLVM sees every caller
//! of a function (dead arguments go: `@decode_layer` 96 → 76). SmolLM2's cold
//! compile went from 6.3 to 1.4 s on 2 vCPUs from these two changes alone
//! (`bench/results/compile_time_2026-12-06.md`).
//!
//! Not part of `--lower-to-cpu`: `mlir-runner -e main` calls functions by
//! name, so the runtime runs it after the pipeline
//! ([`crate::pipeline::cpu_link`]).
//!
//! Before:
//! ```mlir
//! llvm.func @step(%a: !llvm.ptr, %b: !llvm.ptr, %o: i64, …) -> !llvm.struct<…> {
//!   …
//!   llvm.return %r : !llvm.struct<…>
//! }
//! llvm.func @_mlir_ciface_step(%out: !llvm.ptr, %x: !llvm.ptr) {
//!   %d = llvm.load %x : !llvm.ptr -> !llvm.struct<…>
//!   …
//!   %r = llvm.call @step(%0, %1, %2, …) : (…) -> !llvm.struct<…>
//!   llvm.store %r, %out : !llvm.struct<…>, !llvm.ptr
//!   llvm.return
//! }
//! llvm.func @helper(…) { … }
//! ```
//! After:
//! ```mlir
//! llvm.func @_mlir_ciface_step(%out: !llvm.ptr, %x: !llvm.ptr) {
//!   %d = llvm.load %x : !llvm.ptr -> !llvm.struct<…>
//!   …                                   // @step's entry block, on %0, %1, %2, …
//!   llvm.br ^bb1(%r : !llvm.struct<…>)
//! ^bb1(%s: !llvm.struct<…>):
//!   llvm.store %s, %out : !llvm.struct<…>, !llvm.ptr
//!   llvm.return
//! }
//! llvm.func internal @helper(…) { … }
//! ```
use kforge_dialect::ir::{collect_ops, op_name, str_ref, string_ref, walk_raw};
use mlir_sys::*;
use std::collections::{BTreeMap, HashMap};

/// Prefix of the C-interface wrappers (`convert-func-to-llvm`'s spelling).
const C_INTERFACE_PREFIX: &str = "_mlir_ciface_";

/// Inlines the public functions into their wrappers and internalizes the rest.
#[allow(
    clippy::result_unit_err,
    reason = "the signature of every pass in the registry; the error is already emitted"
)]
pub fn internalize(root: MlirOperation, _options: &crate::registry::PassOptions) -> Result<(), ()> {
    let functions: BTreeMap<String, MlirOperation> = collect_ops(root, "llvm.func")
        .into_iter()
        .filter(|f| op_name(*f) == "llvm.func")
        .map(|f| (symbol_name(f), f))
        .collect();
    let uses = symbol_uses(root);
    for (name, wrapper) in &functions {
        let Some(wrapped) = name.strip_prefix(C_INTERFACE_PREFIX) else {
            continue;
        };
        let Some(&callee) = functions.get(wrapped) else {
            continue;
        };
        if !has_body(*wrapper) || !has_body(callee) || uses.get(wrapped) != Some(&1) {
            continue;
        }
        let calls: Vec<MlirOperation> = collect_ops(*wrapper, "llvm.call")
            .into_iter()
            .filter(|c| callee_name(*c).as_deref() == Some(wrapped))
            .collect();
        // Only a call in the wrapper's own blocks (not in a nested region, whose
        // blocks the body could not join).
        let [call] = calls[..] else {
            continue;
        };
        // SAFETY: a live op in a block.
        let parent = unsafe { mlirBlockGetParentOperation(mlirOperationGetBlock(call)) };
        if parent.ptr == wrapper.ptr {
            // SAFETY: `call` is a live direct call of `callee`, its only use.
            if unsafe { inline_call(call, callee) } {
                // SAFETY: `callee` has no use left and its body moved out.
                unsafe { mlirOperationDestroy(callee) };
            }
        }
    }
    // SAFETY: a live op of the module's context.
    let internal = unsafe {
        mlirAttributeParseGet(
            mlirOperationGetContext(root),
            str_ref("#llvm.linkage<internal>"),
        )
    };
    for func in collect_ops(root, "llvm.func") {
        if op_name(func) != "llvm.func"
            || !has_body(func)
            || symbol_name(func).starts_with(C_INTERFACE_PREFIX)
            || !is_external(func)
        {
            continue;
        }
        // SAFETY: live op and attribute of the same context.
        unsafe { mlirOperationSetAttributeByName(func, str_ref("linkage"), internal) };
    }
    Ok(())
}

/// Replaces the direct call `call` by the blocks of `callee` (which must have
/// no other use): ops after the call move to a new block that takes the
/// call's results, `callee`'s entry ops go before the call, its other blocks
/// between the two, and each `llvm.return` becomes a branch to the new block.
/// Returns false, changing nothing, when the operands do not match the
/// callee's entry block.
///
/// # Safety
/// `call` and `callee` must be live, `call` a direct call of `callee`.
unsafe fn inline_call(call: MlirOperation, callee: MlirOperation) -> bool {
    // SAFETY: live handles per the caller; every edit below keeps each block
    // terminated and every value dominated by its definition.
    unsafe {
        let entry = mlirRegionGetFirstBlock(mlirOperationGetRegion(callee, 0));
        let operands = mlirOperationGetNumOperands(call);
        if mlirBlockGetNumArguments(entry) != operands {
            return false;
        }
        let block = mlirOperationGetBlock(call);
        let region = mlirBlockGetParentRegion(block);
        let location = mlirOperationGetLocation(call);
        let result_types: Vec<MlirType> = (0..mlirOperationGetNumResults(call))
            .map(|i| mlirValueGetType(mlirOperationGetResult(call, i)))
            .collect();
        let locations = vec![location; result_types.len()];
        let rest = mlirBlockCreate(
            result_types.len() as isize,
            result_types.as_ptr(),
            locations.as_ptr(),
        );
        mlirRegionInsertOwnedBlockAfter(region, block, rest);
        loop {
            let next = mlirOperationGetNextInBlock(call);
            if next.ptr.is_null() {
                break;
            }
            mlirOperationRemoveFromParent(next);
            mlirBlockAppendOwnedOperation(rest, next);
        }
        for i in 0..result_types.len() as isize {
            mlirValueReplaceAllUsesOfWith(
                mlirOperationGetResult(call, i),
                mlirBlockGetArgument(rest, i),
            );
        }
        for i in 0..operands {
            mlirValueReplaceAllUsesOfWith(
                mlirBlockGetArgument(entry, i),
                mlirOperationGetOperand(call, i),
            );
        }
        let mut moved = Vec::new();
        loop {
            let op = mlirBlockGetFirstOperation(entry);
            if op.ptr.is_null() {
                break;
            }
            mlirOperationMoveBefore(op, call);
            moved.push(op);
        }
        loop {
            let next = mlirBlockGetNextInRegion(entry);
            if next.ptr.is_null() {
                break;
            }
            mlirBlockDetach(next);
            mlirRegionInsertOwnedBlockBefore(region, rest, next);
            let mut op = mlirBlockGetFirstOperation(next);
            while !op.ptr.is_null() {
                moved.push(op);
                op = mlirOperationGetNextInBlock(op);
            }
        }
        mlirOperationDestroy(call);
        for op in moved {
            if op_name(op) == "llvm.return" {
                branch_instead_of_return(op, rest);
            }
        }
    }
    true
}

/// Replaces `ret` (an `llvm.return`) by `llvm.br ^target(operands)`.
///
/// # Safety
/// `ret` must be a live `llvm.return` whose operand types are `target`'s
/// argument types.
unsafe fn branch_instead_of_return(ret: MlirOperation, target: MlirBlock) {
    // SAFETY: per the caller; the branch is created before `ret` goes.
    unsafe {
        let operands: Vec<MlirValue> = (0..mlirOperationGetNumOperands(ret))
            .map(|i| mlirOperationGetOperand(ret, i))
            .collect();
        let mut state = mlirOperationStateGet(str_ref("llvm.br"), mlirOperationGetLocation(ret));
        mlirOperationStateAddOperands(&mut state, operands.len() as isize, operands.as_ptr());
        mlirOperationStateAddSuccessors(&mut state, 1, &target);
        let branch = mlirOperationCreate(&mut state);
        mlirBlockInsertOwnedOperationBefore(mlirOperationGetBlock(ret), ret, branch);
        mlirOperationDestroy(ret);
    }
}

/// How many times each symbol is referenced (a flat symbol reference in any
/// attribute of any op, arrays and dictionaries included).
fn symbol_uses(root: MlirOperation) -> HashMap<String, usize> {
    fn count(attr: MlirAttribute, uses: &mut HashMap<String, usize>) {
        // SAFETY: a live attribute; only read.
        unsafe {
            if mlirAttributeIsAFlatSymbolRef(attr) {
                let name = string_ref(mlirFlatSymbolRefAttrGetValue(attr));
                *uses.entry(name).or_default() += 1;
            } else if mlirAttributeIsASymbolRef(attr) {
                let name = string_ref(mlirSymbolRefAttrGetRootReference(attr));
                *uses.entry(name).or_default() += 1;
            } else if mlirAttributeIsAArray(attr) {
                for i in 0..mlirArrayAttrGetNumElements(attr) {
                    count(mlirArrayAttrGetElement(attr, i), uses);
                }
            } else if mlirAttributeIsADictionary(attr) {
                for i in 0..mlirDictionaryAttrGetNumElements(attr) {
                    count(mlirDictionaryAttrGetElement(attr, i).attribute, uses);
                }
            }
        }
    }
    let mut uses = HashMap::new();
    walk_raw(root, &mut |op| {
        // SAFETY: a live op; its attributes are only read.
        unsafe {
            for i in 0..mlirOperationGetNumAttributes(op) {
                count(mlirOperationGetAttribute(op, i).attribute, &mut uses);
            }
        }
    });
    uses
}

/// The callee of a direct `llvm.call`.
fn callee_name(call: MlirOperation) -> Option<String> {
    let callee = kforge_dialect::ir::attribute(call, "callee")?;
    // SAFETY: a live attribute of `call`.
    unsafe {
        mlirAttributeIsAFlatSymbolRef(callee)
            .then(|| string_ref(mlirFlatSymbolRefAttrGetValue(callee)))
    }
}

/// A symbol's `sym_name`.
fn symbol_name(op: MlirOperation) -> String {
    kforge_dialect::ir::attribute(op, "sym_name")
        // SAFETY: `sym_name` of a live op is a string attribute.
        .map(|a| unsafe { string_ref(mlirStringAttrGetValue(a)) })
        .unwrap_or_default()
}

/// Whether a function has a body (is not a declaration).
fn has_body(func: MlirOperation) -> bool {
    // SAFETY: a live op with one region.
    unsafe {
        !mlirRegionGetFirstBlock(mlirOperationGetRegion(func, 0))
            .ptr
            .is_null()
    }
}

/// Whether a function's linkage is external (the default when unset).
fn is_external(func: MlirOperation) -> bool {
    let Some(linkage) = kforge_dialect::ir::attribute(func, "linkage") else {
        return true;
    };
    let text = kforge_dialect::ir::print_to_string(|callback, data| {
        // SAFETY: a live attribute; the callback appends to a String.
        unsafe { mlirAttributePrint(linkage, callback, data) }
    });
    text == "#llvm.linkage<external>"
}

#[cfg(test)]
mod tests {
    use crate::build_pass_manager;
    use crate::pipeline::{cpu_link, lower_to_cpu};
    use kforge_dialect::builder::transformer::{
        llama_decoder_step, LlamaBlockConfig, LlamaDecoderConfig,
    };
    use kforge_dialect::ir::{collect_ops, op_name};
    use melior::ir::{BlockLike, Location, Module};
    use mlir_sys::*;

    /// What LLVM receives for a small decoder of `n_layers` (both entry
    /// points, as `model.mlir` has them): the externally visible definitions,
    /// the most arguments of any function, and how many times the layer's
    /// attention microkernel is called.
    fn lowered_decoder(n_layers: u64) -> (Vec<String>, isize, usize) {
        let context = kforge_dialect::create_context();
        let module = Module::new(Location::unknown(&context));
        let cfg = LlamaDecoderConfig {
            block: LlamaBlockConfig {
                dim: 32,
                n_heads: 4,
                n_kv_heads: 2,
                head_dim: 8,
                ffn_dim: 64,
                rope_theta: 10000.0,
                rms_eps: 1e-5,
            },
            n_layers,
            vocab: 64,
            tied_embeddings: true,
            formats: Default::default(),
        };
        for (name, seq) in [("decode", Some(1)), ("prefill", None)] {
            for func in llama_decoder_step(&context, name, &cfg, seq).unwrap() {
                module.body().append_operation(func);
            }
        }
        let mut module = module;
        let mut steps = lower_to_cpu();
        steps.extend(cpu_link());
        build_pass_manager(&context, &steps)
            .unwrap()
            .run(&mut module)
            .unwrap();
        let root = module.as_operation().to_raw();
        let mut external = Vec::new();
        let mut most_arguments = 0;
        for func in collect_ops(root, "llvm.func") {
            if op_name(func) != "llvm.func" || !super::has_body(func) {
                continue;
            }
            if super::is_external(func) {
                external.push(super::symbol_name(func));
            }
            // SAFETY: a live function with a body.
            let entry = unsafe { mlirRegionGetFirstBlock(mlirOperationGetRegion(func, 0)) };
            most_arguments = most_arguments.max(unsafe { mlirBlockGetNumArguments(entry) });
        }
        let attention_calls = collect_ops(root, "llvm.call")
            .into_iter()
            .filter(|c| {
                super::callee_name(*c).is_some_and(|n| n.starts_with("kforge_ukernel_attention"))
            })
            .count();
        external.sort();
        (external, most_arguments, attention_calls)
    }

    /// The regression guard of issue 12's compile time (not a timing): the
    /// code LLVM compiles for a decoder does not grow with its layers beyond
    /// the entry points' descriptor loads — one copy of the layer per entry
    /// point, no function whose arguments grow with the layers (SmolLM2's
    /// `@decode` had 2,343: ~6 s of LLVM), only the C interfaces external.
    #[test]
    fn decoder_code_does_not_grow_with_layers() {
        let (external, arguments_2, attention_2) = lowered_decoder(2);
        let (_, arguments_6, attention_6) = lowered_decoder(6);
        assert_eq!(external, ["_mlir_ciface_decode", "_mlir_ciface_prefill"]);
        assert_eq!(attention_2, 2, "one layer body per entry point");
        assert_eq!(attention_6, 2, "one layer body per entry point");
        assert_eq!(
            arguments_2, arguments_6,
            "a function's arguments grow with the layers"
        );
    }
}
