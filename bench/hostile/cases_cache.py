"""Caches on odd paths (the tune cache by --tune-cache, $KFORGE_TUNE_CACHE and
in kforge's own folder; the module cache by $KFORGE_CACHE_DIR, $XDG_CACHE_HOME
and $HOME), damaged module-cache entries, and processes sharing caches, an
import folder or an output file three at a time."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

from .cases_weights import make_odd
from .runner import Case, Group, Protect, tool_env

ODD = ["dir", "fifo", "socket", "symlink-devnull", "symlink-devzero", "symlink-devfull", "dangling",
       "loop", "empty", "garbage", "huge", "non-utf8", "readonly", "under-file", "readonly-dir",
       "valid-linked"]
MM = ["mm.mlir", "--random-inputs", "--check"]


def seed_tune_cache(bin_dir: Path, fix: dict) -> bytes:
    """A valid tune cache of the mm module (made once by kforge-run)."""
    d = fix["root"] / "seed-tune"
    if not (d / "tune.json").exists():
        d.mkdir(exist_ok=True)
        subprocess.run([str(bin_dir / "kforge-run"), str(fix["mm"]), "--random-inputs", "--no-cache",
                        "--tune-cache", str(d / "tune.json")], env=tool_env(d, {}), check=True,
                       capture_output=True)
    return (d / "tune.json").read_bytes()


def odd_cache(p: Path, kind: str, valid: bytes):
    """The odd object `kind` at cache path `p`; returns the path the tool gets."""
    if kind == "readonly":
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(valid)
        p.chmod(0o444)
    elif kind == "readonly-dir":
        p.parent.mkdir(parents=True, exist_ok=True)
        p.parent.chmod(0o555)
    elif kind == "under-file":
        p.parent.parent.mkdir(parents=True, exist_ok=True)
        p.parent.write_text("a file where a folder should be\n")
    elif kind == "valid-linked":
        p.parent.mkdir(parents=True, exist_ok=True)
        target = p.parent / "elsewhere.json"
        target.write_bytes(valid)
        os.symlink(target.name, p)
    else:
        make_odd(p, kind)


def protect_for(rel: str, kind: str, own: bool) -> list[Protect]:
    if kind in ("readonly", "valid-linked", "readonly-dir"):
        return []  # a valid cache kforge may update; checked by cache_still_valid
    if kind == "under-file":
        return [Protect(str(Path(rel).parent), "always")]
    if own and kind in ("garbage", "empty", "huge", "non-utf8"):
        return [Protect(rel, "always", "content")]  # set aside as .corrupt, bytes kept
    return [Protect(rel, "always")]


def cache_still_valid(rel: str, valid: bytes):
    """A valid cache a run may update: it must still parse and keep its entries."""
    old = set(json.loads(valid)["entries"])

    def check(d: Path, _result) -> str | None:
        p = d / rel
        try:
            entries = set(json.loads(p.read_bytes())["entries"])
        except (OSError, ValueError, KeyError, TypeError) as e:
            return f"{rel}: the valid cache no longer parses ({e})"
        if not old <= entries:
            return f"{rel}: entries lost ({len(old - entries)})"
        return None
    return check


def tune_cache_cases(bin_dir: Path, fix: dict) -> list[Case]:
    valid = seed_tune_cache(bin_dir, fix)
    cat = "tune cache on odd paths"
    consumers = [
        ("kforge-run", MM + ["--tune-cache", "c/tune.json"], {}, "c/tune.json", False),
        ("kforge-run", MM, {"KFORGE_TUNE_CACHE": "{dir}/c/tune.json"}, "c/tune.json", False),
        ("kforge-bench", ["matmul", "--m", "24", "--n", "56", "--k", "40", "--repeats", "1",
                          "--tune-cache", "c/tune.json"], {}, "c/tune.json", False),
        ("kforge-run", MM, {}, "home/.cache/kforge/tune.json", True),
    ]
    cases = []
    for tool, argv, env, rel, own in consumers:
        for kind in ODD:
            def prepare(d: Path, rel=rel, kind=kind):
                shutil.copy(fix["mm"], d / "mm.mlir")
                odd_cache(d / rel, kind, valid)
            readonly = kind in ("readonly", "readonly-dir")
            check = cache_still_valid(rel if kind != "valid-linked" else
                                      str(Path(rel).parent / "elsewhere.json"), valid) \
                if kind in ("readonly", "valid-linked") else None
            cases.append(Case(f"tune/{tool}/{rel}/{'env ' if env else ''}{kind}", tool, cat, argv,
                              prepare=prepare, env=env, protect=protect_for(rel, kind, own),
                              as_nobody=readonly, post_check=check, timeout=30))
    return cases


def module_cache_cases(bin_dir: Path, fix: dict) -> list[Case]:
    cat = "module cache on odd paths"
    decode = ["m/model.mlir", "--prompt", "ab", "--max-tokens", "1", "--max-context", "32", "--no-tune"]
    consumers = [
        ("kforge-run", MM + ["--no-tune"], {"KFORGE_CACHE_DIR": "{dir}/c/modules"}, "c/modules"),
        ("kforge-run", decode, {"KFORGE_CACHE_DIR": "{dir}/c/modules"}, "c/modules"),
        ("kforge-run", MM + ["--no-tune"], {"XDG_CACHE_HOME": "{dir}/c/xdg"}, "c/xdg"),
        ("kforge-run", MM + ["--no-tune"], {"HOME": "{dir}/c/home", "XDG_CACHE_HOME": None}, "c/home"),
    ]
    kinds = [k for k in ODD if k not in ("valid-linked", "readonly")] + ["user-folder"]
    cases = []
    for tool, argv, env, rel in consumers:
        for kind in kinds:
            def prepare(d: Path, rel=rel, kind=kind):
                shutil.copy(fix["mm"], d / "mm.mlir")
                shutil.copytree(fix["import"], d / "m")
                if kind == "user-folder":
                    user_folder(d / rel, d / "user-data")
                else:
                    odd_cache(d / rel, kind, b"{}")
            protect = [Protect("user-data", "always")]
            if kind == "user-folder":
                protect += [Protect(f"{rel}/{n}", "always") for n in USER_ITEMS]
            elif kind not in ("readonly-dir", "dir"):
                protect += protect_for(rel, kind, False)
            cases.append(Case(f"modules/{rel}/{kind}/{argv[0]}", tool, cat, argv, prepare=prepare,
                              env=env, protect=protect, as_nobody=kind == "readonly-dir", timeout=60))
    return cases


USER_ITEMS = ["notes.txt", "a" * 64, "b" * 64, ".tmp-mine", "photos"]


def user_folder(root: Path, data: Path):
    """A folder of the user's, with names that look like cache entries."""
    root.mkdir(parents=True)
    data.mkdir()
    (data / "thesis.txt").write_text("years of work\n")
    (root / "notes.txt").write_text("the user's notes\n")
    (root / ("a" * 64)).write_text("a file named like an entry\n")
    os.symlink(data, root / ("b" * 64))
    (root / ".tmp-mine").write_text("not kforge's temp\n")
    (root / "photos").mkdir()
    (root / "photos/cat.txt").write_text("meow\n")


