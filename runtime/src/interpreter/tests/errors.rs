//! Every error path: reported with the argument, the weight or the op and its
//! location, never a panic.

use super::{parse, parse_unverified, weights, LINEAR_WITH_WEIGHTS, MATMUL, WEIGHTS_AS_ARGUMENTS};
use crate::interpreter::{interpret, signature, InterpretError, NoWeights};
use crate::reference::Tensor;

fn error_of(text: &str, function: &str, inputs: &[Tensor]) -> InterpretError {
    let context = kforge_dialect::create_context();
    let module = parse_unverified(&context, text);
    interpret(&module, function, inputs, &NoWeights).unwrap_err()
}

fn matmul_inputs() -> Vec<Tensor> {
    vec![Tensor::random_f32([2, 3], 1), Tensor::random_f32([3, 4], 2)]
}

// Tests that a missing function is named.
#[test]
fn unknown_function_is_an_error() {
    let err = error_of(MATMUL, "nope", &matmul_inputs());
    assert_eq!(err.to_string(), "no function @nope in the module");
}

// Tests that too few or too many inputs are an error.
#[test]
fn wrong_input_count_is_an_error() {
    let inputs = matmul_inputs();
    let err = error_of(MATMUL, "mm", &inputs[..1]);
    assert_eq!(err.to_string(), "@mm expects 2 inputs, got 1");
    let three = [inputs.clone(), vec![Tensor::zeros([1])]].concat();
    let err = error_of(MATMUL, "mm", &three);
    assert!(
        matches!(err, InterpretError::InputCount { actual: 3, .. }),
        "{err}"
    );
}

// Tests that the count error of a weights-to-arguments function mentions both forms.
#[test]
fn input_count_error_mentions_weight_arguments() {
    let err = error_of(WEIGHTS_AS_ARGUMENTS, "proj", &[]);
    assert_eq!(
        err.to_string(),
        "@proj expects 3 inputs (or 1 when its 2 weight arguments come from the weight source), got 0"
    );
}

// Tests that a wrong shape names the argument, its type and what was given.
#[test]
fn wrong_input_shape_names_the_argument() {
    let text = r#"func.func @f(%x: tensor<4xf32>, %w: tensor<4x8xf32>) -> tensor<4x8xf32> {
  return %w : tensor<4x8xf32>
}"#;
    let inputs = [Tensor::zeros([4]), Tensor::zeros([4, 7])];
    let err = error_of(text, "f", &inputs);
    assert_eq!(
        err.to_string(),
        "argument #1 expects tensor<4x8xf32>, got f32 tensor of shape [4, 7]"
    );
    let rank = [Tensor::zeros([4, 1]), Tensor::zeros([4, 8])];
    let err = error_of(text, "f", &rank);
    assert_eq!(
        err.to_string(),
        "argument #0 expects tensor<4xf32>, got f32 tensor of shape [4, 1]"
    );
}

// Tests that a wrong element type names the argument.
#[test]
fn wrong_input_element_type_names_the_argument() {
    let inputs = [
        Tensor::i64([2, 3], vec![0; 6]).unwrap(),
        Tensor::zeros([3, 4]),
    ];
    let err = error_of(MATMUL, "mm", &inputs);
    assert_eq!(
        err.to_string(),
        "argument #0 expects tensor<2x3xf32>, got i64 tensor of shape [2, 3]"
    );
}

// Tests that a weight the source lacks is named, at the kforge.weight op.
#[test]
fn missing_weight_is_an_error() {
    let err = error_of(LINEAR_WITH_WEIGHTS, "proj", &[Tensor::zeros([2, 8])]);
    assert_eq!(
        err.to_string(),
        "test.mlir:2:8: weight 'proj.weight' not found in the weight source"
    );
}

// Tests that a weight argument the source lacks is named, at the function.
#[test]
fn missing_weight_argument_is_an_error() {
    let err = error_of(WEIGHTS_AS_ARGUMENTS, "proj", &[Tensor::zeros([2, 8])]);
    assert!(
        matches!(&err, InterpretError::MissingWeight { name, .. } if name == "proj.weight"),
        "{err}"
    );
    assert!(err.to_string().starts_with("test.mlir:1:"), "{err}");
}

// Tests that a weight of the wrong shape is reported with its declared type.
#[test]
fn weight_of_the_wrong_type_is_an_error() {
    let context = kforge_dialect::create_context();
    let module = parse(&context, LINEAR_WITH_WEIGHTS);
    let source = weights(&[
        ("proj.weight", Tensor::zeros([8, 4])),
        ("proj.bias", Tensor::zeros([4])),
    ]);
    let err = interpret(&module, "proj", &[Tensor::zeros([2, 8])], &source).unwrap_err();
    assert_eq!(
        err.to_string(),
        "test.mlir:2:8: weight 'proj.weight' expects tensor<4x8xf32>, got f32 tensor of shape [8, 4]"
    );
    let module = parse(&context, WEIGHTS_AS_ARGUMENTS);
    let source = weights(&[
        ("proj.weight", Tensor::zeros([4, 8])),
        ("proj.bias", Tensor::i64([4], vec![0; 4]).unwrap()),
    ]);
    let err = interpret(&module, "proj", &[Tensor::zeros([2, 8])], &source).unwrap_err();
    assert!(
        matches!(&err, InterpretError::WeightType { name, .. } if name == "proj.bias"),
        "{err}"
    );
}

