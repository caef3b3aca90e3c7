//! Kernel specs: what one GPU kernel computes, with every shape static.
//!
//! A spec is the contract between the compiler (which maps kforge ops to specs, `passes/src/lower_to_gpu`) and
//! the generators (`crate::wgsl`), which turn a spec into WGSL text. Dynamic values that change between calls of
//! the same kernel (the KV-cache position of a decode step) are read from a small `params` buffer instead, so one
//! pipeline serves every step.

use crate::error::{GpuError, Result};
use crate::tile::MatmulTile;

use kforge_abi::weight_format::WeightFormat;

/// A binary elementwise op (numpy broadcast).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum BinaryOp {
    /// `a + b`
    Add,
    /// `a · b`
    Mul,
}

/// A unary elementwise op.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum UnaryOp {
    /// `x · σ(x)`
    Silu,
    /// `0.5x(1+tanh(√(2/π)(x+0.044715x³)))`
    GeluTanh,
    /// `0.5x(1+erf(x/√2))`
    GeluErf,
}

/// One step of a fused epilogue, applied in order to each output element `v` of a kernel.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum EpilogueOp {
    /// `v = v op e[·]` with the next epilogue operand `e` of this shape, broadcast (numpy) to the output
    /// shape without widening it.
    Binary(BinaryOp, Vec<usize>),
    /// `v = op(v)`.
    Unary(UnaryOp),
}

/// Pointwise steps fused after a kernel's result, before its store (`kforge.fused_linear`'s epilogue).
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct Epilogue {
    /// Shape of the result the steps' operands broadcast to (its element count is the kernel's output).
    pub out: Vec<usize>,
    /// The steps, in order; at most [`Epilogue::MAX_OPERANDS`] of them binary.
    pub steps: Vec<EpilogueOp>,
}

impl Epilogue {
    /// Most binary steps (bindings `e0`…`e3`).
    pub const MAX_OPERANDS: usize = 4;

    /// The shapes of the binary steps' operands, in binding order.
    pub fn operand_shapes(&self) -> Vec<&[usize]> {
        self.steps
            .iter()
            .filter_map(|s| match s {
                EpilogueOp::Binary(_, shape) => Some(shape.as_slice()),
                EpilogueOp::Unary(_) => None,
            })
            .collect()
    }

    /// `add_silu`: the steps joined by `_`, for kernel names.
    pub fn label(&self) -> String {
        self.steps
            .iter()
            .map(|s| match s {
                EpilogueOp::Binary(op, _) => format!("{op:?}"),
                EpilogueOp::Unary(op) => format!("{op:?}"),
            })
            .collect::<Vec<_>>()
            .join("_")
            .to_lowercase()
    }

    fn bindings(&self) -> Vec<SizedBinding> {
        self.operand_shapes()
            .iter()
            .zip(EPILOGUE_NAMES)
            .map(|(shape, name)| b(name, Elem::F32, product(shape), false))
            .collect()
    }

    fn validate(&self, name: &str) -> Result<()> {
        let shapes = self.operand_shapes();
        if shapes.len() > Self::MAX_OPERANDS {
            return Err(invalid(
                name,
                format!(
                    "at most {} epilogue operands (got {})",
                    Self::MAX_OPERANDS,
                    shapes.len()
                ),
            ));
        }
        for shape in shapes {
            if broadcast_shapes(shape, &self.out).as_deref() != Some(&self.out[..]) {
                return Err(invalid(
                    name,
                    format!(
                        "epilogue operand {shape:?} does not broadcast to {:?}",
                        self.out
                    ),
                ));
            }
        }
        Ok(())
    }
}

/// Binding names of the epilogue operands.
const EPILOGUE_NAMES: [&str; Epilogue::MAX_OPERANDS] = ["e0", "e1", "e2", "e3"];
/// Binding names of [`KernelSpec::MultiGemv`]'s weights and results.
const MULTI_W: [&str; 4] = ["w0", "w1", "w2", "w3"];
const MULTI_Y: [&str; 4] = ["y0", "y1", "y2", "y3"];

