//! The epilogue of `kforge.fused_linear`: pointwise steps applied to the
//! contraction's result, in order, written as the string attribute
//! `epilogue = "add,silu,mul"`. The verifier, the reference interpreter, the
//! lowering and `--kforge-fuse-epilogue` all read it through [`parse_epilogue`].
//!
//! Compiled code hands the steps to the runtime's epilogue microkernel as one
//! `i64` ([`encode_epilogue`], read back by [`decode_epilogue`]): 4 bits a
//! step ([`EpilogueStep::code`]), the first step in the lowest bits, 0 ending
//! the list, so the encoding lives here, where the passes and the runtime
//! both read it.

/// One step of an epilogue; `y` is the value so far.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EpilogueStep {
    /// `y = y + e` with the next epilogue operand `e` broadcast to `y`'s shape.
    Add,
    /// `y = y · e` with the next epilogue operand `e` broadcast to `y`'s shape.
    Mul,
    /// `y = silu(y)`.
    Silu,
    /// `y = gelu(y)`, exact (`kforge.gelu` with `approximate = "none"`).
    Gelu,
    /// `y = gelu(y)`, tanh approximation (`approximate = "tanh"`).
    GeluTanh,
}

impl EpilogueStep {
    /// The step's name in the attribute.
    pub fn name(self) -> &'static str {
        match self {
            Self::Add => "add",
            Self::Mul => "mul",
            Self::Silu => "silu",
            Self::Gelu => "gelu",
            Self::GeluTanh => "gelu_tanh",
        }
    }

    /// The step's 4-bit code in [`encode_epilogue`] (never 0, which ends the list).
    pub fn code(self) -> u8 {
        match self {
            Self::Add => 1,
            Self::Mul => 2,
            Self::Silu => 3,
            Self::Gelu => 4,
            Self::GeluTanh => 5,
        }
    }

    /// The step of a 4-bit `code`, if it names one.
    pub fn from_code(code: u8) -> Option<Self> {
        [Self::Add, Self::Mul, Self::Silu, Self::Gelu, Self::GeluTanh]
            .into_iter()
            .find(|s| s.code() == code)
    }

    /// Whether the step reads an epilogue operand.
    pub fn is_binary(self) -> bool {
        matches!(self, Self::Add | Self::Mul)
    }
}

/// The steps of `text` (`"add,silu"`): at least one, each a known name.
pub fn parse_epilogue(text: &str) -> Result<Vec<EpilogueStep>, String> {
    let steps = text
        .split(',')
        .map(|name| match name.trim() {
            "add" => Ok(EpilogueStep::Add),
            "mul" => Ok(EpilogueStep::Mul),
            "silu" => Ok(EpilogueStep::Silu),
            "gelu" => Ok(EpilogueStep::Gelu),
            "gelu_tanh" => Ok(EpilogueStep::GeluTanh),
            other => Err(format!(
                "expected epilogue steps among add, mul, silu, gelu, gelu_tanh, got \"{other}\""
            )),
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(steps)
}

/// The attribute text of `steps`.
pub fn epilogue_text(steps: &[EpilogueStep]) -> String {
    steps.iter().map(|s| s.name()).collect::<Vec<_>>().join(",")
}

/// The most steps one `i64` encodes (4 bits each).
pub const MAX_ENCODED_STEPS: usize = 8;

/// `steps` as one integer, 4 bits a step from the lowest bits up; `None`
/// past [`MAX_ENCODED_STEPS`] steps.
pub fn encode_epilogue(steps: &[EpilogueStep]) -> Option<i64> {
    (steps.len() <= MAX_ENCODED_STEPS).then(|| {
        steps
            .iter()
            .rev()
            .fold(0i64, |code, s| (code << 4) | i64::from(s.code()))
    })
}

/// The steps of an [`encode_epilogue`] integer.
pub fn decode_epilogue(code: i64) -> Result<Vec<EpilogueStep>, String> {
    let mut steps = Vec::new();
    let mut rest = code as u64;
    while rest != 0 {
        let nibble = (rest & 0xF) as u8;
        let step = EpilogueStep::from_code(nibble).ok_or_else(|| {
            format!("expected epilogue step codes among 1..=5, got {nibble} in {code:#x}")
        })?;
        if steps.len() == MAX_ENCODED_STEPS {
            return Err(format!(
                "expected at most {MAX_ENCODED_STEPS} encoded epilogue steps, got more in {code:#x}"
            ));
        }
        steps.push(step);
        rest >>= 4;
    }
    Ok(steps)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips() {
        let steps = parse_epilogue("add,gelu_tanh,mul").unwrap();
        assert_eq!(
            steps,
            [EpilogueStep::Add, EpilogueStep::GeluTanh, EpilogueStep::Mul]
        );
        assert_eq!(epilogue_text(&steps), "add,gelu_tanh,mul");
    }

    #[test]
    fn encodes_four_bits_a_step() {
        let steps = parse_epilogue("add,silu,mul,gelu,gelu_tanh,add,mul,silu").unwrap();
        let code = encode_epilogue(&steps).unwrap();
        assert_eq!(code & 0xF, 1);
        assert_eq!(decode_epilogue(code).unwrap(), steps);
        assert_eq!(encode_epilogue(&[EpilogueStep::Silu]), Some(3));
        assert_eq!(encode_epilogue(&[EpilogueStep::Add; 9]), None);
        assert!(decode_epilogue(0x6).unwrap_err().contains("got 6"));
    }

    #[test]
    fn rejects_unknown_and_empty_steps() {
        assert!(parse_epilogue("add,relu")
            .unwrap_err()
            .contains("got \"relu\""));
        assert!(parse_epilogue("").unwrap_err().contains("got \"\""));
    }
}
