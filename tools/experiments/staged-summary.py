#!/usr/bin/env python3
"""Markdown table from a staged experiment (train-scored.sh: OUT/MODEL-sS/eval-<step>.json per stage), e.g.
runs/logan-exp from logan.sh: per model, FID / recall / precision at its last stage and FID averaged over its last two
stages (a single stage swings by tens at these budgets), mean ± std over the seeds that reached their last stage; then
every stage's FID per seed. Steps/s come from OUT/budget.txt when it has them (benched in one sitting); training
minutes per run from OUT/walltime.txt (each stage's train invocation, start-up included, evaluation not); class
accuracy and intra-FID when the runs are class-conditional. A run's eval-standing.json (its final model scored with
standing batch-norm statistics, biggan-wgan.sh standing) adds a "standing" row per model and a column per run.
Usage: /usr/bin/python3 tools/experiments/staged-summary.py runs/logan-exp [MODEL ...]   (default: every MODEL-sS)"""
import json
import os
import re
import statistics
import sys

root = sys.argv[1]
runs = {}
standing = {}
for d in sorted(os.listdir(root)):
    m = re.fullmatch(r"(.+)-s(\d+)", d)
    if not m or not os.path.isdir(os.path.join(root, d)):
        continue
    stages = {}
    for f in os.listdir(os.path.join(root, d)):
        e = re.fullmatch(r"eval-(\d+)\.json", f)
        if e:
            with open(os.path.join(root, d, f)) as fh:
                stages[int(e.group(1))] = json.load(fh)
    if stages:
        runs.setdefault(m.group(1), {})[int(m.group(2))] = dict(sorted(stages.items()))
    if os.path.exists(os.path.join(root, d, "eval-standing.json")):
        with open(os.path.join(root, d, "eval-standing.json")) as fh:
            standing.setdefault(m.group(1), {})[int(m.group(2))] = json.load(fh)
models = sys.argv[2:] or sorted(runs)
rates = {}
if os.path.exists(os.path.join(root, "budget.txt")):
    for name, rate in re.findall(r"(\S+) ([0-9.]+) steps/s", open(os.path.join(root, "budget.txt")).read()):
        rates[name] = float(rate)
minutes = {}
if os.path.exists(os.path.join(root, "walltime.txt")):
    for run, seconds in re.findall(r"^(\S+) to \d+ (\d+) s$", open(os.path.join(root, "walltime.txt")).read(), re.M):
        minutes[run] = minutes.get(run, 0) + int(seconds) / 60


def ms(values, fmt):
    if not values:
        return "–"
    if len(values) == 1:
        return fmt % values[0]
    return (fmt + " ± " + fmt) % (statistics.mean(values), statistics.stdev(values))


conditional = any("class_accuracy" in e for v in runs.values() for stages in v.values() for e in stages.values())
print("| model | statistics | seeds | steps | bench steps/s | training min | FID (last stage) | FID (mean of last two stages) |"
      " recall | precision |" + (" intra-FID | class acc. % |" if conditional else ""))
print("|---|---|---|---:|---:|---:|---:|---:|---:|---:|" + ("---:|---:|" if conditional else ""))


def row(m, stats, seeds, last, evals, fid2):
    r = "| %s | %s | %s | %d | %s | %s | %s | %s | %s | %s |" % (
        m, stats, ", ".join(str(k) for k in seeds), last, "%.3f" % rates[m] if m in rates else "–",
        ms([minutes["%s-s%d" % (m, k)] for k in seeds if "%s-s%d" % (m, k) in minutes], "%.1f"),
        ms([e["fid"] for e in evals], "%.1f"), ms(fid2, "%.1f"), ms([e["recall"] for e in evals], "%.3f"),
        ms([e["precision"] for e in evals], "%.3f"))
    if conditional:
        r += " %s | %s |" % (ms([e["intra_fid"] for e in evals if "intra_fid" in e], "%.1f"),
                             ms([100 * e["class_accuracy"] for e in evals if "class_accuracy" in e], "%.1f"))
    return r


for m in models:
    seeds = runs.get(m, {})
    last = max((max(s) for s in seeds.values()), default=0)
    done = {k: v for k, v in sorted(seeds.items()) if last in v}
    print(row(m, "trained", list(done), last, [v[last] for v in done.values()],
              [statistics.mean(e["fid"] for e in list(v.values())[-2:]) for v in done.values()]))
    st = {k: e for k, e in sorted(standing.get(m, {}).items()) if k in done}
    if st:
        print(row(m, "standing", list(st), last, list(st.values()), []))
print()
steps = sorted({s for m in models for v in runs.get(m, {}).values() for s in v})
with_standing = any(standing.get(m) for m in models)
print("| run | " + " | ".join("FID at %d" % s for s in steps) + (" | FID, standing statistics |" if with_standing else " |"))
print("|---|" + "---:|" * (len(steps) + with_standing))
for m in models:
    for seed, v in sorted(runs.get(m, {}).items()):
        cells = ["%.1f" % v[s]["fid"] if s in v else "" for s in steps]
        if with_standing:
            cells.append("%.1f" % standing[m][seed]["fid"] if seed in standing.get(m, {}) else "")
        print("| %s-s%d | %s |" % (m, seed, " | ".join(cells)))
