//! [`TextStream`] on the real model's tokenizer: the text it builds a few tokens at a time is, after every id,
//! the whole decode's text up to its last complete character, and equals the whole decode at the end.
mod common;

use common::model;
use kforge_model::{ModelFolder, TextStream};
use proptest::prelude::*;

/// Feeds `ids` one at a time; checks the stream against the whole decode after each.
fn check_stream(folder: &ModelFolder, ids: &[u32]) {
    let mut stream = TextStream::new();
    for n in 1..=ids.len() {
        stream.update(folder, &ids[..n]).unwrap();
        let whole = folder.decode(&ids[..n]).unwrap();
        assert!(
            whole.starts_with(stream.text()),
            "after {n} ids {ids:?}: stream {:?} is not a prefix of {whole:?}",
            stream.text()
        );
        if !whole.ends_with('\u{FFFD}') {
            assert_eq!(stream.text(), whole, "after {n} ids {ids:?}");
        }
    }
}

// Tests text with multi-byte characters split over byte tokens, spaces and
// newlines: the stream equals the whole decode wherever that is complete.
#[test]
fn the_stream_is_the_whole_decode_token_by_token() {
    let Some(dir) = model() else { return };
    let folder = ModelFolder::open(&dir.join("model.mlir")).unwrap();
    for text in [
        "The capital of France is Paris.",
        "Grüße aus Köln — 東京 🚀 naïve café\n\n  indented",
        "1, 2, 3,\tdone",
    ] {
        let ids = folder.encode(text).unwrap();
        check_stream(&folder, &ids);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    // Tests random id sequences (any token, byte tokens among them).
    #[test]
    fn the_stream_is_a_prefix_of_the_whole_decode(ids in proptest::collection::vec(0u32..49152, 1..40)) {
        let Some(dir) = model() else { return Ok(()) };
        let folder = ModelFolder::open(&dir.join("model.mlir")).unwrap();
        check_stream(&folder, &ids);
    }
}
