//! The progress bar drawn while the tuner measures (standard error; hidden
//! when it is not a terminal).
use super::{Entry, Problem};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// One bar over all problems to measure; its message names the current one.
pub struct Progress {
    bar: ProgressBar,
}

impl Progress {
    /// A bar over `problems` problems (drawn only if `visible`).
    pub fn new(visible: bool, problems: usize) -> Self {
        let target = if visible {
            ProgressDrawTarget::stderr()
        } else {
            ProgressDrawTarget::hidden()
        };
        let bar = ProgressBar::with_draw_target(Some(problems as u64), target);
        bar.set_style(
            ProgressStyle::with_template("tuning {pos}/{len} [{bar:30}] {elapsed} {msg}")
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> "),
        );
        Self { bar }
    }

    /// Starts measuring `p`.
    pub fn start(&self, p: &Problem) {
        self.bar.set_message(format!("{p}"));
    }

    /// `done` of `planned` candidates of the current problem measured.
    pub fn step(&self, done: usize, planned: usize) {
        let msg = self.bar.message();
        let problem = msg.split(" (").next().unwrap_or("");
        self.bar
            .set_message(format!("{problem} (candidate {done}/{planned})"));
    }

    /// The current problem is done.
    pub fn finish_problem(&self, e: &Entry) {
        self.bar.println(format!(
            "tuned {}: {:.1} GFLOP/s ({:.2}x the defaults, {} candidates)",
            e.problem,
            e.gflops,
            e.gflops / e.default_gflops.max(f64::MIN_POSITIVE),
            e.candidates
        ));
        self.bar.inc(1);
    }

    /// All problems are done.
    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}
