//! The one list of `kforge` ops: [`KforgeOp`], from which every other list
//! derives.
//!
//! The IRDL file defines the same ops (a test parses it and compares), the
//! reference interpreter and the GPU plan match on [`KforgeOp`] exhaustively (so
//! a new variant does not compile until both handle it), and `dialect/OPS.md`
//! and the README name each op once (tests compare them with [`KforgeOp::ALL`]).
//! An op the GPU cannot run says so here ([`GpuKernels::None`]), not by being
//! left out of a match.

use std::fmt;

/// Whether an op runs on the GPU backend (`--lower-to-gpu`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GpuKernels {
    /// Mapped to one or more WGSL kernels.
    Some,
    /// Runs without a kernel: a weight bound at load time, a reshape that
    /// aliases its operand's buffer.
    NotNeeded,
    /// No GPU kernel yet: `--lower-to-gpu` reports an error at the op.
    None,
}

macro_rules! kforge_ops {
    ($($variant:ident => $name:literal, gpu: $gpu:ident;)*) => {
        /// An op of the `kforge` dialect.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum KforgeOp {
            $(
                #[doc = concat!("`", $name, "`.")]
                $variant,
            )*
        }

        impl KforgeOp {
            /// Every op, in the order of `dialect/kforge.irdl.mlir` and `dialect/OPS.md`.
            pub const ALL: &'static [KforgeOp] = &[$(KforgeOp::$variant),*];

            /// The full op name, e.g. `kforge.matmul`.
            pub const fn name(self) -> &'static str {
                match self {
                    $(KforgeOp::$variant => $name,)*
                }
            }

            /// How the GPU backend runs this op.
            pub const fn gpu_kernels(self) -> GpuKernels {
                match self {
                    $(KforgeOp::$variant => GpuKernels::$gpu,)*
                }
            }
        }
    };
}

kforge_ops! {
    Matmul => "kforge.matmul", gpu: Some;
    BatchMatmul => "kforge.batch_matmul", gpu: Some;
    Linear => "kforge.linear", gpu: Some;
    FusedLinear => "kforge.fused_linear", gpu: Some;
    MultiLinear => "kforge.multi_linear", gpu: Some;
    SwigluLinear => "kforge.swiglu_linear", gpu: Some;
    Add => "kforge.add", gpu: Some;
    Mul => "kforge.mul", gpu: Some;
    Silu => "kforge.silu", gpu: Some;
    Gelu => "kforge.gelu", gpu: Some;
    Softmax => "kforge.softmax", gpu: Some;
    RmsNorm => "kforge.rms_norm", gpu: Some;
    LayerNorm => "kforge.layer_norm", gpu: Some;
    Rope => "kforge.rope", gpu: Some;
    Attention => "kforge.attention", gpu: Some;
    Mlp => "kforge.mlp", gpu: Some;
    Embedding => "kforge.embedding", gpu: Some;
    Weight => "kforge.weight", gpu: NotNeeded;
    Reshape => "kforge.reshape", gpu: NotNeeded;
}

impl KforgeOp {
    /// The op named `name` (a full name such as `kforge.matmul`), if it is one.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|op| op.name() == name)
    }

    /// Every op's full name, in [`KforgeOp::ALL`]'s order.
    pub fn names() -> impl Iterator<Item = &'static str> {
        Self::ALL.iter().map(|op| op.name())
    }
}

impl fmt::Display for KforgeOp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests;
