//! Compiling kforge modules for the host CPU and calling their functions.
//!
//! [`CompiledModule::compile`] parses a module, runs `--lower-to-cpu` and hands
//! the LLVM dialect to MLIR's ExecutionEngine (which JIT-compiles for the host,
//! AVX-512 included). Functions are called through their C interface
//! (`_mlir_ciface_<name>`): every tensor argument is passed as a memref
//! descriptor over a private copy of the caller's data, results come back as
//! descriptors of buffers the compiled code allocated, which are copied into
//! [`Tensor`]s and freed.
//!
//! [`CompiledModule::compile_cached`] does the same through a [`ModuleCache`]:
//! the first compilation of a source stores its machine code as a shared
//! library, later ones (in any process on the same CPU and kforge build) load
//! it instead of running the passes and LLVM (see `cache.rs`).
mod cache;
mod compiler_thread;
mod descriptor;
mod target;

use crate::reference::{ElementType as RefElement, Tensor, TensorData};
use descriptor::{Buffer, Descriptor};
use kforge_dialect::source::{parse_module, verify_parsed, DiagnosticCollector};
use kforge_dialect::{Dim, ElementType, TensorType};
use kforge_passes::build_pass_manager;
pub use kforge_passes::pipeline::MatmulStrategy;
use kforge_passes::pipeline::{cpu_codegen, cpu_codegen_for, cpu_link, cpu_prepare};
use melior::ir::Module;
use melior::ExecutionEngine;
use mlir_sys::*;
use std::time::Instant;

pub use cache::{ModuleCache, CODEGEN_VERSION, KEEP_ENTRIES};
pub use compiler_thread::{on_compiler_stack, COMPILER_STACK_BYTES};

/// The ExecutionEngine's LLVM optimization level.
const JIT_OPT_LEVEL: usize = 3;

/// MLIR's packed wrapper `_mlir__mlir_ciface_<name>`: one pointer per argument
/// (the result struct's first, when there are results).
type PackedFn = unsafe extern "C" fn(*mut *mut ());

/// A compiled function's signature (after weights became arguments).
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct FunctionSignature {
    /// Symbol name.
    pub name: String,
    /// Argument types: the function's own inputs, then one per weight.
    #[serde(with = "cache::tensor_types")]
    pub inputs: Vec<TensorType>,
    /// Result types.
    #[serde(with = "cache::tensor_types")]
    pub results: Vec<TensorType>,
    /// Names of the trailing weight arguments (`kforge.weights`).
    pub weights: Vec<String>,
    /// Per result: the argument whose buffer it is (updated in place and not
    /// returned by the compiled code; `kforge.result_arguments`), if any.
    pub result_arguments: Vec<Option<usize>>,
}

/// Why compiling or calling failed.
#[derive(Debug, thiserror::Error)]
pub enum JitError {
    /// The source does not parse or verify; the diagnostics are rendered.
    #[error("{0}")]
    Invalid(String),
    /// Lowering failed.
    #[error("lowering to the CPU failed:\n{0}")]
    Lowering(String),
    /// The ExecutionEngine could not be created or lacks the entry point.
    #[error("JIT compilation failed: {0}")]
    Engine(String),
    /// No public function of that name.
    #[error("no function '@{name}' in the module (functions: {available})")]
    UnknownFunction {
        /// Requested name.
        name: String,
        /// What exists.
        available: String,
    },
    /// An argument does not match the signature.
    #[error("argument #{index} of '@{function}' expects {expected}, got {got}")]
    Argument {
        /// Function name.
        function: String,
        /// Argument index.
        index: usize,
        /// Expected type.
        expected: String,
        /// What was given.
        got: String,
    },
    /// Wrong number of arguments.
    #[error("'@{function}' takes {expected} argument(s), got {got}")]
    ArgumentCount {
        /// Function name.
        function: String,
        /// Expected count.
        expected: usize,
        /// Given count.
        got: usize,
    },
    /// An element type the JIT cannot pass yet.
    #[error("element type {0} is not supported by the CPU runtime yet (f32 and i64 are, and i8 for a stored-format weight argument)")]
    UnsupportedElement(String),
}

