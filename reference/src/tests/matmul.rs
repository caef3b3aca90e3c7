//! kforge.matmul, kforge.batch_matmul and kforge.linear.

use super::{assert_close, error_text, f32s, i64s};
use crate::{batch_matmul, linear, matmul, Tensor};

// Tests a 2×3 by 3×2 product computed by hand.
#[test]
fn matmul_by_hand() {
    let a = f32s(&[2, 3], &[1.0, 2.0, 3.0, 4.0, 5.0, 6.0]);
    let b = f32s(&[3, 2], &[7.0, 8.0, 9.0, 10.0, 11.0, 12.0]);
    assert_eq!(
        matmul(&a, &b).unwrap(),
        f32s(&[2, 2], &[58.0, 64.0, 139.0, 154.0])
    );
}

// Tests a wide product (several column blocks, a partial last one) against
// the definition evaluated column by column.
#[test]
fn matmul_wide_matches_definition() {
    let (m, k, n) = (3, 37, 1300);
    let a = Tensor::random_f32([m, k], 1);
    let b = Tensor::random_f32([k, n], 2);
    let (x, y) = (a.as_f32().unwrap(), b.as_f32().unwrap());
    let expected: Vec<f32> = (0..m * n)
        .map(|i| {
            let (r, c) = (i / n, i % n);
            (0..k)
                .map(|kk| f64::from(x[r * k + kk]) * f64::from(y[kk * n + c]))
                .sum::<f64>() as f32
        })
        .collect();
    assert_close(&matmul(&a, &b).unwrap(), &f32s(&[m, n], &expected), 1e-6);
}

// Tests that an empty inner dim gives zeros and empty outer dims give empty results.
#[test]
fn matmul_degenerate_dims() {
    assert_eq!(
        matmul(&Tensor::zeros([2, 0]), &Tensor::zeros([0, 3])).unwrap(),
        Tensor::zeros([2, 3])
    );
    assert_eq!(
        matmul(&Tensor::zeros([0, 4]), &Tensor::zeros([4, 3]))
            .unwrap()
            .shape(),
        &[0, 3]
    );
    assert_eq!(
        matmul(&Tensor::zeros([2, 4]), &Tensor::zeros([4, 0]))
            .unwrap()
            .shape(),
        &[2, 0]
    );
}

// Tests a batch of two products by hand: the second batch times identity.
#[test]
fn batch_matmul_by_hand() {
    let a = f32s(&[2, 2, 2], &[1.0, 0.0, 0.0, 1.0, 1.0, 2.0, 3.0, 4.0]);
    let b = f32s(&[2, 2, 2], &[5.0, 6.0, 7.0, 8.0, 1.0, 0.0, 0.0, 1.0]);
    let expected = f32s(&[2, 2, 2], &[5.0, 6.0, 7.0, 8.0, 1.0, 2.0, 3.0, 4.0]);
    assert_eq!(batch_matmul(&a, &b).unwrap(), expected);
    let empty = batch_matmul(&Tensor::zeros([3, 2, 0]), &Tensor::zeros([3, 0, 4])).unwrap();
    assert_eq!(empty, Tensor::zeros([3, 2, 4]));
}

// Tests that each batch of batch_matmul is the matmul of that batch.
#[test]
fn batch_matmul_is_matmul_per_batch() {
    let a = Tensor::random_f32([3, 4, 5], 3);
    let b = Tensor::random_f32([3, 5, 6], 4);
    let y = batch_matmul(&a, &b).unwrap();
    for i in 0..3 {
        let a_i = f32s(&[4, 5], &a.as_f32().unwrap()[i * 20..(i + 1) * 20]);
        let b_i = f32s(&[5, 6], &b.as_f32().unwrap()[i * 30..(i + 1) * 30]);
        let y_i = f32s(&[4, 6], &y.as_f32().unwrap()[i * 24..(i + 1) * 24]);
        assert_eq!(matmul(&a_i, &b_i).unwrap(), y_i);
    }
}

// Tests linear with and without bias by hand, for ranks 1, 2 and 3.
#[test]
fn linear_by_hand() {
    let x = f32s(&[2, 3], &[1.0, 2.0, 3.0, 4.0, 5.0, 6.0]);
    let w = f32s(&[2, 3], &[1.0, 0.0, -1.0, 0.5, 0.5, 0.5]);
    let bias = f32s(&[2], &[10.0, 20.0]);
    assert_eq!(
        linear(&x, &w, None).unwrap(),
        f32s(&[2, 2], &[-2.0, 3.0, -2.0, 7.5])
    );
    assert_eq!(
        linear(&x, &w, Some(&bias)).unwrap(),
        f32s(&[2, 2], &[8.0, 23.0, 8.0, 27.5])
    );
    let x1 = f32s(&[3], &[1.0, 2.0, 3.0]);
    assert_eq!(linear(&x1, &w, None).unwrap(), f32s(&[2], &[-2.0, 3.0]));
    let x3 = f32s(&[1, 2, 3], &[1.0, 2.0, 3.0, 4.0, 5.0, 6.0]);
    assert_eq!(
        linear(&x3, &w, None).unwrap(),
        f32s(&[1, 2, 2], &[-2.0, 3.0, -2.0, 7.5])
    );
}