// Tests that an op outside the kforge dialect is unsupported, with its location.
#[test]
fn unsupported_op_is_an_error() {
    let text = r#"func.func @f(%x: tensor<4xf32>) -> tensor<4xf32> {
  %y = "kforge.silu"(%x) : (tensor<4xf32>) -> tensor<4xf32>
  %z = arith.addf %y, %y : tensor<4xf32>
  return %z : tensor<4xf32>
}"#;
    let err = error_of(text, "f", &[Tensor::zeros([4])]);
    assert_eq!(
        err,
        InterpretError::Unsupported {
            op: "arith.addf".into(),
            location: "test.mlir:3:8".into(),
        }
    );
    assert_eq!(
        err.to_string(),
        "test.mlir:3:8: unsupported op 'arith.addf' (the interpreter runs kforge ops only)"
    );
}

// Tests that a kernel's error carries the op and its location.
#[test]
fn kernel_error_names_the_op_and_location() {
    let text = r#"func.func @f(%ids: tensor<2xi64>, %t: tensor<5x4xf32>) -> tensor<2x4xf32> {
  %e = "kforge.embedding"(%ids, %t) : (tensor<2xi64>, tensor<5x4xf32>) -> tensor<2x4xf32>
  return %e : tensor<2x4xf32>
}"#;
    let inputs = [Tensor::i64([2], vec![1, 7]).unwrap(), Tensor::zeros([5, 4])];
    let err = error_of(text, "f", &inputs);
    assert_eq!(
        err.to_string(),
        "test.mlir:2:8: kforge.embedding: token id 7 outside the vocabulary [0, 5) (ids[1])"
    );
    assert!(matches!(err, InterpretError::Kernel { .. }));
}

// Tests that a result type the kernel does not produce is reported.
#[test]
fn result_type_mismatch_is_an_error() {
    let text = r#"func.func @f(%x: tensor<2x3xf32>) -> tensor<3x2xf32> {
  %y = "kforge.silu"(%x) : (tensor<2x3xf32>) -> tensor<3x2xf32>
  return %y : tensor<3x2xf32>
}"#;
    let err = error_of(text, "f", &[Tensor::zeros([2, 3])]);
    assert_eq!(
        err.to_string(),
        "test.mlir:2:8: kforge.silu: expected result #0 of type tensor<3x2xf32> (declared), \
         computed f32 tensor of shape [2, 3]"
    );
}

// Tests that attribute values outside an op's vocabulary are reported.
#[test]
fn bad_attribute_values_are_errors() {
    let gelu = r#"func.func @f(%x: tensor<4xf32>) -> tensor<4xf32> {
  %y = "kforge.gelu"(%x) {approximate = "fast"} : (tensor<4xf32>) -> tensor<4xf32>
  return %y : tensor<4xf32>
}"#;
    let err = error_of(gelu, "f", &[Tensor::zeros([4])]);
    assert_eq!(
        err.to_string(),
        "test.mlir:2:8: kforge.gelu: expected attribute 'approximate' (\"tanh\" or \"none\"), got \"fast\""
    );
    let mlp = r#"func.func @f(%x: tensor<2x4xf32>, %up: tensor<8x4xf32>, %down: tensor<4x8xf32>) -> tensor<2x4xf32> {
  %y = "kforge.mlp"(%x, %up, %down) {activation = "swiglu"} : (tensor<2x4xf32>, tensor<8x4xf32>, tensor<4x8xf32>) -> tensor<2x4xf32>
  return %y : tensor<2x4xf32>
}"#;
    let inputs = [
        Tensor::zeros([2, 4]),
        Tensor::zeros([8, 4]),
        Tensor::zeros([4, 8]),
    ];
    let err = error_of(mlp, "f", &inputs);
    assert_eq!(
        err.to_string(),
        "test.mlir:2:8: kforge.mlp: expected 4 (swiglu) operands, got 3"
    );
    let relu = mlp.replace("swiglu", "relu");
    let err = error_of(&relu, "f", &inputs);
    assert_eq!(
        err.to_string(),
        "test.mlir:2:8: kforge.mlp: expected attribute 'activation' (\"swiglu\" or \"gelu\"), got \"relu\""
    );
}

// Tests that a declaration has a signature but cannot be run.
#[test]
fn declaration_cannot_be_interpreted() {
    let text = "func.func private @decl(tensor<2xf32>) -> tensor<2xf32>";
    let context = kforge_dialect::create_context();
    let module = parse_unverified(&context, text);
    let sig = signature(&module, "decl").unwrap();
    assert_eq!(sig.arguments.len(), 1);
    let err = interpret(&module, "decl", &[Tensor::zeros([2])], &NoWeights).unwrap_err();
    assert!(
        err.to_string()
            .ends_with("function @decl: is a declaration without a body"),
        "{err}"
    );
}

// Tests that a non-tensor argument and a malformed kforge.weights attribute are reported.
#[test]
fn malformed_functions_are_errors() {
    let scalar = r#"func.func @f(%x: f32) -> f32 {
  return %x : f32
}"#;
    let err = error_of(scalar, "f", &[]);
    assert!(
        err.to_string().ends_with(
            "function @f: argument #0 has type f32, not a ranked tensor the interpreter can hold"
        ),
        "{err}"
    );
    let attribute = r#"func.func @f(%x: tensor<2xf32>) -> tensor<2xf32> attributes {kforge.weights = [1, 2]} {
  return %x : tensor<2xf32>
}"#;
    let err = error_of(attribute, "f", &[Tensor::zeros([2])]);
    assert!(
        err.to_string()
            .ends_with("function @f: attribute kforge.weights must be an array of strings"),
        "{err}"
    );
    let too_many = attribute.replace("[1, 2]", r#"["a", "b"]"#);
    let err = error_of(&too_many, "f", &[Tensor::zeros([2])]);
    assert!(
        err.to_string()
            .ends_with("attribute kforge.weights names 2 weights but the function has 1 arguments"),
        "{err}"
    );
}
