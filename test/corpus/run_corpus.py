#!/usr/bin/env python3
"""Runs kforge-opt on every file of test/corpus/malformed/ and checks that it
fails cleanly.

    python3 test/corpus/run_corpus.py KFORGE_OPT [--skip-known-bugs | --only-known-bugs] [-v]

Each input runs twice: `kforge-opt FILE` and `kforge-opt FILE --lower-to-cpu`,
each with a 20 s timeout. A run passes when

- the exit code is 1 or another non-zero code that is not a crash: not
  negative (killed by a signal), not 134 (abort) or 139 (segfault), not a
  timeout;
- stderr is not empty and has an `error` in it (the diagnostic);
- stderr shows no internal failure: no Rust panic (`panicked at`), no
  `internal error`, no `LLVM ERROR`, no stack overflow.

The inputs in make_malformed.ACCEPTED (empty, blank and comment-only files)
are the exception: MLIR reads them as an empty module, and kforge-opt, like
mlir-opt, accepts them. For those a run passes when it exits 0 with an empty
stderr.

An input passes when both its runs pass. The last line is the summary
`N passed, M failed`; the exit code is 1 when anything failed.

known-bugs.txt lists inputs that fail today because of a reported bug (one
name per line, `#` comments). --skip-known-bugs leaves them out (the lit test
that guards against regressions); --only-known-bugs runs just them (an XFAIL
lit test that starts passing once the bugs are fixed).
"""
import argparse
import concurrent.futures
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from make_malformed import ACCEPTED  # noqa: E402

CORPUS = HERE / "malformed"
KNOWN_BUGS = HERE / "known-bugs.txt"
TIMEOUT_S = 20
MODES = (("plain", []), ("lower-to-cpu", ["--lower-to-cpu"]))
CRASH_CODES = {134, 139}
INTERNAL_FAILURES = ("panicked at", "internal error", "LLVM ERROR", "stack overflow", "has overflowed its stack")


def known_bugs() -> set:
    names = set()
    for line in KNOWN_BUGS.read_text().splitlines():
        name = line.split("#", 1)[0].strip()
        if name:
            names.add(name)
    return names


def run_once(tool: str, path: Path, extra: list) -> tuple:
    """(returncode or None on timeout, stdout, stderr) of one run."""
    env = dict(os.environ, RUST_BACKTRACE="0")
    try:
        proc = subprocess.run(
            [tool, str(path), *extra],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=TIMEOUT_S,
            env=env,
        )
    except subprocess.TimeoutExpired as e:
        return None, e.stdout or b"", e.stderr or b""
    return proc.returncode, proc.stdout, proc.stderr


def judge(name: str, code, stdout: bytes, stderr: bytes) -> str:
    """Why a run failed, or '' when it passed."""
    err = stderr.decode("utf-8", "replace")
    if code is None:
        return f"hang: no exit within {TIMEOUT_S} s"
    if code < 0:
        return f"crash: killed by signal {-code}"
    if code in CRASH_CODES:
        return f"crash: exit code {code}"
    for marker in INTERNAL_FAILURES:
        if marker in err:
            return f"internal failure: stderr has '{marker}'"
    if name in ACCEPTED:
        if code != 0:
            return f"expected to be accepted (an empty module), got exit code {code}"
        if err.strip():
            return "accepted, but stderr is not empty"
        return ""
    if code == 0:
        return "accepted malformed input (exit code 0)"
    if not err.strip():
        return f"exit code {code} without any diagnostic on stderr"
    if "error" not in err.lower():
        return "stderr has no 'error'"
    return ""


def check_file(tool: str, path: Path) -> list:
    """Failures of one input, one line per failing mode."""
    failures = []
    for mode, extra in MODES:
        code, stdout, stderr = run_once(tool, path, extra)
        why = judge(path.name, code, stdout, stderr)
        if why:
            first = stderr.decode("utf-8", "replace").strip().splitlines()[:1]
            detail = f" | {first[0][:160]}" if first else ""
            failures.append(f"{path.name} [{mode}]: {why}{detail}")
    return failures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("kforge_opt", help="the kforge-opt binary")
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--skip-known-bugs", action="store_true", help="leave out the inputs in known-bugs.txt")
    group.add_argument("--only-known-bugs", action="store_true", help="run only the inputs in known-bugs.txt")
    parser.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 4, help="parallel runs")
    parser.add_argument("-v", "--verbose", action="store_true", help="print every input's verdict")
    args = parser.parse_args()

    files = sorted(CORPUS.glob("*.mlir"))
    if not files:
        print(f"no inputs in {CORPUS}", file=sys.stderr)
        return 1
    bugs = known_bugs()
    missing = sorted(bugs - {f.name for f in files})
    if missing:
        print(f"known-bugs.txt names missing inputs: {', '.join(missing)}", file=sys.stderr)
        return 1
    if args.skip_known_bugs:
        files = [f for f in files if f.name not in bugs]
    if args.only_known_bugs:
        files = [f for f in files if f.name in bugs]

    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        results = list(pool.map(lambda f: (f, check_file(args.kforge_opt, f)), files))

    failed = 0
    for path, failures in results:
        if failures:
            failed += 1
            for line in failures:
                print(f"FAIL: {line}")
        elif args.verbose:
            print(f"PASS: {path.name}")
    print(f"{len(results) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
