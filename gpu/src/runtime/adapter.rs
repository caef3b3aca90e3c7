//! Adapters: listing (`--device list`) and selection (`--device N` or a name substring).

use crate::error::{GpuError, Result};

/// One adapter as `--device list` shows it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct AdapterSummary {
    /// Position in the list (what `--device N` picks).
    pub index: usize,
    /// Adapter name, e.g. `NVIDIA H100 80GB HBM3` or `llvmpipe (LLVM 15.0.6, 256 bits)`.
    pub name: String,
    /// `DiscreteGpu`, `Cpu`, …
    pub device_type: String,
    /// Backend (Vulkan).
    pub backend: String,
    /// Driver and its version.
    pub driver: String,
    /// GPU timestamps are available.
    pub timestamps: bool,
    /// f16 arithmetic in shaders.
    pub f16: bool,
    /// Cooperative matrices with 16x16x16 f16 inputs and f32 accumulation (tensor cores).
    pub coop_f16: bool,
}

impl std::fmt::Display for AdapterSummary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "[{}] {} ({}, {}, {}) timestamps={} f16={} coop_f16={}",
            self.index,
            self.name,
            self.device_type,
            self.backend,
            self.driver,
            self.timestamps,
            self.f16,
            self.coop_f16
        )
    }
}

pub(crate) fn instance() -> wgpu::Instance {
    let mut desc = wgpu::InstanceDescriptor::new_without_display_handle_from_env();
    desc.backends = wgpu::Backends::VULKAN;
    wgpu::Instance::new(desc)
}

pub(crate) fn enumerate(instance: &wgpu::Instance) -> Vec<wgpu::Adapter> {
    pollster::block_on(instance.enumerate_adapters(wgpu::Backends::VULKAN))
}

/// True if the adapter offers 16x16x16 f16 × f16 → f32 cooperative matrices.
pub(crate) fn has_coop_f16(adapter: &wgpu::Adapter) -> bool {
    if !adapter
        .features()
        .contains(wgpu::Features::EXPERIMENTAL_COOPERATIVE_MATRIX)
    {
        return false;
    }
    adapter.cooperative_matrix_properties().iter().any(|p| {
        p.m_size == 16
            && p.n_size == 16
            && p.k_size == 16
            && p.ab_type == wgpu::CooperativeScalarType::F16
            && p.cr_type == wgpu::CooperativeScalarType::F32
    })
}

pub(crate) fn summarize(index: usize, adapter: &wgpu::Adapter) -> AdapterSummary {
    let info = adapter.get_info();
    let features = adapter.features();
    AdapterSummary {
        index,
        name: info.name,
        device_type: format!("{:?}", info.device_type),
        backend: format!("{:?}", info.backend),
        driver: format!("{} {}", info.driver, info.driver_info)
            .trim()
            .to_string(),
        timestamps: features.contains(wgpu::Features::TIMESTAMP_QUERY),
        f16: features.contains(wgpu::Features::SHADER_F16),
        coop_f16: has_coop_f16(adapter),
    }
}

/// Every Vulkan adapter of this machine.
pub fn list_adapters() -> Vec<AdapterSummary> {
    enumerate(&instance())
        .iter()
        .enumerate()
        .map(|(i, a)| summarize(i, a))
        .collect()
}

fn rank(a: &wgpu::Adapter) -> u8 {
    match a.get_info().device_type {
        wgpu::DeviceType::DiscreteGpu => 0,
        wgpu::DeviceType::IntegratedGpu => 1,
        wgpu::DeviceType::VirtualGpu | wgpu::DeviceType::Other => 2,
        wgpu::DeviceType::Cpu => 3,
    }
}

/// Picks an adapter: `None` or `auto` prefers a discrete GPU, then any GPU, then a CPU (lavapipe); a number
/// picks by index; any other text picks the first adapter whose name contains it (case-insensitive).
pub(crate) fn select(instance: &wgpu::Instance, selector: Option<&str>) -> Result<wgpu::Adapter> {
    let mut adapters = enumerate(instance);
    if adapters.is_empty() {
        return Err(GpuError::NoAdapter(String::new()));
    }
    let available = || adapters_names(&adapters);
    match selector.map(str::trim) {
        None | Some("") | Some("auto") => {
            adapters.sort_by_key(rank);
            Ok(adapters.swap_remove(0))
        }
        Some(s) => {
            if let Ok(i) = s.parse::<usize>() {
                if i < adapters.len() {
                    return Ok(adapters.swap_remove(i));
                }
            }
            let want = s.to_lowercase();
            match adapters
                .iter()
                .position(|a| a.get_info().name.to_lowercase().contains(&want))
            {
                Some(i) => Ok(adapters.swap_remove(i)),
                None => Err(GpuError::UnknownDevice {
                    wanted: s.to_string(),
                    available: available(),
                }),
            }
        }
    }
}

fn adapters_names(adapters: &[wgpu::Adapter]) -> String {
    adapters
        .iter()
        .enumerate()
        .map(|(i, a)| format!("[{i}] {}", a.get_info().name))
        .collect::<Vec<_>>()
        .join(", ")
}
