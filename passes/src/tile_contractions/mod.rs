//! `--kforge-tile-contractions`: cache tiles, register tiles and vectors for
//! every linalg contraction (the `tiled` matmul strategy).
//!
//! **Matches** `linalg.matmul`, `linalg.batch_matmul` and every f32
//! `linalg.generic` computing `C += A·B` (body `mulf` + `addf`, projected
//! permutation maps) — what `--kforge-lower-to-linalg{matmul-kernel=tiled
//! linear-kernel=tiled}` emits for matmuls, projections, the MLP's linears and
//! attention's `QKᵀ` and `P·V`. Other ops are left alone.
//!
//! **Emits**, on tensors:
//! - an `scf.forall` over cache tiles of `tile-sizes` M×N (batch loops one by
//!   one): the unit of work of the threads (`scf-forall-to-parallel` +
//!   `async-parallel-for` in `--lower-to-cpu-tiled`);
//! - for `C[m, n] += A[m, k]·B[k, n]` layouts (B and C contiguous along N): an
//!   `scf.for` over K chunks of `tile-sizes`'s K, then a register tile of
//!   `vector-sizes` rows×columns per step of K, vectorized to a
//!   `vector.contract` lowered to `vector.fma` outer products, with the
//!   accumulator kept in registers across K (`hoist_loop_invariant_subsets`);
//! - for `C[m, n] += A[m, k]·B[n, k]` layouts (both contiguous along K, as
//!   `kforge.linear`'s weights and attention's keys): a register tile of
//!   `dot-sizes` rows×columns whose K loop is split into vectors of
//!   `dot-sizes`'s third size (`tile_reduction_using_for`), accumulated
//!   elementwise and reduced across lanes once per tile.
//!
//! The dot form's vector `mulf`/`addf` get `fastmath<contract>` so that LLVM
//! fuses them into FMAs.
//!
//! Contractions with a loop of static size 0 are left untiled (their loops run
//! zero times: a zero K gives the zero-filled initial value).
//!
//! Shapes the tiles do not divide: the partial register tile along N is
//! peeled and vectorized with masks; rows left over along M are tiled one by
//! one (a masked row count makes MLIR 22 scalarize the contraction); in the
//! dot form every remainder is masked. Register tiles are clamped to static
//! loops smaller than them (a 1-row product gets 1-row tiles).
//!
//! **How**: the pass tags each contraction (`kforge.tile = i`), writes a
//! transform-dialect script for them (`script.rs`), applies it with MLIR's
//! transform interpreter (`mlirTransformApplyNamedSequence`; MLIR 22 has no
//! `-linalg-tile` pass any more) and removes the tags. The script is not
//! inserted in the module, so nothing needs erasing afterwards.
//! Why a script and not patterns in Rust: tiling, peeling, masked
//! vectorization and hoisting are upstream transforms with no C API but the
//! transform dialect, and the script is readable (`KFORGE_PRINT_TILING=1`
//! prints it).
//!
//! **Options** (defaults: `--kforge-tile-contractions{tile-sizes=96,256,256
//! vector-sizes=native dot-sizes=native}`; `native` is the target's register
//! tile, [`native_register_tiles`]: `6,64` and `4,4,16` on AVX-512, `6,16`
//! and `4,4,8` on AVX2), the autotuner's search space:
//! `tile-sizes=M,N,K` cache tiles (0: the whole loop), `vector-sizes=R,C`
//! the outer-product register tile (R·C/16 accumulators + C/16 zmm
//! registers; C a power of two, best a multiple of 16 dividing N's cache tile),
//! `dot-sizes=R,C,V` the dot-form register tile and its K vector width.
//! Measured at 1024³ on one core (noisy machine): 6×64 register tiles ran
//! ~1.5× faster than 8×32, 14×32 and 4×64 slower; 256-column cache tiles
//! keep enough tasks for two threads on the decoder's 64×1536 products
//! (512-column ones gave three tasks and no speed-up).
//!
//! Before (the example after it uses `tile-sizes=64,256,256 vector-sizes=8,32`):
//! ```mlir
//! %r = linalg.matmul ins(%a, %b : tensor<100x33xf32>, tensor<33x70xf32>)
//!        outs(%c : tensor<100x70xf32>) -> tensor<100x70xf32>
//! ```
//! After (abridged):
//! ```mlir
//! %r = scf.forall (%i) in (2) shared_outs(%o = %c) -> (tensor<100x70xf32>) {
//!   %rows = scf.for %m = %c0 to %full step %c8 ... {          // full 8-row tiles
//!     scf.for %n = %c0 to %c64 step %c32 ... {                // full 32-column tiles
//!       %acc = vector.transfer_read ... : tensor<8x32xf32>, vector<8x32xf32>
//!       %sum = scf.for %k = %c0 to %c33 step %c1 iter_args(%v = %acc) ... {
//!         %x = vector.fma %a0, %b, %v0 : vector<32xf32>     // ×8 rows
//!       }
//!       vector.transfer_write %sum, ...
//!     }
//!     scf.for %n = %c64 to %c70 step %c32 ... { /* masked: vector.maskedload/fma/select */ }
//!   }
//!   scf.for %m = %full to %rows step %c1 ... { /* 1-row tiles */ }
//!   scf.forall.in_parallel { tensor.parallel_insert_slice ... }
//! }
//! ```
mod contraction;
mod script;

