//! A decoder model folder (as `kforge-import` writes it) loaded for generation on the CPU: the compiled
//! `model.mlir` and memory-mapped weights beside the folder's [`ModelFolder`] (config, tokenizer, chat template);
//! and [`Session`], one conversation's KV cache.
use super::GenerateError;
use crate::jit::{CompiledModule, ModuleCache, RawArg, RawResult};
use crate::tensor_io::TensorFile;
use kforge_kernels::huge_pages::Arena;
use kforge_model::{ModelConfig, ModelFolder};
use std::path::Path;
use std::time::Instant;

/// Weight data bound to a function argument: borrowed from the map when
/// aligned, else an owned copy.
enum WeightData {
    Mapped(*const f32),
    Owned(Vec<f32>),
}

/// One bound weight argument: its data and shape.
type BoundWeight = (WeightData, Vec<usize>);

/// Per entry point (`decode`, `prefill`), its weight arguments in order.
type EntryWeights = (String, Vec<BoundWeight>);

/// A loaded decoder.
pub struct DecoderModel {
    /// The folder it came from: manifest, tokenizer, chat template (shared with the generation loop).
    pub folder: std::sync::Arc<ModelFolder>,
    /// Seconds spent compiling `model.mlir`.
    pub compile_seconds: f64,
    compiled: CompiledModule,
    _weights_file: TensorFile,
    /// Per entry point: the weight arguments in order.
    weights: Vec<EntryWeights>,
    /// Weights whose packed copies are registered for the linear microkernel.
    packed: Vec<*const f32>,
    /// Their shapes `(n, k)`, each once.
    packed_shapes: Vec<(usize, usize)>,
    /// Stored weights whose row-interleaved copies are registered for the
    /// integer products.
    interleaved: Vec<*const u8>,
    /// `model.mlir`'s text as compiled (what [`Self::tune_problems`] reads).
    source: String,
}

impl Drop for DecoderModel {
    fn drop(&mut self) {
        for &w in &self.packed {
            kforge_kernels::packed::unregister(w);
        }
        for &w in &self.interleaved {
            kforge_kernels::quant::interleaved::unregister(w);
        }
    }
}

// SAFETY: the mapped pointers refer to the read-only map owned by the model;
// compiled code only reads weights.
unsafe impl Send for DecoderModel {}
unsafe impl Sync for DecoderModel {}

impl DecoderModel {
    /// The folder's config.
    pub fn config(&self) -> &ModelConfig {
        self.folder.config()
    }

    /// Loads the model folder of `model_mlir` (its siblings `weights.safetensors`,
    /// `tokenizer.json`, `tokenizer_config.json`, `kforge-model.json`) and compiles
    /// it, or loads the compiled code from the default on-disk cache.
    pub fn load(model_mlir: &Path) -> Result<Self, GenerateError> {
        Self::load_with_cache(model_mlir, &ModuleCache::default_location())
    }

    /// [`Self::load`] with an explicit module cache ([`ModuleCache::disabled`] compiles every time).
    pub fn load_with_cache(model_mlir: &Path, cache: &ModuleCache) -> Result<Self, GenerateError> {
        Self::load_compiled_by(model_mlir, |source, name| {
            CompiledModule::compile_cached(source, name, cache)
        })
    }

    /// [`Self::load`] compiled by `--lower-to-cpu-unfused` (no `--kforge-fuse`)
    /// and never cached: the baseline `kforge-bench fusion` compares with.
    pub fn load_unfused(model_mlir: &Path) -> Result<Self, GenerateError> {
        Self::load_compiled_by(model_mlir, |source, name| {
            let codegen =
                kforge_passes::pipeline::without_fusion(kforge_passes::pipeline::cpu_codegen());
            CompiledModule::compile_with_codegen(source, name, codegen)
        })
    }

