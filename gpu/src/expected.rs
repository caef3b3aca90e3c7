//! What each kernel spec must compute, in the kernels' own terms (flat `f32`
//! buffers and the spec's sizes), by the one set of reference ops in
//! `kforge_reference`: the ground truth of the GPU tests.
//!
//! Each function only reshapes its buffers into reference tensors and calls
//! the op the kernel implements; where a kernel's contract differs from the
//! kforge op's (embedding ids are clamped, a fully masked attention row
//! averages its values), the difference is spelled out in the function.

use kforge_reference::{
    self as reference, AttentionAttrs, GeluApproximation, ReferenceError, Tensor,
};

use crate::spec::{AttentionSpec, BinaryOp, Epilogue, EpilogueOp, MatmulSpec, UnaryOp};

/// A kernel's expected output, or why the reference refused its inputs.
pub type Expected = Result<Vec<f32>, ReferenceError>;

/// An `f32` tensor of `shape` holding a copy of `data`.
fn tensor<const N: usize>(shape: [usize; N], data: &[f32]) -> Result<Tensor, ReferenceError> {
    Tensor::f32(shape, data.to_vec())
}

/// `c[b] = a[b]·b[b]` (or `a·bᵀ` with `b` shared by the batch), plus bias, as
/// [`MatmulSpec`] describes.
pub fn matmul(s: &MatmulSpec, a: &[f32], b: &[f32], bias: Option<&[f32]>) -> Expected {
    let a = tensor([s.batch, s.m, s.k], a)?;
    let bias = bias.map(|v| tensor([s.n], v)).transpose()?;
    let y = if s.b_transposed {
        reference::linear(&a, &tensor([s.n, s.k], b)?, bias.as_ref())?
    } else {
        let y = reference::batch_matmul(&a, &tensor([s.batch, s.k, s.n], b)?)?;
        match bias {
            Some(bias) => reference::add(&y, &bias)?,
            None => y,
        }
    };
    y.into_f32_vec()
}

/// `x[m,k] · w[n,k]ᵀ` (a linear layer without bias).
pub fn linear(x: &[f32], w: &[f32], m: usize, n: usize, k: usize) -> Expected {
    reference::linear(&tensor([m, k], x)?, &tensor([n, k], w)?, None)?.into_f32_vec()
}

/// `y = a op b` with numpy broadcasting.
pub fn binary(
    op: BinaryOp,
    a: &[f32],
    a_shape: &[usize],
    b: &[f32],
    b_shape: &[usize],
) -> Expected {
    let a = Tensor::f32(a_shape, a.to_vec())?;
    let b = Tensor::f32(b_shape, b.to_vec())?;
    binary_tensors(op, &a, &b)?.into_f32_vec()
}

fn binary_tensors(op: BinaryOp, a: &Tensor, b: &Tensor) -> Result<Tensor, ReferenceError> {
    match op {
        BinaryOp::Add => reference::add(a, b),
        BinaryOp::Mul => reference::mul(a, b),
    }
}

/// `y = op(x)`.
pub fn unary(op: UnaryOp, x: &[f32]) -> Expected {
    unary_tensor(op, &tensor([x.len()], x)?)?.into_f32_vec()
}

fn unary_tensor(op: UnaryOp, x: &Tensor) -> Result<Tensor, ReferenceError> {
    match op {
        UnaryOp::Silu => reference::silu(x),
        UnaryOp::GeluTanh => reference::gelu(x, GeluApproximation::Tanh),
        UnaryOp::GeluErf => reference::gelu(x, GeluApproximation::None),
    }
}

/// `y = ep(x)`: the steps of `e` in order on `x` (of shape `e.out`), binary
/// steps taking `operands` in order.
pub fn epilogue(e: &Epilogue, x: &[f32], operands: &[&[f32]]) -> Expected {
    let mut y = Tensor::f32(e.out.as_slice(), x.to_vec())?;
    let mut next = operands.iter();
    for step in &e.steps {
        y = match step {
            EpilogueOp::Binary(op, shape) => {
                let operand = next.next().copied().unwrap_or_default();
                binary_tensors(*op, &y, &Tensor::f32(shape.as_slice(), operand.to_vec())?)?
            }
            EpilogueOp::Unary(op) => unary_tensor(*op, &y)?,
        };
    }
    y.into_f32_vec()
}

/// Softmax over the middle dim of `[outer, axis, inner]`.
pub fn softmax(x: &[f32], outer: usize, axis: usize, inner: usize) -> Expected {
    reference::softmax(&tensor([outer, axis, inner], x)?, 1)?.into_f32_vec()
}

/// `y = (x − μ) / √(σ² + ε) · γ + β` per row of `dim`.
pub fn layer_norm(x: &[f32], gamma: &[f32], beta: &[f32], dim: usize, eps: f32) -> Expected {
    let rows = x.len().checked_div(dim).unwrap_or(0);
    let (g, b) = (tensor([dim], gamma)?, tensor([dim], beta)?);
    reference::layer_norm(&tensor([rows, dim], x)?, &g, &b, eps)?.into_f32_vec()
}

/// `y = x / √(mean(x²) + ε) · w` per row of `dim`.
pub fn rms_norm(x: &[f32], w: &[f32], dim: usize, eps: f32) -> Expected {
    let rows = x.len().checked_div(dim).unwrap_or(0);
    reference::rms_norm(&tensor([rows, dim], x)?, &tensor([dim], w)?, eps)?.into_f32_vec()
}

/// Rotate-half RoPE of `x: [seq, heads, head_dim]` at `positions`.
pub fn rope(x: &[f32], positions: &[u32], heads: usize, head_dim: usize, theta: f32) -> Expected {
    let x = tensor([positions.len(), heads, head_dim], x)?;
    let positions = Tensor::i64(
        [positions.len()],
        positions.iter().map(|&p| i64::from(p)).collect(),
    )?;
    reference::rope(&x, &positions, theta)?.into_f32_vec()
}

/// Attention of `q: [sq, hq, d]` over rows `[0, kv_len)` of `k`, `v: [kv_rows, hkv, d]`; query `i` sees key `j`
/// iff `j ≤ i + q_off` when causal; a query that sees no key averages its values uniformly
/// ([`reference::attention_with_offset`]).
pub fn attention(
    a: &AttentionSpec,
    q: &[f32],
    k: &[f32],
    v: &[f32],
    kv_len: usize,
    q_off: i64,
) -> Expected {
    let q = tensor([a.sq, a.hq, a.d], q)?;
    let (k, v) = (
        tensor([a.kv_rows, a.hkv, a.d], k)?,
        tensor([a.kv_rows, a.hkv, a.d], v)?,
    );
    let attrs = AttentionAttrs {
        causal: a.causal,
        scale: a.scale,
    };
    reference::attention_with_offset(&q, &k, &v, kv_len, q_off, attrs)?.into_f32_vec()
}

/// `y[s,:] = table[min(ids[s], vocab-1),:]`: the kernel clamps ids, as the
/// compiled CPU code does, where the kforge op's reference rejects them.
pub fn embedding(ids: &[u32], table: &[f32], vocab: usize, dim: usize) -> Expected {
    let last = i64::try_from(vocab.saturating_sub(1)).unwrap_or(i64::MAX);
    let ids: Vec<i64> = ids.iter().map(|&id| i64::from(id).min(last)).collect();
    let ids = Tensor::i64([ids.len()], ids)?;
    reference::embedding(&ids, &tensor([vocab, dim], table)?)?.into_f32_vec()
}
