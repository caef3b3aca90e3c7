//! Input mutation: a seeded random generator and the mutations libFuzzer and
//! AFL apply (bit flips, interesting integers, block insert/delete/duplicate,
//! dictionary tokens, splicing), plus two structure-aware ones: decimal
//! numbers in text replaced by boundary values, and whole tokens of a
//! separated list (the argv of the CLI target) replaced, inserted or dropped.

/// SplitMix64: small, fast, and the same sequence on every machine for a seed.
pub struct Rng(u64);

impl Rng {
    /// A generator for `seed`.
    pub fn new(seed: u64) -> Self {
        Self(seed ^ 0x9e37_79b9_7f4a_7c15)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A value in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next_u64() % n as u64) as usize
        }
    }

    /// True with probability `1/n`.
    pub fn one_in(&mut self, n: usize) -> bool {
        self.below(n) == 0
    }

    /// A random element of `items` (which must not be empty).
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Integers at the edges of every width and sign, little-endian when written.
const INTERESTING: &[u64] = &[
    0,
    1,
    2,
    3,
    4,
    7,
    8,
    16,
    31,
    32,
    64,
    127,
    128,
    255,
    256,
    1024,
    4096,
    32767,
    32768,
    65535,
    65536,
    0x7fff_ffff,
    0x8000_0000,
    0xffff_ffff,
    0x1_0000_0000,
    0x7fff_ffff_ffff_ffff,
    0x8000_0000_0000_0000,
    u64::MAX,
    u64::MAX - 1,
];

/// Decimal texts at the edges of i32, i64, u64, f32 and f64 (and a few
/// values that are not numbers at all).
const INTERESTING_NUMBERS: &[&str] = &[
    "0",
    "-0",
    "1",
    "-1",
    "2",
    "3",
    "7",
    "64",
    "1024",
    "65536",
    "2147483647",
    "2147483648",
    "-2147483649",
    "4294967295",
    "4294967296",
    "9223372036854775807",
    "9223372036854775808",
    "-9223372036854775808",
    "18446744073709551615",
    "18446744073709551616",
    "140737488355328",
    "1e308",
    "1e-308",
    "1e400",
    "-1e308",
    "3.4028236e38",
    "nan",
    "NaN",
    "inf",
    "-inf",
    "0.5",
    "0x7fffffff",
    "",
];

/// How a target's inputs are shaped, for the structure-aware mutations.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// Any bytes (file formats).
    Binary,
    /// Text: decimal numbers are worth replacing.
    Text,
    /// A list of tokens separated by this byte (argv, NUL-separated).
    Tokens(u8),
}

/// Mutates inputs of one target.
pub struct Mutator<'d> {
    /// Tokens worth inserting (keywords, flags, op names).
    pub dictionary: &'d [Vec<u8>],
    /// The input shape.
    pub shape: Shape,
    /// Longest input produced.
    pub max_len: usize,
}

