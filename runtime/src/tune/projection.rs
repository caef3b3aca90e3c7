//! Operands of a projection problem ([`Kernel::Projection`], [`Kernel::Swiglu`]) as a loaded decoder has them:
//! weights in the problem's format, registered the way model loading registers them (f32 weights packed into
//! panels, 32-weight block formats interleaved for the integer products), so a candidate split is timed on the
//! kernel the decoder runs.
use super::{Kernel, Problem};
use kforge_abi::weight_format::WeightFormat;
use kforge_kernels::choices::LinearSplit;
use kforge_kernels::packed::{self, PackedWeight};
use kforge_kernels::projections::{self, Input, Part};
use kforge_kernels::quant::{self, interleaved, Quantized};
use std::sync::Arc;

/// One weight `[n, k]` in the problem's format, registered while alive.
struct Weight {
    f32: Vec<f32>,
    bytes: Vec<u8>,
    format: WeightFormat,
    n: usize,
    k: usize,
}

impl Weight {
    fn new(format: WeightFormat, n: usize, k: usize, salt: usize) -> Self {
        let values: Vec<f32> = (0..n * k)
            .map(|i| ((i * 13 + salt) % 29) as f32 / 29.0 - 0.5)
            .collect();
        if format == WeightFormat::F32 {
            let packed = PackedWeight::pack(&values, n, k, k);
            packed::register(values.as_ptr(), Arc::new(packed));
            return Self {
                f32: values,
                bytes: Vec::new(),
                format,
                n,
                k,
            };
        }
        let bytes = kforge_reference::quant::quantize(format, &values)
            .expect("tuned shapes have k a multiple of the format's block");
        let w = Self {
            f32: Vec::new(),
            bytes,
            format,
            n,
            k,
        };
        // SAFETY: `bytes` holds n rows of k weights of `format`, alive and unmodified until `drop`.
        if let Some(copy) = unsafe { interleaved::Interleaved::pack(&w.quantized(), n, k) } {
            interleaved::register(w.bytes.as_ptr(), Arc::new(copy));
        }
        w
    }

    fn quantized(&self) -> Quantized {
        Quantized {
            format: self.format,
            data: self.bytes.as_ptr() as usize,
            row_stride: self
                .format
                .row_bytes(self.k)
                .expect("k checked on creation"),
        }
    }

    fn part(&self, out: &mut [f32]) -> Part {
        let out = out.as_mut_ptr() as usize;
        if self.format == WeightFormat::F32 {
            Part::new(
                self.f32.as_ptr() as usize,
                self.k,
                self.n,
                self.k,
                out,
                self.n,
            )
        } else {
            let generation = quant::next_generation();
            Part::quantized(self.quantized(), generation, self.n, self.k, out, self.n)
        }
    }
}

impl Drop for Weight {
    fn drop(&mut self) {
        if self.format == WeightFormat::F32 {
            packed::unregister(self.f32.as_ptr());
        } else {
            interleaved::unregister(self.bytes.as_ptr());
        }
    }
}

/// A projection problem's input, weights (one, or gate and up) and output.
pub(super) struct ProjectionBuffers {
    kernel: Kernel,
    x: Vec<f32>,
    m: usize,
    k: usize,
    weights: Vec<Weight>,
    out: Vec<f32>,
}

impl ProjectionBuffers {
    /// Whether `p` can be timed: `k` a whole number of the format's blocks.
    pub(super) fn supports(p: &Problem) -> bool {
        p.k.is_multiple_of(p.format.block_elems())
    }

    pub(super) fn new(p: &Problem) -> Self {
        let weights = match p.kernel {
            Kernel::Swiglu => vec![
                Weight::new(p.format, p.n, p.k, 1),
                Weight::new(p.format, p.n, p.k, 2),
            ],
            _ => vec![Weight::new(p.format, p.n, p.k, 1)],
        };
        Self {
            kernel: p.kernel,
            x: (0..p.m * p.k)
                .map(|i| ((i * 7) % 23) as f32 / 23.0 - 0.5)
                .collect(),
            m: p.m,
            k: p.k,
            weights,
            out: vec![0.0; p.m * p.n],
        }
    }

    pub(super) fn run(&mut self, split: LinearSplit) {
        let input = Input::new(self.x.as_ptr() as usize, self.k, self.m, self.k, None, 0.0);
        let parts: Vec<Part> = self.weights.iter().map(|w| w.part(&mut self.out)).collect();
        match (self.kernel, parts.as_slice()) {
            (Kernel::Swiglu, [gate, up]) => {
                projections::swiglu_linear_with(&input, gate, up, split)
            }
            _ => projections::multi_linear_with(&input, &parts, split),
        }
    }
}
