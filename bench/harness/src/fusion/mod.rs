//! `kforge-bench fusion`: what each fusion pass buys on the decoder's own
//! shapes (SmolLM2-135M: dim 576, 9 heads of 64, 3 KV heads, FFN 1536,
//! vocab 49152; one decode row), fused (`--lower-to-cpu`) against unfused
//! (`--lower-to-cpu-unfused`) in one run, as a markdown table; then whole
//! decode steps of the model, fused against unfused, in tokens/s.
//!
//! Each case is one small function whose weights are arguments. Weights are
//! packed and registered as `DecoderModel` does at load, in enough copies
//! (rotated call by call) that they stream from memory as a decode step's
//! do, not from cache. Both sides run on the same buffers, timed in blocks
//! ordered fused, unfused, unfused, fused ([`time_blocks`]); the table
//! gives medians, the speedup of the medians, and the largest relative
//! difference between the two sides' outputs.
mod cases;

use crate::measure::{load_average, time_blocks, Aligned, AssertSend, Latency};
use crate::suite::decoder::{default_model_dir, PROMPT};
use anyhow::{anyhow, bail, Context, Result};
use cases::{cases, Arg, Case, CONTEXT, GROUPS, HEAD, HEADS_PER_GROUP};
use kforge_kernels::packed::{self, PackedWeight};
use kforge_passes::pipeline::{cpu_codegen, without_fusion};
use kforge_runtime::generate::sampling::argmax;
use kforge_runtime::generate::{tokenize, DecoderModel, Session};
use kforge_runtime::jit::{CompiledModule, RawArg, RawResult};
use kforge_runtime::reference::{self, Tensor};
use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

/// Options of `kforge-bench fusion`.
#[derive(Clone, Debug)]
#[cfg_attr(feature = "clap", derive(clap::Args))]
pub struct FusionOptions {
    /// Threads of kforge's pool (default: every core).
    #[cfg_attr(feature = "clap", arg(long, value_parser = crate::values::threads))]
    pub threads: Option<usize>,
    /// Timed calls per side and case.
    #[cfg_attr(feature = "clap", arg(long, default_value_t = 200, value_parser = crate::values::repeats))]
    pub repeats: usize,
    /// Decode steps timed per side.
    #[cfg_attr(feature = "clap", arg(long, default_value_t = 48, value_parser = crate::values::repeats))]
    pub decode_steps: usize,
    /// Bytes of weight copies per case (so that weights stream from memory).
    #[cfg_attr(feature = "clap", arg(long, default_value_t = 192 << 20))]
    pub weight_bytes: usize,
    /// Skip the whole-decoder comparison.
    #[cfg_attr(feature = "clap", arg(long))]
    pub no_decoder: bool,
    /// The model folder (with model.mlir).
    #[cfg_attr(feature = "clap", arg(long))]
    pub model_dir: Option<PathBuf>,
}

/// The copies of one case's arguments: inputs once, weights `copies` times
/// (2-D ones packed and registered).
struct Buffers {
    sets: Vec<Vec<Aligned<f32>>>,
    packed: Vec<*const f32>,
}

impl Buffers {
    fn new(case: &Case, budget_bytes: usize) -> Self {
        let weight_bytes: usize = case
            .args
            .iter()
            .filter(|(_, kind)| *kind != Arg::Input)
            .map(|(s, _)| 4 * s.iter().product::<usize>())
            .sum();
        let copies = (budget_bytes / weight_bytes.max(1)).clamp(2, 64);
        let inputs: Vec<Tensor> = case
            .args
            .iter()
            .enumerate()
            .map(|(i, (s, _))| Tensor::random_f32(s.clone(), 11 + i as u64))
            .collect();
        let mut packed = Vec::new();
        let sets = (0..copies)
            .map(|c| {
                case.args
                    .iter()
                    .zip(&inputs)
                    .enumerate()
                    .map(|(i, ((shape, kind), t))| {
                        let data = if *kind != Arg::Input && c > 0 {
                            Tensor::random_f32(shape.clone(), 1000 * c as u64 + i as u64)
                        } else {
                            t.clone()
                        };
                        // Memory as the decoder holds it: activations and KV
                        // caches on the heap (ordinary pages), packed weights
                        // on 2 MiB pages (PackedWeight::pack).
                        let buffer = Aligned::copy_of(data.as_f32().expect("f32"));
                        if *kind == Arg::Weight && shape.len() == 2 {
                            let (n, k) = (shape[0], shape[1]);
                            let p = PackedWeight::pack(buffer.as_slice(), n, k, k);
                            packed::register(buffer.as_ptr(), Arc::new(p));
                            packed.push(buffer.as_ptr());
                        }
                        buffer
                    })
                    .collect()
            })
            .collect();
        Self { sets, packed }
    }

