//! Which instruction set the CPU kernels run on: chosen once per process from
//! the CPU's features, or forced lower with `KFORGE_ISA` so that every
//! variant can be tested and measured on any machine.
//!
//! | variant | vectors | needs |
//! | --- | --- | --- |
//! | [`Isa::Avx512`] | 16 × f32 (zmm, 32 registers) | `avx512f` |
//! | [`Isa::Avx2`] | 8 × f32 (ymm, 16 registers) | `avx2`, `fma` and `f16c` (every AVX2 CPU with FMA has it) |
//! | [`Isa::Portable`] | plain Rust (the compiler's baseline) | nothing |
//!
//! The compiler's target description (re-exported as `kforge_passes::isa` so
//! that codegen choices such as `kforge-tile-contractions`' register tiles
//! follow it, and as `kforge_runtime::isa`) and the kernels' selection. The
//! kernels (`kforge-kernels`) are written once over
//! `kforge_kernels::simd::Simd` and instantiated per variant; [`Isa`]
//! picks the instance. The JIT-compiled code follows the same choice
//! ([`Isa::llvm_target_features`]), so a forced `KFORGE_ISA=avx2` on an
//! AVX-512 machine runs no AVX-512 instruction in kforge's own code. A NEON
//! variant on aarch64 adds one `Simd` instance and one arm here; no kernel
//! changes.
use std::sync::OnceLock;

/// The environment variable that forces a variant.
pub const ISA_ENV: &str = "KFORGE_ISA";

/// An instruction-set variant of the CPU kernels, ordered from least to most
/// capable.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Isa {
    /// Plain Rust, no explicit SIMD.
    Portable,
    /// AVX2 + FMA: 8-lane vectors, 16 registers.
    Avx2,
    /// AVX-512F: 16-lane vectors, 32 registers, masks.
    Avx512,
}

/// Why `KFORGE_ISA` cannot be honoured.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IsaError {
    /// Not a variant's name.
    #[error("{ISA_ENV}='{given}' is not an ISA variant (expected one of: {supported})")]
    Unknown {
        /// The value given.
        given: String,
        /// The names this host supports.
        supported: String,
    },
    /// A variant this CPU cannot run.
    #[error(
        "{ISA_ENV}={given} is not supported by this CPU (it supports: {supported}; a variant can be forced lower than the host's, never higher)"
    )]
    Unsupported {
        /// The value given.
        given: String,
        /// The names this host supports.
        supported: String,
    },
}

impl Isa {
    /// Every variant, lowest first.
    pub const ALL: [Isa; 3] = [Isa::Portable, Isa::Avx2, Isa::Avx512];