/// An f32 matrix product `c[b] = a[b] · b[b]` (or `a · bᵀ` for a linear layer), blocked by `tile`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct MatmulSpec {
    /// Independent products (grid z); `a` and `c` are `[batch, m, ·]`.
    pub batch: usize,
    /// Rows of `a` and `c`.
    pub m: usize,
    /// Columns of `c`.
    pub n: usize,
    /// The reduction.
    pub k: usize,
    /// `b` is `[n, k]` (a linear layer's weight, shared by every batch) instead of `[batch, k, n]`.
    pub b_transposed: bool,
    /// A `[n]` bias is added to every row (linear layers).
    pub bias: bool,
    /// The blocking (a spec written before tiles were chosen reads as [`MatmulTile::LARGE`]).
    #[serde(default)]
    pub tile: MatmulTile,
    /// How a transposed `b` (a linear layer's weight) is stored: f32, or a stored format bound as its raw bytes
    /// ([`crate::weights`]) and decoded as its tiles are staged.
    #[serde(
        default,
        skip_serializing_if = "kforge_abi::weight_format::is_f32",
        with = "kforge_abi::weight_format::by_name"
    )]
    pub b_format: WeightFormat,
}

impl MatmulSpec {
    /// `[batch, m, k] · [batch, k, n]` (or `· [n, k]ᵀ` with `b_transposed`), no bias, the tile of
    /// [`MatmulTile::for_shape`].
    pub fn new(batch: usize, m: usize, n: usize, k: usize, b_transposed: bool) -> Self {
        MatmulSpec {
            batch,
            m,
            n,
            k,
            b_transposed,
            bias: false,
            tile: MatmulTile::for_shape(batch, m, n),
            b_format: WeightFormat::F32,
        }
    }

    /// The same product with a transposed `b` stored as `format`.
    pub fn with_b_format(self, format: WeightFormat) -> Self {
        MatmulSpec {
            b_format: format,
            ..self
        }
    }

    /// The same product blocked by `tile`.
    pub fn with_tile(self, tile: MatmulTile) -> Self {
        MatmulSpec { tile, ..self }
    }

    /// The same product with (or without) a `[n]` bias.
    pub fn with_bias(self, bias: bool) -> Self {
        MatmulSpec { bias, ..self }
    }
}

/// An f16-input, f32-accumulate matrix product on cooperative matrices (tensor cores), `[m,k]·[k,n] → [m,n]` f32.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct CoopMatmulSpec {
    /// Rows of `a` and `c`.
    pub m: usize,
    /// Columns of `c`.
    pub n: usize,
    /// The reduction (a multiple of 4: `a` and `b` are read 4 halves at a time).
    pub k: usize,
    /// Workgroup tile and subgroup layout.
    pub tile: CoopTile,
}

