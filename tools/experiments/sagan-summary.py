#!/usr/bin/env python3
"""Markdown tables from runs/sagan-exp (written by sagan-fashion-mnist.sh): the main comparison from
each run's eval.json (10,000 samples) and the ablation from metrics.json (5,000 samples at step 1500).
Usage: /usr/bin/python3 tools/experiments/sagan-summary.py [runs/sagan-exp]"""
import json
import os
import statistics
import sys

root = sys.argv[1] if len(sys.argv) > 1 else "runs/sagan-exp"


def load(path):
    try:
        with open(path) as f:
            return json.load(f)
    except OSError:
        return None


def ms(values, digits=2):
    values = [v for v in values if v is not None]
    if not values:
        return "–"
    if len(values) == 1:
        return f"{values[0]:.{digits}f}"
    return f"{statistics.mean(values):.{digits}f} ± {statistics.stdev(values):.{digits}f}"


print("| model | seed | FID | KID | IS | precision | recall | intra-FID | class accuracy |")
print("|---|---|---:|---:|---:|---:|---:|---:|---:|")
for model in ["sagan", "dcgan"]:
    rows = []
    for s in (1, 2, 3):
        e = load(os.path.join(root, f"{model}-s{s}", "eval.json"))
        if e is None:
            continue
        rows.append(e)
        acc = e.get("class_accuracy")
        print(f"| {model} | {s} | {e['fid']:.2f} | {e['kid']:.3f} | {e['is']:.2f} | {e['precision']:.3f} | "
              f"{e['recall']:.3f} | {e['intra_fid']:.2f} | {'' if acc is None else f'{100 * acc:.1f} %'} |")
    if rows:
        keys = ["fid", "kid", "is", "precision", "recall", "intra_fid"]
        cells = [ms([r[k] for r in rows]) for k in keys]
        acc = [100 * r["class_accuracy"] for r in rows if "class_accuracy" in r]
        print(f"| **{model}** | mean ± std | " + " | ".join(cells) + f" | {ms(acc) + ' %' if acc else ''} |")

print()
print("| variant (1,500 steps) | FID per seed | FID mean ± std | KID mean ± std | recall | class accuracy |")
print("|---|---|---:|---:|---:|---:|")
for name, label in [("sagan", "SAGAN (attention, SN in G and D, TTUR 1e-4/4e-4)"), ("noattn", "no attention"),
                    ("snd", "SN on D only"), ("nottur", "no TTUR (G and D both 2e-4)")]:
    fids, kids, recalls, accs = [], [], [], []
    for s in (1, 2, 3):
        m = load(os.path.join(root, f"{name}-s{s}", "metrics.json"))
        hit = [e for e in (m or []) if e["step"] == 1500]
        if hit:
            fids.append(hit[0]["fid"])
            kids.append(hit[0]["kid"])
        # gan4j eval --n 10000 of the final (step-1,500) generator, where the run has one
        e = load(os.path.join(root, f"{name}-s{s}", "eval-1500.json"))
        if e:
            recalls.append(e["recall"])
            accs.append(100 * e["class_accuracy"])
    print(f"| {label} | {', '.join(f'{f:.1f}' for f in fids)} | {ms(fids)} | {ms(kids)} | "
          f"{ms(recalls, 3) if recalls else ''} | {ms(accs) + ' %' if accs else ''} |")

tuned_dirs = [os.path.join(root, f"tuned-s{s}") for s in (1, 2, 3)]
stages = sorted({int(n[5:-5]) for d in tuned_dirs if os.path.isdir(d) for n in os.listdir(d)
                 if n.startswith("eval-") and n.endswith(".json")})
if stages:
    print()
    print("| tuned SAGAN, step | FID per seed | FID | KID | precision | recall | class accuracy per seed | class accuracy |")
    print("|---|---|---:|---:|---:|---:|---|---:|")
    for k in stages:
        rows = [e for e in (load(os.path.join(root, f"tuned-s{s}", f"eval-{k}.json")) for s in (1, 2, 3)) if e]
        accs = [100 * r["class_accuracy"] for r in rows]
        fids = [r["fid"] for r in rows]
        cells = [", ".join(f"{f:.1f}" for f in fids), ms(fids)] + [ms([r[m] for r in rows], 3 if m == "recall" else 2) for m in ("kid", "precision", "recall")]
        cells += [", ".join(f"{a:.1f} %" for a in accs), ms(accs) + " %"]
        print(f"| {k} | " + " | ".join(cells) + " |")