    fn args(&self, set: usize, case: &Case) -> Vec<RawArg> {
        self.sets[set]
            .iter()
            .zip(&case.args)
            .map(|(b, (shape, _))| RawArg {
                ptr: b.as_ptr() as *mut u8,
                shape: shape.clone(),
            })
            .collect()
    }
}

impl Drop for Buffers {
    fn drop(&mut self) {
        for p in &self.packed {
            packed::unregister(*p);
        }
    }
}

/// Rounds of [`time_blocks`] per comparison: the load of a shared machine
/// drifts within seconds, so the two sides alternate often.
const ROUNDS: usize = 4;

/// `repeats` timed calls per side in [`ROUNDS`] rounds of [`time_blocks`],
/// the side that opens a round alternating.
fn interleaved(
    repeats: usize,
    warm: Duration,
    fused: &mut dyn FnMut(),
    unfused: &mut dyn FnMut(),
) -> (Vec<Duration>, Vec<Duration>) {
    let (mut a, mut b) = (Vec::new(), Vec::new());
    for round in 0..ROUNDS {
        let calls = repeats.div_ceil(ROUNDS);
        if round % 2 == 0 {
            let (x, y) = time_blocks(calls, warm, fused, unfused);
            a.extend(x);
            b.extend(y);
        } else {
            let (y, x) = time_blocks(calls, warm, unfused, fused);
            a.extend(x);
            b.extend(y);
        }
    }
    (a, b)
}

/// One row of the table.
struct Row {
    fusion: &'static str,
    what: &'static str,
    unfused: Latency,
    fused: Latency,
    max_rel: f64,
}

/// Times both sides of `case`.
fn measure(case: &Case, args: &FusionOptions, pool: &rayon::ThreadPool) -> Result<Row> {
    let fused = CompiledModule::compile_with_codegen(&case.text, "fused.mlir", cpu_codegen())
        .map_err(|e| anyhow!("{}: {e}", case.fusion))?;
    let unfused = CompiledModule::compile_with_codegen(
        &case.text,
        "unfused.mlir",
        without_fusion(cpu_codegen()),
    )
    .map_err(|e| anyhow!("{}: {e}", case.fusion))?;
    let buffers = Buffers::new(case, args.weight_bytes);
    let sets: Vec<Vec<RawArg>> = (0..buffers.sets.len())
        .map(|s| buffers.args(s, case))
        .collect();
    let run = |module: &CompiledModule, set: usize| -> Result<Vec<Tensor>> {
        // SAFETY: every argument is a live buffer of its declared shape; the
        // functions only read their operands.
        let results = unsafe { module.call_raw("f", &sets[set]) }.map_err(|e| anyhow!("{e}"))?;
        results
            .into_iter()
            .map(|r| match r {
                RawResult::Tensor(t) => Ok(t),
                other => Err(anyhow!("unexpected result {other:?}")),
            })
            .collect()
    };
    let (want, got) = (run(&unfused, 0)?, run(&fused, 0)?);
    let mut max_rel = 0.0f64;
    for (g, w) in got.iter().zip(&want) {
        max_rel = max_rel.max(reference::max_rel_error(g, w)?);
    }
    let (mut a, mut b) = (0usize, 0usize);
    let copies = sets.len();
    let mut fused_call = || {
        a = (a + 1) % copies;
        let _ = run(&fused, a);
    };
    let mut unfused_call = || {
        b = (b + 1) % copies;
        let _ = run(&unfused, b);
    };
    let warm = Duration::from_millis(200);
    let job = AssertSend(|| interleaved(args.repeats, warm, &mut fused_call, &mut unfused_call));
    let (fused_samples, unfused_samples) = pool.install(move || job.call());
    Ok(Row {
        fusion: case.fusion,
        what: case.what,
        unfused: Latency::of(&unfused_samples),
        fused: Latency::of(&fused_samples),
        max_rel,
    })
}

/// Decode steps of the model, fused and unfused, in blocks (tokens/s).
fn measure_decoder(args: &FusionOptions, pool: &rayon::ThreadPool) -> Result<(Latency, Latency)> {
    let dir = args.model_dir.clone().unwrap_or_else(default_model_dir);
    let mlir = dir.join("model.mlir");
    let mut fused =
        DecoderModel::load_with_cache(&mlir, &kforge_runtime::jit::ModuleCache::disabled())
            .with_context(|| format!("cannot load {}", mlir.display()))?;
    let mut unfused = DecoderModel::load_unfused(&mlir)?;
    let prompt = tokenize(&fused, PROMPT)?;
    let context =
        (prompt.len() + 2 * args.decode_steps + 64 * ROUNDS).min(fused.config().max_context);
    let mut fused_session = Session::new(&fused, context)?;
    let mut unfused_session = Session::new(&unfused, context)?;
    let job = AssertSend(|| -> Result<(Vec<Duration>, Vec<Duration>)> {
        let mut fused_token = argmax(&fused_session.prefill(&mut fused, &prompt)?);
        let mut unfused_token = argmax(&unfused_session.prefill(&mut unfused, &prompt)?);
        if fused_token != unfused_token {
            bail!("fused and unfused decoders disagree on the first token");
        }
        let mut failure = None;
        let mut fused_step = || {
            if fused_session.position + 1 < context {
                match fused_session.decode(&mut fused, fused_token) {
                    Ok(l) => fused_token = argmax(&l),
                    Err(e) => failure = Some(e),
                }
            }
        };
        let mut unfused_failure = None;
        let mut unfused_step = || {
            if unfused_session.position + 1 < context {
                match unfused_session.decode(&mut unfused, unfused_token) {
                    Ok(l) => unfused_token = argmax(&l),
                    Err(e) => unfused_failure = Some(e),
                }
            }
        };
        let warm = Duration::from_millis(300);
        let samples = interleaved(args.decode_steps, warm, &mut fused_step, &mut unfused_step);
        if let Some(e) = failure.or(unfused_failure) {
            return Err(e.into());
        }
        Ok(samples)
    });
    let (f, u) = pool.install(move || job.call())?;
    Ok((Latency::of(&f), Latency::of(&u)))
}

