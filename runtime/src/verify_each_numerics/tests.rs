//! Unit tests of `--verify-each-numerics`: comparisons and a validation across a changed module.
use super::*;

fn t(data: &[f32]) -> Tensor {
    Tensor::f32([data.len()], data.to_vec()).unwrap()
}

#[test]
fn equal_tensors_agree() {
    let d = compare(&t(&[1.0, -2.0]), &t(&[1.0, -2.0])).unwrap();
    assert_eq!(d, Difference { abs: 0.0, rel: 0.0 });
    assert!(within(d, 1e-5));
}

#[test]
fn a_wrong_value_is_beyond_tolerance() {
    let d = compare(&t(&[1.0, -2.0]), &t(&[1.0, -2.5])).unwrap();
    assert_eq!(d.abs, 0.5);
    assert_eq!(d.rel, 0.25);
    assert!(!within(d, 1e-5));
    let close = compare(&t(&[1.0, -2.0]), &t(&[1.0, -2.000_001])).unwrap();
    assert!(within(close, 1e-5), "{close:?}");
}

#[test]
fn nan_is_never_within_tolerance() {
    let d = compare(&t(&[1.0]), &t(&[f32::NAN])).unwrap();
    assert!(!within(d, 1.0));
}

#[test]
fn shape_and_type_changes_are_errors() {
    let err = compare(&t(&[1.0]), &t(&[1.0, 2.0])).unwrap_err();
    assert_eq!(err, "result shape changed (expected [1], got [2])");
    let ids = Tensor::i64([1], vec![1]).unwrap();
    assert!(compare(&t(&[1.0]), &ids)
        .unwrap_err()
        .contains("element type"));
    let other = Tensor::i64([1], vec![2]).unwrap();
    assert!(!within(compare(&ids, &other).unwrap(), 1e-5));
}

const SCALE: &str = r#"func.func @f(%x: tensor<2x3xf32>, %y: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = "kforge.add"(%x, %y) : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}
func.func private @g(%x: tensor<2xf32>) -> tensor<2xf32> {
  return %x : tensor<2xf32>
}"#;

#[test]
fn a_changed_function_names_the_pass() {
    let context = kforge_dialect::create_context();
    let before = kforge_dialect::source::parse_module(&context, SCALE, "a.mlir", 1).unwrap();
    let mut notes = Vec::new();
    let mut v = Validation::start(&before, 1e-5, &mut notes).unwrap();
    assert_eq!(v.functions(), 1, "only the public function");
    assert!(notes.is_empty(), "{notes:?}");
    assert_eq!(v.check(&before, "same"), Outcome::Agrees);
    let changed = SCALE.replace("kforge.add", "kforge.mul");
    let after = kforge_dialect::source::parse_module(&context, &changed, "b.mlir", 1).unwrap();
    match v.check(&after, "bad-pass") {
        Outcome::Fails(m) => assert!(
            m.starts_with("pass 'bad-pass' changed the numerics of @f result #0: max abs"),
            "{m}"
        ),
        other => panic!("{other:?}"),
    }
    assert_eq!(v.last_compared(), Some("same"));
}
