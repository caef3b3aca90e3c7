//! [`TextStream`]: the text of a growing list of generated ids, decoded a few tokens at a time.
//!
//! Decoding every id from the start after each token costs time in the number of tokens so far (a server does it
//! for every running sequence at every step). Here each decode covers a short window instead: the ids from
//! `prefix` (the start of the last piece already taken) to the end, and the same window without the new ids. The
//! new text is the difference, taken only when it is whole: a multi-byte character spread over several byte
//! tokens decodes as U+FFFD until its last byte arrives. Decoding both from `prefix` keeps whatever a decoder does
//! to the first token of a call (a SentencePiece decoder drops its leading space) out of the difference.

use crate::{ModelError, ModelFolder};

/// The decoded text of the ids generated so far (see the module doc).
#[derive(Debug, Default, Clone)]
pub struct TextStream {
    text: String,
    /// Start of the window: the first id of the last piece taken.
    prefix: usize,
    /// Ids already in `text`.
    read: usize,
}

impl TextStream {
    /// An empty stream.
    pub fn new() -> Self {
        Self::default()
    }

    /// The text so far (whole characters only).
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Takes the ids `ids[read..]` added since the last call (`ids` holds every generated id); returns whether
    /// the text grew.
    pub fn update(&mut self, folder: &ModelFolder, ids: &[u32]) -> Result<bool, ModelError> {
        if ids.len() <= self.read {
            return Ok(false);
        }
        let before = folder.decode(&ids[self.prefix..self.read])?;
        let after = folder.decode(&ids[self.prefix..])?;
        if after.ends_with('\u{FFFD}') {
            return Ok(false);
        }
        if !after.starts_with(&before) {
            // A decoder whose output for a window is not a prefix of a longer one: decode everything.
            let whole = folder.decode(ids)?;
            let grew = whole.len() > self.text.len();
            self.text = whole;
            self.prefix = ids.len();
            self.read = ids.len();
            return Ok(grew);
        }
        let grew = after.len() > before.len();
        self.text.push_str(&after[before.len()..]);
        self.prefix = self.read;
        self.read = ids.len();
        Ok(grew)
    }
}
