#!/usr/bin/env python3
"""The hostile-input campaign of issue 12: thousands of malformed inputs
across kforge's five tools, each run classified as a clean error, a success,
a crash (signal, abort, panic text), a hang (over the time limit) or a
silent error (non-zero exit without a message), and checked for data loss (a
file or folder of the user's that a failed operation changed or removed).

    cargo build -p kforge-opt -p kforge-run -p kforge-bench -p kforge-import -p kforge-gpu
    python3 bench/hostile_campaign.py            # full campaign (~10 min on 2 cores)
    python3 bench/hostile_campaign.py --quick    # a few minutes

Categories: mutants of every lit input under each pipeline (kforge-opt) and
with random inputs (kforge-run), hostile --inputs tensors; GGUF variants,
byte mutants and truncations, Hugging Face folders and odd -o targets
(kforge-import, always over a good previous import); corrupt model folders
(kforge-run --prompt; the tiny model, and the real SmolLM2 import in the full
campaign); hostile CLI values, flags, paths and environment for all five
tools; caches on odd paths and damaged cache entries; three processes at
once sharing caches, an import folder or an output file.

Everything runs in a scratch folder (TMPDIR) with HOME, XDG_CACHE_HOME and
every cache inside it; system files and devices are reached only through
symbolic links inside it (/dev/null, /dev/zero, /dev/full), never as a path
of their own. Tools run with KFORGE_MAX_ALLOCATION=1 GiB under an 8 GiB
address-space limit. The same --seed gives the same inputs. Abnormal cases
are kept (with a cmd.sh) under target/hostile-campaign/<stamp>/kept/.
"""
from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import random
import shutil
import stat
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from hostile import cases_cache, cases_cli, cases_mlir, cases_model, cases_weights, fixtures  # noqa: E402
from hostile.runner import OUTCOMES, Case, Group, Result, keep, run_case, run_concurrent  # noqa: E402

REPO = fixtures.REPO
TOOLS = ["kforge-opt", "kforge-run", "kforge-bench", "kforge-import", "kforge-gpu-bench"]

# (full, quick) sizes.
SCALE = {
    "opt_mutants": (4, 1), "opt_pipes": (9, 2), "corpus_mutants": (1, 0),
    "run_mutants": (2, 0), "inputs_per_chunk": (2, 1),
    "gguf_structured": (400, 40), "gguf_bytes": (300, 40), "real_truncations": (10, 2),
    "hf_config": (60, 10), "hf_safetensors": (80, 10), "model_mutants": (200, 40),
    "real_model": (20, 0), "concurrent_rounds": (5, 1),
}
QUICK_CAP = 60  # cases per category at most in --quick (lit/corpus mutants excepted)


def build_jobs(args, fix: dict, bin_dir: Path) -> list:
    q = 1 if args.quick else 0
    s = {k: v[q] for k, v in SCALE.items()}
    rng = random.Random(args.seed)
    jobs: list = []
    jobs += cases_mlir.opt_cases(rng, s["opt_mutants"], s["opt_pipes"], s["corpus_mutants"])
    jobs += cases_mlir.run_cases(rng, s["run_mutants"])
    jobs += cases_mlir.inputs_cases(rng, s["inputs_per_chunk"])
    jobs += cases_weights.gguf_cases(rng, fix, s["gguf_structured"], s["gguf_bytes"], s["real_truncations"])
    jobs += cases_weights.hf_cases(rng, fix, s["hf_config"], s["hf_safetensors"])
    jobs += cases_weights.import_target_cases(fix)
    jobs += cases_model.model_cases(rng, fix, s["model_mutants"])
    jobs += cases_model.real_model_cases(rng, fix, s["real_model"])
    values = cases_cli.VALUES if not args.quick else rng.sample(cases_cli.VALUES, 6)
    jobs += cases_cli.value_cases(fix, rng, values)
    jobs += cases_cli.flag_cases(fix)
    jobs += cases_cli.path_cases(fix)
    jobs += cases_cli.env_cases(fix)
    jobs += cases_cache.tune_cache_cases(bin_dir, fix)
    jobs += cases_cache.module_cache_cases(bin_dir, fix)
    jobs += cases_cache.damaged_entry_cases(bin_dir, fix)
    jobs += cases_cache.concurrent_groups(bin_dir, fix, s["concurrent_rounds"])
    jobs = [j for j in jobs if tool_of(j) in args.available]
    if args.quick:
        jobs = cap_categories(jobs, rng)
    if args.only:
        jobs = [j for j in jobs if any(o in j.id for o in args.only)]
    return jobs


