//! `kforge-bench plot REPORT.json [BASELINE.json] -o report.svg`: an SVG of
//! two charts. Above, the roofline: every measured case at its arithmetic
//! intensity and GFLOP/s (log-log) under the machine's two measured roofs
//! (memory bandwidth × intensity, then peak FLOP/s), with the baseline's
//! points hollow when one is given. Below, bars of relative speed per case:
//! the report against the baseline (`baseline ms / report ms`), or without a
//! baseline kforge against its side-by-side reference (`reference ms / kforge
//! ms`); right of the 1× line is faster.
//!
//! Text is written as SVG `<text>` elements, so no font library is needed.
//!
//! Values outside [`PLOTTED`] (intensities and GFLOP/s, the peaks included)
//! and relative speeds outside [`PLOTTED_SPEEDS`] — a hand-edited or corrupt
//! report's `1e308` or `1e-308` — are left out of the charts and counted in
//! a note: axes that span hundreds of decades, or reach infinity once a
//! margin is applied, would never finish drawing.
use crate::report::Report;
use anyhow::{anyhow, Context, Result};
use plotters::prelude::*;
use std::ops::RangeInclusive;
use std::path::PathBuf;

/// Arithmetic intensities (flop/byte) and GFLOP/s the roofline draws.
pub const PLOTTED: RangeInclusive<f64> = 1e-6..=1e12;

/// Relative speeds the bars draw.
pub const PLOTTED_SPEEDS: RangeInclusive<f64> = 1e-6..=1e6;

/// Arguments of `kforge-bench plot`.
#[derive(Clone, Debug)]
#[cfg_attr(feature = "clap", derive(clap::Args))]
pub struct PlotOptions {
    /// The report to draw.
    pub report: PathBuf,
    /// A baseline report to compare it with.
    pub baseline: Option<PathBuf>,
    /// The SVG to write.
    #[cfg_attr(feature = "clap", arg(long, short))]
    pub output: PathBuf,
}

/// Draws the report (and the baseline) into the SVG file `output`.
pub fn run(args: &PlotOptions) -> Result<()> {
    let report = Report::load(&args.report)?;
    let baseline = args.baseline.as_deref().map(Report::load).transpose()?;
    let svg = render(&report, baseline.as_ref())?;
    kforge_runtime::atomic::write_atomically(&args.output, svg.as_bytes())
        .with_context(|| format!("cannot write {}", args.output.display()))
}

/// One case's point on the roofline.
struct Point {
    kind: String,
    intensity: f64,
    gflops: f64,
}

/// The cases with a positive intensity and GFLOP/s; those outside
/// [`PLOTTED`] are counted in `left_out` instead.
fn points(report: &Report, left_out: &mut usize) -> Vec<Point> {
    report
        .cases
        .iter()
        .filter_map(|c| {
            let m = c.measured()?;
            let (intensity, gflops) = (m.arithmetic_intensity, m.gflops);
            if !(intensity > 0.0 && gflops > 0.0) {
                return None;
            }
            if !(PLOTTED.contains(&intensity) && PLOTTED.contains(&gflops)) {
                *left_out += 1;
                return None;
            }
            Some(Point {
                kind: c.kind.clone(),
                intensity,
                gflops,
            })
        })
        .collect()
}

/// One bar: a case and its relative speed.
struct Bar {
    label: String,
    speed: f64,
}

/// One bar per case with both latencies; speeds outside [`PLOTTED_SPEEDS`]
/// are counted in `left_out` instead.
fn bars(report: &Report, baseline: Option<&Report>, left_out: &mut usize) -> Vec<Bar> {
    report
        .cases
        .iter()
        .filter_map(|c| {
            let ours = c.measured()?.latency.median_ms;
            let (theirs, against) = match baseline {
                Some(b) => (b.case(&c.name)?.measured()?.latency.median_ms, "baseline"),
                None => (
                    c.reference_latency()?.median_ms,
                    c.reference
                        .as_ref()
                        .map_or("reference", |r| r.name.as_str()),
                ),
            };
            if !(ours > 0.0 && theirs > 0.0) {
                return None;
            }
            let speed = theirs / ours;
            if !PLOTTED_SPEEDS.contains(&speed) {
                *left_out += 1;
                return None;
            }
            Some(Bar {
                label: format!("{} vs {against}", c.name),
                speed,
            })
        })
        .collect()
}

/// The SVG text of both charts.
pub fn render(report: &Report, baseline: Option<&Report>) -> Result<String> {
    let mut left_out = 0;
    let ours = points(report, &mut left_out);
    let theirs = baseline
        .map(|b| points(b, &mut left_out))
        .unwrap_or_default();
    let mut bars_left_out = 0;
    let bars = bars(report, baseline, &mut bars_left_out);
    let height = 640 + 60 + 28 * bars.len().max(1) as u32;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (1100, height)).into_drawing_area();
        root.fill(&WHITE).map_err(plot_error)?;
        let (upper, lower) = root.split_vertically(640);
        draw_roofline(&upper, report, &ours, &theirs, left_out)?;
        let title = if baseline.is_some() {
            "speed vs baseline (baseline ms / report ms)"
        } else {
            "kforge vs reference (reference ms / kforge ms)"
        };
        draw_bars(&lower, title, &bars, bars_left_out)?;
        root.present().map_err(plot_error)?;
    }
    Ok(svg)
}