    fn load_compiled_by(
        model_mlir: &Path,
        compile: impl FnOnce(&str, &str) -> Result<CompiledModule, crate::jit::JitError>,
    ) -> Result<Self, GenerateError> {
        keep_freed_memory();
        let source = std::fs::read_to_string(model_mlir).map_err(|e| GenerateError::File {
            path: model_mlir.display().to_string(),
            message: e.to_string(),
        })?;
        let folder = std::sync::Arc::new(ModelFolder::open(model_mlir)?);
        let config = folder.config();
        let weights_path = folder.weights_path();
        let weights_file = TensorFile::open(&weights_path)?;
        let start = Instant::now();
        let compiled = compile(&source, &model_mlir.display().to_string())?;
        let compile_seconds = start.elapsed().as_secs_f64();
        let mut weights = Vec::new();
        // `@decode_batch` (imports since 2026-12-07) is optional: without it
        // the model serves one sequence at a time.
        let has_batch = compiled.functions().iter().any(|f| f.name == BATCH_ENTRY);
        let entries = ["decode", "prefill", BATCH_ENTRY];
        for entry in entries
            .into_iter()
            .filter(|&e| e != BATCH_ENTRY || has_batch)
        {
            let sig = compiled.function(entry)?;
            // ids, positions (and for one sequence: position, last), the caches, the weights.
            let leading = if entry == BATCH_ENTRY { 2 } else { 4 };
            let expected_args = config
                .n_layers
                .checked_mul(2)
                .and_then(|n| n.checked_add(leading + sig.weights.len()));
            if expected_args != Some(sig.inputs.len()) {
                let expected_args =
                    expected_args.map_or("more than 2^64".into(), |n| n.to_string());
                return Err(GenerateError::Model(format!(
                    "'@{entry}' takes {} arguments; a {}-layer decoder step takes {expected_args}",
                    sig.inputs.len(),
                    config.n_layers
                )));
            }
            let first_weight = sig.inputs.len() - sig.weights.len();
            let mut bound = Vec::new();
            for (i, name) in sig.weights.iter().enumerate() {
                let ty = &sig.inputs[first_weight + i];
                let shape: Vec<usize> = ty
                    .static_shape()
                    .unwrap_or_default()
                    .iter()
                    .map(|&d| d as usize)
                    .collect();
                if ty.element == kforge_dialect::ElementType::I8 {
                    bound.push((
                        stored_weight(&weights_file, &weights_path, name, &shape)?,
                        shape,
                    ));
                    continue;
                }
                let data = match weights_file.f32_slice(name)? {
                    Some((s, slice)) if s == shape => WeightData::Mapped(slice.as_ptr()),
                    _ => {
                        let t = weights_file.get(name)?.ok_or_else(|| {
                            GenerateError::MissingWeight {
                                name: name.clone(),
                                file: weights_path.display().to_string(),
                            }
                        })?;
                        if t.shape() != shape.as_slice() {
                            return Err(GenerateError::Model(format!(
                                "weight '{name}' has shape {:?}, the model expects {shape:?}",
                                t.shape()
                            )));
                        }
                        WeightData::Owned(
                            t.into_f32_vec()
                                .map_err(|e| GenerateError::Model(e.to_string()))?,
                        )
                    }
                };
                bound.push((data, shape));
            }
            weights.push((entry.to_string(), bound));
        }
        let (packed, mut packed_shapes): (Vec<_>, Vec<_>) = pack_matrices(&weights)
            .into_iter()
            .map(|(ptr, n, k)| (ptr, (n, k)))
            .unzip();
        packed_shapes.sort_unstable();
        packed_shapes.dedup();
        let interleaved = interleave_stored(&weights);
        Ok(Self {
            packed,
            packed_shapes,
            interleaved,
            source,
            folder,
            compile_seconds,
            compiled,
            _weights_file: weights_file,
            weights,
        })
    }

    /// Where compiling `model.mlir` took its time (`None`: loaded from the module cache).
    pub fn compile_times(&self) -> Option<crate::jit::CompileTimes> {
        self.compiled.compile_times()
    }

