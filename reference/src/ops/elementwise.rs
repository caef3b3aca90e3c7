//! `kforge.add` and `kforge.mul`, with numpy broadcasting.

use super::check;
use crate::error::ReferenceError;
use crate::tensor::{checked_numel, Tensor};

const ADD: &str = "kforge.add";
const MUL: &str = "kforge.mul";

/// `kforge.add`: `y = a + b`, broadcast.
pub fn add(a: &Tensor, b: &Tensor) -> Result<Tensor, ReferenceError> {
    broadcast_map(ADD, a, b, |x, y| x + y)
}

/// `kforge.mul`: `y = a · b`, broadcast.
pub fn mul(a: &Tensor, b: &Tensor) -> Result<Tensor, ReferenceError> {
    broadcast_map(MUL, a, b, |x, y| x * y)
}

/// The numpy broadcast of two shapes: aligned at the trailing dim, each pair
/// equal or one of them 1 (a missing leading dim counts as 1); `None` when
/// they are incompatible.
pub fn broadcast_shape(a: &[usize], b: &[usize]) -> Option<Vec<usize>> {
    let rank = a.len().max(b.len());
    (0..rank)
        .map(|d| {
            let (da, db) = (aligned_dim(a, rank, d), aligned_dim(b, rank, d));
            match (da, db) {
                _ if da == db => Some(da),
                (1, _) => Some(db),
                (_, 1) => Some(da),
                _ => None,
            }
        })
        .collect()
}

/// Dim `d` of `shape` right-aligned to `rank` dims, 1 where `shape` has none.
fn aligned_dim(shape: &[usize], rank: usize, d: usize) -> usize {
    (d + shape.len()).checked_sub(rank).map_or(1, |i| shape[i])
}

/// The element strides of `shape` read as `out`: 0 along broadcast dims.
fn broadcast_strides(shape: &[usize], out: &[usize]) -> Vec<usize> {
    let mut strides = vec![0; out.len()];
    let mut stride = 1;
    for d in (0..out.len()).rev() {
        let dim = aligned_dim(shape, out.len(), d);
        if dim != 1 {
            strides[d] = stride;
        }
        stride *= dim;
    }
    strides
}

fn broadcast_map(
    op: &'static str,
    a: &Tensor,
    b: &Tensor,
    f: impl Fn(f32, f32) -> f32,
) -> Result<Tensor, ReferenceError> {
    let (x, y) = (check::f32_operand(op, 0, a)?, check::f32_operand(op, 1, b)?);
    let incompatible = || ReferenceError::Broadcast {
        op,
        lhs: a.shape().to_vec(),
        rhs: b.shape().to_vec(),
    };
    let shape = broadcast_shape(a.shape(), b.shape()).ok_or_else(incompatible)?;
    let numel = checked_numel(&shape).ok_or_else(incompatible)?;
    if numel == 0 {
        return Tensor::f32(shape, Vec::new());
    }
    let (sa, sb) = (
        broadcast_strides(a.shape(), &shape),
        broadcast_strides(b.shape(), &shape),
    );
    // Walk the output in row-major order with an odometer over its index,
    // moving the two input offsets by their (possibly zero) strides.
    let mut out = Vec::with_capacity(numel);
    let mut index = vec![0; shape.len()];
    let (mut ia, mut ib) = (0, 0);
    for _ in 0..numel {
        out.push(f(x[ia], y[ib]));
        for d in (0..shape.len()).rev() {
            index[d] += 1;
            ia += sa[d];
            ib += sb[d];
            if index[d] < shape[d] {
                break;
            }
            index[d] = 0;
            ia -= sa[d] * shape[d];
            ib -= sb[d] * shape[d];
        }
    }
    Tensor::f32(shape, out)
}
