#!/usr/bin/env python3
"""Markdown tables from runs/conditioning-exp (written by conditioning.sh): one row per method with mean ± std over the
scored seeds, first with the trained batch-norm statistics (eval.json), then with standing statistics
(eval-standing.json), plus the training wall time of runs that trained in one go (summary.json; this
host is shared, so minutes are indicative only).
Usage: /usr/bin/python3 tools/experiments/conditioning-summary.py [runs/conditioning-exp]"""
import json
import os
import statistics
import sys

root = sys.argv[1] if len(sys.argv) > 1 else "runs/conditioning-exp"
methods = ["projection", "ac", "adc", "projection+adc"]
keys = [("fid", "FID", 1, 1), ("intra_fid", "intra-FID", 1, 1), ("recall", "recall", 1, 3),
        ("precision", "precision", 1, 3), ("class_accuracy", "class acc. (%)", 100, 1)]


def load(path):
    try:
        with open(path) as f:
            return json.load(f)
    except OSError:
        return None


def ms(values, digits):
    if not values:
        return "–"
    if len(values) == 1:
        return f"{values[0]:.{digits}f}"
    return f"{statistics.mean(values):.{digits}f} ± {statistics.stdev(values):.{digits}f}"


def minutes_of(method, seed):
    """Training minutes of one run: summary.json's when it trained all its steps in one go, else None (a resumed run's
    time is split over sessions and hosts)."""
    summary = load(os.path.join(root, f"{method}-s{seed}", "summary.json"))
    if summary and summary.get("steps_this_run") == summary.get("steps"):
        return summary["seconds"] / 60
    return None


for file, title in [("eval.json", "trained batch-norm statistics"), ("eval-standing.json", "standing statistics (100 batches)")]:
    print(f"\n{title}, 10,000 samples per run\n")
    print("| conditioning | seeds | " + " | ".join(k[1] for k in keys) + " | train wall time (min) |")
    print("|---|---|" + "---:|" * (len(keys) + 1))
    for method in methods:
        runs = [(s, load(os.path.join(root, f"{method}-s{s}", file))) for s in (1, 2, 3)]
        runs = [(s, e) for s, e in runs if e is not None]
        if not runs:
            continue
        cells = [ms([scale * e[k] for _, e in runs], digits) for k, _, scale, digits in keys]
        minutes = [m for m in (minutes_of(method, s) for s, _ in runs) if m is not None]
        print(f"| {method} | {','.join(str(s) for s, _ in runs)} | " + " | ".join(cells) + f" | {ms(minutes, 0)} |")