def tool_of(job) -> str:
    return job.cases[0].tool if isinstance(job, Group) else job.tool


def cap_categories(jobs: list, rng: random.Random) -> list:
    by_cat: dict[str, list] = {}
    for j in jobs:
        by_cat.setdefault(j.category, []).append(j)
    out = []
    for cat, js in by_cat.items():
        if "mutants (kforge-opt)" in cat or len(js) <= QUICK_CAP:
            out += js
        else:
            out += rng.sample(js, QUICK_CAP)
    return out


class Campaign:
    def __init__(self, args, bin_dir: Path, scratch: Path, kept: Path):
        self.args, self.bin_dir, self.scratch, self.kept = args, bin_dir, scratch, kept
        self.results: list[Result] = []
        self.lock = threading.Lock()
        self.counter = 0
        self.errors: list[str] = []
        self.started = time.monotonic()

    def run_job(self, job):
        with self.lock:
            self.counter += 1
            n = self.counter
        d = self.scratch / "cases" / str(n)
        try:
            if isinstance(job, Group):
                d.mkdir(parents=True)
                (d / "home/.cache").mkdir(parents=True)
                (d / "tmp").mkdir()
                job.prepare(d)
                results = run_concurrent(self.bin_dir, job.cases, d, self.args.timeout, job.post_check)
            else:
                results = [run_case(self.bin_dir, job, d, self.args.timeout)]
        except Exception as e:  # a bug of the campaign, not of a tool: reported, not counted
            print(f"campaign error in {job.id}: {e!r}", file=sys.stderr, flush=True)
            with self.lock:
                self.errors.append(f"campaign error in `{job.id}`: {e!r}")
            shutil.rmtree(d, ignore_errors=True)
            return
        for r in results:
            if r.outcome in ("crash", "hang", "silent-error") or r.data_loss:
                r.kept = keep(d, self.kept / safe_name(r.case.id), Path(self.args.bin_dir), r.case)
                print(f"  !! {r.outcome}{' + DATA LOSS' if r.data_loss else ''}: {r.case.id}: "
                      f"{r.detail} {'; '.join(r.data_loss)}", flush=True)
        shutil.rmtree(d, ignore_errors=True)
        with self.lock:
            self.results += results
            if len(self.results) % 250 < len(results):
                self.progress()

    def progress(self):
        counts = {o: sum(r.outcome == o for r in self.results) for o in OUTCOMES}
        loss = sum(bool(r.data_loss) for r in self.results)
        print(f"[{time.monotonic() - self.started:6.0f} s] {len(self.results)} runs: "
              + ", ".join(f"{k} {v}" for k, v in counts.items()) + f", data loss {loss}", flush=True)


def frozen_tools(bin_dir: Path, tools: list[str], dest: Path) -> Path:
    """Hard links (or copies) of the tools, so that a build during the
    campaign (cargo replaces the files) does not mix two builds in one table."""
    dest.mkdir()
    for t in tools:
        try:
            os.link(bin_dir / t, dest / t)
        except OSError:
            shutil.copy2(bin_dir / t, dest / t)
    return dest


def safe_name(s: str) -> str:
    return "".join(c if c.isalnum() or c in "-_.=" else "_" for c in s)[:150]


def device_state() -> dict:
    out = {}
    for dev in ["/dev/null", "/dev/zero", "/dev/full"]:
        st = os.lstat(dev)
        out[dev] = (stat.S_ISCHR(st.st_mode), st.st_rdev)
    return out