/// The blocking of the cooperative-matrix kernel (each subgroup owns `bm/sg_rows x bn/sg_cols` of the tile).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct CoopTile {
    /// Workgroup tile rows.
    pub bm: usize,
    /// Workgroup tile columns.
    pub bn: usize,
    /// Reduction step staged in workgroup memory.
    pub bk: usize,
    /// Subgroups along rows.
    pub sg_rows: usize,
    /// Subgroups along columns.
    pub sg_cols: usize,
    /// Halves of padding at the end of each staged row (bank conflicts).
    pub pad: usize,
    /// Two staging buffers, the next tile loaded into registers while this one is multiplied.
    pub double_buffer: bool,
    /// Stage as `vec4<f16>` (one 8-byte store per 4 halves instead of four 2-byte stores); `coopLoadT` then reads
    /// through a `vec4<f16>` pointer with the stride counted in vectors, as SPV_KHR_cooperative_matrix allows.
    pub vec_shared: bool,
    /// Read A and B from device memory 16 bytes (8 halves) at a time, as `mat2x4<f16>` (two `vec4<f16>`
    /// columns; `k` and `n` multiples of 8); stores to workgroup memory stay scalar `f16`.
    #[serde(default)]
    pub wide_loads: bool,
    /// Accumulate in f16 (`coop_mat16x16<f16, C>`; fragments go through workgroup memory to the f32 output).
    #[serde(default)]
    pub acc_f16: bool,
    /// Rotate each lane group's scalar stores to workgroup memory by one word (bank conflicts of the staging).
    #[serde(default)]
    pub rot_stores: bool,
    /// Stage in 16-byte words: A, B and the workgroup tiles as `array<mat2x4<f16>>`, one 16-byte load and one
    /// 16-byte store per 8 halves; `coopLoadT` reads the fragments through a pointer to a word's first
    /// `vec4<f16>` column (stride in 8-byte columns, even), so every fragment row starts 16-byte aligned. A
    /// `vec4<u32>` array would be the usual choice, but naga 30 types a fragment by its pointer's scalar (u32); a
    /// pointer to the `mat2x4<f16>` itself passes naga but NVIDIA's driver reads wrong data through it (H200,
    /// 2026-11-26: rel. err 1.1). With whole tiles the device loads are unguarded.
    #[serde(default)]
    pub stage16: bool,
    /// Single buffer: load the next tile into registers before the current one is multiplied (two barriers per K
    /// step, the loads' latency hidden behind the products).
    #[serde(default)]
    pub prefetch: bool,
    /// No workgroup memory: each subgroup `coopLoadT`s its fragments straight from A and B (bound as
    /// `array<mat2x4<f16>>`, column pointers as with `stage16`; L1/L2 do the reuse), the next K step's fragments
    /// loaded while this one's are multiplied.
    /// `m`, `n`, `k` must be multiples of the tile.
    #[serde(default)]
    pub direct: bool,
    /// Workgroups walk the tiles of C in bands of this many tile rows, column by column within a band (0: row by
    /// row), so that the workgroups in flight share rows of A and columns of B in L2.
    #[serde(default)]
    pub group_rows: usize,
    /// Load every fragment of a K step from workgroup memory before the first product of the step (more
    /// registers, the loads of later 16-wide K blocks in flight during the products of earlier ones).
    #[serde(default)]
    pub loads_first: bool,
    /// With `double_buffer`: two register sets, the loads of the tile two steps ahead issued before each step's
    /// products (two steps to arrive instead of one).
    #[serde(default)]
    pub depth2: bool,
}

impl CoopTile {
    /// The recipe of TOOLCHAIN.md: 128x128x32, 8 subgroups of 4x2 tiles, rows padded by 8 halves.
    pub const DEFAULT: CoopTile = CoopTile {
        bm: 128,
        bn: 128,
        bk: 32,
        sg_rows: 2,
        sg_cols: 4,
        pad: 8,
        double_buffer: false,
        vec_shared: false,
        wide_loads: false,
        acc_f16: false,
        rot_stores: false,
        stage16: false,
        prefetch: false,
        direct: false,
        group_rows: 0,
        loads_first: false,
        depth2: false,
    };

    /// The fastest tile measured (index 25 of [`crate::bench::coop_tiles`]; at 4096³ 230.3 TFLOP/s = 0.319x
    /// cuBLAS fp16 on an H100, 228.5 = 0.314x on an H200, bench/GPU_RESULTS.md 2026-11-26): 128x128x32, 2x2
    /// subgroups of 64x64, 16-byte-word staging (`stage16`: k and n multiples of 8), the next tile prefetched into
    /// registers, tiles walked in bands of 4 tile rows. With k not a multiple of 32 its loads are guarded and
    /// [`CoopTile::DEFAULT`] can be faster (H100, 4096x4096x4104: 179.5 vs 211.2 TFLOP/s).
    pub const FAST: CoopTile = CoopTile {
        sg_cols: 2,
        stage16: true,
        prefetch: true,
        group_rows: 4,
        ..CoopTile::DEFAULT
    };

    /// The tile for an `[m,k]·[k,n]` product: [`CoopTile::FAST`] where the shape meets every condition of that
    /// tile (k and n multiples of 8), else [`CoopTile::DEFAULT`] (k and n multiples of 4).
    pub fn for_shape(m: usize, n: usize, k: usize) -> CoopTile {
        let fast = CoopMatmulSpec {
            m,
            n,
            k,
            tile: CoopTile::FAST,
        };
        if KernelSpec::CoopMatmul(fast).validate().is_ok() {
            CoopTile::FAST
        } else {
            CoopTile::DEFAULT
        }
    }

