#!/usr/bin/env bash
# Issue 18, must-show 2: csgan (lambda_CS 30) vs cyclegan (lambda_CS 0) on fmnist-edges (edges <-> garments), both
# directions, equal steps, seeds 1-3. Each run is scored by gan4j eval --run on the first EVAL_N test pairs (eval.json:
# L1, PSNR, SSIM against the ground truth and FID against the real target images, per direction ab = edges -> garment,
# ba = garment -> edges); wall time per run goes to walltime.txt; summary.md gets mean +- std over the seeds.
# Resumable: a scored run is skipped, a started one continues from its newest checkpoint. Run from a separate clone:
#   tools/experiments/csgan.sh [STEPS=10000] ["SEEDS"="1 2 3"] ["MODELS"="csgan cyclegan"]
# (EVAL_N=2000 and OUT=runs/csgan-exp from the environment.)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
G="${G:-$ROOT/tools/gan4j}"
STEPS="${1:-10000}"
SEEDS="${2:-1 2 3}"
MODELS="${3:-csgan cyclegan}"
EVAL_N="${EVAL_N:-2000}"
OUT="${OUT:-$ROOT/runs/csgan-exp}"
mkdir -p "$OUT"
for s in $SEEDS; do
  for m in $MODELS; do
    d="$OUT/$m-s$s"
    if [ -f "$d/eval.json" ]; then continue; fi
    if [ ! -f "$d/summary.json" ]; then
      t0=$(date +%s)
      if ls "$d"/checkpoints/step-* > /dev/null 2>&1; then
        "$G" train --resume --out "$d" --steps "$STEPS" >> "$d.log" 2>&1
      else
        "$G" train --model "$m" --data fmnist-edges --steps "$STEPS" --seed "$s" --checkpoint-every 500 --out "$d" > "$d.log" 2>&1
      fi
      echo "$m-s$s train $(( $(date +%s) - t0 )) s" >> "$OUT/walltime.txt"
    fi
    "$G" eval --run "$d" --n "$EVAL_N" --json "$d/eval.json" >> "$d.log" 2>&1
  done
done
python3 - "$OUT" $MODELS <<'PY'
import json, os, statistics, sys
out, models = sys.argv[1], sys.argv[2:]
rows = ["| model | direction | seeds | L1 | PSNR (dB) | SSIM | FID |", "|---|---|---|---|---|---|---|"]
for m in models:
    evals = [json.load(open(os.path.join(out, d, "eval.json"))) for d in sorted(os.listdir(out))
             if d.startswith(m + "-s") and os.path.isfile(os.path.join(out, d, "eval.json"))]
    for direction in ("ab", "ba"):
        cells = []
        for k in ("l1", "psnr", "ssim", "fid"):
            v = [e[direction][k] for e in evals if k in e[direction]]
            cells.append("%.4f ± %.4f" % (statistics.mean(v), statistics.stdev(v)) if len(v) > 1 else ("%.4f" % v[0] if v else "-"))
        rows.append("| %s | %s | %d | %s |" % (m, direction, len(evals), " | ".join(cells)))
open(os.path.join(out, "summary.md"), "w").write("\n".join(rows) + "\n")
print("\n".join(rows))
PY
echo "done: $OUT"
