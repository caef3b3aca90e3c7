//! kforge.embedding and kforge.reshape.

use super::{error_text, f32s, i64s};
use crate::{embedding, reshape, Tensor};

// Tests a gather of rows 2, 0, 2.
#[test]
fn embedding_by_hand() {
    let table = f32s(&[3, 2], &[0.0, 1.0, 10.0, 11.0, 20.0, 21.0]);
    let y = embedding(&i64s(&[3], &[2, 0, 2]), &table).unwrap();
    assert_eq!(y, f32s(&[3, 2], &[20.0, 21.0, 0.0, 1.0, 20.0, 21.0]));
    assert_eq!(
        embedding(&i64s(&[0], &[]), &table).unwrap().shape(),
        &[0, 2]
    );
}

// Tests that ids outside [0, V) are rejected, not clamped, and the other errors.
#[test]
fn embedding_errors() {
    let table = Tensor::zeros([49152, 1]);
    assert_eq!(
        error_text(embedding(&i64s(&[2], &[1, 50000]), &table)),
        "kforge.embedding: token id 50000 outside the vocabulary [0, 49152) (ids[1])"
    );
    assert_eq!(
        error_text(embedding(&i64s(&[1], &[49152]), &table)),
        "kforge.embedding: token id 49152 outside the vocabulary [0, 49152) (ids[0])"
    );
    assert_eq!(
        error_text(embedding(&i64s(&[1], &[-1]), &table)),
        "kforge.embedding: token id -1 outside the vocabulary [0, 49152) (ids[0])"
    );
    assert_eq!(
        error_text(embedding(&Tensor::zeros([1]), &table)),
        "kforge.embedding: expected operand #0 element type (i64), got f32"
    );
    assert_eq!(
        error_text(embedding(&i64s(&[1, 1], &[0]), &table)),
        "kforge.embedding: expected operand #0 rank (1), got 2"
    );
    assert_eq!(
        error_text(embedding(&i64s(&[1], &[0]), &Tensor::zeros([4]))),
        "kforge.embedding: expected operand #1 rank (2), got 1"
    );
}

// Tests that reshape keeps the row-major order for both element types.
#[test]
fn reshape_keeps_row_major_order() {
    let x = f32s(&[2, 3], &[1.0, 2.0, 3.0, 4.0, 5.0, 6.0]);
    assert_eq!(
        reshape(&x, &[3, 2]).unwrap(),
        f32s(&[3, 2], &[1.0, 2.0, 3.0, 4.0, 5.0, 6.0])
    );
    assert_eq!(reshape(&x, &[6, 1, 1]).unwrap().shape(), &[6, 1, 1]);
    assert_eq!(
        reshape(&i64s(&[2], &[7, 8]), &[1, 2]).unwrap(),
        i64s(&[1, 2], &[7, 8])
    );
    assert_eq!(
        reshape(&i64s(&[1], &[7]), &[]).unwrap(),
        Tensor::scalar_i64(7)
    );
}

// Tests the element-count errors of reshape.
#[test]
fn reshape_errors() {
    assert_eq!(
        error_text(reshape(&Tensor::zeros([2, 3]), &[4])),
        "kforge.reshape: cannot reshape [2, 3] (6 elements) into [4] (4 elements)"
    );
    assert_eq!(
        error_text(reshape(&Tensor::zeros([2]), &[usize::MAX, 3])),
        "shape [18446744073709551615, 3] has more elements than fit in memory"
    );
}