/// A module compiled for the CPU.
pub struct CompiledModule {
    /// Keeps the entry points' code alive.
    code: Code,
    functions: Vec<FunctionSignature>,
    /// Each function's packed entry point, in the order of `functions`.
    entries: Vec<PackedFn>,
    /// Where compiling took its time (`None`: loaded from a cache).
    times: Option<CompileTimes>,
}

/// Where a compilation's time went (`kforge-run --json`'s `compile_stages`).
#[derive(Clone, Copy, Debug, Default, PartialEq, serde::Serialize)]
pub struct CompileTimes {
    /// MLIR: parsing, verification and the pass pipelines down to the LLVM dialect.
    pub mlir_seconds: f64,
    /// The ExecutionEngine's creation: translation to LLVM IR and LLVM's
    /// optimization pipeline (the JIT's opt level, 3).
    pub llvm_optimize_seconds: f64,
    /// LLVM's code generator (run by the first symbol lookup) and the JIT's
    /// linking, up to every entry point's address.
    pub llvm_codegen_seconds: f64,
}

impl Drop for CompiledModule {
    /// Lets tasks of the async runtime (the tiled strategy's threads) finish
    /// their last instructions before the code they run is freed.
    fn drop(&mut self) {
        kforge_kernels::async_runtime::wait_for_tasks();
    }
}