    /// Shapes `(n, k)` of the projection weights packed for the linear
    /// microkernel (what the autotuner measures for a decode step).
    pub fn projection_shapes(&self) -> &[(usize, usize)] {
        &self.packed_shapes
    }

    /// What the autotuner should measure for decode steps (one row each): the
    /// packed f32 linears ([`Self::projection_shapes`]) and the projection
    /// calls of `@decode` after the fusions, with their weights' format
    /// (multi-linear, SwiGLU, stored-format linear).
    pub fn tune_problems(&self) -> Result<Vec<crate::tune::Problem>, GenerateError> {
        let mut problems = crate::tune::linear_problems(1, &self.packed_shapes);
        let path = self.folder.model_mlir.display().to_string();
        let fused = crate::tune::fused_projection_problems(&self.source, &path)
            .map_err(GenerateError::Model)?;
        problems.extend(fused.into_iter().filter(|p| p.m == 1));
        Ok(problems)
    }

    /// Whether the module has [`BATCH_ENTRY`] (a batched decode step).
    pub fn has_batch_entry(&self) -> bool {
        self.weights.iter().any(|(e, _)| e == BATCH_ENTRY)
    }

    /// Calls `entry` with `leading` arguments, the KV caches and the entry's
    /// weights; returns its first result (the logits) as floats.
    ///
    /// # Safety
    /// Every argument must address a buffer of its shape, and every cache
    /// position the call writes must be inside its cache (the callers check
    /// positions against the capacity first).
    pub(crate) unsafe fn call_logits(
        &mut self,
        entry: &str,
        mut args: Vec<RawArg>,
        caches: Vec<RawArg>,
    ) -> Result<Vec<f32>, GenerateError> {
        args.extend(caches);
        args.extend(self.weight_args(entry));
        // SAFETY: the caller's contract.
        let results = unsafe { self.compiled.call_raw(entry, &args)? };
        match results.into_iter().next() {
            Some(RawResult::Tensor(t)) => t
                .into_f32_vec()
                .map_err(|e| GenerateError::Model(e.to_string())),
            _ => Err(GenerateError::Model(
                "the decoder returned no logits".into(),
            )),
        }
    }

    /// Appends `tokens` through `entry` (`decode` or `prefill`) to one
    /// sequence whose caches (`2 · n_layers` buffers of `capacity` rows)
    /// hold `position` tokens; returns the logits of the last token.
    ///
    /// # Safety
    /// Each cache must address `capacity · Hkv · Dh` floats.
    pub(crate) unsafe fn sequence_step(
        &mut self,
        entry: &str,
        tokens: &[u32],
        position: usize,
        caches: &[*mut f32],
        capacity: usize,
    ) -> Result<Vec<f32>, GenerateError> {
        let n = tokens.len();
        if n == 0 {
            return Err(GenerateError::EmptyPrompt);
        }
        if position + n > capacity {
            return Err(GenerateError::ContextFull {
                needed: position + n,
                max_context: capacity,
            });
        }
        super::check_token_ids(self.config(), tokens)?;
        let mut ids: Vec<i64> = tokens.iter().map(|&t| t as i64).collect();
        let mut positions: Vec<i64> = (0..n).map(|i| (position + i) as i64).collect();
        let mut start = vec![position as i64];
        let mut last = vec![(n - 1) as i64];
        let (heads, dh) = (self.config().n_kv_heads, self.config().head_dim);
        let args = vec![
            RawArg::of(&mut ids, vec![n]),
            RawArg::of(&mut positions, vec![n]),
            RawArg::of(&mut start, vec![]),
            RawArg::of(&mut last, vec![1]),
        ];
        let caches = caches
            .iter()
            .map(|&c| RawArg {
                ptr: c as *mut u8,
                shape: vec![capacity, heads, dh],
            })
            .collect();
        // SAFETY: ids/positions are i64 buffers of the declared shapes, the
        // caches have room for every written row (checked above), per the
        // caller's contract.
        unsafe { self.call_logits(entry, args, caches) }
    }