    /// Threads of a workgroup (32 per subgroup).
    pub fn threads(&self) -> usize {
        product(&[self.sg_rows, self.sg_cols, 32]).unwrap_or(usize::MAX)
    }

    /// Bytes of workgroup memory the tile stages.
    pub fn shared_bytes(&self) -> usize {
        if self.direct {
            return 0;
        }
        // Saturates: `validate` rejects a tile whose sizes overflow.
        let one = self
            .bm
            .saturating_mul(self.bk.saturating_add(self.pad))
            .saturating_add(self.bk.saturating_mul(self.bn.saturating_add(self.pad)));
        one.saturating_mul(if self.double_buffer { 4 } else { 2 })
    }

    /// Short label, e.g. `128x128x32-2x4-p8-db`.
    pub fn label(&self) -> String {
        format!(
            "{}x{}x{}-{}x{}-p{}{}{}{}{}{}{}{}{}{}{}{}",
            self.bm,
            self.bn,
            self.bk,
            self.sg_rows,
            self.sg_cols,
            self.pad,
            if self.double_buffer { "-db" } else { "" },
            if self.vec_shared { "-v4" } else { "" },
            if self.wide_loads { "-w16" } else { "" },
            if self.acc_f16 { "-acc16" } else { "" },
            if self.rot_stores { "-rot" } else { "" },
            if self.stage16 { "-s16" } else { "" },
            if self.prefetch { "-pf" } else { "" },
            if self.direct { "-direct" } else { "" },
            if self.group_rows > 0 {
                format!("-g{}", self.group_rows)
            } else {
                String::new()
            },
            if self.loads_first { "-lf" } else { "" },
            if self.depth2 { "-d2" } else { "" }
        )
    }
}

/// Scaled dot-product attention of `sq` queries over a key/value buffer of `kv_rows` rows (a cache or the keys
/// themselves). The number of keys attended over and the causal offset come from the `params` buffer:
/// `params[0] = kv_len`, `params[1] = q_offset` as an i32 bit pattern (query `i` sees key `j` iff `j ≤ i + q_offset`;
/// without a cache `q_offset = Sk − Sq`, with one it is the position).
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct AttentionSpec {
    /// Queries.
    pub sq: usize,
    /// Query heads.
    pub hq: usize,
    /// Key/value heads (`hq % hkv == 0`).
    pub hkv: usize,
    /// Head dim.
    pub d: usize,
    /// Rows of the key/value buffers.
    pub kv_rows: usize,
    /// Causal mask.
    pub causal: bool,
    /// Score scale.
    pub scale: f32,
    /// One sequence per query row (a batched decode step, `kforge.attention` with rank-4 caches): row `b` of the
    /// `sq` rows attends over its own cache slot — `k`, `v` are `[sq, kv_rows, hkv, d]` — up to and including its own
    /// position: `params` holds one position `p_b` per row and the row sees keys `0..=p_b` of slot `b`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub per_row: bool,
}

/// Keys per workgroup of [`KernelSpec::AttentionSplit`].
pub const ATTENTION_SPLIT_KEYS: usize = 32;

impl AttentionSpec {
    /// Key blocks of [`KernelSpec::AttentionSplit`] over the whole cache.
    pub fn split_blocks(&self) -> usize {
        self.kv_rows.div_ceil(ATTENTION_SPLIT_KEYS)
    }

    /// Dims of the key and value buffers: `[kv_rows, hkv, d]`, or a slot per row `[sq, kv_rows, hkv, d]`.
    pub fn cache_dims(&self) -> Vec<usize> {
        let one = [self.kv_rows, self.hkv, self.d];
        if self.per_row {
            [&[self.sq][..], &one].concat()
        } else {
            one.to_vec()
        }
    }