/// Where a module's machine code lives. Entry points are looked up once, when
/// the module is built, and called directly: a call costs the same either way,
/// and no symbol table is searched per call (as `invoke_packed` would).
enum Code {
    /// JIT-compiled in this process.
    Engine(#[allow(dead_code, reason = "owns the code, never read")] ExecutionEngine),
    /// Loaded from the module cache.
    Library(#[allow(dead_code, reason = "owns the code, never read")] libloading::Library),
}

impl CompiledModule {
    /// Parses, verifies, lowers and JIT-compiles `source` (diagnostics name `file_name`).
    pub fn compile(source: &str, file_name: &str) -> Result<Self, JitError> {
        Ok(jit(source, file_name, false, cpu_codegen())?.into_module())
    }

    /// As [`compile`](Self::compile), with matmuls, projections and attention
    /// lowered by `strategy` (e.g. tiled with given tile sizes) instead of
    /// the default microkernel calls.
    pub fn compile_with_strategy(
        source: &str,
        file_name: &str,
        strategy: &MatmulStrategy,
    ) -> Result<Self, JitError> {
        let codegen = cpu_codegen_for(strategy).map_err(|e| JitError::Lowering(e.to_string()))?;
        Ok(jit(source, file_name, false, codegen)?.into_module())
    }

    /// Compiles `source` with the given codegen steps (after the kforge-level
    /// preparation), e.g. `--lower-to-cpu` without fusion
    /// (`without_fusion(cpu_codegen())`), as `kforge-bench fusion` compares.
    pub fn compile_with_codegen(
        source: &str,
        file_name: &str,
        codegen: Vec<kforge_passes::Step>,
    ) -> Result<Self, JitError> {
        Ok(jit(source, file_name, false, codegen)?.into_module())
    }

    /// As [`compile`](Self::compile), but loads the machine code from `cache`
    /// when an earlier compilation of the same source stored it there, and
    /// stores it otherwise. Cache problems are reported on stderr and fall
    /// back to compiling; they never make this fail.
    pub fn compile_cached(
        source: &str,
        file_name: &str,
        cache: &ModuleCache,
    ) -> Result<Self, JitError> {
        let Some(entry) = cache.entry(source) else {
            return Self::compile(source, file_name);
        };
        match entry.load() {
            Ok(Some(cached)) => {
                return Ok(Self {
                    code: Code::Library(cached.library),
                    functions: cached.functions,
                    entries: cached.entries,
                    times: None,
                })
            }
            Ok(None) => {}
            Err(why) => {
                cache::warn(format_args!(
                    "{}: {why}; removing it and compiling again",
                    entry.dir().display()
                ));
                entry.remove();
            }
        }
        let jitted = jit(source, file_name, true, cpu_codegen())?;
        // Without a public function nothing was looked up, so the engine
        // compiled nothing, and MLIR's object cache dereferences its empty
        // map when asked for the object file (SIGSEGV): nothing to store.
        if jitted.functions.is_empty() {
            return Ok(jitted.into_module());
        }
        if let Err(why) = entry.store(&jitted.engine, &jitted.functions) {
            cache::warn(format_args!("not caching {file_name}: {why}"));
        }
        Ok(jitted.into_module())
    }

    /// Whether the machine code was loaded from a [`ModuleCache`] (no
    /// ExecutionEngine was created) rather than compiled.
    pub fn from_cache(&self) -> bool {
        matches!(self.code, Code::Library(_))
    }

    /// Where compiling took its time; `None` when the code came from a cache.
    pub fn compile_times(&self) -> Option<CompileTimes> {
        self.times
    }

    /// Signatures of the public functions.
    pub fn functions(&self) -> &[FunctionSignature] {
        &self.functions
    }

    /// The signature of `name`.
    pub fn function(&self, name: &str) -> Result<&FunctionSignature, JitError> {
        Ok(&self.functions[self.function_index(name)?])
    }

    fn function_index(&self, name: &str) -> Result<usize, JitError> {
        self.functions
            .iter()
            .position(|f| f.name == name)
            .ok_or_else(|| JitError::UnknownFunction {
                name: name.to_string(),
                available: self
                    .functions
                    .iter()
                    .map(|f| format!("@{}", f.name))
                    .collect::<Vec<_>>()
                    .join(", "),
            })
    }

    /// Calls `name` with `inputs` (its own arguments followed by its weights).
    /// Inputs are copied, so the caller's tensors are never modified.
    pub fn call(&self, name: &str, inputs: &[Tensor]) -> Result<Vec<Tensor>, JitError> {
        let sig = self.function(name)?;
        check_inputs(sig, inputs)?;
        let mut buffers: Vec<Buffer> = inputs
            .iter()
            .zip(&sig.inputs)
            .map(|(t, ty)| Buffer::for_argument(t, ty.element))
            .collect();
        let args: Vec<RawArg> = buffers
            .iter_mut()
            .zip(inputs)
            .map(|(b, t)| RawArg {
                ptr: b.as_mut_ptr(),
                shape: t.shape().to_vec(),
            })
            .collect();
        // SAFETY: each RawArg points at a private buffer of the checked type and shape.
        let results = unsafe { self.call_raw(name, &args)? };
        let mut outputs = Vec::with_capacity(results.len());
        for r in results {
            outputs.push(match r {
                RawResult::Tensor(t) => t,
                // The result is an argument updated in place: read it from our copy.
                RawResult::Argument(index) => {
                    let b = &buffers[index];
                    let shape = inputs[index].shape().to_vec();
                    match b {
                        Buffer::F32(v) => Tensor::f32(shape, v.clone()),
                        Buffer::I64(v) => Tensor::i64(shape, v.clone()),
                        Buffer::Bytes(v) => {
                            Tensor::i64(shape, v.iter().map(|&b| i64::from(b as i8)).collect())
                        }
                    }
                    .map_err(|e| JitError::Engine(e.to_string()))?
                }
            });
        }
        drop(buffers);
        Ok(outputs)
    }

    /// Calls `name` on caller-owned buffers without copying them: weights can
    /// be memory-mapped and KV caches updated in place. Returns each result as
    /// a tensor, or as the index of the argument buffer the compiled code
    /// returned (updated in place: read it there).
    ///
    /// # Safety
    /// Each `RawArg` must point at a live, writable buffer of the element type
    /// and shape of the corresponding argument (`shape` is checked against the
    /// signature, the element type is not). Arguments that are weights must not
    /// be modified by the function (kforge functions only read them).
    pub unsafe fn call_raw(&self, name: &str, args: &[RawArg]) -> Result<Vec<RawResult>, JitError> {
        let index = self.function_index(name)?;
        let (sig, entry) = (&self.functions[index], self.entries[index]);
        if args.len() != sig.inputs.len() {
            return Err(JitError::ArgumentCount {
                function: sig.name.clone(),
                expected: sig.inputs.len(),
                got: args.len(),
            });
        }
        for (index, (a, expected)) in args.iter().zip(&sig.inputs).enumerate() {
            let ok = a.shape.len() == expected.rank()
                && a.shape
                    .iter()
                    .zip(&expected.shape)
                    .all(|(n, d)| Dim::Static(*n as u64).compatible(*d));
            if !ok {
                return Err(JitError::Argument {
                    function: sig.name.clone(),
                    index,
                    expected: expected.to_string(),
                    got: format!("a buffer of shape {:?}", a.shape),
                });
            }
        }
        let mut descriptors: Vec<Descriptor> = args
            .iter()
            .map(|a| Descriptor::contiguous(a.ptr, &a.shape))
            .collect();
        let input_bases: Vec<usize> = descriptors.iter().map(|d| d.allocated()).collect();
        // Results that are arguments updated in place are not returned by the code.
        let returned: Vec<&TensorType> = sig
            .results
            .iter()
            .zip(&sig.result_arguments)
            .filter(|(_, a)| a.is_none())
            .map(|(t, _)| t)
            .collect();
        let mut results: Vec<Descriptor> = returned
            .iter()
            .map(|t| Descriptor::for_result(t.rank()))
            .collect();
        // MLIR's C API calls the packed wrapper of `_mlir_ciface_<name>`, whose
        // arguments are pointers to: the result struct's address (when the
        // function returns anything), then each argument descriptor's address.
        let mut packed_results: Vec<usize> =
            vec![0; returned.iter().map(|t| 3 + 2 * t.rank()).sum()];
        let mut arg_ptrs: Vec<*mut usize> = Vec::new();
        if !results.is_empty() {
            arg_ptrs.push(packed_results.as_mut_ptr());
        }
        arg_ptrs.extend(descriptors.iter_mut().map(|d| d.as_mut_ptr()));
        let mut packed: Vec<*mut ()> = arg_ptrs
            .iter_mut()
            .map(|p| p as *mut *mut usize as *mut ())
            .collect();
        // SAFETY: every pointer refers to a descriptor over a live buffer of the
        // type and shape the signature declares (guaranteed by the caller), and
        // `entry` is the packed wrapper of this function's C interface.
        unsafe { entry(packed.as_mut_ptr()) };
        let mut offset = 0;
        for (d, t) in results.iter_mut().zip(&returned) {
            let words = 3 + 2 * t.rank();
            // SAFETY: copying words within the packed struct.
            unsafe {
                std::ptr::copy_nonoverlapping(
                    packed_results.as_ptr().add(offset),
                    d.as_mut_ptr(),
                    words,
                )
            };
            offset += words;
        }
        let mut outputs = Vec::with_capacity(sig.results.len());
        let mut freed: Vec<usize> = Vec::new();
        let mut next = results.iter().zip(&returned);
        for alias in &sig.result_arguments {
            if let Some(i) = alias {
                outputs.push(RawResult::Argument(*i));
                continue;
            }
            let (d, t) = next.next().expect("one descriptor per returned result");
            let base = d.allocated();
            if let Some(i) = input_bases.iter().position(|b| *b == base) {
                outputs.push(RawResult::Argument(i));
                continue;
            }
            // SAFETY: the callee filled the descriptor with a buffer of `t`'s element type.
            let tensor = unsafe {
                match t.element {
                    ElementType::F32 => {
                        let (shape, data) = d.read::<f32>();
                        Tensor::f32(shape, data)
                    }
                    ElementType::I64 => {
                        let (shape, data) = d.read::<i64>();
                        Tensor::i64(shape, data)
                    }
                    other => return Err(JitError::UnsupportedElement(other.to_string())),
                }
            }
            .map_err(|e| JitError::Engine(e.to_string()))?;
            outputs.push(RawResult::Tensor(tensor));
            if base != 0 && !freed.contains(&base) {
                // SAFETY: compiled code allocated this buffer with malloc and gave up ownership.
                unsafe { libc_free(base as *mut std::ffi::c_void) };
                freed.push(base);
            }
        }
        Ok(outputs)
    }
}

/// One result of [`CompiledModule::call_raw`].
#[derive(Debug)]
pub enum RawResult {
    /// A new buffer, copied into a tensor (and freed).
    Tensor(Tensor),
    /// Argument `n`'s buffer, updated in place.
    Argument(usize),
}

/// One argument of [`CompiledModule::call_raw`]: a caller-owned contiguous
/// row-major buffer and its shape.
#[derive(Clone, Debug)]
pub struct RawArg {
    /// First element.
    pub ptr: *mut u8,
    /// Shape.
    pub shape: Vec<usize>,
}

impl RawArg {
    /// `data` as an argument of `shape` (the caller keeps `data` alive and
    /// sized for the shape until the call returns).
    pub fn of<T>(data: &mut [T], shape: Vec<usize>) -> Self {
        Self {
            ptr: data.as_mut_ptr() as *mut u8,
            shape,
        }
    }
}

extern "C" {
    #[link_name = "free"]
    fn libc_free(ptr: *mut std::ffi::c_void);
    /// LLVM's command-line option parser (LLVMSupport's C API).
    fn LLVMParseCommandLineOptions(
        argc: i32,
        argv: *const *const std::ffi::c_char,
        overview: *const std::ffi::c_char,
    );
}

/// Process-wide LLVM code generation options (after the program name).
///
/// `-combiner-store-merging=0`: the SelectionDAG store-merging combine is
/// quadratic in the stores of a block; on the decoder's unrolled blocks it took
/// 24 of 25 s of code generation (`llc -O3`), for no measurable speed.
///
/// `-post-RA-scheduler=0`: the list scheduler after register allocation (on at
/// `-O3` for CPUs whose scheduling model asks for it, e.g. AMD Zen and Intel's
/// big cores) was 46% of code generation for SmolLM2 (`llc -time-passes`, 0.41
/// of 0.90 s), for JIT'd code that is glue around the microkernels: prefill and
/// decode speed unchanged (README, "Compile time"). The scheduler before
/// register allocation still runs.
const LLVM_OPTIONS: &[&str] = &["-combiner-store-merging=0", "-post-RA-scheduler=0"];

/// Sets [`LLVM_OPTIONS`], once per process.
fn configure_llvm() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let options: Vec<std::ffi::CString> = std::iter::once("kforge")
            .chain(LLVM_OPTIONS.iter().copied())
            .map(|o| std::ffi::CString::new(o).expect("no NUL in an option"))
            .collect();
        let args: Vec<*const std::ffi::c_char> = options.iter().map(|o| o.as_ptr()).collect();
        // SAFETY: NUL-terminated strings, kept alive for the process (LLVM may
        // keep pointers into them); called once before any compilation.
        unsafe { LLVMParseCommandLineOptions(args.len() as i32, args.as_ptr(), std::ptr::null()) };
        std::mem::forget(options);
    });
}