/// Runs every fusion case (and the decoder) and writes the table to `out` row by row.
pub fn run(args: &FusionOptions, out: &mut dyn Write) -> Result<()> {
    let threads = args.threads.unwrap_or_else(num_cpus);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .context("cannot start kforge's thread pool")?;
    let load = load_average();
    writeln!(
        out,
        "kforge-bench fusion: {threads} thread(s), load average {:.2} {:.2} {:.2} at the start",
        load[0], load[1], load[2]
    )?;
    writeln!(out)?;
    writeln!(
            out,
        "| fusion | case (SmolLM2, one decode row) | unfused µs | fused µs | speedup (median) | speedup (fastest) | max rel diff |"
    )?;
    writeln!(out, "| --- | --- | ---: | ---: | ---: | ---: | ---: |")?;
    let mut attention = None;
    for case in cases() {
        let row = measure(&case, args, &pool)?;
        if row.fusion == "attention" {
            attention = Some((row.unfused, row.fused));
        }
        writeln!(
            out,
            "| {} | {} | {:.1} | {:.1} | {:.2}× | {:.2}× | {:.1e} |",
            row.fusion,
            row.what,
            row.unfused.median_ms * 1e3,
            row.fused.median_ms * 1e3,
            row.unfused.median_ms / row.fused.median_ms,
            row.unfused.min_ms / row.fused.min_ms,
            row.max_rel
        )?;
    }
    if !args.no_decoder {
        let (fused, unfused) = measure_decoder(args, &pool)?;
        writeln!(
            out,
            "| all (`--kforge-fuse`) | whole decode step, tokens/s | {:.1} tok/s ({:.2} ms) | {:.1} tok/s ({:.2} ms) | {:.2}× | {:.2}× | – |",
            1e3 / unfused.median_ms,
            unfused.median_ms,
            1e3 / fused.median_ms,
            fused.median_ms,
            unfused.median_ms / fused.median_ms,
            unfused.min_ms / fused.min_ms
        )?;
    }
    if let Some((unfused, fused)) = attention {
        print_attention_traffic(out, &unfused, &fused)?;
    }
    let load = load_average();
    writeln!(out)?;
    writeln!(
            out,
        "load average {:.2} {:.2} {:.2} at the end; {} calls per side (decode: {} steps) in {ROUNDS} rounds of blocks A/B/B/A, the side first alternating",
        load[0], load[1], load[2], args.repeats, args.decode_steps
    )?;
    Ok(())
}

/// The attention case's memory traffic: what K and V take once, what the
/// fused kernel reads (by its access pattern: each K/V chunk once per KV
/// head for all the heads that share it, plus q and the output), and the
/// rate each side streams K and V at.
fn print_attention_traffic(out: &mut dyn Write, unfused: &Latency, fused: &Latency) -> Result<()> {
    let kv = (2 * GROUPS * CONTEXT * HEAD * 4) as f64;
    let q_out = (2 * GROUPS * HEADS_PER_GROUP * HEAD * 4) as f64;
    writeln!(out)?;
    writeln!(
            out,
        "attention at context {CONTEXT}: K and V are {:.2} MB; the fused kernel moves {:.2} MB ({:.3}× reading K and V once: \
         every K/V chunk once per KV head, its 3 query heads reusing it from cache, plus q and the output); \
         K+V streamed at {:.1} GB/s fused vs {:.1} GB/s unfused; speedup {:.2}× (median)",
        kv / 1e6,
        (kv + q_out) / 1e6,
        (kv + q_out) / kv,
        kv / (fused.median_ms * 1e-3) / 1e9,
        kv / (unfused.median_ms * 1e-3) / 1e9,
        unfused.median_ms / fused.median_ms
    )?;
    Ok(())
}

fn num_cpus() -> usize {
    std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
}
