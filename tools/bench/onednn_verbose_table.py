#!/usr/bin/env python3
"""Summarise ONEDNN_VERBOSE=1 output of `gan4j bench` by oneDNN primitive: kind, implementation, propagation,
problem; ms per training step, share, and GFLOP/s from the problem's analytic FLOPs (2·mb·ic·oc·oh·ow·kh·kw for
convolutions, forward and backward alike; 2·mb·ic·oc for inner products). Steps are delimited by a primitive that
runs once per step (default: dcgan32's G stem matmul); the first SKIP steps (warm-up) are left out.
Kernel times of ops that ran at once (TensorFlow's inter-op threads) overlap, so run with --inter-op 1 for clean
per-primitive rates.
Usage: ONEDNN_VERBOSE=1 tools/gan4j bench --model dcgan32 --warmup 3 --steps 3 --repeats 1 > v.txt 2>&1
       python3 tools/bench/onednn_verbose_table.py v.txt [MARKER=64x128:128x8192] [SKIP=3]"""
import collections
import re
import sys

path = sys.argv[1]
marker = sys.argv[2] if len(sys.argv) > 2 else "64x128:128x8192"
skip = int(sys.argv[3]) if len(sys.argv) > 3 else 3
lines = [l.rstrip("\n").split(",") for l in open(path) if l.startswith("onednn_verbose,primitive,exec")]
starts = [i for i, l in enumerate(lines) if marker in ",".join(l)]
if len(starts) <= skip:
    sys.exit(f"only {len(starts)} steps found (marker {marker}); nothing after {skip} warm-up steps")
sel = lines[starts[skip]:]
steps = len(starts) - skip


def flops(kind, pd):
    d = {k: int(v) for k, v in re.findall(r"([a-z]+)(\d+)", pd.replace("_", " "))}
    if kind == "convolution":
        return 2 * d.get("mb", 1) * d["ic"] * d["oc"] * d.get("oh", 1) * d.get("ow", 1) * d.get("kh", 1) * d.get("kw", 1) / d.get("g", 1)
    if kind == "inner_product":
        return 2 * d["mb"] * d["ic"] * d["oc"]
    return 0


by_problem = collections.defaultdict(lambda: [0.0, 0, 0.0])
for l in sel:
    kind, impl, prop, pd, ms = l[4], l[5], l[6], l[-2], float(l[-1])
    key = (kind, impl, prop, pd if kind in ("convolution", "inner_product") else "")
    a = by_problem[key]
    a[0] += ms
    a[1] += 1
    a[2] += flops(kind, pd)
total = sum(a[0] for a in by_problem.values())
print(f"{steps} steps, oneDNN execution {total / steps:.1f} ms/step\n")
print("| primitive | implementation | propagation | ms/step | share | GFLOP/step | GFLOP/s |\n|---|---|---|---:|---:|---:|---:|")
by_kind = collections.defaultdict(lambda: [0.0, 0.0])
for k, a in by_problem.items():
    b = by_kind[k[:3]]
    b[0] += a[0]
    b[1] += a[2]
for k, (ms, fl) in sorted(by_kind.items(), key=lambda kv: -kv[1][0]):
    rate = f"{fl / (ms / 1e3) / 1e9:.1f}" if fl else "–"
    print(f"| {k[0]} | {k[1] or '–'} | {k[2]} | {ms / steps:.1f} | {100 * ms / total:.1f} % | {fl / steps / 1e9:.1f} | {rate} |")
print("\nby problem:")
for k, a in sorted(by_problem.items(), key=lambda kv: -kv[1][0]):
    rate = f"{a[2] / (a[0] / 1e3) / 1e9:7.1f} GFLOP/s" if a[2] else ""
    print(f"  {a[0] / steps:8.1f} ms/step {100 * a[0] / total:5.1f} %  x{a[1] / steps:.0f}  {rate}  {' '.join(k)}")
