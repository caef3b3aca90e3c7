//! The epilogue of `kforge.fused_linear` as the linear microkernel applies
//! it: on each register tile before the store (`Epilogue::apply_simd`, for
//! every ISA variant), or
//! as a post-pass over a block of the output while it is still in cache
//! ([`Epilogue::apply_block`]).
//!
//! Steps come from the dialect's [`EpilogueStep`] (one `i64`,
//! [`decode_epilogue`]); `add`/`mul` read the operands in order, each a
//! rank-2 view of the output's `[M, N]` with element strides, so broadcasts
//! are stride 0: a bias `[N]` is strides `[0, 1]`, a residual `[M, N]`
//! `[N, 1]`, a scalar `[0, 0]`.
use super::simd::Simd;
use super::vmath;
use kforge_abi::epilogue::{decode_epilogue, EpilogueStep, MAX_ENCODED_STEPS};

/// The most operands an epilogue reads.
pub const MAX_OPERANDS: usize = 4;

/// One epilogue operand: element `[i, j]` at `data + i·row_stride + j·col_stride`.
#[derive(Clone, Copy, Debug)]
pub struct Operand {
    /// Address of element `[0, 0]` (an integer so that tasks can share it).
    pub data: usize,
    /// Elements between rows (0 to broadcast over rows).
    pub row_stride: isize,
    /// Elements between columns (0 to broadcast over columns).
    pub col_stride: isize,
}

impl Operand {
    /// Address of element `[i, j]`.
    fn at(&self, i: usize, j: usize) -> *const f32 {
        (self.data as *const f32)
            .wrapping_offset(i as isize * self.row_stride + j as isize * self.col_stride)
    }
}

/// The steps and the operands they read.
#[derive(Clone, Copy, Debug)]
pub struct Epilogue {
    steps: [EpilogueStep; MAX_ENCODED_STEPS],
    /// For each step, the operand it reads (binary steps only).
    operand_of: [usize; MAX_ENCODED_STEPS],
    len: usize,
    operands: [Operand; MAX_OPERANDS],
}

impl Epilogue {
    /// `steps` reading `operands` in order: one operand per `add`/`mul`.
    pub fn new(steps: &[EpilogueStep], operands: &[Operand]) -> Result<Self, String> {
        let binary = steps.iter().filter(|s| s.is_binary()).count();
        if binary != operands.len() || binary > MAX_OPERANDS {
            return Err(format!(
                "expected one operand per add/mul step, at most {MAX_OPERANDS} ({binary}), got {}",
                operands.len()
            ));
        }
        if steps.len() > MAX_ENCODED_STEPS {
            return Err(format!(
                "expected at most {MAX_ENCODED_STEPS} steps, got {}",
                steps.len()
            ));
        }
        let unused = Operand {
            data: 0,
            row_stride: 0,
            col_stride: 0,
        };
        let mut e = Self {
            steps: [EpilogueStep::Add; MAX_ENCODED_STEPS],
            operand_of: [0; MAX_ENCODED_STEPS],
            len: steps.len(),
            operands: [unused; MAX_OPERANDS],
        };
        e.operands[..operands.len()].copy_from_slice(operands);
        let mut next = 0;
        for (i, s) in steps.iter().enumerate() {
            e.steps[i] = *s;
            e.operand_of[i] = next;
            next += usize::from(s.is_binary());
        }
        Ok(e)
    }

    /// The steps of an encoded list ([`decode_epilogue`]) with the first
    /// operands it reads.
    pub fn decode(code: i64, operands: &[Operand; MAX_OPERANDS]) -> Result<Self, String> {
        let steps = decode_epilogue(code)?;
        let binary = steps.iter().filter(|s| s.is_binary()).count();
        if binary > MAX_OPERANDS {
            return Err(format!(
                "expected at most {MAX_OPERANDS} add/mul steps, got {binary}"
            ));
        }
        Self::new(&steps, &operands[..binary])
    }

    /// The epilogue a microkernel entry point receives: the encoded steps and
    /// four rank-2 operand views of the output's `[M, N]` (those no step
    /// reads are ignored).
    pub fn from_memrefs(code: i64, views: [&super::MemRef2; MAX_OPERANDS]) -> Result<Self, String> {
        let operand = |e: &super::MemRef2| Operand {
            data: e.data() as usize,
            row_stride: e.strides[0] as isize,
            col_stride: e.strides[1] as isize,
        };
        Self::decode(code, &views.map(operand))
    }

