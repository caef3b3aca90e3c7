use super::*;
use crate::reference;

#[test]
fn matmul_matches_reference() {
    let m = CompiledModule::compile(
        r#"func.func @mm(%a: tensor<3x5xf32>, %b: tensor<5x4xf32>) -> tensor<3x4xf32> {
  %0 = "kforge.matmul"(%a, %b) : (tensor<3x5xf32>, tensor<5x4xf32>) -> tensor<3x4xf32>
  return %0 : tensor<3x4xf32>
}"#,
        "mm.mlir",
    )
    .unwrap();
    let a = Tensor::random_f32([3, 5], 1);
    let b = Tensor::random_f32([5, 4], 2);
    let got = m.call("mm", &[a.clone(), b.clone()]).unwrap();
    let want = reference::matmul(&a, &b).unwrap();
    assert!(reference::max_rel_error(&got[0], &want).unwrap() < 1e-6);
}

#[test]
fn bad_arguments_are_reported() {
    let m = CompiledModule::compile(
        r#"func.func @id(%a: tensor<3xf32>) -> tensor<3xf32> {
  %0 = "kforge.silu"(%a) : (tensor<3xf32>) -> tensor<3xf32>
  return %0 : tensor<3xf32>
}"#,
        "id.mlir",
    )
    .unwrap();
    let err = m.call("id", &[Tensor::random_f32([4], 1)]).unwrap_err();
    assert_eq!(
        err.to_string(),
        "argument #0 of '@id' expects tensor<3xf32>, got f32 tensor of shape [4]"
    );
    let err = m.call("nope", &[]).unwrap_err();
    assert_eq!(
        err.to_string(),
        "no function '@nope' in the module (functions: @id)"
    );
    let err = m.call("id", &[]).unwrap_err();
    assert_eq!(err.to_string(), "'@id' takes 1 argument(s), got 0");
}

#[test]
fn invalid_source_reports_location() {
    let err = CompiledModule::compile("func.func @f(", "bad.mlir")
        .err()
        .unwrap();
    assert!(err.to_string().starts_with("bad.mlir:1:"), "{err}");
}

#[test]
fn explicitly_public_functions_are_entry_points() {
    let m = CompiledModule::compile(
        r#"func.func public @f(%a: tensor<3xf32>) -> tensor<3xf32> {
  %0 = "kforge.silu"(%a) : (tensor<3xf32>) -> tensor<3xf32>
  return %0 : tensor<3xf32>
}
func.func private @hidden(%a: tensor<3xf32>) -> tensor<3xf32> {
  return %a : tensor<3xf32>
}"#,
        "public.mlir",
    )
    .unwrap();
    let names: Vec<&str> = m.functions().iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, vec!["f"]);
    let x = Tensor::random_f32([3], 4);
    let got = m.call("f", std::slice::from_ref(&x)).unwrap();
    assert!(reference::max_rel_error(&got[0], &reference::silu(&x).unwrap()).unwrap() < 1e-6);
}