def damaged_entry_cases(bin_dir: Path, fix: dict) -> list[Case]:
    """A warm module cache whose entry is damaged: rebuilt, never followed out."""
    cat = "damaged module-cache entries"
    warm = fix["root"] / "warm-modules"
    if not warm.exists():
        d = fix["root"] / "warm-run"
        d.mkdir()
        subprocess.run([str(bin_dir / "kforge-run"), str(fix["mm"]), "--random-inputs", "--no-tune"],
                       env=tool_env(d, {"KFORGE_CACHE_DIR": str(warm)}), check=True, capture_output=True)
    damages = {
        "truncated-so": lambda e: (e / "module.so").write_bytes((e / "module.so").read_bytes()[:100]),
        "garbage-signatures": lambda e: (e / "signatures.json").write_text("{garbage"),
        "empty-signatures": lambda e: (e / "signatures.json").write_text(""),
        "so-is-dir": lambda e: ((e / "module.so").unlink(), (e / "module.so").mkdir()),
        "so-is-fifo": lambda e: ((e / "module.so").unlink(), os.mkfifo(e / "module.so")),
        "so-to-devzero": lambda e: ((e / "module.so").unlink(), os.symlink("/dev/zero", e / "module.so")),
        "signatures-to-devzero": lambda e: ((e / "signatures.json").unlink(),
                                            os.symlink("/dev/zero", e / "signatures.json")),
        "signatures-fifo": lambda e: ((e / "signatures.json").unlink(), os.mkfifo(e / "signatures.json")),
        "huge-signatures": lambda e: os.truncate(e / "signatures.json", 200 << 20),
        "entry-is-file": lambda e: (shutil.rmtree(e), e.write_text("x")),
        "entry-links-to-user": lambda e: (shutil.rmtree(e), os.symlink(e.parent.parent / "user-data", e)),
        "other-so": lambda e: (e / "module.so").write_bytes(b"\x7fELF" + b"\x00" * 4000),
        "missing-so": lambda e: (e / "module.so").unlink(),
    }
    cases = []
    for name, damage in damages.items():
        def prepare(d: Path, damage=damage):
            shutil.copy(fix["mm"], d / "mm.mlir")
            shutil.copytree(warm, d / "modules", symlinks=True)
            (d / "user-data").mkdir()
            (d / "user-data/thesis.txt").write_text("years of work\n")
            for e in (d / "modules").iterdir():
                if len(e.name) == 64:
                    damage(e)
        cases.append(Case(f"entries/{name}", "kforge-run", cat, MM + ["--no-tune"], prepare=prepare,
                          env={"KFORGE_CACHE_DIR": "{dir}/modules"},
                          protect=[Protect("user-data", "always")], timeout=30))
    return cases


# --- three processes at once ---------------------------------------------------------