/// What [`jit`] compiled: the engine, the signatures, each function's packed
/// entry point, and where the time went.
struct Jitted {
    engine: ExecutionEngine,
    functions: Vec<FunctionSignature>,
    entries: Vec<PackedFn>,
    times: CompileTimes,
}

// SAFETY: an ExecutionEngine owns its JIT (no thread affinity) and shares
// nothing with the context it was built from, which the compiler thread drops.
unsafe impl Send for Jitted {}

impl Jitted {
    /// A module running this engine's code.
    fn into_module(self) -> CompiledModule {
        CompiledModule {
            code: Code::Engine(self.engine),
            functions: self.functions,
            entries: self.entries,
            times: Some(self.times),
        }
    }
}

/// Parses, verifies, lowers and JIT-compiles `source` on the compiler thread.
/// With `for_cache`, the engine keeps its object file (for
/// [`cache::Entry::store`]) and emits position-independent code.
fn jit(
    source: &str,
    file_name: &str,
    for_cache: bool,
    codegen: Vec<kforge_passes::Step>,
) -> Result<Jitted, JitError> {
    on_compiler_stack(|| jit_on_this_thread(source, file_name, for_cache, codegen))
}

/// [`jit`] on the calling thread's stack.
fn jit_on_this_thread(
    source: &str,
    file_name: &str,
    for_cache: bool,
    codegen: Vec<kforge_passes::Step>,
) -> Result<Jitted, JitError> {
    let start = Instant::now();
    let context = kforge_dialect::create_context();
    let collector = DiagnosticCollector::attach(&context);
    let render = |c: &DiagnosticCollector| {
        c.take()
            .iter()
            .map(|d| d.render(Some(source)))
            .collect::<Vec<_>>()
            .join("\n")
    };
    let Some(mut module) = parse_module(&context, source, file_name, 1) else {
        return Err(JitError::Invalid(render(&collector)));
    };
    if !verify_parsed(&module) {
        return Err(JitError::Invalid(render(&collector)));
    }
    let run = |module: &mut Module, steps: Vec<kforge_passes::Step>| -> Result<(), JitError> {
        let pm =
            build_pass_manager(&context, &steps).map_err(|e| JitError::Lowering(e.to_string()))?;
        pm.run(module)
            .map_err(|_| JitError::Lowering(render(&collector)))
    };
    run(&mut module, cpu_prepare())?;
    let mut functions = read_signatures(&module)?;
    run(&mut module, codegen)?;
    read_result_arguments(&module, &mut functions);
    run(&mut module, cpu_link())?;
    target::restrict_to_isa(&context, &module, crate::isa::active());
    configure_llvm();
    let optimize_start = Instant::now();
    // Translates to LLVM IR and runs LLVM's optimization pipeline; machine
    // code is generated when the first symbol is looked up.
    let engine = ExecutionEngine::new(&module, JIT_OPT_LEVEL, &[], for_cache, for_cache);
    let codegen_start = Instant::now();
    let async_runtime = kforge_kernels::async_runtime::symbols();
    for (symbol, address) in kforge_kernels::symbols().into_iter().chain(async_runtime) {
        // SAFETY: each address is an `extern "C"` function with the C interface
        // the lowering declares for `symbol`.
        unsafe { engine.register_symbol(symbol, address) };
    }
    let mut entries = Vec::with_capacity(functions.len());
    for f in &functions {
        let address = engine.lookup(&format!("_mlir__mlir_ciface_{}", f.name));
        if address.is_null() {
            return Err(JitError::Engine(format!(
                "entry point '_mlir_ciface_{}' not found",
                f.name
            )));
        }
        // SAFETY: MLIR's packed wrappers have this signature.
        entries.push(unsafe { std::mem::transmute::<*mut (), PackedFn>(address) });
    }
    let times = CompileTimes {
        mlir_seconds: (optimize_start - start).as_secs_f64(),
        llvm_optimize_seconds: (codegen_start - optimize_start).as_secs_f64(),
        llvm_codegen_seconds: codegen_start.elapsed().as_secs_f64(),
    };
    Ok(Jitted {
        engine,
        functions,
        entries,
        times,
    })
}

