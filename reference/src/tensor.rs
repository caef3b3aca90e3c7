//! The dense row-major tensor the reference interpreter computes on.

use std::fmt;

use super::error::ReferenceError;
use super::random::SplitMix64;

/// The element type of a [`Tensor`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ElementType {
    /// 32-bit float: activations and weights.
    F32,
    /// 64-bit signed integer: token ids and positions.
    I64,
}

impl fmt::Display for ElementType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::F32 => "f32",
            Self::I64 => "i64",
        })
    }
}

/// The elements of a [`Tensor`], in row-major order.
#[derive(Debug, Clone, PartialEq)]
pub enum TensorData {
    /// `f32` elements.
    F32(Vec<f32>),
    /// `i64` elements.
    I64(Vec<i64>),
}

impl TensorData {
    /// The element type.
    pub fn element_type(&self) -> ElementType {
        match self {
            Self::F32(_) => ElementType::F32,
            Self::I64(_) => ElementType::I64,
        }
    }

    /// The number of elements.
    pub fn len(&self) -> usize {
        match self {
            Self::F32(v) => v.len(),
            Self::I64(v) => v.len(),
        }
    }

    /// Whether there are no elements.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// A dense row-major tensor with a static shape; rank 0 is a scalar.
///
/// The element count of `shape` always equals the length of the data: every
/// constructor checks it.
#[derive(Debug, Clone, PartialEq)]
pub struct Tensor {
    shape: Vec<usize>,
    data: TensorData,
}

/// The element count of `shape`, or `None` when it overflows `usize`.
/// A shape with a zero dim has no elements, whatever its other dims.
pub(crate) fn checked_numel(shape: &[usize]) -> Option<usize> {
    if shape.contains(&0) {
        return Some(0);
    }
    shape.iter().try_fold(1usize, |n, &d| n.checked_mul(d))
}

impl Tensor {
    /// A tensor of `shape` holding `data`; fails when the counts differ.
    pub fn new(shape: impl Into<Vec<usize>>, data: TensorData) -> Result<Self, ReferenceError> {
        let shape = shape.into();
        let expected = checked_numel(&shape).ok_or_else(|| ReferenceError::ShapeOverflow {
            shape: shape.clone(),
        })?;
        if data.len() != expected {
            return Err(ReferenceError::ElementCount {
                shape,
                expected,
                actual: data.len(),
            });
        }
        Ok(Self { shape, data })
    }

    /// An `f32` tensor of `shape` holding `data` in row-major order.
    pub fn f32(shape: impl Into<Vec<usize>>, data: Vec<f32>) -> Result<Self, ReferenceError> {
        Self::new(shape, TensorData::F32(data))
    }

    /// An `i64` tensor of `shape` holding `data` in row-major order.
    pub fn i64(shape: impl Into<Vec<usize>>, data: Vec<i64>) -> Result<Self, ReferenceError> {
        Self::new(shape, TensorData::I64(data))
    }

    /// A rank-0 `i64` tensor, e.g. the `position` operand of `kforge.attention`.
    pub fn scalar_i64(value: i64) -> Self {
        Self {
            shape: Vec::new(),
            data: TensorData::I64(vec![value]),
        }
    }

    /// An `f32` tensor of `shape` filled with zeros.
    ///
    /// # Panics
    /// If the element count of `shape` overflows `usize` (or, as for `vec!`,
    /// the allocation fails).
    pub fn zeros(shape: impl Into<Vec<usize>>) -> Self {
        let shape = shape.into();
        let numel = checked_numel(&shape).expect("element count of the shape overflows usize");
        Self {
            shape,
            data: TensorData::F32(vec![0.0; numel]),
        }
    }

    /// An `f32` tensor of `shape` with elements uniform in `[-1, 1)`, drawn in
    /// row-major order from [`SplitMix64`] seeded with `seed`: deterministic
    /// across machines and runs.
    ///
    /// # Panics
    /// If the element count of `shape` overflows `usize`.
    pub fn random_f32(shape: impl Into<Vec<usize>>, seed: u64) -> Self {
        let shape = shape.into();
        let numel = checked_numel(&shape).expect("element count of the shape overflows usize");
        let mut rng = SplitMix64::new(seed);
        let data = (0..numel).map(|_| rng.next_f32_symmetric()).collect();
        Self {
            shape,
            data: TensorData::F32(data),
        }
    }

    /// The dims, outermost first.
    pub fn shape(&self) -> &[usize] {
        &self.shape
    }

    /// The number of dims.
    pub fn rank(&self) -> usize {
        self.shape.len()
    }

    /// The number of elements.
    pub fn numel(&self) -> usize {
        self.data.len()
    }

    /// The element type.
    pub fn element_type(&self) -> ElementType {
        self.data.element_type()
    }

    /// The elements.
    pub fn data(&self) -> &TensorData {
        &self.data
    }

    /// The `f32` elements; fails for an `i64` tensor.
    pub fn as_f32(&self) -> Result<&[f32], ReferenceError> {
        match &self.data {
            TensorData::F32(v) => Ok(v),
            TensorData::I64(_) => Err(self.type_error(ElementType::F32)),
        }
    }

    /// The `i64` elements; fails for an `f32` tensor.
    pub fn as_i64(&self) -> Result<&[i64], ReferenceError> {
        match &self.data {
            TensorData::I64(v) => Ok(v),
            TensorData::F32(_) => Err(self.type_error(ElementType::I64)),
        }
    }

    /// The `f32` elements, moved out; fails for an `i64` tensor.
    pub fn into_f32_vec(self) -> Result<Vec<f32>, ReferenceError> {
        match self.data {
            TensorData::F32(v) => Ok(v),
            TensorData::I64(_) => Err(ReferenceError::ElementType {
                expected: ElementType::F32,
                actual: ElementType::I64,
            }),
        }
    }

    /// The shape and the elements, moved out.
    pub fn into_parts(self) -> (Vec<usize>, TensorData) {
        (self.shape, self.data)
    }

    fn type_error(&self, expected: ElementType) -> ReferenceError {
        ReferenceError::ElementType {
            expected,
            actual: self.element_type(),
        }
    }
}