    fn weight_args(&mut self, entry: &str) -> Vec<RawArg> {
        let bound = &mut self
            .weights
            .iter_mut()
            .find(|(e, _)| e == entry)
            .expect("loaded entry")
            .1;
        bound
            .iter_mut()
            .map(|(data, shape)| RawArg {
                ptr: match data {
                    WeightData::Mapped(p) => *p as *mut u8,
                    WeightData::Owned(v) => v.as_mut_ptr() as *mut u8,
                },
                shape: shape.clone(),
            })
            .collect()
    }
}

/// The entry point that advances a batch of sequences, each in its own
/// KV-cache slot, by one token (`llama_decoder_batch_step`).
pub const BATCH_ENTRY: &str = "decode_batch";

/// A weight in a stored format (`i8` bytes `[N, K/block, block_bytes]`,
/// dialect/OPS.md): mapped as it is in the file, never converted.
fn stored_weight(
    file: &TensorFile,
    path: &Path,
    name: &str,
    shape: &[usize],
) -> Result<WeightData, GenerateError> {
    match file.byte_slice(name)? {
        Some((s, bytes)) if s == shape => Ok(WeightData::Mapped(bytes.as_ptr() as *const f32)),
        Some((s, _)) => Err(GenerateError::Model(format!(
            "weight '{name}' has shape {s:?}, the model expects {shape:?}"
        ))),
        None if file.get(name)?.is_some() => Err(GenerateError::Model(format!(
            "weight '{name}' is not stored as bytes (I8/U8) in {}, but the model reads it in a stored format",
            path.display()
        ))),
        None => Err(GenerateError::MissingWeight {
            name: name.to_string(),
            file: path.display().to_string(),
        }),
    }
}

/// Packs every distinct matrix weight for the linear microkernel (in
/// parallel) and registers it under the weight's address; returns each
/// address with the shape `(n, k)`.
fn pack_matrices(weights: &[EntryWeights]) -> Vec<(*const f32, usize, usize)> {
    use kforge_kernels::packed::PackedWeight;
    use rayon::prelude::*;
    let mut matrices: Vec<(usize, usize, usize)> = Vec::new();
    for (_, bound) in weights {
        for (data, shape) in bound {
            let ptr = match data {
                WeightData::Mapped(p) => *p as usize,
                WeightData::Owned(v) => v.as_ptr() as usize,
            };
            if shape.len() == 2 && !matrices.iter().any(|m| m.0 == ptr) {
                matrices.push((ptr, shape[0], shape[1]));
            }
        }
    }
    // One arena for all: every packed weight on 2 MiB pages (see huge_pages).
    let arena = Arena::for_regions(matrices.iter().map(|&(_, n, k)| PackedWeight::len(n, k)));
    let regions: Vec<_> = matrices
        .iter()
        .map(|&(_, n, k)| {
            arena
                .carve(PackedWeight::len(n, k))
                .expect("arena sized for every weight")
        })
        .collect();
    matrices
        .par_iter()
        .zip(regions)
        .for_each(|(&(ptr, n, k), region)| {
            // SAFETY: `ptr` addresses `n·k` floats of a weight the model keeps alive and unmodified.
            let w = unsafe { std::slice::from_raw_parts(ptr as *const f32, n * k) };
            let packed = PackedWeight::pack_into(region, w, n, k, k);
            kforge_kernels::packed::register(ptr as *const f32, std::sync::Arc::new(packed));
        });
    matrices
        .iter()
        .map(|&(ptr, n, k)| (ptr as *const f32, n, k))
        .collect()
}

