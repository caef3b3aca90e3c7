//! The command line of the GPU benchmark, shared by `kforge-gpu-bench` and `kforge-bench --target gpu`.

use crate::bench::{bench_coop, bench_f32, coop_tiles, BenchResult, MatmulBench, Timing};
use crate::error::Result;
use crate::runtime::{list_adapters, Gpu, GpuOptions};
use crate::tile::MatmulTile;
use crate::tune::{search_matmul_tile, TileSearch};
use clap::{Parser, Subcommand, ValueEnum};
use std::io::Write;

/// GPU benchmarks of kforge's generated kernels (wgpu on Vulkan, timed with GPU timestamps).
#[derive(Debug, Parser)]
#[command(name = "kforge-gpu-bench", version)]
pub struct Cli {
    /// What to run.
    #[command(subcommand)]
    pub command: Command,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// List the Vulkan adapters (`--device` takes an index or a name substring).
    Devices,
    /// Time a matrix product.
    Matmul(MatmulArgs),
    /// Greedy decode of a SmolLM2-135M-shaped model with random weights (tokens/s).
    Decode(DecodeArgs),
    /// A prompt through a decoder's `@prefill` program in one run and token by token through its `@decode`.
    Prefill(PrefillArgs),
    /// Time single kernels given as specs (JSON, as in a `--gpu-program` file) on random inputs.
    Kernel(KernelArgs),
}

/// `kernel` options.
#[derive(Debug, Clone, clap::Args)]
pub struct KernelArgs {
    /// A kernel spec as JSON, e.g. `{"Gemv":{"m":8,"n":1536,"k":576,"bias":false}}` (repeatable).
    #[arg(long = "spec", value_name = "JSON", required = true)]
    pub specs: Vec<String>,
    /// Timed dispatches of each (GPU timestamps; the median is reported).
    #[arg(long, default_value_t = 200, value_parser = count_to_65536)]
    pub reps: usize,
    /// Adapter: `auto`, an index of `devices`, or a name substring.
    #[arg(long)]
    pub device: Option<String>,
    /// Keep wgpu's bounds checks (what `kforge-run` and `kforge-serve` run).
    #[arg(long)]
    pub checked: bool,
}

/// `prefill` options.
#[derive(Debug, Clone, clap::Args)]
pub struct PrefillArgs {
    /// The `@decode` program (`kforge-run model.mlir --target gpu --gpu-program FILE`).
    #[arg(long, value_name = "FILE")]
    pub decode_program: std::path::PathBuf,
    /// The `@prefill` program of the prompt's length (the same with `--gpu-prefill-len N`) and the same
    /// `--max-context`.
    #[arg(long, value_name = "FILE")]
    pub program: std::path::PathBuf,
    /// Timed runs of each (after one warm-up each; the median is reported).
    #[arg(long, default_value_t = 5, value_parser = count_to_65536)]
    pub reps: usize,
    /// Adapter: `auto`, an index of `devices`, or a name substring.
    #[arg(long)]
    pub device: Option<String>,
    /// Write the result as JSON to this file.
    #[arg(long)]
    pub json: Option<std::path::PathBuf>,
}

/// `decode` options.
#[derive(Debug, Clone, clap::Args)]
pub struct DecodeArgs {
    /// Tokens to generate (after one warm-up token; at most 65536).
    #[arg(long, default_value_t = 64, value_parser = count_to_65536)]
    pub tokens: usize,
    /// KV-cache rows (at most 65536).
    #[arg(long, default_value_t = 1024, value_parser = count_to_65536)]
    pub context: usize,
    /// Adapter: `auto`, an index of `devices`, or a name substring.
    #[arg(long)]
    pub device: Option<String>,
    /// Write the result as JSON to this file.
    #[arg(long)]
    pub json: Option<std::path::PathBuf>,
    /// Run this decoder program (`kforge-run model.mlir --target gpu --gpu-program FILE`: the model's `@decode`
    /// through kforge's op → kernel mapping, what `kforge-run --target gpu --prompt` runs) on random weights of
    /// its shapes, instead of the hand-built SmolLM2-shaped loop.
    #[arg(long, value_name = "FILE")]
    pub program: Option<std::path::PathBuf>,
    /// Keep wgpu's injected bounds checks (as `kforge-run --target gpu` does).
    #[arg(long)]
    pub checked: bool,
    /// With --program: a compute pass (and timestamps) per dispatch on every token, as a check of the one-pass
    /// recording (the ids must match).
    #[arg(long)]
    pub pass_per_kernel: bool,
}