fn plot_error(e: impl std::fmt::Display) -> anyhow::Error {
    anyhow!("cannot draw the chart: {e}")
}

/// What ran: the CPU and its threads, or the GPU adapter.
pub fn machine_label(report: &Report) -> String {
    if report.target == "gpu" {
        format!(
            "GPU {} ({})",
            report.machine.gpu_adapter, report.machine.gpu_driver
        )
    } else {
        format!("{} ({} threads)", report.machine.cpu_model, report.threads)
    }
}

type Area<'a> = DrawingArea<SVGBackend<'a>, plotters::coord::Shift>;

/// A peak clamped into [`PLOTTED`] (NaN: the lowest).
fn plotted_peak(value: f64) -> f64 {
    value
        .clamp(*PLOTTED.start(), *PLOTTED.end())
        .max(*PLOTTED.start())
}

/// `" (N left out: outside the plotted range)"`, or nothing.
fn left_out_note(left_out: usize) -> String {
    if left_out == 0 {
        String::new()
    } else {
        format!(" ({left_out} left out: outside the plotted range)")
    }
}

fn draw_roofline(
    area: &Area,
    report: &Report,
    ours: &[Point],
    theirs: &[Point],
    left_out: usize,
) -> Result<()> {
    let (peak, bandwidth) = (
        plotted_peak(report.peak.gflops),
        plotted_peak(report.peak.gbps),
    );
    let ridge = peak / bandwidth;
    let all = ours.iter().chain(theirs);
    let x_min = all.clone().map(|p| p.intensity).fold(ridge, f64::min) / 2.0;
    let x_max = all.clone().map(|p| p.intensity).fold(ridge, f64::max) * 2.0;
    let y_min = all.clone().map(|p| p.gflops).fold(peak, f64::min) / 2.0;
    let y_max = all.map(|p| p.gflops).fold(peak, f64::max) * 2.0;
    let mut chart = ChartBuilder::on(area)
        .caption(
            format!(
                "roofline: {}, peaks {:.0} GFLOP/s, {:.1} GB/s{}",
                machine_label(report),
                report.peak.gflops,
                report.peak.gbps,
                left_out_note(left_out)
            ),
            ("sans-serif", 18),
        )
        .margin(20)
        .x_label_area_size(45)
        .y_label_area_size(70)
        .build_cartesian_2d((x_min..x_max).log_scale(), (y_min..y_max).log_scale())
        .map_err(plot_error)?;
    chart
        .configure_mesh()
        .x_desc("arithmetic intensity (flop / byte)")
        .y_desc("GFLOP/s")
        .draw()
        .map_err(plot_error)?;
    chart
        .draw_series(LineSeries::new(
            [(x_min, bandwidth * x_min), (ridge, peak)],
            RED.stroke_width(2),
        ))
        .map_err(plot_error)?
        .label(format!("memory roof {:.1} GB/s", report.peak.gbps))
        .legend(|(x, y)| PathElement::new([(x, y), (x + 20, y)], RED));
    chart
        .draw_series(LineSeries::new(
            [(ridge, peak), (x_max, peak)],
            BLUE.stroke_width(2),
        ))
        .map_err(plot_error)?
        .label(format!("compute roof {:.0} GFLOP/s", report.peak.gflops))
        .legend(|(x, y)| PathElement::new([(x, y), (x + 20, y)], BLUE));
    let mut kinds: Vec<&str> = ours.iter().chain(theirs).map(|p| p.kind.as_str()).collect();
    kinds.sort();
    kinds.dedup();
    for (i, kind) in kinds.iter().enumerate() {
        let color = Palette99::pick(i).to_rgba();
        let mine = ours.iter().filter(|p| p.kind == *kind);
        chart
            .draw_series(mine.map(|p| Circle::new((p.intensity, p.gflops), 5, color.filled())))
            .map_err(plot_error)?
            .label(kind.to_string())
            .legend(move |(x, y)| Circle::new((x + 10, y), 5, color.filled()));
        let base = theirs.iter().filter(|p| p.kind == *kind);
        chart
            .draw_series(
                base.map(|p| Circle::new((p.intensity, p.gflops), 5, color.stroke_width(1))),
            )
            .map_err(plot_error)?;
    }
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::LowerRight)
        .background_style(WHITE.mix(0.85))
        .border_style(BLACK)
        .draw()
        .map_err(plot_error)
}