/// Interleaves every distinct stored weight of a 32-weight block format
/// (`[N, K/32, block_bytes]`, the format told by the block's bytes) for the
/// integer products (in parallel) and registers it under the weight's
/// address; returns the addresses.
fn interleave_stored(weights: &[EntryWeights]) -> Vec<*const u8> {
    use kforge_abi::weight_format::WeightFormat;
    use kforge_kernels::quant::{interleaved, Quantized};
    use rayon::prelude::*;
    let mut stored: Vec<(usize, WeightFormat, usize, usize)> = Vec::new();
    for (_, bound) in weights {
        for (data, shape) in bound {
            let (WeightData::Mapped(p), [n, blocks, bytes]) = (data, shape.as_slice()) else {
                continue;
            };
            let Some(format) = WeightFormat::of_block_bytes(*bytes) else {
                continue;
            };
            if !stored.iter().any(|s| s.0 == *p as usize) {
                stored.push((*p as usize, format, *n, blocks * 32));
            }
        }
    }
    stored.par_iter().for_each(|&(data, format, n, k)| {
        let w = Quantized {
            format,
            data,
            row_stride: (k / 32) * format.block_bytes(),
        };
        // SAFETY: `data` maps `n` rows of `k` weights of `format` (checked
        // against the model's signature when bound), kept alive and
        // unmodified by the model.
        if let Some(packed) = unsafe { interleaved::Interleaved::pack(&w, n, k) } {
            interleaved::register(data as *const u8, std::sync::Arc::new(packed));
        }
    });
    stored.iter().map(|s| s.0 as *const u8).collect()
}

/// Makes glibc keep and reuse freed blocks instead of returning large ones to
/// the kernel: compiled code allocates the same intermediate buffers on every
/// step, and with glibc's defaults each one over 128 KiB is a fresh `mmap`
/// whose pages fault in again (a prompt's prefill spent ~10% in page faults).
fn keep_freed_memory() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        #[cfg(all(target_os = "linux", target_env = "gnu"))]
        {
            extern "C" {
                fn mallopt(param: i32, value: i32) -> i32;
            }
            const M_TRIM_THRESHOLD: i32 = -1;
            const M_MMAP_THRESHOLD: i32 = -3;
            // SAFETY: plain configuration calls, before the model allocates.
            unsafe {
                mallopt(M_MMAP_THRESHOLD, 1 << 30);
                mallopt(M_TRIM_THRESHOLD, i32::MAX);
            }
        }
    });
}

/// The elements of each of the `2 · n_layers` KV-cache buffers of
/// `capacity` rows, checked before anything is allocated: the manifest and
/// `--max-context` are input, so a product that overflows or a cache larger
/// than memory ([`crate::memory`]) is an error naming the bytes.
pub fn kv_cache_elements(config: &ModelConfig, capacity: usize) -> Result<usize, GenerateError> {
    let what = format!(
        "the KV cache ({} layers, keys and values of {} heads × {} dims, --max-context {capacity})",
        config.n_layers, config.n_kv_heads, config.head_dim
    );
    let error = |e: crate::memory::AllocationError| GenerateError::Options(e.to_string());
    let per_layer =
        crate::memory::check_tensor(&what, &[capacity, config.n_kv_heads, config.head_dim], 4)
            .map_err(error)?;
    let buffers = (config.n_layers as u64).saturating_mul(2);
    let shape = [
        buffers,
        capacity as u64,
        config.n_kv_heads as u64,
        config.head_dim as u64,
    ];
    crate::memory::check_bytes(&what, &shape, 4).map_err(error)?;
    Ok(per_layer / 4)
}

/// One sequence's state: the KV caches and the number of tokens in them.
pub struct Session {
    /// Keys and values of every layer, on ordinary pages that the kernel
    /// zeroes as they are first touched. (On 2 MiB pages, as the packed
    /// weights are, the first token's row of each layer faulted in a whole
    /// huge page, compacting memory to find it: a 5-token prefill took
    /// 220 ms instead of 20.)
    caches: Vec<Vec<f32>>,
    capacity: usize,
    /// Tokens in the cache.
    pub position: usize,
    /// The longest context this session accepts.
    pub max_context: usize,
}