use crate::rewrite::{emit_error, parse_attribute, set_attribute};
use kforge_dialect::ir::{str_ref, walk_raw};
use mlir_sys::*;

/// Parsed options of the pass.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TileSizes {
    /// Cache tiles of the last M, the last N and the K loop (0: whole loop).
    pub cache: [u64; 3],
    /// Outer-product register tile: rows, columns.
    pub vector: [u64; 2],
    /// Dot-form register tile: rows, columns, K vector width.
    pub dot: [u64; 3],
}

impl TileSizes {
    /// Reads the pass options (defaults already filled in by the registry).
    pub fn from_options(options: &crate::registry::PassOptions) -> Result<Self, String> {
        let get = |name: &str| options.get(name).map(String::as_str).unwrap_or("");
        let (native_vector, native_dot) = native_register_tiles(crate::isa::active());
        let vector: [u64; 2] = match get("vector-sizes") {
            NATIVE => native_vector,
            text => sizes("vector-sizes", text, false)?,
        };
        let dot: [u64; 3] = match get("dot-sizes") {
            NATIVE => native_dot,
            text => sizes("dot-sizes", text, false)?,
        };
        power_of_two("vector-sizes", "columns", vector[1])?;
        power_of_two("dot-sizes", "vector width", dot[2])?;
        Ok(Self {
            cache: sizes("tile-sizes", get("tile-sizes"), true)?,
            vector,
            dot,
        })
    }
}

/// The option value that asks for the target's register tiles.
pub const NATIVE: &str = "native";

/// The register tiles of `vector-sizes=native` and `dot-sizes=native` for an
/// ISA variant: 6 rows of 4 vectors (24 accumulators of AVX-512's 32
/// registers; 6×64 measured ~1.5× faster than 8×32 at 1024³), 6 rows of 2
/// vectors on AVX2 (12 of its 16 registers, the shape of BLIS's Haswell
/// kernel), 4 rows of 2 on the SSE2 baseline; dot tiles 4×4 with one vector
/// of K.
pub fn native_register_tiles(isa: crate::isa::Isa) -> ([u64; 2], [u64; 3]) {
    let lanes = isa.vector_lanes() as u64;
    match isa {
        crate::isa::Isa::Avx512 => ([6, 4 * lanes], [4, 4, lanes]),
        crate::isa::Isa::Avx2 => ([6, 2 * lanes], [4, 4, lanes]),
        crate::isa::Isa::Portable => ([4, 2 * lanes], [4, 4, lanes]),
    }
}

/// The vector length of a register tile must be a power of two: LLVM
/// scalarizes masked loads of other lengths (`vector-sizes=8,48` ran at 5
/// GFLOP/s, 8,32 and 6,64 at 50–110).
fn power_of_two(option: &str, what: &str, n: u64) -> Result<(), String> {
    if n.is_power_of_two() {
        Ok(())
    } else {
        Err(format!(
            "option '{option}' of pass 'kforge-tile-contractions' expects the {what} to be a power of two, got {n}"
        ))
    }
}

/// `N` comma-separated integers (`allow_zero`: 0 allowed), or an error
/// naming the option.
fn sizes<const N: usize>(option: &str, text: &str, allow_zero: bool) -> Result<[u64; N], String> {
    let what = if allow_zero {
        "non-negative"
    } else {
        "positive"
    };
    let bad = || {
        format!(
            "option '{option}' of pass 'kforge-tile-contractions' expects {N} comma-separated {what} integers, got '{text}'"
        )
    };
    let parsed: Vec<u64> = text
        .split(',')
        .map(|s| s.trim().parse::<u64>().map_err(|_| bad()))
        .collect::<Result<_, _>>()?;
    let parsed: [u64; N] = parsed.try_into().map_err(|_| bad())?;
    if (!allow_zero && parsed.contains(&0)) || parsed.iter().any(|s| *s > 1 << 20) {
        return Err(bad());
    }
    Ok(parsed)
}

/// Checks one option's text (for the registry, at pipeline-parse time).
pub fn check_option(name: &str, text: &str) -> Result<(), String> {
    match name {
        "tile-sizes" => sizes::<3>(name, text, true).map(|_| ()),
        "vector-sizes" | "dot-sizes" if text == NATIVE => Ok(()),
        "vector-sizes" => power_of_two(name, "columns", sizes::<2>(name, text, false)?[1]),
        "dot-sizes" => power_of_two(name, "vector width", sizes::<3>(name, text, false)?[2]),
        _ => Ok(()),
    }
}

