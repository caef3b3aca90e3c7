#!/usr/bin/env python3
"""Runs every lit input under a directory through
`kforge-opt --split-input-file --verify-each-numerics PIPELINE`
(PIPELINE: `--lower-to-cpu` unless given).

Inputs with a numeric entry point (a public function the reference
interpreter runs) are compared after every kforge-level pass, the fusion
passes of --lower-to-cpu included; a numerics failure of any of them fails
this script, and so does a kforge op the reference interpreter reports as
unsupported (every op of the dialect runs in it, fused ones included).
Inputs that are not valid kforge (the invalid-*.mlir cases, the malformed
corpus) fail in kforge-opt for their own reasons and are not counted.
Prints one line per file with compared functions (marking inputs that
already hold fused ops), then a summary.
Usage: verify_every_input.py KFORGE_OPT ROOT [PIPELINE]
"""
import pathlib
import re
import subprocess
import sys

COMPARED = re.compile(r"--verify-each-numerics: (\d+) function\(s\) compared through pass")
FAILED = "error: --verify-each-numerics:"
UNSUPPORTED_KFORGE_OP = "unsupported op 'kforge."
FUSED_OPS = ('"kforge.fused_linear"', '"kforge.multi_linear"', '"kforge.swiglu_linear"')


def main():
    kforge_opt, root = sys.argv[1], pathlib.Path(sys.argv[2])
    pipeline = sys.argv[3] if len(sys.argv) > 3 else "--lower-to-cpu"
    files = sorted(p for p in root.rglob("*.mlir") if "Output" not in p.parts)
    compared_files, functions, failures = 0, 0, []
    for path in files:
        run = subprocess.run(
            [kforge_opt, str(path), "--split-input-file", "--verify-each-numerics",
             pipeline, "-o", "/dev/null"],
            capture_output=True, text=True, timeout=300)
        bad = [l for l in run.stderr.splitlines()
               if FAILED in l or UNSUPPORTED_KFORGE_OP in l]
        if bad:
            failures.append((path, bad))
            continue
        counts = [int(n) for n in COMPARED.findall(run.stderr)]
        if counts:
            compared_files += 1
            functions += sum(counts)
            code = [l for l in path.read_text().splitlines() if not l.lstrip().startswith("//")]
            fused = any(op in line for line in code for op in FUSED_OPS)
            print(f"compared: {path.relative_to(root)} ({sum(counts)} function(s))"
                  + (", fused ops in the input" if fused else ""))
    for path, lines in failures:
        print(f"FAILED: {path.relative_to(root)}")
        for line in lines:
            print(f"  {line}")
    print(f"numerics: {compared_files} file(s), {functions} function(s) compared, "
          f"{len(failures)} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
