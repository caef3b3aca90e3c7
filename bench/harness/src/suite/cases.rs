//! Which cases a suite run measures: a few sizes with `--quick`, more without.
use super::graphs::{self, KernelSpec};
use anyhow::Result;

/// One case to run.
pub enum CaseSpec {
    /// `kforge.matmul` of `m×k · k×n` against OpenBLAS.
    Matmul {
        /// Rows of A.
        m: u64,
        /// Columns of B.
        n: u64,
        /// Reduction length.
        k: u64,
    },
    /// A compiled kernel checked against the reference interpreter.
    Kernel(KernelSpec),
    /// The whole SmolLM2 decode step.
    Decode,
}

impl CaseSpec {
    /// The case's name in the report.
    pub fn name(&self) -> String {
        match self {
            CaseSpec::Matmul { m, n, k } => format!("matmul/{m}x{k}x{n}"),
            CaseSpec::Kernel(spec) => spec.name.clone(),
            CaseSpec::Decode => "decoder/smollm2-135m/decode".into(),
        }
    }
}

/// The decoder's matmul shapes as `(M, K, N)`: one token and 64 tokens through
/// a 576→1536 projection, and one token through the 49152-word head.
pub const DECODER_MATMULS: &[(u64, u64, u64)] = &[(1, 576, 1536), (64, 576, 1536), (1, 576, 49152)];

/// The cases of a run.
pub fn suite_cases(quick: bool) -> Result<Vec<CaseSpec>> {
    let squares: &[u64] = if quick {
        &[256, 512]
    } else {
        &[256, 512, 1024, 2048]
    };
    let mut cases: Vec<CaseSpec> = squares
        .iter()
        .map(|&s| CaseSpec::Matmul { m: s, n: s, k: s })
        .collect();
    cases.extend(
        DECODER_MATMULS
            .iter()
            .map(|&(m, k, n)| CaseSpec::Matmul { m, n, k }),
    );
    let mut kernels = vec![graphs::batch_matmul(9, 64, 64, 64)?];
    if !quick {
        kernels.push(graphs::batch_matmul(9, 256, 64, 256)?);
    }
    let (prefills, decodes): (&[u64], &[u64]) = if quick {
        (&[64], &[256])
    } else {
        (&[64, 256, 1024], &[256, 1024, 2048])
    };
    for &s in prefills {
        kernels.push(graphs::attention("prefill", s, s)?);
    }
    for &c in decodes {
        kernels.push(graphs::attention("decode", 1, c)?);
    }
    let rows: &[u64] = if quick { &[1, 64] } else { &[1, 16, 64, 256] };
    for &r in rows {
        kernels.push(graphs::mlp(r)?);
    }
    let norm_rows: &[u64] = if quick { &[64] } else { &[1, 64, 512] };
    for &r in norm_rows {
        kernels.push(graphs::rms_norm(r, 576)?);
        kernels.push(graphs::layer_norm(r, 576)?);
        kernels.push(graphs::rope(r)?);
    }
    cases.extend(kernels.into_iter().map(CaseSpec::Kernel));
    cases.push(CaseSpec::Decode);
    Ok(cases)
}
