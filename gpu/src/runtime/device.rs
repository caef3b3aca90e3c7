//! The opened device: features, error capture, the pipeline cache.

use super::adapter::{self, AdapterSummary};
use crate::error::{GpuError, Result};
use crate::wgsl::Kernel;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// How to open a device.
#[derive(Debug, Clone, Default)]
pub struct GpuOptions {
    /// Adapter selector (`auto`, an index, or a name substring); `None` is `auto`.
    pub device: Option<String>,
    /// Create shader modules without wgpu's injected bounds checks and loop bounding. Generated kernels guard
    /// their own accesses; this is for benchmarks (faster inner loops), tests keep the checks.
    pub unchecked_shaders: bool,
}

/// A compiled kernel: its pipeline and what it was generated from.
#[derive(Debug)]
pub struct Pipeline {
    pub(crate) pipeline: wgpu::ComputePipeline,
    pub(crate) layout: wgpu::BindGroupLayout,
    /// The generated kernel.
    pub kernel: Kernel,
}

/// An open GPU device with a pipeline cache.
pub struct Gpu {
    pub(crate) device: wgpu::Device,
    pub(crate) queue: wgpu::Queue,
    summary: AdapterSummary,
    features: wgpu::Features,
    subgroup_32: bool,
    unchecked: bool,
    /// `KFORGE_GPU_ZERO_WORKGROUP_MEMORY=1`: zero-fill every kernel's workgroup memory (to rule out a kernel
    /// that reads it before writing it).
    zero_workgroup_memory: bool,
    errors: Arc<Mutex<Vec<String>>>,
    pipelines: Mutex<HashMap<String, Arc<Pipeline>>>,
}

impl std::fmt::Debug for Gpu {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Gpu")
            .field("adapter", &self.summary)
            .finish()
    }
}

impl Gpu {
    /// Opens the selected adapter with every feature kforge can use that it offers (timestamps, f16,
    /// cooperative matrices) and the adapter's own limits.
    pub fn open(options: &GpuOptions) -> Result<Gpu> {
        let instance = adapter::instance();
        let adapter = adapter::select(&instance, options.device.as_deref())?;
        let summary = adapter::summarize(0, &adapter);
        let offered = adapter.features();
        let mut features = wgpu::Features::empty();
        for f in [
            wgpu::Features::TIMESTAMP_QUERY,
            wgpu::Features::SHADER_F16,
            wgpu::Features::SUBGROUP,
        ] {
            if offered.contains(f) {
                features |= f;
            }
        }
        if summary.coop_f16 {
            features |= wgpu::Features::EXPERIMENTAL_COOPERATIVE_MATRIX;
        }
        let info = adapter.get_info();
        let desc = wgpu::DeviceDescriptor {
            label: Some("kforge"),
            required_features: features,
            required_limits: adapter.limits(),
            // SAFETY: the experimental feature requested is cooperative matrices, used only by generated kernels
            // that naga validated; the token is the user's acknowledgement wgpu asks for.
            experimental_features: if summary.coop_f16 {
                unsafe { wgpu::ExperimentalFeatures::enabled() }
            } else {
                wgpu::ExperimentalFeatures::disabled()
            },
            memory_hints: wgpu::MemoryHints::Performance,
            trace: wgpu::Trace::Off,
        };
        let (device, queue) = pollster::block_on(adapter.request_device(&desc)).map_err(|e| {
            GpuError::RequestDevice {
                adapter: summary.name.clone(),
                reason: e.to_string(),
            }
        })?;
        let errors = Arc::new(Mutex::new(Vec::new()));
        let sink = errors.clone();
        device.on_uncaptured_error(Arc::new(move |e: wgpu::Error| {
            if let Ok(mut v) = sink.lock() {
                v.push(e.to_string());
            }
        }));
        Ok(Gpu {
            device,
            queue,
            summary,
            features,
            subgroup_32: info.subgroup_min_size == 32 && info.subgroup_max_size == 32,
            unchecked: options.unchecked_shaders,
            zero_workgroup_memory: std::env::var("KFORGE_GPU_ZERO_WORKGROUP_MEMORY")
                .is_ok_and(|v| v == "1"),
            errors,
            pipelines: Mutex::new(HashMap::new()),
        })
    }

    /// The adapter in use.
    pub fn adapter(&self) -> &AdapterSummary {
        &self.summary
    }

    /// GPU timestamps are available (per-kernel times).
    pub fn has_timestamps(&self) -> bool {
        self.features.contains(wgpu::Features::TIMESTAMP_QUERY)
    }

    /// The cooperative-matrix f16 kernel can run here.
    pub fn has_coop_f16(&self) -> bool {
        self.summary.coop_f16
            && self.features.contains(wgpu::Features::SHADER_F16)
            && self.subgroup_32
    }

