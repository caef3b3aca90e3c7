//! What a tuned choice is only valid for: this CPU, its features, this kforge
//! build and its kernels, and the thread count.
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The machine and build a measurement was taken on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HostId {
    /// `model name` from `/proc/cpuinfo` (or the architecture elsewhere).
    pub cpu_model: String,
    /// SIMD features the kernels dispatch on, as detected at run time.
    pub cpu_features: Vec<String>,
    /// The ISA variant the kernels ran on ([`crate::isa::active`]): an entry
    /// measured with `KFORGE_ISA=avx2` is never used for AVX-512 and back.
    #[serde(default)]
    pub isa: String,
    /// kforge's version.
    pub kforge_version: String,
    /// SHA-256 of the kernels' sources (any edit makes old entries stale).
    pub kernels_fingerprint: String,
    /// For GPU entries: the adapter, its driver, and a digest of the WGSL the generator emits.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gpu: Option<String>,
}

/// Features that change which kernel code runs (or how fast).
#[cfg(target_arch = "x86_64")]
fn features() -> Vec<String> {
    let mut found = Vec::new();
    macro_rules! probe {
        ($($f:tt),*) => {$(
            if std::arch::is_x86_feature_detected!($f) {
                found.push($f.to_string());
            }
        )*};
    }
    probe!(
        "sse4.2",
        "avx",
        "avx2",
        "fma",
        "avx512f",
        "avx512bw",
        "avx512vl",
        "avx512vnni",
        "avx512bf16"
    );
    found
}

#[cfg(not(target_arch = "x86_64"))]
fn features() -> Vec<String> {
    Vec::new()
}

fn cpu_model() -> String {
    std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split_once(':'))
                .map(|(_, v)| v.trim().to_string())
        })
        .unwrap_or_else(|| std::env::consts::ARCH.to_string())
}

impl HostId {
    /// This machine and this build.
    pub fn detect() -> Self {
        Self {
            cpu_model: cpu_model(),
            cpu_features: features(),
            isa: crate::isa::active().name().to_string(),
            kforge_version: env!("CARGO_PKG_VERSION").to_string(),
            kernels_fingerprint: env!("KFORGE_KERNELS_FINGERPRINT").to_string(),
            gpu: None,
        }
    }

    /// A short stable digest of everything above (part of each entry's key).
    pub fn digest(&self) -> String {
        let mut h = Sha256::new();
        h.update(self.cpu_model.as_bytes());
        h.update(b"\n");
        h.update(self.cpu_features.join(",").as_bytes());
        h.update(b"\n");
        h.update(self.isa.as_bytes());
        h.update(b"\n");
        h.update(self.kforge_version.as_bytes());
        h.update(b"\n");
        h.update(self.kernels_fingerprint.as_bytes());
        if let Some(gpu) = &self.gpu {
            h.update(b"\n");
            h.update(gpu.as_bytes());
        }
        h.finalize()[..8]
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digest_changes_with_cpu_version_or_kernels() {
        let a = HostId::detect();
        assert_eq!(a.digest(), HostId::detect().digest());
        assert_eq!(a.digest().len(), 16);
        for changed in [
            HostId {
                cpu_model: "other".into(),
                ..a.clone()
            },
            HostId {
                cpu_features: vec![],
                ..a.clone()
            },
            HostId {
                isa: "another-isa".into(),
                ..a.clone()
            },
            HostId {
                kforge_version: "9.9.9".into(),
                ..a.clone()
            },
            HostId {
                kernels_fingerprint: "0".into(),
                ..a.clone()
            },
            HostId {
                gpu: Some("a GPU".into()),
                ..a.clone()
            },
        ] {
            assert_ne!(changed.digest(), a.digest());
        }
    }
}
