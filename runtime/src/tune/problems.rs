//! Which problems a module or a model will run: the tuner measures those.
use super::{Kernel, Problem};
use kforge_dialect::ir::collect_ops;
use kforge_dialect::{ElementType, OpSignature, TensorType};
use melior::ir::{Module, OperationRef};

/// The f32 matmul and batch-matmul products of `module` with static shapes
/// (a batch matmul contributes its per-batch product, which the microkernel
/// runs). Linear ops are tuned on packed weights, which function calls do not
/// have; see [`linear_problems`] for a model's projections.
pub fn matmul_problems(module: &Module) -> Vec<Problem> {
    let mut found = Vec::new();
    for raw in collect_ops(module.as_operation().to_raw(), "kforge.") {
        // SAFETY: `raw` is an operation of `module`, alive for this loop.
        let sig = OpSignature::from_operation(&unsafe { OperationRef::from_raw(raw) });
        let shapes: Vec<Vec<u64>> = sig
            .operands
            .iter()
            .filter_map(|t| t.as_ref().ok())
            .filter(|t| t.element == ElementType::F32)
            .filter_map(TensorType::static_shape)
            .collect();
        let dims = |s: &[u64]| s.iter().map(|&d| d as usize).collect::<Vec<_>>();
        let product = match (sig.name.as_str(), shapes.as_slice()) {
            ("kforge.matmul", [a, b]) if a.len() == 2 && b.len() == 2 => {
                let (a, b) = (dims(a), dims(b));
                Some((a[0], b[1], a[1]))
            }
            ("kforge.batch_matmul", [a, b]) if a.len() == 3 && b.len() == 3 => {
                let (a, b) = (dims(a), dims(b));
                Some((a[1], b[2], a[2]))
            }
            _ => None,
        };
        if let Some((m, n, k)) = product {
            found.push(Problem {
                kernel: Kernel::Matmul,
                m,
                n,
                k,
                batch: 1,
            });
        }
    }
    found
}

/// One decode step's projections: `[rows, k] · [n, k]ᵀ` for each packed
/// weight shape `(n, k)`.
pub fn linear_problems(rows: usize, weights: &[(usize, usize)]) -> Vec<Problem> {
    weights
        .iter()
        .map(|&(n, k)| Problem {
            kernel: Kernel::Linear,
            m: rows,
            n,
            k,
            batch: 1,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use kforge_dialect::source::parse_module;

    #[test]
    fn finds_static_f32_products() {
        let context = kforge_dialect::create_context();
        let text = r#"
func.func @f(%a: tensor<8x16xf32>, %b: tensor<16x4xf32>, %c: tensor<2x8x16xf32>,
             %d: tensor<2x16x5xf32>, %x: tensor<?x16xf32>, %w: tensor<4x16xf32>) -> tensor<8x4xf32> {
  %0 = "kforge.matmul"(%a, %b) : (tensor<8x16xf32>, tensor<16x4xf32>) -> tensor<8x4xf32>
  %1 = "kforge.batch_matmul"(%c, %d) : (tensor<2x8x16xf32>, tensor<2x16x5xf32>) -> tensor<2x8x5xf32>
  %2 = "kforge.matmul"(%x, %b) : (tensor<?x16xf32>, tensor<16x4xf32>) -> tensor<?x4xf32>
  %3 = "kforge.linear"(%a, %w) : (tensor<8x16xf32>, tensor<4x16xf32>) -> tensor<8x4xf32>
  return %0 : tensor<8x4xf32>
}"#;
        let module = parse_module(&context, text, "t.mlir", 1).unwrap();
        let shapes: Vec<_> = matmul_problems(&module)
            .iter()
            .map(|p| (p.m, p.n, p.k))
            .collect();
        assert_eq!(shapes, vec![(8, 4, 16), (8, 5, 16)]);
    }
}