/// Element type of the timed product.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Dtype {
    /// The f32 tiled kernel.
    F32,
    /// f16 inputs on cooperative matrices, f32 accumulation.
    F16,
    /// Both.
    All,
}

/// `matmul` options.
#[derive(Debug, Clone, clap::Args)]
pub struct MatmulArgs {
    /// Rows of A and C.
    #[arg(long, default_value_t = 4096)]
    pub m: usize,
    /// Columns of B and C.
    #[arg(long, default_value_t = 4096)]
    pub n: usize,
    /// The reduction.
    #[arg(long, default_value_t = 4096)]
    pub k: usize,
    /// Which kernels.
    #[arg(long, value_enum, default_value_t = Dtype::All)]
    pub dtype: Dtype,
    /// Timed dispatches per kernel (at most 65536).
    #[arg(long, default_value_t = 20, value_parser = count_to_65536)]
    pub reps: usize,
    /// Adapter: `auto`, an index of `devices`, or a name substring.
    #[arg(long)]
    pub device: Option<String>,
    /// Sweep every cooperative-matrix tile instead of the one `CoopTile::for_shape` picks.
    #[arg(long)]
    pub sweep: bool,
    /// With --sweep: only these entries of the sweep (indices, comma-separated), e.g. one per process so that a
    /// driver crash costs one tile.
    #[arg(long, value_delimiter = ',')]
    pub tiles: Vec<usize>,
    /// The f32 kernel's tile, `BMxBNxBKTMxTN` (e.g. `64x64x16_4x4`; default: `MatmulTile::for_shape`).
    #[arg(long, value_parser = parse_tile, conflicts_with = "tune")]
    pub tile: Option<MatmulTile>,
    /// Autotune the f32 kernel: time every tile of the search space on this device (GPU timestamps), print them,
    /// and report the fastest beside the default (no cache: `kforge-run --target gpu` keeps tuned tiles in the
    /// tune cache).
    #[arg(long)]
    pub tune: bool,
    /// Keep wgpu's injected bounds checks in the shaders (slower).
    #[arg(long)]
    pub checked: bool,
    /// Write every result (with sampled outputs) as JSON lines to this file.
    #[arg(long)]
    pub json: Option<std::path::PathBuf>,
}

/// The most `--tokens`, `--context` and `--reps` accepted: far beyond any
/// benchmark, and small enough that the sizes and buffers they imply cannot
/// overflow (`--tokens 2^63` overflowed the KV cache's size).
pub const MAX_COUNT: usize = 1 << 16;

fn count_to_65536(text: &str) -> std::result::Result<usize, String> {
    match text.trim().parse::<usize>() {
        Ok(value) if value <= MAX_COUNT => Ok(value),
        _ => Err(format!(
            "expected an integer in [0, {MAX_COUNT}], got '{text}'"
        )),
    }
}

fn parse_tile(label: &str) -> std::result::Result<MatmulTile, String> {
    MatmulTile::parse(label)
}

/// Runs the command line.
pub fn run(cli: &Cli) -> Result<()> {
    match &cli.command {
        Command::Devices => {
            let list = list_adapters();
            if list.is_empty() {
                return Err(crate::GpuError::NoAdapter(String::new()));
            }
            for a in list {
                println!("{a}");
            }
            Ok(())
        }
        Command::Matmul(args) => matmul(args),
        Command::Decode(args) => decode(args),
        Command::Prefill(args) => prefill(args),
        Command::Kernel(args) => kernel(args),
    }
}

