//! [`GpuGenerator`]: the GPU decoder as a [`DecoderBackend`]. The folder's `@decode` becomes a program
//! ([`crate::gpu::decoder_program`]), its weights are uploaded once, the KV caches stay on the device and each token
//! is one command buffer whose only read-back is the logits, or, greedy, the chosen id (argmax on the device, the
//! next step submitted before the id is read: [`DecoderBackend::greedy`]). A prompt of several tokens is one run of
//! the folder's `@prefill` program of its length ([`crate::gpu::decoder_program`], built on first use of a length,
//! sharing the decode program's weights and caches), or token by token through the step without
//! `batched_prefill`.

use super::{DecoderBackend, GenerateError};
use crate::tensor_io::TensorFile;
use kforge_gpu::decoder::GpuDecoder;
use kforge_gpu::runtime::{Gpu, Host, KernelTime};
use kforge_gpu::{GpuError, WeightFormat};
use kforge_model::ModelFolder;

/// How to build the GPU decoder.
#[derive(Debug, Clone, Copy)]
pub struct GpuDecoderOptions {
    /// KV-cache rows (`--max-context`), within the model's trained context.
    pub max_context: usize,
    /// Run the kforge fusions before planning (`--no-fuse` turns them off).
    pub fuse: bool,
    /// A prompt of several tokens in one run of the `@prefill` program of its length (built on first use of a
    /// length); off, token by token through the `@decode` step.
    pub batched_prefill: bool,
}

/// A decoder resident on one device.
pub struct GpuGenerator<'g> {
    gpu: &'g Gpu,
    decoder: GpuDecoder,
    /// `model.mlir`, read once, for the `@prefill` program of each prompt length.
    model: crate::gpu::ModelSource,
    options: GpuDecoderOptions,
}

impl<'g> GpuGenerator<'g> {
    /// Builds the `@decode` program of `folder` and makes it resident on `gpu` with the folder's weights.
    pub fn load(
        gpu: &'g Gpu,
        folder: &ModelFolder,
        options: GpuDecoderOptions,
    ) -> Result<GpuGenerator<'g>, GenerateError> {
        let (decoder, model) = load_decoder(gpu, folder, read_model(folder)?, options)?;
        Ok(GpuGenerator {
            gpu,
            decoder,
            model,
            options,
        })
    }

    /// Dispatches per token.
    pub fn kernels_per_token(&self) -> usize {
        self.decoder.kernels_per_token()
    }

    /// [`DecoderBackend::step`] with each kernel's GPU time (where the adapter has timestamps, a compute pass
    /// each): how `kforge-bench --target gpu suite` measures the kernel time of a token.
    pub fn step_timed(&mut self, token: u32) -> Result<(Vec<f32>, Vec<KernelTime>), GenerateError> {
        Ok(self.decoder.step(self.gpu, token, true)?)
    }
}

impl DecoderBackend for GpuGenerator<'_> {
    fn prefill(&mut self, tokens: &[u32]) -> Result<Vec<f32>, GenerateError> {
        if tokens.len() < 2 || !self.options.batched_prefill {
            return Ok(self.decoder.prefill(self.gpu, tokens)?);
        }
        let (model, options) = (&self.model, self.options);
        let mut build = |len: usize| {
            crate::gpu::decoder_program(model, options.max_context, Some(len), options.fuse)
                .map_err(|e| kforge_gpu::GpuError::Wgpu(e.to_string()))
        };
        Ok(self.decoder.prefill_batched(self.gpu, tokens, &mut build)?)
    }

    fn step(&mut self, token: u32) -> Result<Vec<f32>, GenerateError> {
        Ok(self.decoder.step(self.gpu, token, false)?.0)
    }

    fn position(&self) -> usize {
        self.decoder.position
    }

    fn capacity(&self) -> usize {
        self.decoder.capacity()
    }

    fn kv_bytes_per_token(&self) -> usize {
        self.decoder.kv_bytes_per_token()
    }

    fn reset(&mut self) {
        self.decoder.reset();
    }

    fn greedy(
        &mut self,
        first: u32,
        max: usize,
        on_id: &mut dyn FnMut(u32) -> bool,
    ) -> Option<Result<Vec<u32>, GenerateError>> {
        Some(
            self.decoder
                .greedy(self.gpu, first, max, on_id)
                .map_err(GenerateError::from),
        )
    }
}

/// `folder`'s `model.mlir`, read once for every program built from it.
pub(crate) fn read_model(folder: &ModelFolder) -> Result<crate::gpu::ModelSource, GenerateError> {
    crate::gpu::ModelSource::read(&folder.model_mlir)
        .map_err(|e| GenerateError::GpuProgram(e.to_string()))
}

/// The `@decode` program of `folder` resident on `gpu` with the folder's weights (stored formats uploaded as their
/// bytes) from `model` (its source, read by [`read_model`]), returned with that source for the programs built later.
pub(crate) fn load_decoder(
    gpu: &Gpu,
    folder: &ModelFolder,
    model: crate::gpu::ModelSource,
    options: GpuDecoderOptions,
) -> Result<(GpuDecoder, crate::gpu::ModelSource), GenerateError> {
    let config = folder.config();
    if options.max_context == 0 || options.max_context > config.max_context {
        return Err(GenerateError::Options(format!(
            "--max-context must be within [1, {}], got {}",
            config.max_context, options.max_context
        )));
    }
    let program_error = |e: crate::gpu::GpuModuleError| GenerateError::GpuProgram(e.to_string());
    let program = crate::gpu::decoder_program(&model, options.max_context, None, options.fuse)
        .map_err(program_error)?;
    let weights_path = folder.weights_path();
    let weights = TensorFile::open(&weights_path)?;
    let missing = |name: &str| {
        GpuError::Wgpu(format!(
            "weight '{name}' is missing from {}",
            weights_path.display()
        ))
    };
    let wrong_shape = |name: &str, got: &[usize], shape: &[usize]| {
        GpuError::Wgpu(format!(
            "weight '{name}' has shape {got:?}, the model expects {shape:?}"
        ))
    };
    let decoder = GpuDecoder::new(gpu, program, &mut |name, shape, format| {
        let io = |e: crate::tensor_io::TensorIoError| GpuError::Wgpu(e.to_string());
        if format != WeightFormat::F32 {
            // The bytes as stored, borrowed from the map and uploaded once.
            let (got, bytes) = weights
                .byte_slice(name)
                .map_err(io)?
                .ok_or_else(|| missing(name))?;
            if got != shape {
                return Err(wrong_shape(name, &got, shape));
            }
            return Ok(Host::Bytes(bytes.to_vec()));
        }
        let t = weights
            .get(name)
            .map_err(io)?
            .ok_or_else(|| missing(name))?;
        if t.shape() != shape {
            return Err(wrong_shape(name, t.shape(), shape));
        }
        t.into_f32_vec()
            .map(Host::F32)
            .map_err(|e| GpuError::Wgpu(e.to_string()))
    })?;
    Ok((decoder, model))
}
