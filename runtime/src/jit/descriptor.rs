//! MLIR memref descriptors as the JIT's C interface passes them:
//! `{ allocated, aligned, offset, sizes[rank], strides[rank] }`, all 8-byte words.
use crate::reference::{Tensor, TensorData};

/// One memref descriptor laid out as `3 + 2·rank` machine words.
#[derive(Debug)]
pub struct Descriptor {
    words: Vec<usize>,
    rank: usize,
}

impl Descriptor {
    /// A descriptor of a contiguous row-major buffer.
    pub fn contiguous(ptr: *mut u8, shape: &[usize]) -> Self {
        let rank = shape.len();
        let mut words = vec![ptr as usize, ptr as usize, 0];
        words.extend_from_slice(shape);
        let mut stride = 1usize;
        let mut strides = vec![0usize; rank];
        for i in (0..rank).rev() {
            strides[i] = stride;
            stride *= shape[i];
        }
        words.extend(strides);
        Self { words, rank }
    }

    /// An empty descriptor the callee fills (a result).
    pub fn for_result(rank: usize) -> Self {
        Self {
            words: vec![0; 3 + 2 * rank],
            rank,
        }
    }

    /// Pointer to the first word, as the C interface expects.
    pub fn as_mut_ptr(&mut self) -> *mut usize {
        self.words.as_mut_ptr()
    }

    /// The buffer's base (allocated) pointer.
    pub fn allocated(&self) -> usize {
        self.words[0]
    }

    /// Sizes as written by the callee.
    pub fn sizes(&self) -> &[usize] {
        &self.words[3..3 + self.rank]
    }

    fn strides(&self) -> &[usize] {
        &self.words[3 + self.rank..3 + 2 * self.rank]
    }

    /// Copies a result buffer (honouring offset and strides) into a tensor.
    ///
    /// # Safety
    /// The descriptor must describe a live buffer of `T` written by the callee.
    pub unsafe fn read<T: Copy + Default>(&self) -> (Vec<usize>, Vec<T>) {
        let shape = self.sizes().to_vec();
        let n: usize = shape.iter().product();
        let base = self.words[1] as *const T;
        let offset = self.words[2];
        let strides = self.strides().to_vec();
        let mut out = vec![T::default(); n];
        let contiguous = (0..self.rank)
            .all(|d| shape[d] == 1 || strides[d] == shape[d + 1..].iter().product::<usize>());
        if contiguous {
            // SAFETY: a contiguous buffer of `n` elements starting at `offset`.
            unsafe { std::ptr::copy_nonoverlapping(base.add(offset), out.as_mut_ptr(), n) };
            return (shape, out);
        }
        let mut index = vec![0usize; self.rank];
        for slot in out.iter_mut() {
            let linear: usize = offset
                + index
                    .iter()
                    .zip(&strides)
                    .map(|(i, s)| i * s)
                    .sum::<usize>();
            // SAFETY: in bounds of the callee's buffer by construction of its descriptor.
            *slot = unsafe { *base.add(linear) };
            for d in (0..self.rank).rev() {
                index[d] += 1;
                if index[d] < shape[d] {
                    break;
                }
                index[d] = 0;
            }
        }
        (shape, out)
    }
}

/// An owned copy of a tensor's data, in the layout the JIT reads.
pub enum Buffer {
    /// f32 elements.
    F32(Vec<f32>),
    /// i64 elements.
    I64(Vec<i64>),
    /// Bytes: an `i8` argument (a weight in a stored format), which reference tensors hold widened to `i64`.
    Bytes(Vec<u8>),
}

impl Buffer {
    /// A private copy of `t` (compiled code may update its arguments in place).
    pub fn copy_of(t: &Tensor) -> Self {
        match t.data() {
            TensorData::F32(v) => Self::F32(v.clone()),
            TensorData::I64(v) => Self::I64(v.clone()),
        }
    }

    /// A private copy of `t` for an argument of element type `element`: an `i8` argument's `i64` values as bytes
    /// (each already checked to be in `-128..=255`).
    pub fn for_argument(t: &Tensor, element: kforge_dialect::ElementType) -> Self {
        match (t.data(), element) {
            (TensorData::I64(v), kforge_dialect::ElementType::I8) => {
                Self::Bytes(v.iter().map(|&b| b as u8).collect())
            }
            _ => Self::copy_of(t),
        }
    }

    /// The buffer's data pointer.
    pub fn as_mut_ptr(&mut self) -> *mut u8 {
        match self {
            Self::F32(v) => v.as_mut_ptr() as *mut u8,
            Self::I64(v) => v.as_mut_ptr() as *mut u8,
            Self::Bytes(v) => v.as_mut_ptr(),
        }
    }
}
