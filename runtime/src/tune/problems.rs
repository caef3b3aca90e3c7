//! Which problems a module or a model will run: the tuner measures those.
use super::{Kernel, Problem};
use kforge_abi::weight_format::WeightFormat;
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
                format: WeightFormat::F32,
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
            format: WeightFormat::F32,
        })
        .collect()
}

/// The projection calls of `module` with static shapes, as the microkernels
/// see them after the kforge fusions (run them first: see
/// [`fused_projection_problems`]): each `kforge.multi_linear` (weights'
/// rows summed) and stored-format `kforge.linear`/`kforge.fused_linear` as
/// [`Kernel::Projection`], each `kforge.swiglu_linear` as [`Kernel::Swiglu`],
/// with the weights' format. (f32 `linear` ops run the packed linear kernel:
/// [`linear_problems`].)
pub fn projection_problems(module: &Module) -> Vec<Problem> {
    let mut found = Vec::new();
    for raw in collect_ops(module.as_operation().to_raw(), "kforge.") {
        // SAFETY: `raw` is an operation of `module`, alive for this loop.
        let sig = OpSignature::from_operation(&unsafe { OperationRef::from_raw(raw) });
        let Ok(format) = sig.weight_format() else {
            continue;
        };
        let kernel = match sig.name.as_str() {
            "kforge.multi_linear" => Kernel::Projection,
            "kforge.swiglu_linear" => Kernel::Swiglu,
            "kforge.linear" | "kforge.fused_linear" if format != WeightFormat::F32 => {
                Kernel::Projection
            }
            _ => continue,
        };
        let static_shape = |t: &kforge_dialect::signature::MaybeTensor| {
            t.as_ref().ok().and_then(TensorType::static_shape)
        };
        let (Some(Some(x)), results) = (sig.operands.first().map(static_shape), &sig.results)
        else {
            continue;
        };
        let outs: Option<Vec<Vec<u64>>> = results.iter().map(static_shape).collect();
        let (Some(outs), Some(&k)) = (outs, x.last()) else {
            continue;
        };
        let m: u64 = x[..x.len() - 1].iter().product();
        // A multi-linear's results are one per weight; every other op has one product.
        let n: u64 = if sig.name == "kforge.multi_linear" {
            outs.iter().filter_map(|o| o.last()).sum()
        } else {
            outs.first().and_then(|o| o.last().copied()).unwrap_or(0)
        };
        found.push(Problem {
            kernel,
            m: m as usize,
            n: n as usize,
            k: k as usize,
            batch: 1,
            format,
        });
    }
    found.sort();
    found.dedup();
    found
}

/// [`projection_problems`] of `source` after the kforge fusions the CPU
/// pipeline runs (parsing and fusing take milliseconds; no LLVM).
pub fn fused_projection_problems(source: &str, path: &str) -> Result<Vec<Problem>, String> {
    let context = kforge_dialect::create_context();
    let collector = kforge_dialect::source::DiagnosticCollector::attach(&context);
    let mut module = kforge_dialect::source::parse_module(&context, source, path, 1)
        .ok_or_else(|| collector.render_all(source))?;
    let steps = kforge_passes::pipeline::kforge_fusions();
    let pm = kforge_passes::build_pass_manager(&context, &steps).map_err(|e| e.to_string())?;
    pm.run(&mut module)
        .map_err(|_| collector.render_all(source))?;
    Ok(projection_problems(&module))
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

    /// Stored-format projections after the fusions: the q4_1 pair as one
    /// multi-linear of their summed rows, the q8_0 gate/up as a SwiGLU, the
    /// f32 linear left to the packed linear kernel, a dynamic row count skipped.
    #[test]
    fn finds_fused_projection_calls_with_their_formats() {
        let text = r#"
func.func @f(%x: tensor<1x64xf32>, %wq: tensor<64x2x20xi8>, %wk: tensor<32x2x20xi8>,
             %wg: tensor<96x2x34xi8>, %wu: tensor<96x2x34xi8>, %w: tensor<8x64xf32>,
             %y: tensor<?x64xf32>, %wd: tensor<16x2x34xi8>)
    -> (tensor<1x64xf32>, tensor<1x32xf32>, tensor<1x96xf32>, tensor<1x8xf32>, tensor<?x16xf32>) {
  %q = "kforge.linear"(%x, %wq) {weight_format = "q4_1"} : (tensor<1x64xf32>, tensor<64x2x20xi8>) -> tensor<1x64xf32>
  %k = "kforge.linear"(%x, %wk) {weight_format = "q4_1"} : (tensor<1x64xf32>, tensor<32x2x20xi8>) -> tensor<1x32xf32>
  %a = "kforge.linear"(%x, %wg) {weight_format = "q8_0"} : (tensor<1x64xf32>, tensor<96x2x34xi8>) -> tensor<1x96xf32>
  %b = "kforge.linear"(%x, %wu) {weight_format = "q8_0"} : (tensor<1x64xf32>, tensor<96x2x34xi8>) -> tensor<1x96xf32>
  %s = "kforge.silu"(%a) : (tensor<1x96xf32>) -> tensor<1x96xf32>
  %m = "kforge.mul"(%s, %b) : (tensor<1x96xf32>, tensor<1x96xf32>) -> tensor<1x96xf32>
  %l = "kforge.linear"(%x, %w) : (tensor<1x64xf32>, tensor<8x64xf32>) -> tensor<1x8xf32>
  %d = "kforge.linear"(%y, %wd) {weight_format = "q8_0"} : (tensor<?x64xf32>, tensor<16x2x34xi8>) -> tensor<?x16xf32>
  return %q, %k, %m, %l, %d : tensor<1x64xf32>, tensor<1x32xf32>, tensor<1x96xf32>, tensor<1x8xf32>, tensor<?x16xf32>
}"#;
        let found: Vec<_> = fused_projection_problems(text, "t.mlir")
            .unwrap()
            .iter()
            .map(|p| (p.kernel, p.format, p.m, p.n, p.k))
            .collect();
        assert_eq!(
            found,
            vec![
                (Kernel::Projection, WeightFormat::Q4_1, 1, 96, 64),
                (Kernel::Swiglu, WeightFormat::Q8_0, 1, 96, 64),
            ]
        );
    }

    #[test]
    fn malformed_source_is_an_error_with_its_location() {
        let err = fused_projection_problems("func.func @f(", "bad.mlir").unwrap_err();
        assert!(err.contains("bad.mlir:1:"), "{err}");
    }
}
