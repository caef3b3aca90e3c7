//! The epilogue of `kforge.fused_linear`: pointwise steps applied to the
//! contraction's result, in order, written as the string attribute
//! `epilogue = "add,silu,mul"`. The verifier, the reference interpreter, the
//! lowering and `--kforge-fuse-epilogue` all read it through [`parse_epilogue`].

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
    fn rejects_unknown_and_empty_steps() {
        assert!(parse_epilogue("add,relu")
            .unwrap_err()
            .contains("got \"relu\""));
        assert!(parse_epilogue("").unwrap_err().contains("got \"\""));
    }
}