fn check_inputs(sig: &FunctionSignature, inputs: &[Tensor]) -> Result<(), JitError> {
    if inputs.len() != sig.inputs.len() {
        return Err(JitError::ArgumentCount {
            function: sig.name.clone(),
            expected: sig.inputs.len(),
            got: inputs.len(),
        });
    }
    for (index, (t, expected)) in inputs.iter().zip(&sig.inputs).enumerate() {
        // An i8 argument (a stored weight's bytes) comes as i64 values that fit a byte.
        let bytes_ok = || match t.data() {
            TensorData::I64(v) => v.iter().all(|b| (-128..=255).contains(b)),
            TensorData::F32(_) => false,
        };
        let element_ok = match (t.element_type(), expected.element) {
            (RefElement::F32, ElementType::F32) | (RefElement::I64, ElementType::I64) => true,
            (RefElement::I64, ElementType::I8) => bytes_ok(),
            _ => false,
        };
        let shape_ok = t.rank() == expected.rank()
            && t.shape()
                .iter()
                .zip(&expected.shape)
                .all(|(n, d)| Dim::Static(*n as u64).compatible(*d));
        if !element_ok || !shape_ok {
            let elem = match t.data() {
                TensorData::F32(_) => "f32",
                TensorData::I64(_) => "i64",
            };
            return Err(JitError::Argument {
                function: sig.name.clone(),
                index,
                expected: expected.to_string(),
                got: format!("{elem} tensor of shape {:?}", t.shape()),
            });
        }
    }
    Ok(())
}

