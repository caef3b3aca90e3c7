//! Tensor constructors, accessors and the deterministic random tensors.

use super::{error_text, f32s};
use crate::{ElementType, Tensor, TensorData};

// Tests that constructors keep shape and data and report their element type.
#[test]
fn constructors_keep_shape_and_data() {
    let t = f32s(&[2, 3], &[1.0, 2.0, 3.0, 4.0, 5.0, 6.0]);
    assert_eq!(t.shape(), &[2, 3]);
    assert_eq!(
        (t.rank(), t.numel(), t.element_type()),
        (2, 6, ElementType::F32)
    );
    assert_eq!(t.as_f32().unwrap()[4], 5.0);
    let ids = Tensor::i64([3], vec![7, 8, 9]).unwrap();
    assert_eq!(ids.as_i64().unwrap(), &[7, 8, 9]);
    assert_eq!(ids.element_type().to_string(), "i64");
    let p = Tensor::scalar_i64(5);
    assert_eq!((p.rank(), p.as_i64().unwrap()), (0, &[5][..]));
    assert_eq!(t.clone().into_f32_vec().unwrap().len(), 6);
    assert_eq!(t.into_parts().0, vec![2, 3]);
}

// Tests that zero dims make empty tensors and rank 0 holds one element.
#[test]
fn zero_dims_and_scalars() {
    assert_eq!(Tensor::zeros([4, 0, 3]).numel(), 0);
    assert_eq!(Tensor::zeros(Vec::new()).as_f32().unwrap(), &[0.0]);
    assert!(Tensor::f32([0, usize::MAX, 2], vec![]).is_ok());
    assert!(TensorData::F32(vec![]).is_empty());
}

// Tests that random tensors depend on the seed only and stay in [-1, 1).
#[test]
fn random_tensors_are_deterministic() {
    let a = Tensor::random_f32([16, 8], 42);
    assert_eq!(a, Tensor::random_f32([16, 8], 42));
    assert_ne!(a, Tensor::random_f32([16, 8], 43));
    assert!(a.as_f32().unwrap().iter().all(|v| (-1.0..1.0).contains(v)));
    // The stream is row-major: a prefix shape draws the same leading values.
    assert_eq!(
        Tensor::random_f32([4], 42).as_f32().unwrap(),
        &a.as_f32().unwrap()[..4]
    );
}

// Tests the constructor errors: wrong element count, overflowing shape.
#[test]
fn constructor_errors() {
    assert_eq!(
        error_text(Tensor::f32([2, 3], vec![0.0; 5])),
        "shape [2, 3] holds 6 elements, got 5"
    );
    assert_eq!(
        error_text(Tensor::i64([4], vec![1])),
        "shape [4] holds 4 elements, got 1"
    );
    assert_eq!(
        error_text(Tensor::f32([usize::MAX, 2], vec![])),
        "shape [18446744073709551615, 2] has more elements than fit in memory"
    );
}

// Tests the accessor errors for the wrong element type.
#[test]
fn accessor_errors() {
    let f = Tensor::zeros([2]);
    let i = Tensor::scalar_i64(0);
    assert_eq!(
        error_text(f.as_i64()),
        "expected a tensor of element type i64, got f32"
    );
    assert_eq!(
        error_text(i.as_f32()),
        "expected a tensor of element type f32, got i64"
    );
    assert_eq!(
        error_text(i.into_f32_vec()),
        "expected a tensor of element type f32, got i64"
    );
}
