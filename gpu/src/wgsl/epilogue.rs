//! Fused epilogues: the pointwise steps of `kforge.fused_linear` as WGSL statements on a value `v` of output
//! element `i`, used in registers by the GEMVs before their store, and as a kernel of its own after the tiled
//! matmul (many rows).

use super::elementwise::{broadcast_strides, prologue, unary_expr, ERF_APPROX};
use super::Generated;
use crate::spec::{BinaryOp, Epilogue, EpilogueOp, UnaryOp};
use std::fmt::Write;

/// Top-level helper functions the steps call (`erf_approx` for exact GELU).
pub fn helpers(e: &Epilogue) -> &'static str {
    if e.steps.contains(&EpilogueOp::Unary(UnaryOp::GeluErf)) {
        ERF_APPROX
    } else {
        ""
    }
}

/// Statements applying the steps to `var v` (an `f32`) of output element `i` (a `u32` in scope); binary steps
/// read bindings `e0`, `e1`, … at the broadcast index.
pub fn steps(e: &Epilogue, indent: &str) -> String {
    let mut w = String::new();
    let mut operand = 0;
    for step in &e.steps {
        match step {
            EpilogueOp::Binary(op, shape) => {
                let sym = match op {
                    BinaryOp::Add => "+",
                    BinaryOp::Mul => "*",
                };
                let idx = index(shape, &e.out);
                let _ = writeln!(w, "{indent}v = v {sym} e{operand}[{idx}];");
                operand += 1;
            }
            EpilogueOp::Unary(op) => {
                let _ = writeln!(w, "{indent}v = {};", unary_expr(*op));
            }
        }
    }
    w
}

/// WGSL expression of the index into an operand of `shape` broadcast to `out`, for output element `i`.
fn index(shape: &[usize], out: &[usize]) -> String {
    let len: usize = out.iter().product();
    if shape.iter().product::<usize>() == len {
        return "i".into();
    }
    let strides = broadcast_strides(shape, out);
    let mut terms = Vec::new();
    // Output dim d of element i is (i / inner_d) % out[d], inner_d the product of the dims after d.
    let mut inner = 1;
    for d in (0..out.len()).rev() {
        if strides[d] != 0 && out[d] > 1 {
            let coord = if inner == 1 {
                format!("(i % {}u)", out[d])
            } else if inner * out[d] == len {
                format!("(i / {inner}u)")
            } else {
                format!("((i / {inner}u) % {}u)", out[d])
            };
            terms.push(if strides[d] == 1 {
                coord
            } else {
                format!("{coord} * {}u", strides[d])
            });
        }
        inner *= out[d];
    }
    if terms.is_empty() {
        "0u".into()
    } else {
        terms.join(" + ")
    }
}

/// `y = ep(x)`, one thread per element.
pub fn generate(e: &Epilogue) -> Generated {
    let len: usize = e.out.iter().product();
    let (pro, grid) = prologue(len);
    let mut w = String::from(helpers(e));
    w.push_str(&pro);
    w.push_str("  var v = x[i];\n");
    w.push_str(&steps(e, "  "));
    w.push_str("  y[i] = v;\n}\n");
    Generated {
        body: w,
        workgroups: grid,
        ..Default::default()
    }
}