impl Session {
    /// A session holding up to `max_context` tokens (capped at the model's trained context).
    pub fn new(model: &DecoderModel, max_context: usize) -> Result<Self, GenerateError> {
        if max_context == 0 || max_context > model.config().max_context {
            return Err(GenerateError::Options(format!(
                "--max-context must be within [1, {}], got {max_context}",
                model.config().max_context
            )));
        }
        let capacity = max_context;
        let per_layer = kv_cache_elements(model.config(), capacity)?;
        Ok(Self {
            caches: (0..2 * model.config().n_layers)
                .map(|_| vec![0.0; per_layer])
                .collect(),
            capacity,
            position: 0,
            max_context,
        })
    }

    /// Bytes held by the KV cache.
    pub fn cache_bytes(&self) -> usize {
        self.caches.iter().map(|c| c.len() * 4).sum()
    }

    /// Appends `tokens` through `entry`; returns the logits of the last one.
    fn step(
        &mut self,
        model: &mut DecoderModel,
        entry: &str,
        tokens: &[u32],
    ) -> Result<Vec<f32>, GenerateError> {
        if self.position + tokens.len() > self.max_context {
            return Err(GenerateError::ContextFull {
                needed: self.position + tokens.len(),
                max_context: self.max_context,
            });
        }
        let caches: Vec<*mut f32> = self.caches.iter_mut().map(|c| c.as_mut_ptr()).collect();
        // SAFETY: each cache holds `capacity` rows of `Hkv · Dh` floats.
        let logits =
            unsafe { model.sequence_step(entry, tokens, self.position, &caches, self.capacity)? };
        self.position += tokens.len();
        Ok(logits)
    }

    /// Feeds a prompt (one call, any length); returns the logits after its last token.
    pub fn prefill(
        &mut self,
        model: &mut DecoderModel,
        tokens: &[u32],
    ) -> Result<Vec<f32>, GenerateError> {
        if tokens.is_empty() {
            return Err(GenerateError::EmptyPrompt);
        }
        if self.position + tokens.len() > self.max_context {
            return Err(GenerateError::ContextFull {
                needed: self.position + tokens.len(),
                max_context: self.max_context,
            });
        }
        let entry = if tokens.len() == 1 {
            "decode"
        } else {
            "prefill"
        };
        self.step(model, entry, tokens)
    }

    /// Empties the cache: the next prefill starts at row 0 (rows past the position are never read).
    pub fn reset(&mut self) {
        self.position = 0;
    }

    /// Feeds one generated token; returns the next logits.
    pub fn decode(
        &mut self,
        model: &mut DecoderModel,
        token: u32,
    ) -> Result<Vec<f32>, GenerateError> {
        self.step(model, "decode", &[token])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(n_layers: usize, max_context: usize) -> ModelConfig {
        ModelConfig {
            dim: 576,
            n_layers,
            n_heads: 9,
            n_kv_heads: 3,
            head_dim: 64,
            ffn_dim: 1536,
            vocab: 49152,
            rope_theta: 100_000.0,
            rms_eps: 1e-5,
            tied_embeddings: true,
            max_context,
            bos_id: None,
            eos_id: None,
        }
    }

    #[test]
    fn a_kv_cache_is_sized_before_it_is_allocated() {
        assert_eq!(
            kv_cache_elements(&config(30, 8192), 2048).unwrap(),
            2048 * 3 * 64
        );
        // A manifest's max_context of 1e9 with --max-context 1e9: 768 GB a layer.
        let e = kv_cache_elements(&config(30, 1_000_000_000), 1_000_000_000)
            .unwrap_err()
            .to_string();
        assert!(
            e.starts_with(
                "the KV cache (30 layers, keys and values of 3 heads × 64 dims, \
                 --max-context 1000000000) (shape 1000000000x3x64) needs 768000000000 bytes"
            ),
            "{e}"
        );
        // Each buffer fits (768 MiB), all 60000 of them do not.
        let e = kv_cache_elements(&config(30_000, 1 << 20), 1 << 20)
            .unwrap_err()
            .to_string();
        assert!(e.contains("(shape 60000x1048576x3x64) needs"), "{e}");
        let e = kv_cache_elements(&config(usize::MAX, usize::MAX), usize::MAX).unwrap_err();
        assert!(e.to_string().contains("needs"), "{e}");
    }
}