impl Mutator<'_> {
    /// A mutant of `input`: one to eight stacked mutations; `other` is a second
    /// corpus entry to splice from.
    pub fn mutate(&self, rng: &mut Rng, input: &[u8], other: &[u8]) -> Vec<u8> {
        let mut data = input.to_vec();
        let most = if rng.one_in(2) { 2 } else { 8 };
        let rounds = 1 + rng.below(most);
        for _ in 0..rounds {
            match self.shape {
                Shape::Tokens(sep) if rng.below(3) != 0 => self.mutate_tokens(rng, &mut data, sep),
                Shape::Text if rng.one_in(3) => replace_number(rng, &mut data),
                _ => self.mutate_bytes(rng, &mut data, other),
            }
        }
        data.truncate(self.max_len);
        data
    }

    fn mutate_bytes(&self, rng: &mut Rng, data: &mut Vec<u8>, other: &[u8]) {
        let len = data.len();
        match rng.below(11) {
            0 if len > 0 => {
                let i = rng.below(len);
                data[i] ^= 1 << rng.below(8);
            }
            1 if len > 0 => {
                let i = rng.below(len);
                data[i] = rng.next_u64() as u8;
            }
            2 if len > 0 => {
                // An interesting integer of 1, 2, 4 or 8 bytes, possibly negated.
                let width = 1 << rng.below(4);
                let mut v = *rng.pick(INTERESTING);
                if rng.one_in(2) {
                    v = v.wrapping_neg();
                }
                let i = rng.below(len);
                let bytes = v.to_le_bytes();
                for (k, b) in bytes.iter().take(width).enumerate() {
                    if let Some(slot) = data.get_mut(i + k) {
                        *slot = *b;
                    }
                }
            }
            3 if len > 0 => {
                // Add or subtract a small amount at a 4- or 8-byte field.
                let i = rng.below(len);
                let delta = 1 + rng.below(16) as u8;
                data[i] = if rng.one_in(2) {
                    data[i].wrapping_add(delta)
                } else {
                    data[i].wrapping_sub(delta)
                };
            }
            4 if len > 1 => {
                let start = rng.below(len);
                let n = 1 + rng.below((len - start).min(64));
                data.drain(start..start + n);
            }
            5 if len > 0 => {
                // Duplicate a block.
                let start = rng.below(len);
                let n = 1 + rng.below((len - start).min(256));
                let block = data[start..start + n].to_vec();
                let at = rng.below(len + 1);
                data.splice(at..at, block);
            }
            6 => {
                let at = rng.below(len + 1);
                let n = 1 + rng.below(8);
                let bytes: Vec<u8> = (0..n).map(|_| rng.next_u64() as u8).collect();
                data.splice(at..at, bytes);
            }
            7 | 8 if !self.dictionary.is_empty() => {
                let token = rng.pick(self.dictionary).clone();
                let at = rng.below(len + 1);
                if rng.one_in(2) || len == 0 {
                    data.splice(at..at, token);
                } else {
                    let end = (at + token.len()).min(len);
                    data.splice(at..end, token);
                }
            }
            9 if !other.is_empty() => {
                // Splice: a prefix of this input and a suffix of the other.
                let cut = rng.below(len + 1);
                let from = rng.below(other.len());
                data.truncate(cut);
                data.extend_from_slice(&other[from..]);
            }
            10 if len > 0 => {
                data.truncate(rng.below(len));
            }
            _ => {
                let at = rng.below(len + 1);
                data.insert(at, rng.next_u64() as u8);
            }
        }
    }

    fn mutate_tokens(&self, rng: &mut Rng, data: &mut Vec<u8>, sep: u8) {
        let mut tokens: Vec<Vec<u8>> = data.split(|&b| b == sep).map(<[u8]>::to_vec).collect();
        let n = tokens.len();
        let fresh = |rng: &mut Rng| -> Vec<u8> {
            if !self.dictionary.is_empty() && rng.below(4) != 0 {
                rng.pick(self.dictionary).clone()
            } else {
                rng.pick(INTERESTING_NUMBERS).as_bytes().to_vec()
            }
        };
        // Token 0 names the tool: leave it to byte mutations only.
        let body = 1;
        match rng.below(6) {
            0 if n > body => {
                let i = body + rng.below(n - body);
                tokens[i] = fresh(rng);
            }
            1 => {
                let i = body + rng.below(n + 1 - body);
                let t = fresh(rng);
                tokens.insert(i, t);
            }
            2 if n > body => {
                tokens.remove(body + rng.below(n - body));
            }
            3 if n > body => {
                let i = body + rng.below(n - body);
                let t = tokens[i].clone();
                tokens.insert(i, t);
            }
            4 if n > body + 1 => {
                let i = body + rng.below(n - body);
                let j = body + rng.below(n - body);
                tokens.swap(i, j);
            }
            _ if n > body => {
                // `--flag=value` from two tokens, or a token's number replaced.
                let i = body + rng.below(n - body);
                replace_number(rng, &mut tokens[i]);
            }
            _ => {}
        }
        *data = tokens.join(&sep);
    }
}

/// Replaces one run of decimal digits (with its sign) by a boundary value.
fn replace_number(rng: &mut Rng, data: &mut Vec<u8>) {
    let runs: Vec<(usize, usize)> = {
        let mut runs = Vec::new();
        let mut i = 0;
        while i < data.len() {
            if data[i].is_ascii_digit() {
                let start = if i > 0 && data[i - 1] == b'-' {
                    i - 1
                } else {
                    i
                };
                while i < data.len() && (data[i].is_ascii_digit() || data[i] == b'.') {
                    i += 1;
                }
                runs.push((start, i));
            } else {
                i += 1;
            }
        }
        runs
    };
    if runs.is_empty() {
        let at = rng.below(data.len() + 1);
        let number = rng.pick(INTERESTING_NUMBERS).as_bytes().to_vec();
        data.splice(at..at, number);
        return;
    }
    let (start, end) = *rng.pick(&runs);
    let number = rng.pick(INTERESTING_NUMBERS).as_bytes().to_vec();
    data.splice(start..end, number);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_mutants() {
        let dict = vec![b"tensor<".to_vec()];
        let m = Mutator {
            dictionary: &dict,
            shape: Shape::Text,
            max_len: 1 << 16,
        };
        let run = |seed| {
            let mut rng = Rng::new(seed);
            (0..100)
                .map(|_| m.mutate(&mut rng, b"tensor<4x8xf32>", b"%0 = 12"))
                .collect::<Vec<_>>()
        };
        assert_eq!(run(7), run(7));
        assert_ne!(run(7), run(8));
    }

    #[test]
    fn mutants_respect_max_len() {
        let m = Mutator {
            dictionary: &[],
            shape: Shape::Tokens(0),
            max_len: 16,
        };
        let mut rng = Rng::new(1);
        for _ in 0..1000 {
            assert!(m.mutate(&mut rng, b"kforge-opt\0--x\0in/a.mlir", b"").len() <= 16);
        }
    }
}