/// Tiles and vectorizes every contraction under `root`.
#[allow(
    clippy::result_unit_err,
    reason = "the signature of every pass in the registry; the error is already emitted"
)]
pub fn tile_contractions(
    root: MlirOperation,
    options: &crate::registry::PassOptions,
) -> Result<(), ()> {
    let sizes = TileSizes::from_options(options).map_err(|e| emit_error(root, &e))?;
    let mut contractions = Vec::new();
    walk_raw(root, &mut |op| {
        // A loop of static size 0 leaves nothing to tile: the op stays as it is
        // and lowers to loops that run zero times (K = 0: the result is the
        // initial value, zeros; M or N = 0: an empty result). MLIR 22's tiling
        // crashes on such loops.
        if let Some(c) = contraction::analyze(op).filter(|c| !c.extents.contains(&Some(0))) {
            contractions.push(c);
        }
    });
    if contractions.is_empty() {
        return Ok(());
    }
    for (i, c) in contractions.iter().enumerate() {
        let id = parse_attribute(c.op, &format!("{i} : i64")).ok_or(())?;
        set_attribute(c.op, script::ID_ATTRIBUTE, id);
    }
    let text = script::script(&contractions, &sizes);
    if std::env::var_os("KFORGE_PRINT_TILING").is_some() {
        eprintln!("{text}");
    }
    let applied = apply_script(root, &text);
    let contract = parse_attribute(root, "#arith.fastmath<contract>").ok_or(())?;
    walk_raw(root, &mut |op| {
        // SAFETY: a live op; removing a discardable attribute.
        unsafe { mlirOperationRemoveAttributeByName(op, str_ref(script::ID_ATTRIBUTE)) };
        if is_vector_multiply_or_add(op) {
            set_attribute(op, "fastmath", contract);
        }
    });
    applied
}

/// A vector `arith.mulf`/`arith.addf`: before this pass no vector ops exist,
/// so these are the dot form's multiply-adds, which may then fuse into FMAs
/// (`contract`), as the outer-product form's `vector.fma` already are.
fn is_vector_multiply_or_add(op: MlirOperation) -> bool {
    let name = kforge_dialect::ir::op_name(op);
    // SAFETY: a live op; reading its result type.
    name.starts_with("arith.")
        && (name == "arith.mulf" || name == "arith.addf")
        && unsafe {
            mlirOperationGetNumResults(op) == 1
                && mlirTypeIsAVector(mlirValueGetType(mlirOperationGetResult(op, 0)))
        }
}

/// Parses `text` (a module holding `@__transform_main`) in `root`'s context
/// and applies it to `root`; the interpreter reports its own errors.
fn apply_script(root: MlirOperation, text: &str) -> Result<(), ()> {
    // SAFETY: live handles; the script module is destroyed before returning.
    unsafe {
        let context = mlirOperationGetContext(root);
        let module = mlirOperationCreateParse(
            context,
            str_ref(text),
            str_ref("kforge-tile-contractions-script"),
        );
        if module.ptr.is_null() {
            emit_error(
                root,
                &format!("internal error: the tiling script does not parse:\n{text}"),
            );
            return Err(());
        }
        let block = mlirRegionGetFirstBlock(mlirOperationGetRegion(module, 0));
        let entry = mlirBlockGetFirstOperation(block);
        let options = mlirTransformOptionsCreate();
        let result = mlirTransformApplyNamedSequence(root, entry, module, options);
        mlirTransformOptionsDestroy(options);
        mlirOperationDestroy(module);
        if result.value == 0 {
            emit_error(
                root,
                "kforge-tile-contractions: the tiling script failed (see above)",
            );
            return Err(());
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_are_parsed_and_checked() {
        assert_eq!(sizes::<3>("tile-sizes", "64,256,0", true), Ok([64, 256, 0]));
        let err = sizes::<2>("vector-sizes", "8,x", false).unwrap_err();
        assert!(
            err.contains("expects 2 comma-separated positive integers, got '8,x'"),
            "{err}"
        );
        assert!(sizes::<2>("vector-sizes", "8,0", false).is_err());
        assert!(sizes::<3>("tile-sizes", "1,2", true).is_err());
        assert!(sizes::<3>("tile-sizes", "1,2,3,4", true).is_err());
        assert!(sizes::<3>("tile-sizes", "-1,2,3", true).is_err());
        assert!(check_option("dot-sizes", "4,4,16").is_ok());
        let err = check_option("vector-sizes", "8,48").unwrap_err();
        assert!(
            err.contains("expects the columns to be a power of two, got 48"),
            "{err}"
        );
        assert!(check_option("dot-sizes", "4,4,12").is_err());
    }
}