    fn steps(&self) -> impl Iterator<Item = (EpilogueStep, &Operand)> + '_ {
        (0..self.len).map(|i| (self.steps[i], &self.operands[self.operand_of[i]]))
    }

    /// The epilogue of `y`, the output's element `[i, j]`.
    ///
    /// # Safety
    /// The operands are readable at `[i, j]`.
    pub unsafe fn apply(&self, mut y: f32, i: usize, j: usize) -> f32 {
        for (step, operand) in self.steps() {
            y = match step {
                // SAFETY: forwarded from the caller.
                EpilogueStep::Add => y + unsafe { *operand.at(i, j) },
                EpilogueStep::Mul => y * unsafe { *operand.at(i, j) },
                EpilogueStep::Silu => vmath::silu(y),
                EpilogueStep::Gelu => vmath::gelu(y),
                EpilogueStep::GeluTanh => vmath::gelu_tanh(y),
            };
        }
        y
    }

    /// The epilogue in place on `rows × cols` outputs at `out` (row stride
    /// `ld`), output element `[row0, col0]` first.
    ///
    /// # Safety
    /// The block of `out` is writable; the operands are readable over it.
    pub unsafe fn apply_block(
        &self,
        out: *mut f32,
        ld: usize,
        (row0, col0): (usize, usize),
        (rows, cols): (usize, usize),
    ) {
        for r in 0..rows {
            for c in 0..cols {
                let at = out.wrapping_add(r * ld + c);
                // SAFETY: forwarded from the caller.
                unsafe { *at = self.apply(*at, row0 + r, col0 + c) };
            }
        }
    }
}

impl Operand {
    /// Elements `[i, j..j+valid]` in the first `valid` lanes (0 elsewhere).
    ///
    /// # Safety
    /// `S`'s features are present; those elements are readable.
    #[inline(always)]
    unsafe fn load_simd<S: Simd>(&self, i: usize, j: usize, valid: usize) -> S::V {
        let p = self.at(i, j);
        // SAFETY (all arms): the caller vouches for the first `valid` lanes.
        unsafe {
            match self.col_stride {
                1 if valid == S::LANES => S::load(p),
                1 => S::load_first(p, valid),
                0 => S::broadcast(p),
                s => {
                    let mut lanes = [0.0f32; MAX_LANES];
                    for (l, v) in lanes.iter_mut().enumerate().take(valid) {
                        *v = *p.wrapping_offset(l as isize * s);
                    }
                    S::load(lanes.as_ptr())
                }
            }
        }
    }
}

/// The widest vector of any [`Simd`] instance.
const MAX_LANES: usize = 16;