    /// u32s of the params buffer: `[kv_len, q_off]`, or one position per row.
    pub fn params_len(&self) -> usize {
        if self.per_row {
            self.sq
        } else {
            2
        }
    }
}

/// One GPU kernel.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum KernelSpec {
    /// f32 matmul / batch matmul / linear.
    Matmul(MatmulSpec),
    /// f16 inputs, f32 accumulation on cooperative matrices.
    CoopMatmul(CoopMatmulSpec),
    /// `y = x · wᵀ (+ bias)` for few rows (decode): one workgroup per 4 output columns, K split over threads.
    Gemv {
        /// Rows of `x` (small).
        m: usize,
        /// Output columns.
        n: usize,
        /// Reduction.
        k: usize,
        /// With a `[n]` bias.
        bias: bool,
        /// How the weight is stored (a stored format is bound as its raw bytes, [`crate::weights`]).
        #[serde(
            default,
            skip_serializing_if = "kforge_abi::weight_format::is_f32",
            with = "kforge_abi::weight_format::by_name"
        )]
        format: WeightFormat,
    },
    /// [`KernelSpec::Gemv`] with an epilogue applied in registers before the store: `y = ep(x · wᵀ)`, the
    /// epilogue's operands bound after `w` (`kforge.fused_linear` of few rows).
    GemvEpilogue {
        /// Rows of `x` (small).
        m: usize,
        /// Output columns.
        n: usize,
        /// Reduction.
        k: usize,
        /// The steps; `epilogue.out` has `m · n` elements.
        epilogue: Epilogue,
        /// How the weight is stored (a stored format is bound as its raw bytes, [`crate::weights`]).
        #[serde(
            default,
            skip_serializing_if = "kforge_abi::weight_format::is_f32",
            with = "kforge_abi::weight_format::by_name"
        )]
        format: WeightFormat,
    },
    /// Several projections of one input in one dispatch, `y_i = x · w_iᵀ` (`kforge.multi_linear` of few rows):
    /// the workgroups of all weights in one grid, each taking 4 columns of one weight as [`KernelSpec::Gemv`].
    MultiGemv {
        /// Rows of `x` (small).
        m: usize,
        /// Reduction.
        k: usize,
        /// Output columns of each weight (1 to 4 weights).
        ns: Vec<usize>,
        /// How every weight is stored (a stored format is bound as its raw bytes, [`crate::weights`]).
        #[serde(
            default,
            skip_serializing_if = "kforge_abi::weight_format::is_f32",
            with = "kforge_abi::weight_format::by_name"
        )]
        format: WeightFormat,
        /// With `Some(ε)`, `x` is RMS-normalized by `norm: [k]` inside the kernel (each workgroup sums `x²` along
        /// its dot products and scales the results: the norm costs no dispatch).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        norm_eps: Option<f32>,
    },
    /// `y = silu(x · w_gateᵀ) · (x · w_upᵀ)` for few rows (`kforge.swiglu_linear`): each workgroup computes both
    /// dot products of 4 output columns and stores only the product.
    SwigluGemv {
        /// Rows of `x` (small).
        m: usize,
        /// Output columns (rows of each weight).
        n: usize,
        /// Reduction.
        k: usize,
        /// How both weights are stored (a stored format is bound as its raw bytes, [`crate::weights`]).
        #[serde(
            default,
            skip_serializing_if = "kforge_abi::weight_format::is_f32",
            with = "kforge_abi::weight_format::by_name"
        )]
        format: WeightFormat,
        /// With `Some(ε)`, `x` is RMS-normalized by `norm: [k]` inside the kernel (each workgroup sums `x²` along
        /// its dot products and scales the results: the norm costs no dispatch).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        norm_eps: Option<f32>,
    },
    /// `y = ep(x)` elementwise: the epilogue of a projection that ran as the tiled matmul.
    Epilogue(Epilogue),
    /// `y = a op b` with numpy broadcasting to `out`.
    Binary {
        /// The op.
        op: BinaryOp,
        /// Shape of `a`.
        a: Vec<usize>,
        /// Shape of `b`.
        b: Vec<usize>,
        /// Broadcast result shape.
        out: Vec<usize>,
    },
    /// `y = op(x)` over `len` elements.
    Unary {
        /// The op.
        op: UnaryOp,
        /// Elements.
        len: usize,
    },
    /// Softmax along an axis of a tensor viewed as `[outer, axis, inner]`.
    Softmax {
        /// Product of the dims before the axis.
        outer: usize,
        /// Length of the axis.
        axis: usize,
        /// Product of the dims after the axis.
        inner: usize,
    },
    /// `y = x / √(mean(x²) + ε) · w` over rows of `dim`.
    RmsNorm {
        /// Rows.
        rows: usize,
        /// Row length.
        dim: usize,
        /// ε.
        eps: f32,
    },
    /// `y = (x − μ) / √(σ² + ε) · γ + β` over rows of `dim` (biased variance, centred before squaring).
    LayerNorm {
        /// Rows.
        rows: usize,
        /// Row length.
        dim: usize,
        /// ε.
        eps: f32,
    },
    /// Rotate-half RoPE of `x: [seq, heads, head_dim]`, with `cos_sin: [seq, head_dim]` (the cosines of the
    /// `head_dim/2` angles of a position, then their sines) computed on the host in f64 by
    /// [`crate::rope_table::rope_table`], as Hugging Face caches its rotary tables: f32 `cos` on a GPU loses
    /// ~3e-4 at positions in the thousands.
    Rope {
        /// Sequence length.
        seq: usize,
        /// Heads.
        heads: usize,
        /// Head dim (even).
        head_dim: usize,
        /// θ.
        theta: f32,
    },
    /// Attention (see [`AttentionSpec`]).
    Attention(AttentionSpec),
    /// [`KernelSpec::Attention`] over one block of [`ATTENTION_SPLIT_KEYS`] keys per workgroup (flash-decoding):
    /// for each query row and key block, the block's running max `m`, sum `l` and unnormalized `p·v` go to
    /// `partial` (`d/4 + 1` vec4s per (row, block): the sums, then `(m, l, 0, 0)`); a decode step's few query rows
    /// then fill the GPU across the cache instead of one workgroup walking all of it. Needs `d % 4 == 0`.
    AttentionSplit(AttentionSpec),
    /// [`KernelSpec::AttentionSplit`] with the step's RoPE and cache writes inside (a decode step's rope, rope and
    /// cache-write dispatches folded in): each workgroup rotates its query row as it loads it and reads the step's
    /// new keys (rotated) and values straight from `k_new`/`v_new`; the workgroup of each key/value head's first
    /// query head writes them into rows `p..p+sq` of the caches (`p = params[1]`, the causal offset), which no
    /// workgroup of the dispatch reads. `cos_sin` as [`KernelSpec::Rope`] reads it, one row per new row.
    AttentionSplitRope(AttentionSpec),
    /// Merges the blocks of [`KernelSpec::AttentionSplit`]: `out[row] = Σ_b e^(m_b−M)·acc_b / Σ_b e^(m_b−M)·l_b`.
    AttentionCombine {
        /// Query rows (`sq · hq`).
        rows: usize,
        /// Head dim.
        d: usize,
        /// Key blocks per row.
        blocks: usize,
    },
    /// Copy `rows_new: [seq, heads·d]` into rows `[p, p+seq)` of `cache: [rows, heads·d]`, `p = params[0]`.
    KvWrite {
        /// New rows.
        seq: usize,
        /// Elements of a row (`heads · d`).
        row: usize,
        /// Rows of the cache.
        rows: usize,
    },
    /// [`KernelSpec::KvWrite`] of a step's keys and values into their two caches in one dispatch.
    KvWritePair {
        /// New rows.
        seq: usize,
        /// Elements of a row (`heads · d`).
        row: usize,
        /// Rows of each cache.
        rows: usize,
    },
    /// A batched decode step's keys and values into their caches' slots: row `b` of `k_new`/`v_new: [batch, row]`
    /// into row `params[b]` of slot `b` of `k_cache`/`v_cache: [batch, rows, row]` (a position past the slot is
    /// dropped).
    KvWriteRows {
        /// Rows of the step, one per slot.
        batch: usize,
        /// Elements of a row (`heads · d`).
        row: usize,
        /// Rows of each slot.
        rows: usize,
    },
    /// A decode step's RoPE and cache writes in one dispatch: `q_rot` = rotate-half RoPE of `q: [seq, hq, d]`,
    /// the rotated `k_new: [seq, hkv, d]` and `v_new` into rows `params[0]..` of `k_cache`/`v_cache` (rows past the
    /// caches dropped), with `cos_sin` as [`KernelSpec::Rope`] reads it. The same arithmetic as the two `Rope`
    /// kernels and [`KernelSpec::KvWritePair`] it replaces.
    RopeKvWrite {
        /// New rows (queries and keys).
        seq: usize,
        /// Query heads.
        hq: usize,
        /// Key/value heads.
        hkv: usize,
        /// Head dim (even).
        d: usize,
        /// Rows of each cache.
        rows: usize,
    },
    /// The greedy choice of a decode step kept on the device: `ids[0] = argmax(x)`, the first of equal maxima
    /// (0 when no element is above −f32::MAX; for logits without NaN, the host argmax's choice). `ids` is the next
    /// step's embedding index, so greedy steps follow each other with no host round trip.
    ArgmaxFeed {
        /// Elements of `x` (the vocabulary).
        n: usize,
    },
    /// The greedy choice of every row of a batched decode step: `ids[r] = argmax(x[r, :])`, as
    /// [`KernelSpec::ArgmaxFeed`] per row (one workgroup each), so a step reads back 4 bytes a row instead of the
    /// vocabulary's logits.
    ArgmaxRows {
        /// Rows of `x`.
        rows: usize,
        /// Elements of a row (the vocabulary).
        n: usize,
    },
    /// `y[s,:] = table[clamp(ids[s]),:]`.
    Embedding {
        /// Ids.
        seq: usize,
        /// Rows of the table.
        vocab: usize,
        /// Row length.
        dim: usize,
        /// How the table is stored (a stored format is bound as its raw bytes, [`crate::weights`]).
        #[serde(
            default,
            skip_serializing_if = "kforge_abi::weight_format::is_f32",
            with = "kforge_abi::weight_format::by_name"
        )]
        format: WeightFormat,
    },
}

