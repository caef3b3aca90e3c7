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
use crate::measure::{load_average, time_blocks, Aligned, AssertSend, Latency};
use crate::suite::decoder::{default_model_dir, PROMPT};
use anyhow::{anyhow, bail, Context, Result};
use clap::Args;
use kforge_passes::pipeline::{cpu_codegen, without_fusion};
use kforge_runtime::generate::sampling::argmax;
use kforge_runtime::generate::{tokenize, DecoderModel, Session};
use kforge_runtime::jit::{CompiledModule, RawArg, RawResult};
use kforge_runtime::kernels::packed::{self, PackedWeight};
use kforge_runtime::reference::{self, Tensor};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

/// Options of `kforge-bench fusion`.
#[derive(Args)]
pub struct FusionArgs {
    /// Threads of kforge's pool (default: every core).
    #[arg(long, value_parser = crate::values::threads)]
    threads: Option<usize>,
    /// Timed calls per side and case.
    #[arg(long, default_value_t = 200, value_parser = crate::values::repeats)]
    repeats: usize,
    /// Decode steps timed per side.
    #[arg(long, default_value_t = 48, value_parser = crate::values::repeats)]
    decode_steps: usize,
    /// Bytes of weight copies per case (so that weights stream from memory).
    #[arg(long, default_value_t = 192 << 20)]
    weight_bytes: usize,
    /// Skip the whole-decoder comparison.
    #[arg(long)]
    no_decoder: bool,
    /// The model folder (with model.mlir).
    #[arg(long)]
    model_dir: Option<PathBuf>,
}

/// One fusion case: a function `@f` and which of its arguments are weights.
struct Case {
    /// The fusion pass (or passes) it exercises.
    fusion: &'static str,
    /// What it computes.
    what: &'static str,
    /// The module text.
    text: String,
    /// Argument shapes and kinds.
    args: Vec<(Vec<usize>, Arg)>,
}

/// What an argument of a case is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Arg {
    /// An activation: one buffer.
    Input,
    /// A weight: copies rotated call by call, packed when 2-D.
    Weight,
    /// A KV cache: copies rotated call by call, never packed.
    Cache,
}

const D: usize = 576;
const HEAD: usize = 64;
const GROUPS: usize = 3;
const HEADS_PER_GROUP: usize = 3;
/// The context of the attention case.
pub const CONTEXT: usize = 2048;
const KV: usize = 192;
const FFN: usize = 1536;
const VOCAB: usize = 49152;

fn ty(shape: &[usize]) -> String {
    let dims: Vec<String> = shape.iter().map(|d| d.to_string()).collect();
    format!("tensor<{}xf32>", dims.join("x"))
}

/// A function `@f` over `args` whose body is `body` returning `results`.
fn case(
    fusion: &'static str,
    what: &'static str,
    args: &[(&[usize], Arg)],
    body: &str,
    results: &[&[usize]],
) -> Case {
    let params: Vec<String> = args
        .iter()
        .enumerate()
        .map(|(i, (s, _))| format!("%a{i}: {}", ty(s)))
        .collect();
    let result_types: Vec<String> = results.iter().map(|s| ty(s)).collect();
    Case {
        fusion,
        what,
        text: format!(
            "func.func @f({}) -> ({}) {{\n{body}}}\n",
            params.join(", "),
            result_types.join(", ")
        ),
        args: args.iter().map(|(s, w)| (s.to_vec(), *w)).collect(),
    }
}

fn linear(out: &str, x: &str, w: &str, k: usize, n: usize) -> String {
    format!(
        "  {out} = \"kforge.linear\"({x}, {w}) : ({}, {}) -> {}\n",
        ty(&[1, k]),
        ty(&[n, k]),
        ty(&[1, n])
    )
}

fn rms_norm(out: &str, x: &str, g: &str) -> String {
    format!(
        "  {out} = \"kforge.rms_norm\"({x}, {g}) {{epsilon = 1.0e-5 : f32}} : ({}, {}) -> {}\n",
        ty(&[1, D]),
        ty(&[D]),
        ty(&[1, D])
    )
}

fn unary(out: &str, op: &str, x: &str, n: usize) -> String {
    let t = ty(&[1, n]);
    format!("  {out} = \"kforge.{op}\"({x}) : ({t}) -> {t}\n")
}

fn binary(out: &str, op: &str, a: &str, b: &str, n: usize) -> String {
    let t = ty(&[1, n]);
    format!("  {out} = \"kforge.{op}\"({a}, {b}) : ({t}, {t}) -> {t}\n")
}

fn ret(values: &[(&str, usize)]) -> String {
    let names: Vec<&str> = values.iter().map(|(v, _)| *v).collect();
    let types: Vec<String> = values.iter().map(|(_, n)| ty(&[1, *n])).collect();
    format!("  return {} : {}\n", names.join(", "), types.join(", "))
}

