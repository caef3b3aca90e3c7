//! Value parsers of the command line's numbers: each rejects what would make
//! the run meaningless (NaN, infinities, out-of-range values) with clap's
//! usual error, naming the expected range and the value given.

/// `--temperature`: a finite number ≥ 0 (0: greedy).
pub fn temperature(text: &str) -> Result<f32, String> {
    let value = number::<f32>(text)?;
    if value.is_finite() && value >= 0.0 {
        Ok(value)
    } else {
        Err(format!(
            "expected a finite temperature >= 0 (0: greedy), got {text}"
        ))
    }
}

/// `--top-p`: a number in (0, 1] (1: every token).
pub fn top_p(text: &str) -> Result<f32, String> {
    let value = number::<f32>(text)?;
    if value > 0.0 && value <= 1.0 {
        Ok(value)
    } else {
        Err(format!("expected a top-p in (0, 1], got {text}"))
    }
}

/// `--tolerance`: a finite number ≥ 0.
pub fn tolerance(text: &str) -> Result<f64, String> {
    let value = number::<f64>(text)?;
    if value.is_finite() && value >= 0.0 {
        Ok(value)
    } else {
        Err(format!("expected a finite tolerance >= 0, got {text}"))
    }
}

/// The most worker threads `--threads` may ask for: far more cores than any
/// machine kforge runs on, and few enough that starting them cannot exhaust
/// the process's threads or address space (2^31 threads did: a rayon panic).
pub const MAX_THREADS: usize = 1024;

/// `--threads`: an integer in [1, [`MAX_THREADS`]].
pub fn threads(text: &str) -> Result<usize, String> {
    match number::<usize>(text) {
        Ok(value) if (1..=MAX_THREADS).contains(&value) => Ok(value),
        _ => Err(format!(
            "expected a thread count in [1, {MAX_THREADS}], got '{text}'"
        )),
    }
}

fn number<T: std::str::FromStr>(text: &str) -> Result<T, String> {
    text.trim()
        .parse()
        .map_err(|_| format!("expected a number, got '{text}'"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Regression (hostile campaign): `--threads 2147483648` panicked in rayon
    /// (the failed global pool) or spent minutes starting threads.
    #[test]
    fn thread_counts_are_bounded() {
        assert_eq!(threads("1"), Ok(1));
        assert_eq!(threads(&MAX_THREADS.to_string()), Ok(MAX_THREADS));
        for bad in [
            "0",
            "-1",
            "1025",
            "2147483648",
            "18446744073709551616",
            "NaN",
            "",
        ] {
            let e = threads(bad).unwrap_err();
            assert!(e.contains(&format!("got '{bad}'")), "{bad}: {e}");
        }
    }

    #[test]
    fn temperatures_are_finite_and_not_negative() {
        assert_eq!(temperature("0"), Ok(0.0));
        assert_eq!(temperature("0.7"), Ok(0.7));
        for bad in ["NaN", "nan", "inf", "-inf", "-1", "-0.1", "1e39"] {
            let e = temperature(bad).unwrap_err();
            assert!(e.contains(&format!("got {bad}")), "{bad}: {e}");
        }
        assert_eq!(
            temperature("hot").unwrap_err(),
            "expected a number, got 'hot'"
        );
    }

    #[test]
    fn top_p_is_within_zero_exclusive_one_inclusive() {
        assert_eq!(top_p("1"), Ok(1.0));
        assert_eq!(top_p("0.9"), Ok(0.9));
        for bad in ["2", "1.0001", "0", "-0.5", "NaN", "inf"] {
            assert_eq!(
                top_p(bad).unwrap_err(),
                format!("expected a top-p in (0, 1], got {bad}")
            );
        }
    }

    #[test]
    fn tolerances_are_finite_and_not_negative() {
        assert_eq!(tolerance("1e-5"), Ok(1e-5));
        for bad in ["NaN", "inf", "-1e-5"] {
            assert!(tolerance(bad).is_err(), "{bad}");
        }
    }
}