/// Element type of a binding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Elem {
    /// 32-bit float.
    F32,
    /// 16-bit float (stored as pairs in u32 words on the host side).
    F16,
    /// 32-bit unsigned (ids, positions, params).
    U32,
}

impl Elem {
    /// Bytes per element.
    pub fn bytes(self) -> usize {
        match self {
            Elem::F32 | Elem::U32 => 4,
            Elem::F16 => 2,
        }
    }
}

/// One storage binding of a kernel, in binding order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Binding {
    /// Name in the WGSL source.
    pub name: &'static str,
    /// Element type.
    pub elem: Elem,
    /// Number of elements.
    pub len: usize,
    /// Written by the kernel.
    pub writable: bool,
}

/// A binding whose length may have overflowed `usize` (`None`).
type SizedBinding = (Binding, Option<usize>);

fn b(name: &'static str, elem: Elem, len: Option<usize>, writable: bool) -> SizedBinding {
    let binding = Binding {
        name,
        elem,
        len: len.unwrap_or(usize::MAX),
        writable,
    };
    (binding, len)
}

/// The product of `dims`, `None` on overflow: every size of a spec is computed
/// so (a spec may come from a hostile program file or an unverified module).
fn product(dims: &[usize]) -> Option<usize> {
    dims.iter().try_fold(1usize, |n, &d| n.checked_mul(d))
}

