//! Shared pieces of the generators: binding declarations and launch grids.

use crate::spec::{Binding, Elem};
use std::fmt::Write;

/// Largest workgroup count per grid dimension (WebGPU's default limit).
pub const MAX_GROUPS: usize = 65535;

/// `@group(0) @binding(i) var<storage, …> name: array<…>;` for each binding.
/// Bindings named in `wide` are declared `array<ty>` with the type given there (16-byte loads of 8 halves:
/// `mat2x4<f16>` or `vec4<u32>`).
pub fn binding_decls(bindings: &[Binding], vec4: &[&str], wide: &[(&str, &str)]) -> String {
    let mut s = String::new();
    for (i, b) in bindings.iter().enumerate() {
        let scalar = match b.elem {
            Elem::F32 => "f32",
            Elem::F16 => "f16",
            Elem::U32 => "u32",
        };
        let ty = if let Some((_, ty)) = wide.iter().find(|(n, _)| *n == b.name) {
            (*ty).to_string()
        } else if vec4.contains(&b.name) {
            format!("vec4<{scalar}>")
        } else {
            scalar.to_string()
        };
        let access = if b.writable { "read_write" } else { "read" };
        let _ = writeln!(
            s,
            "@group(0) @binding({i}) var<storage, {access}> {}: array<{ty}>;",
            b.name
        );
    }
    s
}

/// A 2D grid covering `groups` workgroups (x first, at most [`MAX_GROUPS`] wide). The kernel recovers the linear
/// workgroup index as `wid.x + wid.y * grid_x`.
pub fn grid_1d(groups: usize) -> [u32; 3] {
    let x = groups.clamp(1, MAX_GROUPS);
    let y = groups.div_ceil(x).max(1);
    [x as u32, y as u32, 1]
}

/// A float literal WGSL accepts for any finite `v` (always with a decimal point or exponent).
pub fn f32_lit(v: f32) -> String {
    let s = format!("{v:?}");
    if s.contains('.') || s.contains('e') || s.contains("inf") || s.contains("NaN") {
        s
    } else {
        format!("{s}.0")
    }
}

/// The matmul generators' shape constants: `M`, `N`, `K` and `KTILES`
/// (blocks of `bk` along `K`).
pub fn shape_consts(w: &mut String, m: usize, n: usize, k: usize, bk: usize) {
    let _ = writeln!(
        w,
        "const M: u32 = {m}u;\nconst N: u32 = {n}u;\nconst K: u32 = {k}u;\nconst KTILES: u32 = {}u;",
        k.div_ceil(bk)
    );
}
