//! The size check every allocation of a tensor, a KV cache or a result goes
//! through before it is made: sizes come from user input (types, shapes,
//! `--max-context`, a manifest), so their products are computed with checked
//! arithmetic and compared with a limit, and a size that fails is an error
//! naming what was to be allocated and how many bytes — never an abort of the
//! allocator or an overflow panic.
//!
//! The limit ([`max_allocation_bytes`]) is this machine's physical memory
//! (`MemTotal` of `/proc/meminfo`) where it is known, else
//! [`FALLBACK_LIMIT_BYTES`]; `$KFORGE_MAX_ALLOCATION` (bytes) overrides it.
use std::fmt;

/// The limit where the machine's memory is unknown: 1 TiB.
pub const FALLBACK_LIMIT_BYTES: u64 = 1 << 40;

/// An allocation that cannot be made.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AllocationError {
    /// What was to be allocated ("result #0 of kforge.add", "the KV cache").
    pub what: String,
    /// The shape asked for (dims), when it has one.
    pub shape: Vec<u64>,
    /// Bytes asked for; `None` when the count overflows 128 bits.
    pub bytes: Option<u128>,
    /// The limit, bytes.
    pub limit: u64,
}

impl fmt::Display for AllocationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let shape = if self.shape.is_empty() {
            String::new()
        } else {
            format!(
                " (shape {})",
                self.shape
                    .iter()
                    .map(u64::to_string)
                    .collect::<Vec<_>>()
                    .join("x")
            )
        };
        match self.bytes {
            Some(bytes) => write!(
                f,
                "{}{shape} needs {bytes} bytes, more than one allocation may take \
                 (at most {} bytes: {})",
                self.what,
                self.limit,
                limit_source()
            ),
            None => write!(f, "{}{shape}: its size in bytes overflows", self.what),
        }
    }
}

impl std::error::Error for AllocationError {}

/// Why the limit is what it is, for messages.
fn limit_source() -> &'static str {
    if std::env::var_os("KFORGE_MAX_ALLOCATION").is_some() {
        "$KFORGE_MAX_ALLOCATION"
    } else if physical_memory().is_some() {
        "this machine's memory"
    } else {
        "kforge's limit where the machine's memory is unknown"
    }
}

/// The most bytes one allocation may take (see the module doc).
pub fn max_allocation_bytes() -> u64 {
    if let Some(text) = std::env::var_os("KFORGE_MAX_ALLOCATION") {
        match text.to_str().and_then(|v| v.trim().parse::<u64>().ok()) {
            Some(v) => return v,
            None => warn_bad_limit(&text.to_string_lossy()),
        }
    }
    physical_memory().unwrap_or(FALLBACK_LIMIT_BYTES)
}

/// `MemTotal` of `/proc/meminfo`, bytes.
fn physical_memory() -> Option<u64> {
    static MEMORY: std::sync::OnceLock<Option<u64>> = std::sync::OnceLock::new();
    *MEMORY.get_or_init(|| {
        let text = std::fs::read_to_string("/proc/meminfo").ok()?;
        let line = text.lines().find(|l| l.starts_with("MemTotal:"))?;
        let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
        kib.checked_mul(1024)
    })
}

/// The bytes of a tensor of `shape` with `element_bytes` per element, checked
/// against [`max_allocation_bytes`]; `what` names it in the error.
pub fn check_tensor(
    what: impl fmt::Display,
    shape: &[usize],
    element_bytes: usize,
) -> Result<usize, AllocationError> {
    check_bytes(
        what,
        &shape.iter().map(|&d| d as u64).collect::<Vec<_>>(),
        element_bytes as u64,
    )
}

/// As [`check_tensor`], for dims given as `u64`.
pub fn check_bytes(
    what: impl fmt::Display,
    shape: &[u64],
    element_bytes: u64,
) -> Result<usize, AllocationError> {
    let limit = max_allocation_bytes();
    let bytes = shape
        .iter()
        .try_fold(element_bytes as u128, |n, &d| n.checked_mul(d as u128));
    match bytes {
        Some(b) if b <= limit as u128 && b <= isize::MAX as u128 => Ok(b as usize),
        _ => Err(AllocationError {
            what: what.to_string(),
            shape: shape.to_vec(),
            bytes,
            limit,
        }),
    }
}

/// Says once that `KFORGE_MAX_ALLOCATION` is not a byte count (the machine's
/// limit applies instead).
fn warn_bad_limit(text: &str) {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        eprintln!(
            "kforge: warning: KFORGE_MAX_ALLOCATION='{text}' is not a byte count (expected an integer in [0, 2^64)); using the machine's limit"
        )
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_within_the_limit_pass_and_others_are_named() {
        assert_eq!(check_tensor("x", &[2, 3], 4), Ok(24));
        assert_eq!(check_tensor("scalar", &[], 8), Ok(8));
        assert_eq!(check_tensor("empty", &[0, usize::MAX], 4), Ok(0));
        let e = check_tensor("result #0 of kforge.add", &[1 << 22, 1 << 22], 4).unwrap_err();
        assert_eq!(e.bytes, Some(1 << 46));
        let text = e.to_string();
        assert!(
            text.starts_with(
                "result #0 of kforge.add (shape 4194304x4194304) needs 70368744177664 bytes, \
                 more than one allocation may take (at most "
            ),
            "{text}"
        );
        let e = check_bytes("huge", &[u64::MAX, u64::MAX, u64::MAX], 4).unwrap_err();
        assert_eq!(e.bytes, None);
        assert!(
            e.to_string().ends_with("its size in bytes overflows"),
            "{e}"
        );
    }
}