def tree_stat(root: Path) -> dict:
    return {str(p): (p.stat().st_size, p.stat().st_mtime_ns) for p in sorted(root.rglob("*")) if p.is_file()}


def built(args) -> str:
    t = (Path(args.bin_dir) / "kforge-run").stat().st_mtime
    return datetime.datetime.fromtimestamp(t).strftime("%Y-%m-%d %H:%M")


def report(args, results: list[Result], seconds: float, notes: list[str]) -> str:
    def table(key_name: str, key) -> list[str]:
        rows = {}
        for r in results:
            rows.setdefault(key(r), []).append(r)
        lines = [f"| {key_name} | tries | clean errors | successes | crashes | hangs | silent errors | data loss |",
                 "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
        total = []
        for k in sorted(rows, key=lambda k: (TOOLS.index(k) if k in TOOLS else 99, k)):
            rs = rows[k]
            total += rs
            lines.append(row(k, rs))
        lines.append(row("**total**", total))
        return lines

    def row(name, rs):
        c = {o: sum(r.outcome == o for r in rs) for o in OUTCOMES}
        return (f"| {name} | {len(rs)} | {c['clean-error']} | {c['success']} | {c['crash']} | {c['hang']} "
                f"| {c['silent-error']} | {sum(bool(r.data_loss) for r in rs)} |")

    commit = args.commit
    cmd = "python3 bench/hostile_campaign.py" + (" --quick" if args.quick else "") + \
        (f" --seed {args.seed}" if args.seed != 1 else "")
    lines = [f"# Hostile-input campaign ({'quick' if args.quick else 'full'}), "
             f"{datetime.date.today().isoformat()}", "",
             f"`{cmd}` at commit {commit}, seed {args.seed}, {args.jobs} runs at a time, "
             f"{args.timeout:.0f} s per run (some cases set their own), {seconds / 60:.1f} min on "
             f"{os.cpu_count()} cores ({platform.machine()}). Tools from `{args.bin_dir}` "
             f"(the dev profile, built {built(args)}). See the docstring of bench/hostile_campaign.py for what each "
             "category does and how a run is judged.", "",
             "A *clean error* exits non-zero with a message and no panic text; a *crash* is a signal, an "
             "abort, exit code 101 or panic/LLVM-fatal text on standard error; a *hang* is a run killed "
             "at its time limit; a *silent error* exits non-zero without any message; *data loss* is a "
             "file or folder that existed before a run (an earlier import, a user's file at an output "
             "path, an odd object at a cache path, a shared cache) and was changed or removed by a run "
             "that failed (or, for objects kforge did not make, by any run).", "",
             "## Per tool", ""] + table("tool", lambda r: r.case.tool) + \
        ["", "## Per category", ""] + table("category", lambda r: r.case.category)
    bad = [r for r in results if r.outcome in ("crash", "hang", "silent-error") or r.data_loss]
    lines += ["", "## Crashes, hangs, silent errors and data loss", ""]
    if not bad:
        lines.append("None.")
    for r in bad:
        lines.append(f"- `{r.case.id}` ({r.case.tool}, {r.outcome}): {r.detail}"
                     + (f"; data loss: {'; '.join(r.data_loss)}" if r.data_loss else "")
                     + (f" — kept in `{os.path.relpath(r.kept, REPO)}`" if r.kept else ""))
    if notes:
        lines += ["", "## Notes", ""] + [f"- {n}" for n in notes]
    slow = sorted(results, key=lambda r: -r.seconds)[:5]
    lines += ["", "Slowest runs: " + ", ".join(f"`{r.case.id}` {r.seconds:.1f} s" for r in slow)]
    return "\n".join(lines) + "\n"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="a few minutes: fewer mutants, capped categories")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--jobs", type=int, default=2, choices=[1, 2])
    ap.add_argument("--timeout", type=float, default=30.0, help="seconds per run (default 30)")
    ap.add_argument("--bin-dir", default=str(REPO / "target/debug"))
    ap.add_argument("--out", help="the markdown report (default: bench/results/hostile_campaign_<date>.md; "
                                  "--quick: target/hostile-campaign/<stamp>/report.md)")
    ap.add_argument("--only", action="append", help="run only cases whose id contains this (repeatable)")
    ap.add_argument("--list", action="store_true", help="print the case ids and exit")
    args = ap.parse_args()
    bin_dir = Path(args.bin_dir).resolve()
    args.available = [t for t in TOOLS if (bin_dir / t).is_file()]
    missing = sorted(set(TOOLS) - set(args.available))
    if not {"kforge-opt", "kforge-run", "kforge-import"} <= set(args.available):
        print(f"build the tools first: cargo build -p kforge-opt -p kforge-run -p kforge-bench "
              f"-p kforge-import -p kforge-gpu (missing in {bin_dir}: {missing})", file=sys.stderr)
        return 2
    # The commit at the start (others may commit while the campaign runs).
    args.commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True,
                                 text=True).stdout.strip()
    stamp = datetime.datetime.now().strftime("%Y-%m-%d_%H%M%S")
    work = REPO / "target/hostile-campaign" / stamp
    kept = work / "kept"
    kept.mkdir(parents=True)
    scratch = Path(tempfile.mkdtemp(prefix="kforge-hostile-"))
    scratch.chmod(0o755)  # cases run as nobody need to reach their folders
    notes = [f"not built, left out: {', '.join(missing)}"] if missing else []
    devices = device_state()
    models = REPO / "models/smollm2-135m-instruct"
    models_before = tree_stat(models) if models.is_dir() else {}
    try:
        fix_dir = scratch / "fixtures"
        fix = fixtures.build(fix_dir, bin_dir, real_model=not args.quick)
        fix["root"] = fix_dir
        real_weights = fix.get("real_copy")
        real_digest = tree_stat(real_weights) if real_weights else None
        jobs = build_jobs(args, fix, bin_dir)
        if args.list:
            for j in jobs:
                print(j.id)
            return 0
        n_runs = sum(len(j.cases) if isinstance(j, Group) else 1 for j in jobs)
        print(f"{n_runs} runs in {len(jobs)} jobs; scratch {scratch}; kept cases under {kept}", flush=True)
        campaign = Campaign(args, frozen_tools(bin_dir, args.available, scratch / "bin"), scratch, kept)
        # Interleave categories so a slow one does not end the campaign alone.
        random.Random(args.seed).shuffle(jobs)
        with ThreadPoolExecutor(max_workers=args.jobs) as pool:
            list(pool.map(campaign.run_job, jobs))
        seconds = time.monotonic() - campaign.started
        campaign.progress()
        notes += campaign.errors
        if real_weights and tree_stat(real_weights) != real_digest:
            notes.append("DATA LOSS: the campaign's copy of the real import changed (hard-linked weights)")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    if device_state() != devices:
        notes.append("DEVICE CHANGED: /dev/null, /dev/zero or /dev/full is no longer the device it was")
    if models_before and tree_stat(models) != models_before:
        notes.append("DATA LOSS: models/smollm2-135m-instruct changed during the campaign")
    text = report(args, campaign.results, seconds, notes)
    out = Path(args.out) if args.out else (
        work / "report.md" if args.quick else
        REPO / f"bench/results/hostile_campaign_{datetime.date.today().isoformat()}.md")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text)
    with open(work / "results.jsonl", "w") as f:
        for r in campaign.results:
            f.write(json.dumps({"id": r.case.id, "tool": r.case.tool, "category": r.case.category,
                                "outcome": r.outcome, "code": r.code, "seconds": round(r.seconds, 3),
                                "detail": r.detail, "data_loss": r.data_loss}) + "\n")
    print(text)
    print(f"report: {out}\nall results: {work / 'results.jsonl'}")
    bad = [r for r in campaign.results if r.outcome in ("crash", "hang") or r.data_loss]
    return 1 if bad or any("CHANGED" in n or "DATA LOSS" in n for n in notes) else 0


if __name__ == "__main__":
    sys.exit(main())