    /// Errors wgpu reported since the last call, as one [`GpuError`].
    pub(crate) fn take_errors(&self) -> Result<()> {
        let mut v = self
            .errors
            .lock()
            .map_err(|_| GpuError::Wgpu("error sink poisoned".into()))?;
        if v.is_empty() {
            Ok(())
        } else {
            Err(GpuError::Wgpu(std::mem::take(&mut *v).join("; ")))
        }
    }

    fn unsupported(&self, feature: &str) -> GpuError {
        GpuError::Unsupported {
            adapter: self.summary.name.clone(),
            feature: feature.to_string(),
        }
    }

    /// What this device offers the WGSL generators ([`crate::wgsl::Target`]).
    pub fn target(&self) -> crate::wgsl::Target {
        crate::wgsl::Target {
            subgroups: self.features.contains(wgpu::Features::SUBGROUP),
        }
    }

    /// The kernel of `spec` generated for this device ([`Gpu::target`]).
    pub fn kernel(&self, spec: &crate::spec::KernelSpec) -> Result<crate::wgsl::Kernel> {
        crate::wgsl::generate_for(spec, self.target())
    }

    /// The pipeline of a generated kernel, compiled once per source text.
    pub fn pipeline(&self, kernel: &Kernel) -> Result<Arc<Pipeline>> {
        if kernel.needs_coop && !self.has_coop_f16() {
            return Err(
                self.unsupported("16x16x16 f16 cooperative matrices with 32-lane subgroups")
            );
        }
        if kernel.needs_f16 && !self.features.contains(wgpu::Features::SHADER_F16) {
            return Err(self.unsupported("SHADER_F16"));
        }
        if kernel.needs_subgroups && !self.features.contains(wgpu::Features::SUBGROUP) {
            return Err(self.unsupported("SUBGROUP (subgroup operations)"));
        }
        let limit = self.device.limits().max_compute_workgroup_storage_size as usize;
        if kernel.shared_bytes > limit {
            return Err(self.unsupported(&format!(
                "{} bytes of workgroup memory for `{}` (limit {limit})",
                kernel.shared_bytes, kernel.name
            )));
        }
        let mut cache = self
            .pipelines
            .lock()
            .map_err(|_| GpuError::Wgpu("pipeline cache poisoned".into()))?;
        if let Some(p) = cache.get(&kernel.source) {
            return Ok(p.clone());
        }
        let p = Arc::new(self.compile(kernel)?);
        cache.insert(kernel.source.clone(), p.clone());
        Ok(p)
    }

    fn compile(&self, kernel: &Kernel) -> Result<Pipeline> {
        let scope = self.device.push_error_scope(wgpu::ErrorFilter::Validation);
        let desc = wgpu::ShaderModuleDescriptor {
            label: Some(&kernel.name),
            source: wgpu::ShaderSource::Wgsl(kernel.source.as_str().into()),
        };
        let module = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            if self.unchecked {
                // SAFETY: generated kernels guard every global access against their spec's shapes (bindings
                // are checked against the spec before a dispatch); only wgpu's redundant clamps are dropped.
                unsafe {
                    self.device
                        .create_shader_module_trusted(desc, wgpu::ShaderRuntimeChecks::unchecked())
                }
            } else {
                self.device.create_shader_module(desc)
            }
        }))
        .map_err(|_| GpuError::NagaPanic {
            kernel: kernel.name.clone(),
            message: "while creating the shader module".into(),
        })?;
        let pipeline = self
            .device
            .create_compute_pipeline(&wgpu::ComputePipelineDescriptor {
                label: Some(&kernel.name),
                layout: None,
                module: &module,
                entry_point: Some("main"),
                // Kernels that write their workgroup memory before reading it (cooperative-matrix tiles,
                // reduction trees) skip the zero-initialising prologue.
                compilation_options: wgpu::PipelineCompilationOptions {
                    zero_initialize_workgroup_memory: self.zero_workgroup_memory
                        || !kernel.writes_shared_first,
                    ..Default::default()
                },
                cache: None,
            });
        if let Some(e) = pollster::block_on(scope.pop()) {
            return Err(GpuError::Wgpu(format!("pipeline `{}`: {e}", kernel.name)));
        }
        self.take_errors()?;
        let layout = pipeline.get_bind_group_layout(0);
        Ok(Pipeline {
            pipeline,
            layout,
            kernel: kernel.clone(),
        })
    }

    /// Waits for all submitted work.
    pub fn wait(&self) -> Result<()> {
        self.device
            .poll(wgpu::PollType::wait_indefinitely())
            .map_err(|e| GpuError::Wgpu(e.to_string()))?;
        self.take_errors()
    }

    /// Waits for submission `index` (and those before it) only.
    pub fn wait_for(&self, index: wgpu::SubmissionIndex) -> Result<()> {
        self.device
            .poll(wgpu::PollType::Wait {
                submission_index: Some(index),
                timeout: None,
            })
            .map_err(|e| GpuError::Wgpu(e.to_string()))?;
        self.take_errors()
    }
}