/// `kernel`: each spec's median and fastest dispatch, and the bytes its bindings hold per microsecond.
fn kernel(args: &KernelArgs) -> Result<()> {
    let specs = args
        .specs
        .iter()
        .map(|text| {
            serde_json::from_str::<crate::spec::KernelSpec>(text)
                .map_err(|e| crate::GpuError::Wgpu(format!("--spec {text}: {e}")))
        })
        .collect::<Result<Vec<_>>>()?;
    for spec in &specs {
        spec.validate()?;
    }
    let gpu = Gpu::open(&GpuOptions {
        device: args.device.clone(),
        unchecked_shaders: !args.checked,
    })?;
    println!("adapter: {}", gpu.adapter());
    for spec in &specs {
        let t = crate::bench::time_spec(&gpu, spec, args.reps)?;
        println!(
            "{:<48} median {:>9.2} us  min {:>9.2} us  {:>8.1} GB/s of bindings ({})",
            spec.name(),
            t.timed.median * 1e6,
            t.timed.min * 1e6,
            t.bytes as f64 / t.timed.median / 1e9,
            t.timed.how
        );
    }
    Ok(())
}

/// Reads a program written by `kforge-run --gpu-program`.
fn read_program(path: &std::path::Path) -> Result<crate::program::Program> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| crate::GpuError::Wgpu(format!("{}: {e}", path.display())))?;
    crate::program::Program::from_json(&text)
}

/// `prefill`: see [`crate::prefill_bench`].
fn prefill(args: &PrefillArgs) -> Result<()> {
    let gpu = Gpu::open(&GpuOptions {
        device: args.device.clone(),
        unchecked_shaders: true,
    })?;
    println!("adapter: {}", gpu.adapter());
    let (decode, prefill) = (
        read_program(&args.decode_program)?,
        read_program(&args.program)?,
    );
    let r = crate::prefill_bench::bench_prefill(&gpu, decode, prefill, args.reps)?;
    println!(
        "prefill of {} tokens (random weights, medians of {}): batched {:.2} ms ({:.0} tokens/s, {} kernels), token by token {:.2} ms ({:.0} tokens/s): {:.1}x; last logits differ by at most {:.2e}",
        r.tokens,
        args.reps,
        r.batched_seconds * 1e3,
        r.batched_tokens_per_s,
        r.kernels,
        r.token_seconds * 1e3,
        r.token_tokens_per_s,
        r.token_seconds / r.batched_seconds,
        r.logits_max_diff
    );
    for (family, n, ms) in &r.kernel_families {
        println!("  {family:<24} {n:>4} dispatches {ms:>8.3} ms");
    }
    if let Some(p) = &args.json {
        let text = serde_json::to_string(&r).map_err(|e| crate::GpuError::Wgpu(e.to_string()))?;
        std::fs::write(p, text)
            .map_err(|e| crate::GpuError::Wgpu(format!("{}: {e}", p.display())))?;
    }
    Ok(())
}