/// Reads the public functions' signatures from a module at the kforge level.
fn read_signatures(module: &Module) -> Result<Vec<FunctionSignature>, JitError> {
    let mut out = Vec::new();
    for func in kforge_dialect::ir::collect_ops(module.as_operation().to_raw(), "func.func") {
        // SAFETY: read-only attribute access on live ops.
        unsafe {
            let attr = |name: &str| {
                kforge_dialect::ir::attribute(func, name).unwrap_or(MlirAttribute {
                    ptr: std::ptr::null(),
                })
            };
            if !kforge_dialect::ir::is_public(func) {
                continue;
            }
            let name = kforge_dialect::ir::string_ref(mlirStringAttrGetValue(attr("sym_name")));
            let fn_type = mlirTypeAttrGetValue(attr("function_type"));
            let tensor = |ty: MlirType| {
                TensorType::from_mlir(melior::ir::Type::from_raw(ty)).ok_or_else(|| {
                    JitError::UnsupportedElement(format!(
                        "a non-tensor argument or result in '@{name}'"
                    ))
                })
            };
            let inputs = (0..mlirFunctionTypeGetNumInputs(fn_type))
                .map(|i| tensor(mlirFunctionTypeGetInput(fn_type, i)))
                .collect::<Result<Vec<_>, _>>()?;
            let results = (0..mlirFunctionTypeGetNumResults(fn_type))
                .map(|i| tensor(mlirFunctionTypeGetResult(fn_type, i)))
                .collect::<Result<Vec<_>, _>>()?;
            let weights_attr = attr("kforge.weights");
            let weights = if weights_attr.ptr.is_null() {
                Vec::new()
            } else {
                (0..mlirArrayAttrGetNumElements(weights_attr))
                    .map(|i| {
                        kforge_dialect::ir::string_ref(mlirStringAttrGetValue(
                            mlirArrayAttrGetElement(weights_attr, i),
                        ))
                    })
                    .collect()
            };
            // An i8 input is a weight in a stored format (dialect/OPS.md),
            // bound through `call_raw` from the weights file as it is.
            let input_ok = |t: &TensorType| {
                matches!(
                    t.element,
                    ElementType::F32 | ElementType::I64 | ElementType::I8
                )
            };
            let result_ok =
                |t: &TensorType| matches!(t.element, ElementType::F32 | ElementType::I64);
            if let Some(t) = inputs
                .iter()
                .find(|t| !input_ok(t))
                .or_else(|| results.iter().find(|t| !result_ok(t)))
            {
                return Err(JitError::UnsupportedElement(t.element.to_string()));
            }
            out.push(FunctionSignature {
                name,
                inputs,
                result_arguments: vec![None; results.len()],
                results,
                weights,
            });
        }
    }
    Ok(out)
}