// Tests that an empty reduction dim gives the bias alone (rows of nothing still count).
#[test]
fn linear_empty_reduction() {
    let bias = f32s(&[2], &[1.5, -2.0]);
    let y = linear(&Tensor::zeros([3, 0]), &Tensor::zeros([2, 0]), Some(&bias)).unwrap();
    assert_eq!(y, f32s(&[3, 2], &[1.5, -2.0, 1.5, -2.0, 1.5, -2.0]));
    let y = linear(&Tensor::zeros([2, 0, 4]), &Tensor::zeros([5, 4]), None).unwrap();
    assert_eq!(y.shape(), &[2, 0, 5]);
}

// Tests the matmul and batch_matmul shape and type errors.
#[test]
fn matmul_errors() {
    let (a, b) = (Tensor::zeros([2, 512]), Tensor::zeros([576, 4]));
    assert_eq!(
        error_text(matmul(&a, &b)),
        "kforge.matmul: expected operand #1 dim 0 (576) to match operand #0 dim 1 (512)"
    );
    assert_eq!(
        error_text(matmul(&Tensor::zeros([1, 2, 3]), &b)),
        "kforge.matmul: expected operand #0 rank (2), got 3"
    );
    assert_eq!(
        error_text(matmul(&a, &Tensor::zeros([4]))),
        "kforge.matmul: expected operand #1 rank (2), got 1"
    );
    assert_eq!(
        error_text(matmul(&a, &i64s(&[1, 1], &[0]))),
        "kforge.matmul: expected operand #1 element type (f32), got i64"
    );
    let (a3, b3) = (Tensor::zeros([2, 3, 4]), Tensor::zeros([2, 4, 5]));
    assert_eq!(
        error_text(batch_matmul(&a3, &Tensor::zeros([3, 4, 5]))),
        "kforge.batch_matmul: expected operand #1 dim 0 (3) to match operand #0 dim 0 (2)"
    );
    assert_eq!(
        error_text(batch_matmul(&a3, &Tensor::zeros([2, 5, 6]))),
        "kforge.batch_matmul: expected operand #1 dim 1 (5) to match operand #0 dim 2 (4)"
    );
    assert_eq!(
        error_text(batch_matmul(&Tensor::zeros([3, 4]), &b3)),
        "kforge.batch_matmul: expected operand #0 rank (3), got 2"
    );
    assert_eq!(
        error_text(batch_matmul(&a3, &Tensor::zeros([4, 5]))),
        "kforge.batch_matmul: expected operand #1 rank (3), got 2"
    );
    assert_eq!(
        error_text(batch_matmul(&i64s(&[1, 1, 1], &[0]), &b3)),
        "kforge.batch_matmul: expected operand #0 element type (f32), got i64"
    );
}

// Tests the linear shape and type errors, bias included.
#[test]
fn linear_errors() {
    let (x, w) = (Tensor::zeros([2, 512]), Tensor::zeros([4, 512]));
    assert_eq!(
        error_text(linear(&x, &Tensor::zeros([4, 576]), None)),
        "kforge.linear: expected operand #1 dim 1 (576) to match operand #0 dim 1 (512)"
    );
    assert_eq!(
        error_text(linear(&Tensor::zeros([1, 1, 1, 512]), &w, None)),
        "kforge.linear: expected operand #0 rank (1 to 3), got 4"
    );
    assert_eq!(
        error_text(linear(&Tensor::zeros(Vec::new()), &w, None)),
        "kforge.linear: expected operand #0 rank (1 to 3), got 0"
    );
    assert_eq!(
        error_text(linear(&x, &Tensor::zeros([512]), None)),
        "kforge.linear: expected operand #1 rank (2), got 1"
    );
    assert_eq!(
        error_text(linear(&x, &w, Some(&Tensor::zeros([1, 4])))),
        "kforge.linear: expected operand #2 rank (1), got 2"
    );
    assert_eq!(
        error_text(linear(&x, &w, Some(&Tensor::zeros([5])))),
        "kforge.linear: expected operand #2 dim 0 (5) to match operand #1 dim 0 (4)"
    );
    assert_eq!(
        error_text(linear(&x, &w, Some(&i64s(&[4], &[0; 4])))),
        "kforge.linear: expected operand #2 element type (f32), got i64"
    );
}
