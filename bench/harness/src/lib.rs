//! kforge's benchmark harness: everything `kforge-bench` does, as a library.
//!
//! | module | owns |
//! | --- | --- |
//! | [`emit`] | benchmark graphs (matmul, attention, MLP, norms, a block, a decoder step) as kforge IR |
//! | [`matmul`] | the compiled `kforge.matmul` timed against OpenBLAS's sgemm, one shape or the standard table |
//! | [`gpu_matmul`] | the GPU matmul benchmark with the autotuned f32 tile |
//! | [`fusion`] | each fusion pass fused vs unfused on the decoder's shapes, and whole decode steps |
//! | [`suite`] | every kernel family and the decoder measured into one [`report::Report`] (CPU or GPU) |
//! | [`report`] | the JSON report (`REPORT_SCHEMA.md`): read, write, the suite's summary table |
//! | [`diff`] | two reports compared case by case, regressions judged against noise and controls |
//! | [`plot`] | a report (and a baseline) drawn as an SVG roofline and comparison bars |
//! | [`measure`], [`peak`], [`machine`] | timing (latencies, budgets, interleaved blocks), the machine's measured peaks, what machine and build ran |
//! | [`values`] | the bounds of counts (threads, repeats) and their parsers |
//!
//! The `kforge-bench` binary parses flags, calls these functions and prints
//! what they return. Progress bars and warnings go to stderr from here, since
//! they happen during a measurement.
pub mod diff;
pub mod emit;
pub mod fusion;
pub mod gpu_matmul;
pub mod machine;
pub mod matmul;
pub mod measure;
pub mod peak;
pub mod plot;
pub mod report;
pub mod suite;
pub mod values;
