//! WGSL that reads weights in a stored format ([`crate::weights`]) straight from their bytes, bound as
//! `array<u32>`: each helper decodes the block it touches in registers (no dequantized copy anywhere).
//!
//! For a weight binding `b` of rows of `k` weights, [`helpers`] emits:
//! - `b_w4(row, k) -> vec4<f32>`: weights `k..k+4` of `row` (`k % 4 == 0`), for the tiled matmul's staging and
//!   the embedding;
//! - `b_dot8(row, u, xa, xb) -> f32`: the dot product of the 8 weights of unit `u` of `row` with the `vec4`s of
//!   `x` at [`unit_x`]`(u)`, for the GEMVs: one `u32` of 4-bit quants holds weights `4j..4j+4` (low nibbles)
//!   and `16+4j..` (high) of a block, so a unit of a 4-bit format is those two runs; other formats' units are 8
//!   consecutive weights.
//!
//! The 8-bit and 4-bit blocks are 34 and 18 bytes (2-byte aligned): `b_u32` reads a word at any even offset.
//! Scales are f16 (`unpack2x16float`), bf16 is the high half of an f32; 8-bit quants are sign-extended by shifts
//! (exact for -128, which `unpack4x8snorm` would clamp).

use kforge_abi::weight_format::WeightFormat;
use std::fmt::Write;

/// The format-wide helpers (once per kernel, before any [`helpers`]).
pub fn common(format: WeightFormat) -> String {
    let mut w = String::new();
    match format {
        WeightFormat::Q8_0 => w.push_str(
            "fn sbytes4(q: u32) -> vec4<f32> {\n  let v = vec4<i32>(bitcast<i32>(q << 24u), bitcast<i32>(q << 16u), bitcast<i32>(q << 8u), bitcast<i32>(q));\n  return vec4<f32>(v >> vec4<u32>(24u));\n}\n",
        ),
        WeightFormat::Q4_0 | WeightFormat::Q4_1 => w.push_str(
            "fn nib_lo(q: u32) -> vec4<f32> {\n  return vec4<f32>((vec4<u32>(q) >> vec4<u32>(0u, 8u, 16u, 24u)) & vec4<u32>(15u));\n}\nfn nib_hi(q: u32) -> vec4<f32> {\n  return vec4<f32>((vec4<u32>(q) >> vec4<u32>(4u, 12u, 20u, 28u)) & vec4<u32>(15u));\n}\n",
        ),
        WeightFormat::Bf16 => w.push_str(
            "fn bf2(q: u32) -> vec2<f32> {\n  return vec2<f32>(bitcast<f32>(q << 16u), bitcast<f32>(q & 0xffff0000u));\n}\n",
        ),
        WeightFormat::F16 | WeightFormat::F32 => {}
    }
    let _ = writeln!(
        w,
        "fn unit_x(u: u32) -> vec2<u32> {{\n  {}\n}}",
        match format {
            WeightFormat::Q4_0 | WeightFormat::Q4_1 =>
                "let base = (u / 4u) * 8u + u % 4u;\n  return vec2<u32>(base, base + 4u);",
            _ => "return vec2<u32>(2u * u, 2u * u + 1u);",
        }
    );
    w
}

/// The helpers of weight binding `b` (rows of `k` weights stored as `format`, `k` checked by
/// [`crate::weights::check_row`]).
pub fn helpers(format: WeightFormat, b: &str, k: usize) -> String {
    let rb = format.row_bytes(k).unwrap_or(0);
    let bb = format.block_bytes();
    let mut w = format!(
        "fn {b}_u32(o: u32) -> u32 {{\n  let i = o >> 2u;\n  if ((o & 2u) == 0u) {{ return {b}[i]; }}\n  return ({b}[i] >> 16u) | ({b}[i + 1u] << 16u);\n}}\n"
    );
    let (w4, dot8) = match format {
        WeightFormat::Q8_0 => (
            format!(
                "  let o = row * {rb}u + (k / 32u) * {bb}u;\n  return unpack2x16float({b}_u32(o)).x * sbytes4({b}_u32(o + 2u + k % 32u));"
            ),
            format!(
                "  let o = row * {rb}u + (u / 4u) * {bb}u;\n  let j = o + 2u + (u % 4u) * 8u;\n  return unpack2x16float({b}_u32(o)).x * (dot(sbytes4({b}_u32(j)), xa) + dot(sbytes4({b}_u32(j + 4u)), xb));"
            ),
        ),
        WeightFormat::Q4_0 => (
            format!(
                "  let o = row * {rb}u + (k / 32u) * {bb}u;\n  let j = k % 32u;\n  let q = {b}_u32(o + 2u + j % 16u);\n  let n = select(nib_lo(q), nib_hi(q), j >= 16u);\n  return unpack2x16float({b}_u32(o)).x * (n - vec4<f32>(8.0));"
            ),
            format!(
                "  let o = row * {rb}u + (u / 4u) * {bb}u;\n  let q = {b}_u32(o + 2u + (u % 4u) * 4u);\n  return unpack2x16float({b}_u32(o)).x * (dot(nib_lo(q) - vec4<f32>(8.0), xa) + dot(nib_hi(q) - vec4<f32>(8.0), xb));"
            ),
        ),
        WeightFormat::Q4_1 => (
            format!(
                "  let o = row * {rb}u + (k / 32u) * {bb}u;\n  let j = k % 32u;\n  let q = {b}_u32(o + 4u + j % 16u);\n  let dm = unpack2x16float({b}_u32(o));\n  return dm.x * select(nib_lo(q), nib_hi(q), j >= 16u) + vec4<f32>(dm.y);"
            ),
            format!(
                "  let o = row * {rb}u + (u / 4u) * {bb}u;\n  let q = {b}_u32(o + 4u + (u % 4u) * 4u);\n  let dm = unpack2x16float({b}_u32(o));\n  let one = vec4<f32>(1.0);\n  return dm.x * (dot(nib_lo(q), xa) + dot(nib_hi(q), xb)) + dm.y * (dot(xa, one) + dot(xb, one));"
            ),
        ),
        WeightFormat::F16 | WeightFormat::Bf16 => {
            let pair = if format == WeightFormat::F16 {
                "unpack2x16float"
            } else {
                "bf2"
            };
            let _ = writeln!(
                w,
                "fn {b}_h4(o: u32) -> vec4<f32> {{\n  return vec4<f32>({pair}({b}[o / 4u]), {pair}({b}[o / 4u + 1u]));\n}}"
            );
            (
                format!("  return {b}_h4(row * {rb}u + k * 2u);"),
                format!(
                    "  let o = row * {rb}u + u * 16u;\n  return dot({b}_h4(o), xa) + dot({b}_h4(o + 8u), xb);"
                ),
            )
        }
        WeightFormat::F32 => return String::new(),
    };
    let _ = writeln!(
        w,
        "fn {b}_w4(row: u32, k: u32) -> vec4<f32> {{\n{w4}\n}}\nfn {b}_dot8(row: u32, u: u32, xa: vec4<f32>, xb: vec4<f32>) -> f32 {{\n{dot8}\n}}"
    );
    w
}
