//! Kernel plans: how one compiler-level op runs as GPU kernels, without naming MLIR.
//!
//! `passes/src/lower_to_gpu` maps each kforge op to an [`OpPlan`]: the kernels to dispatch in order, and for
//! each kernel binding where its buffer comes from (an operand, a result, a scratch buffer, or a small table the
//! host computes from an integer operand). [`crate::exec`] runs plans over device buffers.

use crate::spec::KernelSpec;

/// Where a kernel binding's buffer comes from.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Arg {
    /// The op's operand `i` (f32 data on the device).
    Operand(usize),
    /// The op's result `i`.
    Result(usize),
    /// Scratch buffer `i` of [`OpPlan::temps`].
    Temp(usize),
    /// Integer operand `i` (ids) as clamped u32, uploaded from the host copy.
    Indices(usize),
    /// The RoPE table of integer operand `positions` ([`crate::rope_table::rope_table`]).
    RopeTable {
        /// Operand holding the positions.
        positions: usize,
        /// Head dim.
        head_dim: usize,
        /// θ.
        theta: f32,
    },
    /// Attention params `[kv_len, q_off]`: `kv_len = p + add_len`, `q_off = p + add_off` where `p` is the scalar
    /// integer operand `position` (0 when `None`).
    AttentionParams {
        /// Operand holding the cache position, if any.
        position: Option<usize>,
        /// Added to `p` for `kv_len`.
        add_len: i64,
        /// Added to `p` for the causal offset.
        add_off: i64,
    },
    /// KV-write params `[p]` from the scalar integer operand `position`.
    Position(usize),
}

/// One kernel of a plan.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct PlannedKernel {
    /// What to run.
    pub spec: KernelSpec,
    /// One source per binding of the spec, in binding order.
    pub args: Vec<Arg>,
}

/// How one op runs.
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
pub struct OpPlan {
    /// Kernels in dispatch order.
    pub kernels: Vec<PlannedKernel>,
    /// f32 elements of each scratch buffer.
    pub temps: Vec<usize>,
    /// Results that are operands reinterpreted (reshape) or updated in place (a KV cache): `(result, operand)`.
    /// An in-place result is copied from its operand first, so the operand's own value stays intact.
    pub aliases: Vec<(usize, usize)>,
    /// Results that are the host-side integer data of an operand (integer reshapes): `(result, operand)`.
    pub host_aliases: Vec<(usize, usize)>,
}