/// `matmul`: times the selected kernels and prints a table (and JSON lines with `--json`).
pub fn matmul(args: &MatmulArgs) -> Result<()> {
    let count = coop_tiles().len();
    if let Some(bad) = args.tiles.iter().find(|&&i| i >= count) {
        return Err(crate::GpuError::Wgpu(format!(
            "--tiles: index {bad} out of range (the sweep has {count} tiles)"
        )));
    }
    let gpu = Gpu::open(&GpuOptions {
        device: args.device.clone(),
        unchecked_shaders: !args.checked,
    })?;
    println!("adapter: {}", gpu.adapter());
    let b = MatmulBench {
        m: args.m,
        n: args.n,
        k: args.k,
        reps: args.reps.max(1),
    };
    let mut results: Vec<std::result::Result<BenchResult, String>> = Vec::new();
    if matches!(args.dtype, Dtype::F32 | Dtype::All) {
        let default = MatmulTile::for_shape(1, args.m, args.n);
        let tiles = if args.tune {
            let best = tune_f32(&gpu, &b)?;
            if best == default {
                vec![default]
            } else {
                vec![default, best]
            }
        } else {
            vec![args.tile.unwrap_or(default)]
        };
        for t in tiles {
            results.push(bench_f32(&gpu, &b, t).map_err(|e| format!("f32 {}: {e}", t.label())));
        }
    }
    if matches!(args.dtype, Dtype::F16 | Dtype::All) {
        if !gpu.has_coop_f16() {
            results.push(Err(format!(
                "f16: skipped, adapter `{}` offers no 16x16 f16 cooperative matrices",
                gpu.adapter().name
            )));
        } else {
            let tiles = if args.sweep {
                let all = coop_tiles();
                if args.tiles.is_empty() {
                    all
                } else {
                    args.tiles.iter().map(|&i| all[i]).collect()
                }
            } else {
                vec![crate::CoopTile::for_shape(args.m, args.n, args.k)]
            };
            for t in tiles {
                results
                    .push(bench_coop(&gpu, &b, t).map_err(|e| format!("f16 {}: {e}", t.label())));
            }
        }
    }
    let mut json = match &args.json {
        Some(p) => Some(
            std::fs::File::create(p)
                .map_err(|e| crate::GpuError::Wgpu(format!("{}: {e}", p.display())))?,
        ),
        None => None,
    };
    println!(
        "{:<58} {:>10} {:>10} {:>9} {:>10}",
        "kernel", "median ms", "min ms", "TFLOP/s", "rel err"
    );
    for r in &results {
        match r {
            Ok(r) => {
                println!(
                    "{:<58} {:>10.3} {:>10.3} {:>9.2} {:>10.1e}",
                    r.kernel, r.median_ms, r.min_ms, r.tflops, r.sample_rel_err
                );
                if let Some(f) = json.as_mut() {
                    let line = serde_json::to_string(r).unwrap_or_default();
                    let _ = writeln!(f, "{line}");
                }
            }
            Err(e) => println!("{e}"),
        }
    }
    if let Some(Ok(r)) = results.first() {
        println!("timing: {}", r.timing);
    }
    Ok(())
}

/// Searches the f32 tile of `b` and prints every candidate; returns the fastest.
fn tune_f32(gpu: &Gpu, b: &MatmulBench) -> Result<MatmulTile> {
    let spec = crate::MatmulSpec::new(1, b.m, b.n, b.k, false);
    let candidates = MatmulTile::candidates();
    let found = search_matmul_tile(
        gpu,
        &spec,
        &candidates,
        &Timing::bench(b.reps),
        &mut |done, total| {
            eprint!(
                "\rtuning f32 {}x{}x{}: {done}/{total} timings",
                b.m, b.n, b.k
            )
        },
    )?;
    eprintln!();
    let tflops = |s: f64| TileSearch::gflops(&spec, s) / 1e3;
    println!(
        "{:<16} {:>10} {:>9}  note (first pass)",
        "f32 tile", "median ms", "TFLOP/s"
    );
    for m in &found.measured {
        match (m.seconds, &m.excluded) {
            (Some(s), _) => println!(
                "{:<16} {:>10.3} {:>9.2}{}",
                m.tile.label(),
                s * 1e3,
                tflops(s),
                if m.tile == found.default {
                    "  default"
                } else {
                    ""
                }
            ),
            (None, why) => println!(
                "{:<16} {:>10} {:>9}  {}",
                m.tile.label(),
                "-",
                "-",
                why.as_deref().unwrap_or("")
            ),
        }
    }
    println!("confirmation rounds (interleaved, median of the rounds):");
    for (tile, s) in &found.rounds {
        println!(
            "{:<16} {:>10.3} {:>9.2}{}",
            tile.label(),
            s * 1e3,
            tflops(*s),
            if *tile == found.best {
                "  fastest"
            } else if *tile == found.default {
                "  default"
            } else {
                ""
            }
        );
    }
    println!(
        "tuned f32 tile: {} ({:.2}x the default {}; {})",
        found.best.label(),
        found.default_seconds / found.best_seconds,
        found.default.label(),
        found.timing
    );
    Ok(found.best)
}