impl Epilogue {
    /// The epilogue of one vector of accumulators, the output's
    /// `[i, j..j+valid]` (operands read in the first `valid` lanes only):
    /// every step in registers.
    ///
    /// # Safety
    /// `S`'s features are present; the operands are readable at `[i, j + l]`
    /// for `l < valid`.
    #[inline(always)]
    pub(crate) unsafe fn apply_simd<S: Simd>(
        &self,
        mut y: S::V,
        i: usize,
        j: usize,
        valid: usize,
    ) -> S::V {
        for (step, operand) in self.steps() {
            // SAFETY (all arms): forwarded from the caller.
            y = unsafe {
                match step {
                    EpilogueStep::Add => S::add(y, operand.load_simd::<S>(i, j, valid)),
                    EpilogueStep::Mul => S::mul(y, operand.load_simd::<S>(i, j, valid)),
                    EpilogueStep::Silu => S::silu(y),
                    EpilogueStep::Gelu => S::gelu(y),
                    EpilogueStep::GeluTanh => S::gelu_tanh(y),
                }
            };
        }
        y
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::linear::{packed_linear_epilogue, rowmajor_linear_epilogue, LinearArgs};
    use crate::packed::PackedWeight;
    use kforge_abi::epilogue::parse_epilogue;
    use kforge_reference::{self as reference, max_rel_error, GeluApproximation, Tensor};

    /// An epilogue operand as a tensor (broadcast by the reference's add/mul)
    /// and as the kernel's strided view of `[m, n]`.
    fn operand(kind: &str, m: usize, n: usize, seed: u64) -> (Tensor, Operand) {
        let (shape, row_stride, col_stride): (Vec<usize>, isize, isize) = match kind {
            "bias" => (vec![n], 0, 1),
            "residual" => (vec![m, n], n as isize, 1),
            "column" => (vec![m, 1], 1, 0),
            "scalar" => (vec![1], 0, 0),
            other => panic!("no operand kind {other}"),
        };
        let t = Tensor::random_f32(shape, seed);
        let data = t.as_f32().unwrap().as_ptr() as usize;
        let view = Operand {
            data,
            row_stride,
            col_stride,
        };
        (t, view)
    }

    /// The reference interpreter's `fused_linear`: the product, then each step.
    fn reference(x: &Tensor, w: &Tensor, steps: &[EpilogueStep], operands: &[Tensor]) -> Tensor {
        let mut y = reference::linear(x, w, None).unwrap();
        let mut next = operands.iter();
        for step in steps {
            y = match step {
                EpilogueStep::Add => reference::add(&y, next.next().unwrap()),
                EpilogueStep::Mul => reference::mul(&y, next.next().unwrap()),
                EpilogueStep::Silu => reference::silu(&y),
                EpilogueStep::Gelu => reference::gelu(&y, GeluApproximation::None),
                EpilogueStep::GeluTanh => reference::gelu(&y, GeluApproximation::Tanh),
            }
            .unwrap();
        }
        y
    }

    /// The kernel, packed and as stored, against the reference.
    fn check(m: usize, n: usize, k: usize, epilogue: &str, kinds: &[&str]) {
        let steps = parse_epilogue(epilogue).unwrap();
        let x = Tensor::random_f32([m, k], 1);
        let w = Tensor::random_f32([n, k], 2);
        let (tensors, views): (Vec<Tensor>, Vec<Operand>) = kinds
            .iter()
            .enumerate()
            .map(|(i, kind)| operand(kind, m, n, 10 + i as u64))
            .unzip();
        let e = Epilogue::new(&steps, &views).unwrap();
        let want = reference(&x, &w, &steps, &tensors);
        let packed = PackedWeight::pack(w.as_f32().unwrap(), n, k, k);
        for use_packed in [false, true] {
            let mut out = vec![f32::NAN; m * n];
            let a = LinearArgs::dense(x.as_f32().unwrap(), w.as_f32().unwrap(), &mut out, m, n, k);
            if use_packed {
                packed_linear_epilogue(&a, &packed, Some(&e));
            } else {
                rowmajor_linear_epilogue(&a, Some(&e));
            }
            let got = Tensor::f32([m, n], out).unwrap();
            let err = max_rel_error(&got, &want).unwrap();
            assert!(
                err < 2e-6,
                "{m}x{n}x{k} {epilogue} {kinds:?} packed {use_packed}: {err}"
            );
        }
    }

    #[test]
    fn every_step_matches_the_reference_on_odd_shapes() {
        // n not a multiple of 32, m not a multiple of the tile's rows.
        for (m, n, k) in [(1, 9, 17), (5, 67, 33), (13, 40, 16), (26, 100, 7)] {
            check(m, n, k, "add", &["bias"]);
            check(m, n, k, "mul", &["residual"]);
            check(m, n, k, "silu", &[]);
            check(m, n, k, "gelu", &[]);
            check(m, n, k, "gelu_tanh", &[]);
            check(m, n, k, "add,silu,mul", &["bias", "scalar"]);
            check(m, n, k, "mul,gelu,add", &["column", "residual"]);
            check(m, n, k, "add,gelu_tanh,gelu,silu", &["residual"]);
            check(m, n, k, "add,gelu,add,mul", &["bias", "residual", "scalar"]);
            check(
                m,
                n,
                k,
                "add,add,mul,add",
                &["scalar", "column", "bias", "residual"],
            );
        }
    }

    /// The tile's epilogue on both paths (AVX-512 in registers, portable
    /// after the store), every row count, partial column panels.
    #[test]
    fn tiles_apply_the_epilogue_on_both_paths() {
        use crate::tile::{self, Tile, TileEpilogue, MR_MAX};
        let (k, ldc) = (5, 40);
        let b: Vec<f32> = (0..k * 32)
            .map(|i| ((i * 7) % 13) as f32 * 0.1 - 0.6)
            .collect();
        let a: Vec<f32> = (0..MR_MAX * k)
            .map(|i| ((i * 5) % 11) as f32 * 0.1 - 0.5)
            .collect();
        let bias: Vec<f32> = (0..ldc).map(|j| j as f32 * 0.01).collect();
        let steps = parse_epilogue("add,gelu").unwrap();
        let view = Operand {
            data: bias.as_ptr() as usize,
            row_stride: 0,
            col_stride: 1,
        };
        let e = Epilogue::new(&steps, &[view]).unwrap();
        for rows in 1..=MR_MAX {
            for cols in [1, 5, 8, 16, 17, 25, 32] {
                for isa in kforge_abi::isa::Isa::supported() {
                    let mut c = vec![7.0f32; rows * ldc];
                    let t = Tile {
                        a: a.as_ptr(),
                        lda: k,
                        b: b.as_ptr(),
                        ldb: 32,
                        k,
                        c: c.as_mut_ptr().wrapping_add(3),
                        ldc,
                        cols,
                        accumulate: false,
                    };
                    let epi = TileEpilogue {
                        epilogue: &e,
                        row: 0,
                        col: 3,
                    };
                    // SAFETY: the buffers above cover the tile and the bias.
                    unsafe { tile::run_with_epilogue::<false>(isa, rows, &t, &epi) };
                    for r in 0..rows {
                        for j in 0..cols {
                            let dot: f32 = (0..k).map(|kk| a[r * k + kk] * b[kk * 32 + j]).sum();
                            let want = vmath::gelu(dot + bias[3 + j]);
                            let got = c[r * ldc + 3 + j];
                            assert!((got - want).abs() < 1e-5, "{rows}x{cols} {isa}");
                        }
                        assert_eq!(
                            c[r * ldc + 3 + cols..(r + 1) * ldc]
                                .iter()
                                .filter(|v| **v != 7.0)
                                .count(),
                            0
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn decodes_operands_in_step_order() {
        let unused = Operand {
            data: 0,
            row_stride: 0,
            col_stride: 0,
        };
        let code = kforge_abi::epilogue::encode_epilogue(&parse_epilogue("silu").unwrap());
        assert!(Epilogue::decode(code.unwrap(), &[unused; MAX_OPERANDS]).is_ok());
        let five = parse_epilogue("add,add,mul,add,mul").unwrap();
        let code = kforge_abi::epilogue::encode_epilogue(&five).unwrap();
        assert!(Epilogue::decode(code, &[unused; MAX_OPERANDS])
            .unwrap_err()
            .contains("at most 4"));
    }
}

#[cfg(test)]
mod timing {
    use super::*;
    use crate::linear::{packed_linear, packed_linear_epilogue, LinearArgs};
    use crate::packed::PackedWeight;
    use kforge_abi::epilogue::parse_epilogue;

    /// The residual add in the tile against the product then a second pass:
    /// `cargo test -p kforge-kernels --lib -- --ignored --nocapture epilogue_timing`
    #[test]
    #[ignore]
    fn epilogue_timing() {
        for (m, n, k, reps) in [
            (1usize, 576usize, 576usize, 4000),
            (1, 576, 1536, 2000),
            (64, 576, 576, 200),
        ] {
            let x = vec![0.5f32; m * k];
            let w: Vec<f32> = (0..n * k).map(|i| (i % 7) as f32 * 0.01).collect();
            let r = vec![0.25f32; m * n];
            let packed = PackedWeight::pack(&w, n, k, k);
            let mut out = vec![0.0f32; m * n];
            let a = LinearArgs::dense(&x, &w, &mut out, m, n, k);
            let view = Operand {
                data: r.as_ptr() as usize,
                row_stride: n as isize,
                col_stride: 1,
            };
            let e = Epilogue::new(&parse_epilogue("add").unwrap(), &[view]).unwrap();
            for fused in [false, true, false, true] {
                let t = std::time::Instant::now();
                for _ in 0..reps {
                    if fused {
                        packed_linear_epilogue(&a, &packed, Some(&e));
                    } else {
                        packed_linear(&a, &packed);
                        // SAFETY: out and r hold m × n floats.
                        unsafe { e.apply_block(a.out as *mut f32, n, (0, 0), (m, n)) };
                    }
                }
                let us = t.elapsed().as_secs_f64() / reps as f64 * 1e6;
                println!("{m}x{n}x{k} in-tile epilogue {fused}: {us:.2} us");
            }
        }
    }
}
