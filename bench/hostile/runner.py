"""Running one tool on one hostile input, and judging how it ended.

Every run happens in a folder of its own under the campaign's scratch folder,
with HOME, XDG_CACHE_HOME and TMPDIR inside it, under an address-space limit
(prlimit) and a time limit (the process group is killed). Before the run the
paths a case protects are snapshotted; after it they are compared, so a failed
operation that changed or removed something it did not make is found.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import signal
import stat
import subprocess
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

# Standard-error text that means a crash even with a plain exit code (as in
# fuzz/src/targets/sandbox.rs).
CRASH_MARKS = (
    "panicked at",
    "LLVM ERROR",
    "memory allocation of",
    "has overflowed its stack",
    "double free",
    "corrupted",
    "Segmentation fault",
    "PLEASE submit a bug report",
    "Assertion",
    "RUST_BACKTRACE",
)

# Address space a tool may use. Far more than any hostile-but-small input
# needs; with KFORGE_MAX_ALLOCATION (below) an allocation that gets past
# kforge's checks fails here as an abort, counted as a crash, not a swap storm.
MEMORY_LIMIT_BYTES = 8 << 30
# The largest single allocation kforge's own checks allow during the campaign.
MAX_ALLOCATION_BYTES = 1 << 30

OUTCOMES = ("clean-error", "success", "crash", "hang", "silent-error")


@dataclass
class Protect:
    """A path (relative to the case folder) a run must not damage.

    when: "failure" (checked when the run did not succeed) or "always".
    mode: "exact" (same type, bytes, links, permissions, recursively) or
    "content" (every file's bytes still exist somewhere in the case folder:
    a file moved aside is kept)."""

    path: str
    when: str = "failure"
    mode: str = "exact"


@dataclass
class Case:
    """One tool run. `argv` items are str or bytes (bytes: not UTF-8)."""

    id: str
    tool: str
    category: str
    argv: list
    prepare: Callable[[Path], None] | None = None
    env: dict = field(default_factory=dict)  # value None: removed
    protect: list[Protect] = field(default_factory=list)
    stdin: bytes | None = None
    timeout: float | None = None
    as_nobody: bool = False
    # Checked after the run: returns a data-loss reason or None.
    post_check: Callable[[Path, "Result"], str | None] | None = None
    # FIFOs given a peer, as a shell's process substitution would: (path,
    # "writer") feeds an input FIFO garbage then end of file; (path, "reader")
    # drains an output FIFO. A FIFO without a peer (a cache path) must be
    # refused without being opened.
    fifo_peers: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class Result:
    case: Case
    outcome: str
    code: int | None
    seconds: float
    detail: str
    data_loss: list[str] = field(default_factory=list)
    kept: str | None = None  # where the case folder was kept (abnormal outcomes)


def snapshot(root: Path, path: Path) -> dict:
    """Type, permissions and content of `path` and everything under it."""
    out = {}

    def visit(p: Path, rel: str):
        try:
            st = os.lstat(p)
        except FileNotFoundError:
            out[rel] = ("missing",)
            return
        mode = stat.S_IMODE(st.st_mode)
        if stat.S_ISLNK(st.st_mode):
            out[rel] = ("link", os.readlink(p))
        elif stat.S_ISDIR(st.st_mode):
            out[rel] = ("dir", mode)
            for child in sorted(os.listdir(p)):
                visit(p / child, f"{rel}/{child}")
        elif stat.S_ISREG(st.st_mode):
            out[rel] = ("file", mode, file_digest(p))
        elif stat.S_ISFIFO(st.st_mode):
            out[rel] = ("fifo", mode)
        elif stat.S_ISSOCK(st.st_mode):
            out[rel] = ("socket", mode)
        else:
            out[rel] = ("other", st.st_mode)

    visit(root / path, str(path))
    return out


def file_digest(p: Path) -> str:
    h = hashlib.sha256()
    with open(p, "rb") as f:
        while chunk := f.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()


def all_digests(root: Path) -> set[str]:
    found = set()
    for dirpath, _, files in os.walk(root):
        for name in files:
            p = Path(dirpath) / name
            if p.is_file() and not p.is_symlink():
                found.add(file_digest(p))
    return found


def describe_change(before: dict, after: dict) -> str:
    for rel in sorted(set(before) | set(after)):
        a, b = before.get(rel, ("missing",)), after.get(rel, ("missing",))
        if a != b:
            return f"{rel}: {a[0]} -> {b[0]}" + (" (changed)" if a[0] == b[0] else "")
    return "changed"


def crash_line(text: str) -> str:
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if any(m in line for m in CRASH_MARKS):
            nxt = lines[i + 1] if i + 1 < len(lines) else ""
            return f"{line} {nxt}".strip()[:300]
    return (lines[-1] if lines else "(no output)")[:300]


def tool_env(case_dir: Path, extra: dict) -> dict:
    env = {
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "LANG": "C.UTF-8",
        "HOME": str(case_dir / "home"),
        "XDG_CACHE_HOME": str(case_dir / "home/.cache"),
        "TMPDIR": str(case_dir / "tmp"),
        "RUST_BACKTRACE": "0",
        "KFORGE_MAX_ALLOCATION": str(MAX_ALLOCATION_BYTES),
    }
    for k, v in extra.items():
        if v is None:
            env.pop(k, None)
        else:
            # "{dir}" stands for the case folder (paths kept inside it).
            env[k] = v.replace("{dir}", str(case_dir)) if isinstance(v, str) else v
    return env


def command(bin_dir: Path, case: Case) -> list:
    argv = ["prlimit", f"--as={MEMORY_LIMIT_BYTES}", "--core=0", "--"]
    if case.as_nobody:
        argv += ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--"]
    argv.append(str(bin_dir / case.tool))
    return argv + [a if isinstance(a, (bytes, str)) else str(a) for a in case.argv]


def start(bin_dir: Path, case: Case, case_dir: Path, io_dir: Path | None = None):
    """Starts `case` in `case_dir`; its standard output and error go to files in
    `io_dir` (default: the case folder)."""
    io_dir = io_dir or case_dir
    out = open(io_dir / ".stdout", "wb")
    err = open(io_dir / ".stderr", "wb")
    proc = subprocess.Popen(
        command(bin_dir, case),
        cwd=case_dir,
        env=tool_env(case_dir, case.env),
        stdin=subprocess.PIPE if case.stdin is not None else subprocess.DEVNULL,
        stdout=out,
        stderr=err,
        start_new_session=True,
    )
    if case.stdin is not None:
        try:
            proc.stdin.write(case.stdin)
            proc.stdin.close()
        except (BrokenPipeError, OSError):
            pass
    return proc, out, err


def finish(proc: subprocess.Popen, files, case: Case, io_dir: Path, started: float, timeout: float) -> Result:
    timed_out = False
    try:
        proc.wait(timeout=max(0.0, started + timeout - time.monotonic()))
    except subprocess.TimeoutExpired:
        timed_out = True
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait()
    seconds = time.monotonic() - started
    for f in files:
        f.close()
    err = read_text(io_dir / ".stderr")
    out = read_text(io_dir / ".stdout")
    code = proc.returncode
    if timed_out:
        return Result(case, "hang", None, seconds, f"still running after {timeout:.0f} s")
    if code < 0:
        name = signal.Signals(-code).name if -code in signal.Signals._value2member_map_ else str(-code)
        return Result(case, "crash", code, seconds, f"signal {name}: {crash_line(err)}")
    if code == 101 or any(m in err for m in CRASH_MARKS):
        return Result(case, "crash", code, seconds, f"exit {code}: {crash_line(err)}")
    if code == 0:
        return Result(case, "success", 0, seconds, "")
    first = next((l for l in (err + out).splitlines() if l.strip()), "")
    if not first:
        return Result(case, "silent-error", code, seconds, f"exit {code} without a message")
    return Result(case, "clean-error", code, seconds, first[:300])


def read_text(p: Path, limit: int = 64 << 20) -> str:
    try:
        with open(p, "rb") as f:
            data = f.read(limit)
    except OSError:
        return ""
    return data.decode("utf-8", "replace")


def check_protected(case_dir: Path, protect: list[Protect], before: list, failed: bool) -> list[str]:
    losses = []
    digests = None
    for p, snap in zip(protect, before):
        if p.when == "failure" and not failed:
            continue
        if p.mode == "exact":
            after = snapshot(case_dir, Path(p.path))
            if after != snap:
                losses.append(f"{p.path} changed by a run that {'failed' if failed else 'succeeded'}: "
                              f"{describe_change(snap, after)}")
        else:
            if digests is None:
                digests = all_digests(case_dir)
            lost = [rel for rel, v in snap.items() if v[0] == "file" and v[2] not in digests]
            kinds = [rel for rel, v in snap.items() if v[0] != "file" and rel == p.path]
            if lost:
                losses.append(f"{lost[0]}: its bytes are gone")
            elif kinds and not os.path.lexists(case_dir / p.path):
                losses.append(f"{p.path}: removed")
    return losses


def prepare_dir(case_dir: Path, case: Case):
    (case_dir / "home/.cache").mkdir(parents=True, exist_ok=True)
    (case_dir / "tmp").mkdir(exist_ok=True)
    if case.prepare:
        case.prepare(case_dir)
    if case.as_nobody:
        for dirpath, dirs, files in os.walk(case_dir):
            for n in dirs + files + [""]:
                p = os.path.join(dirpath, n)
                if not os.path.islink(p):
                    os.lchown(p, 65534, 65534)


class FifoPeer:
    """The other end of a FIFO, in a thread. A hard link to the FIFO lets the
    peer be released even when the tool replaced the path."""

    FEED = b"\x00\xff{garbage from a pipe" * 64

    def __init__(self, case_dir: Path, rel: str, role: str, n: int):
        self.link = case_dir / f".fifo-peer-{n}"
        self.role = role
        os.link(case_dir / rel, self.link)
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    def run(self):
        try:
            if self.role == "writer":
                with open(self.link, "wb") as f:
                    f.write(self.FEED)
            else:
                with open(self.link, "rb") as f:
                    while f.read(1 << 16):
                        pass
        except OSError:
            pass

    def release(self):
        """Unblocks the peer if the tool never opened the FIFO."""
        if self.thread.is_alive():
            flags = (os.O_RDONLY if self.role == "writer" else os.O_WRONLY) | os.O_NONBLOCK
            try:
                fd = os.open(self.link, flags)
                time.sleep(0.05)
                os.close(fd)
            except OSError:
                pass
        self.thread.join(timeout=5)
        self.link.unlink(missing_ok=True)


def run_case(bin_dir: Path, case: Case, case_dir: Path, default_timeout: float) -> Result:
    case_dir.mkdir(parents=True)
    prepare_dir(case_dir, case)
    before = [snapshot(case_dir, Path(p.path)) for p in case.protect]
    peers = [FifoPeer(case_dir, rel, role, i) for i, (rel, role) in enumerate(case.fifo_peers)
             if os.path.lexists(case_dir / rel) and stat.S_ISFIFO(os.lstat(case_dir / rel).st_mode)]
    started = time.monotonic()
    proc, out, err = start(bin_dir, case, case_dir)
    result = finish(proc, (out, err), case, case_dir, started, case.timeout or default_timeout)
    for peer in peers:
        peer.release()
    failed = result.outcome != "success"
    result.data_loss = check_protected(case_dir, case.protect, before, failed)
    if case.post_check:
        reason = case.post_check(case_dir, result)
        if reason:
            result.data_loss.append(reason)
    return result


def run_concurrent(bin_dir: Path, cases: list[Case], shared: Path, default_timeout: float,
                   post_check: Callable[[Path, list[Result]], str | None]) -> list[Result]:
    """Runs `cases` at once in `shared` (already prepared); `post_check` judges
    the shared state afterwards (a reason is a data-loss case of the first)."""
    running = []
    for i, case in enumerate(cases):
        io_dir = shared / f".run{i}"
        io_dir.mkdir(exist_ok=True)
        proc, out, err = start(bin_dir, case, shared, io_dir)
        running.append((case, proc, out, err, io_dir, time.monotonic()))
    results = []
    for case, proc, out, err, io_dir, started in running:
        results.append(finish(proc, (out, err), case, io_dir, started, case.timeout or default_timeout))
    reason = post_check(shared, results)
    if reason:
        results[0].data_loss.append(reason)
    return results


def keep(case_dir: Path, dest: Path, bin_dir: Path, case: Case) -> str:
    """Copies a case folder (without caches) for reproduction, with cmd.sh."""
    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(case_dir, dest, symlinks=True,
                    ignore=shutil.ignore_patterns("modules", "*.so", "weights.safetensors"),
                    ignore_dangling_symlinks=True, copy_function=copy_plain)
    env = " ".join(f"{k}={shell_quote(v)}" for k, v in case.env.items() if v is not None)
    argv = " ".join(shell_quote(a) for a in [str(bin_dir / case.tool)] + case.argv)
    (dest / "cmd.sh").write_text(
        f"#!/bin/sh\n# {case.id} ({case.category}); run inside this folder\n"
        f"cd \"$(dirname \"$0\")\" && HOME=$PWD/home XDG_CACHE_HOME=$PWD/home/.cache "
        f"KFORGE_MAX_ALLOCATION={MAX_ALLOCATION_BYTES} {env} {argv}\n")
    return str(dest)


def copy_plain(src, dst):
    """Copies regular files; FIFOs, sockets and devices are recreated as notes."""
    mode = os.lstat(src).st_mode
    if stat.S_ISREG(mode):
        shutil.copy2(src, dst)
    else:
        Path(dst).write_text(f"(was not a regular file: mode {mode:o})\n")


def shell_quote(a) -> str:
    if isinstance(a, bytes):
        return "$'" + "".join(f"\\x{b:02x}" for b in a) + "'"
    s = str(a)
    if s and all(c.isalnum() or c in "-_./=:,@%+" for c in s):
        return s
    return "'" + s.replace("'", "'\\''") + "'"


@dataclass
class Group:
    """Cases run at once in one shared folder; `post_check(folder, results)`
    judges the shared state (a reason counts as a data-loss case)."""

    id: str
    category: str
    prepare: Callable[[Path], None]
    cases: list[Case]
    post_check: Callable[[Path, list[Result]], str | None]