/// The cases, on SmolLM2's shapes at decode (one row).
fn cases() -> Vec<Case> {
    let x: &[usize] = &[1, D];
    let g: &[usize] = &[D];
    let (wq, wkv): (&[usize], &[usize]) = (&[D, D], &[KV, D]);
    let (wgu, wd): (&[usize], &[usize]) = (&[FFN, D], &[D, FFN]);
    let qkv_body = |input: &str| {
        [
            linear("%q", input, "%a1", D, D),
            linear("%k", input, "%a2", D, KV),
            linear("%v", input, "%a3", D, KV),
        ]
        .concat()
    };
    let mlp = format!(
        "  %m = \"kforge.mlp\"(%n, %a1, %a2, %a3) {{activation = \"swiglu\"}} : ({}, {}, {}, {}) -> {}\n",
        ty(x),
        ty(wgu),
        ty(wgu),
        ty(wd),
        ty(x)
    );
    let (qg, kv): (&[usize], &[usize]) = (&[HEADS_PER_GROUP, HEAD], &[CONTEXT, HEAD]);
    let mut attention_args: Vec<(&[usize], Arg)> = vec![(qg, Arg::Input); GROUPS];
    attention_args.extend(vec![(kv, Arg::Cache); 2 * GROUPS]);
    let attention_body: String = (0..GROUPS)
        .map(|g| {
            let (k, v) = (GROUPS + g, 2 * GROUPS + g);
            let (rows, t) = (HEADS_PER_GROUP, CONTEXT);
            format!(
                "  %s{g} = \"kforge.linear\"(%a{g}, %a{k}) : ({}, {}) -> {}\n\
                   %p{g} = \"kforge.softmax\"(%s{g}) {{axis = -1 : i64}} : ({}) -> {}\n\
                   %o{g} = \"kforge.matmul\"(%p{g}, %a{v}) : ({}, {}) -> {}\n",
                ty(qg),
                ty(kv),
                ty(&[rows, t]),
                ty(&[rows, t]),
                ty(&[rows, t]),
                ty(&[rows, t]),
                ty(kv),
                ty(qg)
            )
        })
        .collect();
    let attention_ret = format!("  return %o0, %o1, %o2 : {t}, {t}, {t}\n", t = ty(qg));
    vec![
        case(
            "attention",
            "decode step, context 2048: softmax(q·Kᵀ)·V, 3 KV heads × 3 query heads, d 64",
            &attention_args,
            &(attention_body + &attention_ret),
            &[qg, qg, qg],
        ),
        case(
            "projections",
            "q, k, v: 1×576 · [576|192|192]×576",
            &[
                (x, Arg::Input),
                (wq, Arg::Weight),
                (wkv, Arg::Weight),
                (wkv, Arg::Weight),
            ],
            &(qkv_body("%a0") + &ret(&[("%q", D), ("%k", KV), ("%v", KV)])),
            &[x, &[1, KV], &[1, KV]],
        ),
        case(
            "swiglu",
            "silu(x·Wg)·(x·Wu): 1×576 · 1536×576 ×2",
            &[(x, Arg::Input), (wgu, Arg::Weight), (wgu, Arg::Weight)],
            &[
                linear("%g", "%a0", "%a1", D, FFN),
                unary("%s", "silu", "%g", FFN),
                linear("%u", "%a0", "%a2", D, FFN),
                binary("%h", "mul", "%s", "%u", FFN),
                ret(&[("%h", FFN)]),
            ]
            .concat(),
            &[&[1, FFN]],
        ),
        case(
            "norm + projections",
            "rms_norm → q, k, v",
            &[
                (x, Arg::Input),
                (wq, Arg::Weight),
                (wkv, Arg::Weight),
                (wkv, Arg::Weight),
                (g, Arg::Weight),
            ],
            &(rms_norm("%n", "%a0", "%a4")
                + &qkv_body("%n")
                + &ret(&[("%q", D), ("%k", KV), ("%v", KV)])),
            &[x, &[1, KV], &[1, KV]],
        ),
        case(
            "epilogue",
            "x·Woᵀ + residual: 576×576",
            &[(x, Arg::Input), (wq, Arg::Weight), (x, Arg::Input)],
            &[
                linear("%o", "%a0", "%a1", D, D),
                binary("%r", "add", "%a2", "%o", D),
                ret(&[("%r", D)]),
            ]
            .concat(),
            &[x],
        ),
        case(
            "norm + swiglu + epilogue",
            "h + mlp(rms_norm(h)): the MLP half of a layer",
            &[
                (x, Arg::Input),
                (wgu, Arg::Weight),
                (wgu, Arg::Weight),
                (wd, Arg::Weight),
                (g, Arg::Weight),
            ],
            &(rms_norm("%n", "%a0", "%a4")
                + &mlp
                + &binary("%r", "add", "%a0", "%m", D)
                + &ret(&[("%r", D)])),
            &[x],
        ),
        case(
            "norm",
            "rms_norm → LM head: 1×576 · 49152×576",
            &[
                (x, Arg::Input),
                (&[VOCAB, D], Arg::Weight),
                (g, Arg::Weight),
            ],
            &(rms_norm("%n", "%a0", "%a2")
                + &linear("%y", "%n", "%a1", D, VOCAB)
                + &ret(&[("%y", VOCAB)])),
            &[&[1, VOCAB]],
        ),
    ]
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
fn measure(case: &Case, args: &FusionArgs, pool: &rayon::ThreadPool) -> Result<Row> {
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
fn measure_decoder(args: &FusionArgs, pool: &rayon::ThreadPool) -> Result<(Latency, Latency)> {
    let dir = args.model_dir.clone().unwrap_or_else(default_model_dir);
    let mlir = dir.join("model.mlir");
    let mut fused =
        DecoderModel::load_with_cache(&mlir, &kforge_runtime::jit::ModuleCache::disabled())
            .with_context(|| format!("cannot load {}", mlir.display()))?;
    let mut unfused = DecoderModel::load_unfused(&mlir)?;
    let prompt = tokenize(&fused, PROMPT)?;
    let context =
        (prompt.len() + 2 * args.decode_steps + 64 * ROUNDS).min(fused.config.max_context);
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

/// Runs `kforge-bench fusion`.
pub fn run(args: &FusionArgs) -> Result<()> {
    let threads = args.threads.unwrap_or_else(num_cpus);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .context("cannot start kforge's thread pool")?;
    let load = load_average();
    println!(
        "kforge-bench fusion: {threads} thread(s), load average {:.2} {:.2} {:.2} at the start",
        load[0], load[1], load[2]
    );
    println!();
    println!(
        "| fusion | case (SmolLM2, one decode row) | unfused µs | fused µs | speedup (median) | speedup (fastest) | max rel diff |"
    );
    println!("| --- | --- | ---: | ---: | ---: | ---: | ---: |");
    let mut attention = None;
    for case in cases() {
        let row = measure(&case, args, &pool)?;
        if row.fusion == "attention" {
            attention = Some((row.unfused, row.fused));
        }
        println!(
            "| {} | {} | {:.1} | {:.1} | {:.2}× | {:.2}× | {:.1e} |",
            row.fusion,
            row.what,
            row.unfused.median_ms * 1e3,
            row.fused.median_ms * 1e3,
            row.unfused.median_ms / row.fused.median_ms,
            row.unfused.min_ms / row.fused.min_ms,
            row.max_rel
        );
    }
    if !args.no_decoder {
        let (fused, unfused) = measure_decoder(args, &pool)?;
        println!(
            "| all (`--kforge-fuse`) | whole decode step, tokens/s | {:.1} tok/s ({:.2} ms) | {:.1} tok/s ({:.2} ms) | {:.2}× | {:.2}× | – |",
            1e3 / unfused.median_ms,
            unfused.median_ms,
            1e3 / fused.median_ms,
            fused.median_ms,
            unfused.median_ms / fused.median_ms,
            unfused.min_ms / fused.min_ms
        );
    }
    if let Some((unfused, fused)) = attention {
        print_attention_traffic(&unfused, &fused);
    }
    let load = load_average();
    println!();
    println!(
        "load average {:.2} {:.2} {:.2} at the end; {} calls per side (decode: {} steps) in {ROUNDS} rounds of blocks A/B/B/A, the side first alternating",
        load[0], load[1], load[2], args.repeats, args.decode_steps
    );
    Ok(())
}

/// The attention case's memory traffic: what K and V take once, what the
/// fused kernel reads (by its access pattern: each K/V chunk once per KV
/// head for all the heads that share it, plus q and the output), and the
/// rate each side streams K and V at.
fn print_attention_traffic(unfused: &Latency, fused: &Latency) {
    let kv = (2 * GROUPS * CONTEXT * HEAD * 4) as f64;
    let q_out = (2 * GROUPS * HEADS_PER_GROUP * HEAD * 4) as f64;
    println!();
    println!(
        "attention at context {CONTEXT}: K and V are {:.2} MB; the fused kernel moves {:.2} MB ({:.3}× reading K and V once: \
         every K/V chunk once per KV head, its 3 query heads reusing it from cache, plus q and the output); \
         K+V streamed at {:.1} GB/s fused vs {:.1} GB/s unfused; speedup {:.2}× (median)",
        kv / 1e6,
        (kv + q_out) / 1e6,
        (kv + q_out) / kv,
        kv / (fused.median_ms * 1e-3) / 1e9,
        kv / (unfused.median_ms * 1e-3) / 1e9,
        unfused.median_ms / fused.median_ms
    );
}

fn num_cpus() -> usize {
    std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
}