/// Reads `kforge.result_arguments` of the lowered functions (LLVM dialect).
fn read_result_arguments(module: &Module, functions: &mut [FunctionSignature]) {
    for func in kforge_dialect::ir::collect_ops(module.as_operation().to_raw(), "llvm.func") {
        // SAFETY: read-only attribute access on live ops.
        unsafe {
            let attr = |name: &str| {
                kforge_dialect::ir::attribute(func, name).unwrap_or(MlirAttribute {
                    ptr: std::ptr::null(),
                })
            };
            let mapping = attr("kforge.result_arguments");
            let name_attr = attr("sym_name");
            if mapping.ptr.is_null()
                || name_attr.ptr.is_null()
                || !mlirAttributeIsADenseI64Array(mapping)
            {
                continue;
            }
            let name = kforge_dialect::ir::string_ref(mlirStringAttrGetValue(name_attr));
            if let Some(f) = functions.iter_mut().find(|f| f.name == name) {
                let n = mlirDenseArrayGetNumElements(mapping);
                f.result_arguments = (0..n)
                    .map(|i| {
                        let a = mlirDenseI64ArrayGetElement(mapping, i);
                        (a >= 0).then_some(a as usize)
                    })
                    .collect();
            }
        }
    }
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod differential_tests;

#[cfg(test)]
mod cache_tests;

#[cfg(test)]
mod property_tests;

#[cfg(test)]
mod tiled_tests;
