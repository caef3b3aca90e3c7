//! A module's source → a GPU [`Program`]: parse, optionally the kforge fusions (`--lower-to-gpu` runs them
//! first), optionally matmul tiles (`--kforge-tile-gpu` with a chooser), then the program of one function.

use super::GpuModuleError;
use kforge_dialect::source::{parse_module, DiagnosticCollector};
use kforge_gpu::program::Program;
use kforge_passes::lower_to_gpu::{build_program, public_functions, DynamicDims};
use kforge_passes::tile_gpu::{annotate, Chooser};
use std::path::Path;

/// What to build.
#[derive(Default)]
pub struct GpuCompileOptions<'a> {
    /// The function (default: the only public one).
    pub entry: Option<String>,
    /// Run the kforge-level fusions first (fewer, larger kernels).
    pub fuse: bool,
    /// Rows every dynamic dim of a float argument (a KV cache's) is specialized to.
    pub kv_capacity: Option<usize>,
    /// Tokens every dynamic dim of an integer argument (ids, positions of a prompt) is specialized to.
    pub seq: Option<usize>,
    /// Rows of a batched step: its integer arguments' dynamic dims and its caches' slots ([`DynamicDims::batch`]).
    pub batch: Option<usize>,
    /// Chooses each tiled matmul kernel's tile (`None` from it, or no chooser: the per-shape tile).
    pub tiles: Option<&'a mut Chooser<'a>>,
}

/// Builds the program of one function of `source` (named `path` in diagnostics).
pub fn compile_gpu_program(
    source: &str,
    path: &str,
    options: GpuCompileOptions,
) -> Result<Program, GpuModuleError> {
    let context = kforge_dialect::create_context();
    let collector = DiagnosticCollector::attach(&context);
    let diagnostics = || GpuModuleError::Diagnostics(collector.render_all(source));
    let mut module = parse_module(&context, source, path, 1).ok_or_else(diagnostics)?;
    if options.fuse {
        let steps = kforge_passes::pipeline::kforge_fusions();
        let pm = kforge_passes::build_pass_manager(&context, &steps)
            .map_err(|e| GpuModuleError::Diagnostics(e.to_string()))?;
        pm.run(&mut module).map_err(|_| diagnostics())?;
    }
    if let Some(choose) = options.tiles {
        annotate(module.as_operation().to_raw(), false, choose).map_err(|_| diagnostics())?;
    }
    let entry = match options.entry {
        Some(entry) => entry,
        None => match public_functions(&module).as_slice() {
            [only] => only.clone(),
            all => return Err(GpuModuleError::AmbiguousEntry(all.len())),
        },
    };
    let dims = DynamicDims {
        kv_capacity: options.kv_capacity,
        seq: options.seq,
        batch: options.batch,
    };
    build_program(&module, &entry, dims).map_err(|e| {
        let rendered = collector.render_all(source);
        if rendered.is_empty() {
            GpuModuleError::Build(e)
        } else {
            GpuModuleError::Diagnostics(rendered)
        }
    })
}

/// A decoder's `model.mlir`: its text and its path as diagnostics name it.
pub struct ModelSource {
    /// The module's text.
    pub text: String,
    /// Its path, displayed.
    pub path: String,
}

impl ModelSource {
    /// Reads `model_mlir` once, for every program built from it.
    pub fn read(model_mlir: &Path) -> Result<ModelSource, GpuModuleError> {
        let path = model_mlir.display().to_string();
        let text = std::fs::read_to_string(model_mlir).map_err(|e| GpuModuleError::Read {
            path: path.clone(),
            message: e.to_string(),
        })?;
        Ok(ModelSource { text, path })
    }
}

/// A decoder program of `model` for a KV cache of `kv_capacity` rows, after the kforge fusions unless `fuse` is off
/// (SmolLM2's step then takes 273 kernels instead of 544, with the same ids): `@decode` (one token) without
/// `prompt`, else `@prefill` for a prompt of that many tokens — the whole prompt in one run (matmuls over its rows,
/// causal attention over the cache and the prompt), logits of the row the `last` argument names.
pub fn decoder_program(
    model: &ModelSource,
    kv_capacity: usize,
    prompt: Option<usize>,
    fuse: bool,
) -> Result<Program, GpuModuleError> {
    let options = GpuCompileOptions {
        entry: Some(
            if prompt.is_some() {
                "prefill"
            } else {
                "decode"
            }
            .into(),
        ),
        fuse,
        kv_capacity: Some(kv_capacity),
        seq: prompt,
        batch: None,
        tiles: None,
    };
    compile_gpu_program(&model.text, &model.path, options)
}

/// The batched decode step of `model` (`@decode_batch`, built by `kforge-import`) for `rows` sequences, each with
/// a KV-cache slot of `kv_capacity` rows, after the kforge fusions unless `fuse` is off: ids and positions `[rows]`,
/// caches `[rows, kv_capacity, Hkv, Dh]`, logits `[rows, vocab]`.
pub fn batch_decoder_program(
    model: &ModelSource,
    kv_capacity: usize,
    rows: usize,
    fuse: bool,
) -> Result<Program, GpuModuleError> {
    let options = GpuCompileOptions {
        entry: Some("decode_batch".into()),
        fuse,
        kv_capacity: Some(kv_capacity),
        seq: None,
        batch: Some(rows),
        tiles: None,
    };
    compile_gpu_program(&model.text, &model.path, options)
}
