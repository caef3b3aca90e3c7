//! kforge.add and kforge.mul with numpy broadcasting.

use super::{error_text, f32s, i64s};
use crate::{add, broadcast_shape, mul, Tensor};

// Tests the broadcast shape rule on numpy's documented examples.
#[test]
fn broadcast_shapes_follow_numpy() {
    assert_eq!(
        broadcast_shape(&[8, 1, 6, 1], &[7, 1, 5]),
        Some(vec![8, 7, 6, 5])
    );
    assert_eq!(broadcast_shape(&[5, 4], &[1]), Some(vec![5, 4]));
    assert_eq!(
        broadcast_shape(&[15, 3, 5], &[15, 1, 5]),
        Some(vec![15, 3, 5])
    );
    assert_eq!(broadcast_shape(&[], &[2, 3]), Some(vec![2, 3]));
    assert_eq!(broadcast_shape(&[0, 3], &[1, 3]), Some(vec![0, 3]));
    assert_eq!(broadcast_shape(&[2, 1], &[8, 4, 3]), None);
    assert_eq!(broadcast_shape(&[0], &[2]), None);
}

// Tests same-shape, row-broadcast and rank-0 addition by hand.
#[test]
fn add_by_hand() {
    let a = f32s(&[2, 3], &[1.0, 2.0, 3.0, 4.0, 5.0, 6.0]);
    assert_eq!(
        add(&a, &a).unwrap(),
        f32s(&[2, 3], &[2.0, 4.0, 6.0, 8.0, 10.0, 12.0])
    );
    let row = f32s(&[3], &[10.0, 20.0, 30.0]);
    assert_eq!(
        add(&a, &row).unwrap(),
        f32s(&[2, 3], &[11.0, 22.0, 33.0, 14.0, 25.0, 36.0])
    );
    let scalar = f32s(&[], &[0.5]);
    assert_eq!(add(&scalar, &row).unwrap(), f32s(&[3], &[10.5, 20.5, 30.5]));
    assert_eq!(add(&Tensor::zeros([0, 3]), &row).unwrap().shape(), &[0, 3]);
}

// Tests a column times a row (both operands broadcast) and a middle-dim broadcast.
#[test]
fn mul_by_hand() {
    let col = f32s(&[2, 1], &[1.0, 2.0]);
    let row = f32s(&[1, 3], &[3.0, 4.0, 5.0]);
    assert_eq!(
        mul(&col, &row).unwrap(),
        f32s(&[2, 3], &[3.0, 4.0, 5.0, 6.0, 8.0, 10.0])
    );
    let a = f32s(&[2, 2, 2], &[1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0]);
    let mid = f32s(&[2, 1, 2], &[1.0, 10.0, 100.0, 1000.0]);
    let expected = [1.0, 20.0, 3.0, 40.0, 500.0, 6000.0, 700.0, 8000.0];
    assert_eq!(mul(&a, &mid).unwrap(), f32s(&[2, 2, 2], &expected));
}

// Tests the incompatible-shape and element-type errors.
#[test]
fn elementwise_errors() {
    assert_eq!(
        error_text(add(&Tensor::zeros([2, 3]), &Tensor::zeros([4]))),
        "kforge.add: cannot broadcast operand shapes [2, 3] and [4]"
    );
    assert_eq!(
        error_text(mul(&Tensor::zeros([2, 1]), &Tensor::zeros([8, 4, 3]))),
        "kforge.mul: cannot broadcast operand shapes [2, 1] and [8, 4, 3]"
    );
    assert_eq!(
        error_text(mul(&i64s(&[1], &[1]), &Tensor::zeros([1]))),
        "kforge.mul: expected operand #0 element type (f32), got i64"
    );
    assert_eq!(
        error_text(add(&Tensor::zeros([1]), &i64s(&[1], &[1]))),
        "kforge.add: expected operand #1 element type (f32), got i64"
    );
}