def concurrent_groups(bin_dir: Path, fix: dict, rounds: int) -> list[Group]:
    groups = []
    valid = seed_tune_cache(bin_dir, fix)
    shapes = [(24, 40, 56), (8, 16, 24), (12, 20, 28)]
    from .fixtures import MM_MODULE
    for r in range(rounds):
        # Shared tune cache (seeded with one entry) and module cache.
        def prep_tune(d: Path, r=r):
            (d / "tune.json").write_bytes(valid)
            for i, (m, k, n) in enumerate(shapes):
                (d / f"mm{i}.mlir").write_text(MM_MODULE.format(m=m + r, k=k, n=n))

        def check_tune(d: Path, results, valid=valid) -> str | None:
            return cache_still_valid("tune.json", valid)(d, None)
        groups.append(Group(
            f"concurrent/tune+modules/{r}", "3 processes sharing caches", prep_tune,
            [Case(f"concurrent/tune/{r}/{i}", "kforge-run", "3 processes sharing caches",
                  [f"mm{i}.mlir", "--random-inputs", "--check", "--tune-cache", "tune.json"],
                  env={"KFORGE_CACHE_DIR": "{dir}/modules"}) for i in range(3)],
            check_tune))

        def prep_decode(d: Path):
            shutil.copytree(fix["import"], d / "m")

        def check_decode(d: Path, results) -> str | None:
            out = subprocess.run([str(bin_dir / "kforge-run"), "m/model.mlir", "--prompt", "ab",
                                  "--max-tokens", "1", "--max-context", "32", "--no-tune"], cwd=d,
                                 env=tool_env(d, {"KFORGE_CACHE_DIR": str(d / "modules")}),
                                 capture_output=True, timeout=60)
            if out.returncode != 0:
                return f"the shared module cache is unusable after 3 writers: {out.stderr[-300:]!r}"
            return None
        groups.append(Group(
            f"concurrent/decode/{r}", "3 processes sharing caches", prep_decode,
            [Case(f"concurrent/decode/{r}/{i}", "kforge-run", "3 processes sharing caches",
                  ["m/model.mlir", "--prompt", "ab", "--max-tokens", "1", "--max-context", "32", "--no-tune"],
                  env={"KFORGE_CACHE_DIR": "{dir}/modules"}) for i in range(3)],
            check_decode))

        def prep_import(d: Path):
            shutil.copytree(fix["import"], d / "out")
            shutil.copy(fix["gguf"], d / "good.gguf")
            shutil.copytree(fix["hf"], d / "hf")
            data = bytearray(fix["gguf"].read_bytes())
            (d / "bad.gguf").write_bytes(bytes(data[: len(data) // 2]))

        def check_import(d: Path, results) -> str | None:
            try:
                json.loads((d / "out/kforge-model.json").read_text())
            except (OSError, ValueError) as e:
                return f"out/ is no import after 3 concurrent imports: {e}"
            out = subprocess.run([str(bin_dir / "kforge-run"), "out/model.mlir", "--prompt", "ab",
                                  "--max-tokens", "1", "--max-context", "32", "--no-tune"], cwd=d,
                                 env=tool_env(d, {}), capture_output=True, timeout=60)
            if out.returncode != 0:
                return f"out/ does not run after 3 concurrent imports: {out.stderr[-300:]!r}"
            return None
        groups.append(Group(
            f"concurrent/import/{r}", "3 imports into one folder", prep_import,
            [Case(f"concurrent/import/{r}/{src}", "kforge-import", "3 imports into one folder",
                  [src, "-o", "out", "-q"]) for src in ["good.gguf", "hf", "bad.gguf"]],
            check_import))

        def prep_opt(d: Path):
            (d / "a.mlir").write_text(fix["mm"].read_text())
            (d / "b.mlir").write_text(MM_MODULE.format(m=3, k=5, n=7))
            (d / "bad.mlir").write_text("func.func @f( {\n")
            (d / "out.mlir").write_text("// the previous output\n")
            for name in ["a", "b"]:
                subprocess.run([str(bin_dir / "kforge-opt"), f"{name}.mlir", "--lower-to-cpu",
                                "-o", f"want-{name}.mlir"], cwd=d, check=True, env=tool_env(d, {}))

        def check_opt(d: Path, results) -> str | None:
            got = (d / "out.mlir").read_bytes()
            allowed = [(d / "want-a.mlir").read_bytes(), (d / "want-b.mlir").read_bytes(),
                       b"// the previous output\n"]
            if got not in allowed:
                return f"out.mlir is a mix or partial after 3 writers ({len(got)} bytes)"
            return None
        groups.append(Group(
            f"concurrent/opt-output/{r}", "3 writers of one output", prep_opt,
            [Case(f"concurrent/opt/{r}/{src}", "kforge-opt", "3 writers of one output",
                  [src, "--lower-to-cpu", "-o", "out.mlir"]) for src in ["a.mlir", "b.mlir", "bad.mlir"]],
            check_opt))
    return groups