fn draw_bars(area: &Area, title: &str, bars: &[Bar], left_out: usize) -> Result<()> {
    let x_max = bars.iter().map(|b| b.speed).fold(1.0, f64::max) * 1.15;
    let rows = bars.len().max(1) as f64;
    let mut chart = ChartBuilder::on(area)
        .caption(
            format!("{title}{}", left_out_note(left_out)),
            ("sans-serif", 18),
        )
        .margin(20)
        .x_label_area_size(30)
        .y_label_area_size(10)
        .build_cartesian_2d(0.0..x_max, 0.0..rows)
        .map_err(plot_error)?;
    chart
        .configure_mesh()
        .disable_y_mesh()
        .disable_y_axis()
        .x_desc("relative speed (right of 1× is faster)")
        .draw()
        .map_err(plot_error)?;
    if bars.is_empty() {
        chart
            .draw_series([Text::new(
                "no case to compare".to_string(),
                (0.05 * x_max, 0.5),
                ("sans-serif", 14).into_font(),
            )])
            .map_err(plot_error)?;
        return Ok(());
    }
    chart
        .draw_series(bars.iter().enumerate().map(|(i, b)| {
            let y = rows - i as f64;
            let color = if b.speed >= 1.0 {
                GREEN.mix(0.6)
            } else {
                RED.mix(0.6)
            };
            Rectangle::new([(0.0, y - 0.85), (b.speed, y - 0.15)], color.filled())
        }))
        .map_err(plot_error)?;
    chart
        .draw_series(bars.iter().enumerate().map(|(i, b)| {
            Text::new(
                format!("{} {:.2}×", b.label, b.speed),
                (0.01 * x_max, rows - i as f64 - 0.22),
                ("sans-serif", 13).into_font(),
            )
        }))
        .map_err(plot_error)?;
    chart
        .draw_series(LineSeries::new(
            [(1.0, 0.0), (1.0, rows)],
            BLACK.stroke_width(1),
        ))
        .map_err(plot_error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::tests::{case, report};
    use crate::report::Reference;

    #[test]
    fn a_report_with_a_baseline_renders_points_roofs_and_bars() {
        let before = report(vec![
            case("matmul/a", 1.0, 0.1),
            case("rms_norm/b", 0.01, 0.2),
        ]);
        let after = report(vec![
            case("matmul/a", 0.8, 0.1),
            case("rms_norm/b", 0.02, 0.2),
        ]);
        let svg = render(&after, Some(&before)).unwrap();
        assert!(svg.starts_with("<svg"), "{}", &svg[..60.min(svg.len())]);
        assert!(svg.contains("<circle"));
        assert!(svg.contains("memory roof"), "text is rendered");
        assert!(svg.contains("matmul/a vs baseline 1.25×"));
        assert!(svg.contains("rms_norm/b vs baseline 0.50×"));
    }

    #[test]
    fn without_a_baseline_the_bars_compare_with_the_reference() {
        let mut c = case("matmul/a", 1.0, 0.1);
        let mut latency = c.measured().unwrap().latency;
        latency.median_ms = 2.0;
        c.reference = Some(Reference {
            name: "OpenBLAS".into(),
            latency: Some(latency),
            absent_reason: None,
            error: None,
        });
        let svg = render(&report(vec![c]), None).unwrap();
        assert!(svg.contains("matmul/a vs OpenBLAS 2.00×"));
    }

    #[test]
    fn a_gpu_report_names_its_adapter() {
        let mut r = report(vec![case("matmul/a", 1.0, 0.1)]);
        r.target = "gpu".into();
        r.machine.gpu_adapter = "Test GPU".into();
        r.machine.gpu_driver = "driver 1.0".into();
        let svg = render(&r, Some(&r)).unwrap();
        assert!(svg.contains("roofline: GPU Test GPU (driver 1.0)"));
        assert!(svg.contains("matmul/a vs baseline 1.00×"));
    }

    #[test]
    fn an_empty_report_still_renders() {
        let svg = render(&report(vec![]), None).unwrap();
        assert!(svg.contains("no case to compare"));
    }

    /// Sets a case's measured GFLOP/s and intensity.
    fn with_speed(mut c: crate::report::Case, gflops: f64, intensity: f64) -> crate::report::Case {
        if let crate::report::Outcome::Measured(m) = &mut c.result {
            m.gflops = gflops;
            m.arithmetic_intensity = intensity;
        }
        c
    }

    // Tests that extreme values (a corrupt or hand-edited report) are left out
    // and noted instead of spanning hundreds of decades: `plot` never returned
    // on 1e308 or 1e-308.
    #[test]
    fn extreme_values_are_left_out_not_drawn_forever() {
        for extreme in [1e308, 1e-308, f64::MAX, f64::MIN_POSITIVE] {
            let mut r = report(vec![
                with_speed(case("matmul/a", 1.0, 0.1), extreme, 20.0),
                with_speed(case("matmul/b", 1.0, 0.1), 20.0, extreme),
                case("matmul/c", 1.0, 0.1),
            ]);
            r.peak.gflops = extreme;
            r.peak.gbps = extreme;
            let mut slow = r.clone();
            slow.cases[2] = with_speed(case("matmul/c", 1e-300, 0.1), 20.0, 20.0);
            let started = std::time::Instant::now();
            let svg = render(&r, Some(&slow)).unwrap();
            assert!(
                started.elapsed().as_secs() < 10,
                "{extreme}: drawing took too long"
            );
            assert!(
                svg.contains("(4 left out: outside the plotted range)"),
                "{extreme}"
            );
            assert!(
                svg.contains("(1 left out: outside the plotted range)"),
                "{extreme}"
            );
        }
    }
}