fn invalid(kernel: &str, reason: impl Into<String>) -> GpuError {
    GpuError::InvalidSpec {
        kernel: kernel.to_string(),
        reason: reason.into(),
    }
}

/// Broadcast two shapes (numpy's rule); `None` if they do not broadcast.
pub fn broadcast_shapes(a: &[usize], b: &[usize]) -> Option<Vec<usize>> {
    let rank = a.len().max(b.len());
    let mut out = vec![0; rank];
    for (i, o) in out.iter_mut().enumerate() {
        let da = if i + a.len() >= rank {
            a[i + a.len() - rank]
        } else {
            1
        };
        let db = if i + b.len() >= rank {
            b[i + b.len() - rank]
        } else {
            1
        };
        *o = match (da, db) {
            (x, y) if x == y => x,
            (1, y) => y,
            (x, 1) => x,
            _ => return None,
        };
    }
    Some(out)
}

mod bindings;
mod names;
mod validate;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_that_overflow_are_errors_not_panics() {
        let big = 1usize << 32;
        let matmul = KernelSpec::Matmul(MatmulSpec::new(1, big, big, big, false));
        let err = matmul.validate().unwrap_err().to_string();
        assert!(
            err.contains("the length of binding 'a' overflows usize"),
            "{err}"
        );
        assert_eq!(matmul.bindings()[0].len, usize::MAX);
        let specs = [
            KernelSpec::Softmax {
                outer: big,
                axis: big,
                inner: big,
            },
            KernelSpec::Embedding {
                seq: 1,
                vocab: usize::MAX,
                dim: 2,
                format: WeightFormat::F32,
            },
            KernelSpec::Binary {
                op: BinaryOp::Add,
                a: vec![big, big],
                b: vec![1],
                out: vec![big, big],
            },
            KernelSpec::GemvEpilogue {
                m: big,
                n: big,
                k: 1,
                epilogue: Epilogue {
                    out: vec![big, big],
                    steps: vec![EpilogueOp::Unary(UnaryOp::Silu)],
                },
                format: WeightFormat::F32,
            },
        ];
        for spec in specs {
            let err = spec.validate().unwrap_err().to_string();
            assert!(err.contains("overflows usize"), "{err}");
        }
        // Within usize, beyond the 2 GiB of a binding: the binding and its size are named.
        let err = KernelSpec::Unary {
            op: UnaryOp::Silu,
            len: usize::MAX / 2,
        }
        .validate()
        .unwrap_err()
        .to_string();
        assert!(err.contains("binding 'x'"), "{err}");
        assert!(err.contains("larger than 2 GiB"), "{err}");
        let coop = CoopMatmulSpec {
            m: 64,
            n: 64,
            k: 64,
            tile: CoopTile {
                sg_rows: usize::MAX,
                bm: usize::MAX,
                ..CoopTile::DEFAULT
            },
        };
        assert!(KernelSpec::CoopMatmul(coop).validate().is_err());
        assert_eq!(coop.tile.threads(), usize::MAX);
        assert_eq!(coop.tile.shared_bytes(), usize::MAX);
    }

    #[test]
    fn for_shape_picks_the_fast_tile_where_k_and_n_are_multiples_of_8() {
        assert_eq!(CoopTile::for_shape(4096, 4096, 4096), CoopTile::FAST);
        assert_eq!(CoopTile::for_shape(130, 72, 40), CoopTile::FAST);
        assert_eq!(CoopTile::for_shape(1, 8, 8), CoopTile::FAST);
        // n = 1000 is a multiple of 8: partial tiles, guarded loads, still the fast tile.
        assert_eq!(CoopTile::for_shape(4096, 1000, 4096), CoopTile::FAST);
    }

    #[test]
    fn for_shape_falls_back_to_the_default_tile() {
        assert_eq!(CoopTile::for_shape(4096, 4096, 4100), CoopTile::DEFAULT);
        assert_eq!(CoopTile::for_shape(4096, 1004, 4096), CoopTile::DEFAULT);
        assert_eq!(CoopTile::for_shape(130, 68, 36), CoopTile::DEFAULT);
        // Shapes neither tile takes get the default, whose validation names the problem.
        assert_eq!(CoopTile::for_shape(4096, 4096, 4098), CoopTile::DEFAULT);
    }

    #[test]
    fn fast_tile_is_the_swept_best() {
        assert_eq!(crate::bench::coop_tiles()[25], CoopTile::FAST);
        assert_eq!(CoopTile::FAST.label(), "128x128x32-2x2-p8-s16-pf-g4");
    }
}
