//! Stop strings over streamed text: how much of the text so far may be sent,
//! and whether a stop string ended it.
//!
//! A stop string may arrive split over tokens, so text that could still grow
//! into one is held back: only the part before the longest suffix that is a
//! prefix of some stop string is released. When a stop string appears, the
//! text ends just before it (the stop string itself is never sent, as OpenAI's
//! API does).

/// The stop strings of one request (empty ones dropped).
#[derive(Clone, Debug, Default)]
pub struct StopStrings {
    stops: Vec<String>,
}

/// What [`StopStrings::scan`] found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Scan {
    /// Bytes of the text that may be sent (a char boundary, never below what was sent).
    pub release: usize,
    /// A stop string ends the text at `release`.
    pub stopped: bool,
}

impl StopStrings {
    /// The stop strings (empty strings match nothing and are dropped).
    pub fn new(stops: Vec<String>) -> Self {
        Self {
            stops: stops.into_iter().filter(|s| !s.is_empty()).collect(),
        }
    }

    /// Scans `text` (all generated text so far) of which `sent` bytes were
    /// already released.
    pub fn scan(&self, text: &str, sent: usize) -> Scan {
        let longest = self.stops.iter().map(String::len).max().unwrap_or(0);
        // A new match must end in the unsent part, so it starts after
        // `sent - longest + 1` at the earliest.
        let mut from = sent
            .saturating_sub(longest.saturating_sub(1))
            .min(text.len());
        while !text.is_char_boundary(from) {
            from -= 1;
        }
        let found = self
            .stops
            .iter()
            .filter_map(|s| text[from..].find(s.as_str()).map(|i| from + i))
            .min();
        if let Some(at) = found {
            return Scan {
                release: at.max(sent),
                stopped: true,
            };
        }
        // Hold back the longest suffix that a stop string starts with.
        let held = (1..longest.min(text.len() - sent) + 1)
            .rev()
            .filter(|&n| text.is_char_boundary(text.len() - n))
            .find(|&n| {
                let tail = &text[text.len() - n..];
                self.stops.iter().any(|s| s.starts_with(tail))
            })
            .unwrap_or(0);
        Scan {
            release: text.len() - held,
            stopped: false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn stops(s: &[&str]) -> StopStrings {
        StopStrings::new(s.iter().map(|s| s.to_string()).collect())
    }

    #[test]
    fn releases_all_without_stops() {
        let s = stops(&[]);
        assert_eq!(
            s.scan("hello", 2),
            Scan {
                release: 5,
                stopped: false
            }
        );
    }

    #[test]
    fn holds_back_a_possible_start_and_cuts_at_a_match() {
        let s = stops(&["\n\n", "END"]);
        assert_eq!(
            s.scan("Paris.\n", 0),
            Scan {
                release: 6,
                stopped: false
            }
        );
        assert_eq!(
            s.scan("Paris.\nX", 6),
            Scan {
                release: 8,
                stopped: false
            }
        );
        assert_eq!(
            s.scan("Paris.\n\nThe", 6),
            Scan {
                release: 6,
                stopped: true
            }
        );
        assert_eq!(
            s.scan("abcEN", 0),
            Scan {
                release: 3,
                stopped: false
            }
        );
        assert_eq!(
            s.scan("abcENDxyz", 3),
            Scan {
                release: 3,
                stopped: true
            }
        );
    }

    #[test]
    fn the_earliest_stop_wins_and_multibyte_text_is_cut_on_char_boundaries() {
        let s = stops(&["é!", "b"]);
        assert_eq!(
            s.scan("aé", 0),
            Scan {
                release: 1,
                stopped: false
            }
        );
        assert_eq!(
            s.scan("aé!b", 1),
            Scan {
                release: 1,
                stopped: true
            }
        );
        assert_eq!(
            s.scan("ab é!", 0),
            Scan {
                release: 1,
                stopped: true
            }
        );
    }

    proptest! {
        // Streaming in pieces gives the text one scan of the whole gives: no
        // stop string sent, nothing after it, nothing lost before it.
        #[test]
        fn streaming_equals_one_scan(text in "[ab\\n]{0,24}", cuts in proptest::collection::vec(0usize..24, 0..6)) {
            let s = stops(&["ab\n", "bb"]);
            let whole = s.scan(&text, 0);
            let want = if whole.stopped { &text[..whole.release] } else { text.as_str() };
            let mut sent = String::new();
            let mut ends: Vec<usize> = cuts.into_iter().map(|c| c.min(text.len())).collect();
            ends.push(text.len());
            ends.sort_unstable();
            for end in ends {
                let r = s.scan(&text[..end], sent.len());
                prop_assert!(r.release >= sent.len());
                sent.push_str(&text[sent.len()..r.release]);
                if r.stopped { break; }
            }
            if !whole.stopped {
                // The end of the text: whatever is held back is sent too.
                sent.push_str(&text[sent.len()..]);
            }
            prop_assert_eq!(sent, want);
        }
    }
}
