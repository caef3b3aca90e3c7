//! Value parsers of the benchmarks' counts: each rejects what cannot be meant
//! (and would overflow or never finish) with clap's usual error, naming the
//! range and the value given.

/// The most threads a pool may be asked for: far more cores than any machine
/// kforge runs on, and few enough that starting them cannot exhaust the
/// process's threads or address space (2^31 spent minutes starting threads).
pub const MAX_THREADS: usize = 1024;

/// The most timed calls or steps per side: a day of the slowest benchmark, far
/// from the overflow of `repeats * 10` (2^63 panicked).
pub const MAX_REPEATS: usize = 1_000_000;

/// `--threads` of `matmul`, `suite` and `fusion`: an integer in [1, [`MAX_THREADS`]].
pub fn threads(text: &str) -> Result<usize, String> {
    integer_in(text, MAX_THREADS, "a thread count")
}

/// `--repeats` and `--decode-steps`: an integer in [1, [`MAX_REPEATS`]].
pub fn repeats(text: &str) -> Result<usize, String> {
    integer_in(text, MAX_REPEATS, "a count")
}

fn integer_in(text: &str, max: usize, what: &str) -> Result<usize, String> {
    match text.trim().parse::<usize>() {
        Ok(value) if (1..=max).contains(&value) => Ok(value),
        _ => Err(format!("expected {what} in [1, {max}], got '{text}'")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Regression (hostile campaign): `--threads 9223372036854775807` never returned.
    #[test]
    fn thread_counts_are_bounded() {
        assert_eq!(threads("2"), Ok(2));
        assert_eq!(threads(&MAX_THREADS.to_string()), Ok(MAX_THREADS));
        for bad in ["0", "-1", "1025", "9223372036854775807", "NaN", ""] {
            let e = threads(bad).unwrap_err();
            assert!(e.contains(&format!("got '{bad}'")), "{bad}: {e}");
        }
    }

    /// Regression (hostile campaign): `matmul --repeats 9223372036854775807`
    /// panicked on `repeats * 10`; 2^31 ran for hours.
    #[test]
    fn repeat_counts_are_bounded() {
        assert_eq!(repeats("10"), Ok(10));
        for bad in ["0", "1000001", "2147483648", "9223372036854775807", "1e3"] {
            let e = repeats(bad).unwrap_err();
            assert!(e.contains("expected a count in [1, 1000000]"), "{bad}: {e}");
        }
    }
}
