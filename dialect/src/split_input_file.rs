//! `--split-input-file`: one input file as several, cut at `// -----` lines (as
//! mlir-opt does), each chunk knowing its first line so diagnostics keep the
//! file's line numbers.

/// One chunk of the input: its text and first line in the file.
pub struct Chunk<'s> {
    /// The chunk's text.
    pub text: &'s str,
    /// Its first line in the file (1-based).
    pub first_line: usize,
}

/// The chunks of `text` between `// -----` lines (with `split`), else all of it as one.
pub fn split_input_file(text: &str, split: bool) -> Vec<Chunk<'_>> {
    if !split {
        return vec![Chunk {
            text,
            first_line: 1,
        }];
    }
    let mut chunks = Vec::new();
    let (mut start, mut first_line, mut line_no) = (0, 1, 1);
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        if line.trim_end().starts_with("// -----") {
            chunks.push(Chunk {
                text: &text[start..offset],
                first_line,
            });
            start = offset + line.len();
            first_line = line_no + 1;
        }
        offset += line.len();
        line_no += 1;
    }
    chunks.push(Chunk {
        text: &text[start..],
        first_line,
    });
    chunks
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunks_keep_their_first_line() {
        let text = "a\n// -----\nb\nc\n// -----\nd";
        let chunks = split_input_file(text, true);
        let got: Vec<(&str, usize)> = chunks.iter().map(|c| (c.text, c.first_line)).collect();
        assert_eq!(got, [("a\n", 1), ("b\nc\n", 3), ("d", 6)]);
        assert_eq!(split_input_file(text, false).len(), 1);
    }
}