    /// The name `KFORGE_ISA` takes and reports print.
    pub fn name(self) -> &'static str {
        match self {
            Isa::Portable => "portable",
            Isa::Avx2 => "avx2",
            Isa::Avx512 => "avx512",
        }
    }

    /// The variant of a name (`avx512`, `avx2`, `portable`), any case.
    pub fn from_name(name: &str) -> Option<Isa> {
        Isa::ALL
            .into_iter()
            .find(|isa| isa.name().eq_ignore_ascii_case(name.trim()))
    }

    /// The most capable variant this CPU runs.
    pub fn host_best() -> Isa {
        #[cfg(target_arch = "x86_64")]
        {
            if std::arch::is_x86_feature_detected!("avx512f") {
                return Isa::Avx512;
            }
            if std::arch::is_x86_feature_detected!("avx2")
                && std::arch::is_x86_feature_detected!("fma")
                && std::arch::is_x86_feature_detected!("f16c")
            {
                return Isa::Avx2;
            }
        }
        Isa::Portable
    }

    /// Every variant this CPU runs, lowest first.
    pub fn supported() -> Vec<Isa> {
        let best = Isa::host_best();
        Isa::ALL.into_iter().filter(|isa| *isa <= best).collect()
    }

    /// Whether this CPU runs `self`.
    pub fn is_supported(self) -> bool {
        self <= Isa::host_best()
    }

    /// The variant `KFORGE_ISA` asks for, or the host's best when it is unset
    /// or empty.
    pub fn from_env() -> Result<Isa, IsaError> {
        match std::env::var_os(ISA_ENV) {
            None => Ok(Isa::host_best()),
            Some(value) => Isa::parse_request(&value.to_string_lossy()),
        }
    }

    /// Checks a requested variant's name against this CPU.
    pub fn parse_request(given: &str) -> Result<Isa, IsaError> {
        if given.trim().is_empty() {
            return Ok(Isa::host_best());
        }
        let supported = Isa::supported()
            .iter()
            .rev()
            .map(|isa| isa.name())
            .collect::<Vec<_>>()
            .join(", ");
        let isa = Isa::from_name(given).ok_or_else(|| IsaError::Unknown {
            given: given.to_string(),
            supported: supported.clone(),
        })?;
        if !isa.is_supported() {
            return Err(IsaError::Unsupported {
                given: isa.name().to_string(),
                supported,
            });
        }
        Ok(isa)
    }

    /// LLVM target features that keep JIT-compiled code within this variant
    /// (appended to the host's: they only ever take features away).
    pub fn llvm_target_features(self) -> &'static [&'static str] {
        match self {
            Isa::Avx512 => &[],
            Isa::Avx2 => &["-avx512f"],
            Isa::Portable => &["-avx512f", "-avx2", "-fma", "-avx"],
        }
    }

    /// f32 lanes of one vector register on this variant (the portable
    /// variant targets the x86-64 baseline, SSE2).
    pub fn vector_lanes(self) -> usize {
        match self {
            Isa::Avx512 => 16,
            Isa::Avx2 => 8,
            Isa::Portable => 4,
        }
    }
}

impl std::fmt::Display for Isa {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

static ACTIVE: OnceLock<Isa> = OnceLock::new();

/// Chooses the process's variant from `KFORGE_ISA` (tools call this first, so
/// that a bad value is an error before any work). Later calls return the
/// variant chosen first.
pub fn init_from_env() -> Result<Isa, IsaError> {
    if let Some(isa) = ACTIVE.get() {
        return Ok(*isa);
    }
    let isa = Isa::from_env()?;
    Ok(*ACTIVE.get_or_init(|| isa))
}

/// The variant the kernels run on in this process: `KFORGE_ISA` if valid,
/// else the host's best (a library caller that never called
/// [`init_from_env`] with a bad value gets a warning on stderr, once).
pub fn active() -> Isa {
    *ACTIVE.get_or_init(|| {
        Isa::from_env().unwrap_or_else(|e| {
            let best = Isa::host_best();
            eprintln!("kforge: warning: {e}; using {best}");
            best
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for isa in Isa::ALL {
            assert_eq!(Isa::from_name(isa.name()), Some(isa));
        }
        assert_eq!(Isa::from_name("AVX2"), Some(Isa::Avx2));
        assert_eq!(Isa::from_name("sse"), None);
    }

    #[test]
    fn rejects_unknown_and_higher_variants() {
        let unknown = Isa::parse_request("avx1024").unwrap_err().to_string();
        assert!(
            unknown.contains("'avx1024' is not an ISA variant"),
            "{unknown}"
        );
        assert!(unknown.contains("portable"), "{unknown}");
        for isa in Isa::ALL {
            match Isa::parse_request(isa.name()) {
                Ok(got) => assert!(isa.is_supported() && got == isa),
                Err(e) => {
                    assert!(!isa.is_supported());
                    assert!(e.to_string().contains("not supported by this CPU"), "{e}");
                }
            }
        }
        assert_eq!(Isa::parse_request("").unwrap(), Isa::host_best());
    }

    #[test]
    fn host_supports_portable_and_its_best() {
        let supported = Isa::supported();
        assert_eq!(supported[0], Isa::Portable);
        assert_eq!(*supported.last().unwrap(), Isa::host_best());
    }
}
