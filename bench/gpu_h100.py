#!/usr/bin/env python3
"""torch side of bench/gpu_h100.sh: cuBLAS SGEMM and fp16 GEMM at the shape kforge-gpu-bench timed, a check of
kforge's sampled outputs against torch on the same inputs, and the comparison table.

The inputs are rebuilt from the formula of `kforge_gpu::bench::bench_input` (a hash of the element index), so
both sides multiply the same matrices without moving them between programs.
"""
import argparse
import json
import statistics

import numpy as np
import torch


def bench_input(n: int, salt: int) -> np.ndarray:
    i = np.arange(n, dtype=np.uint64) + np.uint64(salt << 32)
    h = (i * np.uint64(2654435761)) % np.uint64(1 << 32)
    return (h.astype(np.float64) / 4294967296.0 - 0.5).astype(np.float32)


def time_ms(fn, reps: int = 30) -> float:
    for _ in range(5):
        fn()
    torch.cuda.synchronize()
    times = []
    for _ in range(reps):
        s, e = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
        s.record()
        fn()
        e.record()
        torch.cuda.synchronize()
        times.append(s.elapsed_time(e))
    return statistics.median(times)


def sample_err(res: dict, ref: torch.Tensor) -> float:
    got = torch.tensor([v for _, _, v in res["samples"]], dtype=torch.float64)
    want = torch.stack([ref[i, j] for i, j, _ in res["samples"]]).double().cpu()
    return float((got - want).abs().max() / want.abs().max().clamp_min(1e-30))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--kforge", required=True, help="JSON lines of kforge-gpu-bench matmul --json")
    ap.add_argument("--json-out")
    args = ap.parse_args()
    results = [json.loads(line) for line in open(args.kforge) if line.strip()]
    if not results:
        raise SystemExit("no kforge results")
    m, n, k = results[0]["m"], results[0]["n"], results[0]["k"]
    flop = 2.0 * m * n * k
    torch.backends.cuda.matmul.allow_tf32 = False
    torch.backends.cuda.matmul.allow_fp16_reduced_precision_reduction = False
    a = torch.from_numpy(bench_input(m * k, 1).reshape(m, k)).cuda()
    b = torch.from_numpy(bench_input(k * n, 2).reshape(k, n)).cuda()
    a16, b16 = a.half(), b.half()
    c32 = torch.empty(m, n, device="cuda")
    c16 = torch.empty(m, n, device="cuda", dtype=torch.float16)
    t32 = time_ms(lambda: torch.matmul(a, b, out=c32))
    t16 = time_ms(lambda: torch.matmul(a16, b16, out=c16))
    ref32 = (a.double() @ b.double()).float()
    ref16 = (a16.double() @ b16.double()).float()
    cublas = {"f32": flop / t32 / 1e9, "f16": flop / t16 / 1e9}
    # torch's own error vs the float64 product, to put kforge's error in context.
    torch_err = {
        "f32": float((c32 - ref32).abs().max() / ref32.abs().max()),
        "f16": float((c16.float() - ref16).abs().max() / ref16.abs().max()),
    }
    gpu = torch.cuda.get_device_name()
    print(f"\ntorch {torch.__version__} on {gpu}: cuBLAS SGEMM {cublas['f32']:.1f} TFLOP/s ({t32:.3f} ms, "
          f"TF32 off), fp16 GEMM {cublas['f16']:.1f} TFLOP/s ({t16:.3f} ms)")
    print(f"{m}x{n}x{k}: kforge (wgpu/Vulkan, GPU timestamps) vs torch (CUDA events), medians")
    header = f"{'kernel':<56} {'TFLOP/s':>8} {'cuBLAS':>8} {'ratio':>6} {'target':>6} {'err vs f64':>10} {'torch err':>9}"
    print(header)
    print("-" * len(header))
    rows = []
    best = {}
    for r in results:
        dt = r["dtype"]
        ref = ref32 if dt == "f32" else ref16
        err = sample_err(r, ref)
        ratio = r["tflops"] / cublas[dt]
        target = 0.6 if dt == "f32" else 0.3
        ok = "ok" if err < (1e-4 if dt == "f32" else 1e-3) else "WRONG"
        print(f"{r['kernel']:<56} {r['tflops']:>8.2f} {cublas[dt]:>8.1f} {ratio:>6.3f} {target:>6.2f} "
              f"{err:>10.1e} {torch_err[dt]:>9.1e} {ok}")
        rows.append({**{k2: v for k2, v in r.items() if k2 != "samples"}, "cublas_tflops": cublas[dt],
                     "ratio": ratio, "target": target, "err_vs_torch_f64": err})
        if ok == "ok" and r["tflops"] > best.get(dt, {"tflops": 0})["tflops"]:
            best[dt] = r
    print()
    for dt, r in best.items():
        ratio = r["tflops"] / cublas[dt]
        target = 0.6 if dt == "f32" else 0.3
        verdict = "meets" if ratio >= target else "below"
        print(f"best {dt}: {r['kernel']} {r['tflops']:.2f} TFLOP/s = {ratio:.3f}x cuBLAS ({verdict} the {target}x target)")
    if args.json_out:
        with open(args.json_out, "w") as f:
            json.dump({"gpu": gpu, "torch": torch.__version__, "cublas": cublas, "rows": rows}, f, indent=1)


if __name__ == "__main__":
    main()
