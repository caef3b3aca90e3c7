//! Tests of the reference interpreter: hand-computed cases per op family,
//! error messages for every bad-input path, and property tests.

mod activation;
mod attention;
mod compare;
mod elementwise;
mod embedding;
mod matmul;
mod mlp;
mod norm;
mod properties;
mod rope;
mod softmax;
mod tensor;

use std::fmt::Debug;

use super::{max_abs_diff, ReferenceError, Tensor};

/// An `f32` tensor from a literal; the test's own data is always well formed.
fn f32s(shape: &[usize], data: &[f32]) -> Tensor {
    Tensor::f32(shape, data.to_vec()).expect("test tensor")
}

/// An `i64` tensor from a literal.
fn i64s(shape: &[usize], data: &[i64]) -> Tensor {
    Tensor::i64(shape, data.to_vec()).expect("test tensor")
}

/// Asserts equal shapes and elements within `tolerance` of each other.
#[track_caller]
fn assert_close(actual: &Tensor, expected: &Tensor, tolerance: f64) {
    let diff = max_abs_diff(actual, expected).expect("comparable tensors");
    assert!(
        diff <= tolerance,
        "max |diff| {diff} > {tolerance}\nactual: {actual:?}\nexpected: {expected:?}"
    );
}

/// The message of the error `result` must be.
#[track_caller]
fn error_text<T: Debug>(result: Result<T, ReferenceError>) -> String {
    result.expect_err("expected an error").to_string()
}