/// `decode`: the synthetic decode loop of [`crate::decode_bench`].
pub fn decode(args: &DecodeArgs) -> Result<()> {
    let gpu = Gpu::open(&GpuOptions {
        device: args.device.clone(),
        unchecked_shaders: !args.checked,
    })?;
    println!("adapter: {}", gpu.adapter());
    if let Some(path) = &args.program {
        let program = read_program(path)?;
        let formats: Vec<&str> = program.weight_formats().iter().map(|f| f.name()).collect();
        let r =
            crate::decoder::bench_program(&gpu, program, args.tokens.max(1), args.pass_per_kernel)?;
        println!(
            "decode ({}, random weights stored as {}, checked={}): {} tokens, {:.1} tokens/s (wall, argmax on the device; {:.1} with the host's), {} kernels/token in one command buffer, {:.3} ms GPU time/token (timestamps)",
            r.source, formats.join("+"), args.checked, r.tokens, r.tokens_per_s, r.tokens_per_s_host_argmax.unwrap_or(0.0), r.kernels_per_token, r.gpu_ms_per_token
        );
        for (family, n, ms) in &r.kernel_families {
            println!(
                "  {family:<24} {n:>4} dispatches {ms:>8.3} ms at position {}",
                r.tokens + 1
            );
        }
        return write_json(args, &r);
    }
    let shape = crate::decode_bench::DecoderShape {
        context: args.context.max(args.tokens + 2),
        ..crate::decode_bench::DecoderShape::SMOLLM2_135M
    };
    let r = crate::decode_bench::bench_decode(&gpu, &shape, args.tokens.max(1))?;
    println!(
        "decode (SmolLM2-135M shapes, random weights, f32): {} tokens, {:.1} tokens/s (wall), {} kernels/token in one command buffer, {:.3} ms GPU time/token (timestamps)",
        r.tokens, r.tokens_per_s, r.kernels_per_token, r.gpu_ms_per_token
    );
    write_json(args, &r)
}

fn write_json(args: &DecodeArgs, r: &crate::decode_bench::DecodeResult) -> Result<()> {
    if let Some(p) = &args.json {
        std::fs::write(p, serde_json::to_string(r).unwrap_or_default())
            .map_err(|e| crate::GpuError::Wgpu(format!("{}: {e}", p.display())))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Regression (hostile campaign): `decode --tokens 9223372036854775807`
    /// panicked on a multiply overflow sizing the KV cache.
    #[test]
    fn counts_are_bounded() {
        for args in [
            ["decode", "--tokens", "9223372036854775807"],
            ["decode", "--context", "18446744073709551616"],
            ["decode", "--context", "65537"],
            ["matmul", "--reps", "4294967296"],
            ["matmul", "--reps", "65537"],
        ] {
            let parsed = Cli::try_parse_from(std::iter::once("kforge-gpu-bench").chain(args));
            let err = parsed.unwrap_err().to_string();
            assert!(
                err.contains("expected an integer in [0, 65536]"),
                "{args:?}: {err}"
            );
        }
        let ok = Cli::try_parse_from(["kforge-gpu-bench", "decode", "--context", "65536"]);
        assert!(ok.is_ok());
    }

    /// `kernel`: a spec that is not JSON of a kernel, or one past a binding's size, is refused with a message
    /// before any device is opened or buffer made.
    #[test]
    fn bad_kernel_specs_are_refused() {
        let args = |spec: &str| KernelArgs {
            specs: vec![spec.into()],
            reps: 1,
            device: Some("no such adapter".into()),
            checked: false,
        };
        let err = kernel(&args("{\"Gemv\":{\"m\":1}}"))
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("--spec") && err.contains("missing field"),
            "{err}"
        );
        let err = kernel(&args("not json")).unwrap_err().to_string();
        assert!(err.contains("--spec not json"), "{err}");
        let huge = r#"{"Gemv":{"m":1,"n":4294967296,"k":1024,"bias":false}}"#;
        let err = kernel(&args(huge)).unwrap_err().to_string();
        assert!(err.contains("2 GiB"), "{err}");
        let parsed = Cli::try_parse_from(["kforge-gpu-bench", "kernel"]);
        assert!(parsed.is_err(), "--spec is required");
    }
}
