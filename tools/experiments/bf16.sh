#!/usr/bin/env bash
# Issue [9/9], must-show 2: does bfloat16 mixed precision (train --precision bf16, TensorFlow's oneDNN auto mixed
# precision) hold quality? The same recipe and seeds in fp32 and bf16 on Fashion-MNIST, each run scored by
# gan4j eval --n 10000 (eval.json: FID, KID, IS, precision, recall); training wall time per run goes to walltime.txt
# (only comparable between runs that had the machine to themselves). Keep bf16 where its mean FID lies within the
# seed spread of fp32 (summary.md says so per model). tools/gan4j keeps convolution input gradients in float32 under
# bf16 (see io.gan4j.sdk.train.Precision); a bf16 run that still diverges stops the script with train's error, which
# is a verdict too.
# Resumable: a scored run is skipped, a started one continues from its newest checkpoint with its own precision
# (the precision is a session option, not in config.json, so the script passes it again). Run from a separate clone:
#   tools/experiments/bf16.sh [STEPS=3000] ["SEEDS"="1 2 3"] ["MODELS"="dcgan"] ["PRECISIONS"="fp32 bf16"]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
G="$ROOT/tools/gan4j"
STEPS="${1:-3000}"
SEEDS="${2:-1 2 3}"
MODELS="${3:-dcgan}"
PRECISIONS="${4:-fp32 bf16}"
OUT="${OUT:-$ROOT/runs/bf16-exp}"
mkdir -p "$OUT"
for s in $SEEDS; do
  for m in $MODELS; do
    for p in $PRECISIONS; do
      d="$OUT/$m-$p-s$s"
      if [ ! -f "$d/summary.json" ]; then
        t0=$(date +%s)
        if ls "$d"/checkpoints/step-* > /dev/null 2>&1; then
          "$G" train --resume --out "$d" --steps "$STEPS" --precision "$p" >> "$d.log" 2>&1
        else
          "$G" train --model "$m" --data fashion-mnist --precision "$p" --steps "$STEPS" --seed "$s" --checkpoint-every 500 \
            --out "$d" > "$d.log" 2>&1
        fi
        echo "$m-$p-s$s train $(( $(date +%s) - t0 )) s" >> "$OUT/walltime.txt"
      fi
      # Scoring runs in float32 whatever the training precision: the comparison is of the trained weights.
      [ -f "$d/eval.json" ] || "$G" eval --run "$d" --n 10000 --json "$d/eval.json" >> "$d.log" 2>&1
    done
  done
done
/usr/bin/python3 - "$OUT" "$MODELS" "$PRECISIONS" > "$OUT/summary.md" <<'PY'
import json, os, statistics, sys
out, models, precisions = sys.argv[1], sys.argv[2].split(), sys.argv[3].split()
def ms(v, d):
    return "–" if not v else f"{v[0]:.{d}f}" if len(v) == 1 else f"{statistics.mean(v):.{d}f} ± {statistics.stdev(v):.{d}f}"
print("| model | precision | seeds | FID | KID | recall | precision (metric) |\n|---|---|---:|---:|---:|---:|---:|")
verdicts = []
for m in models:
    fids = {}
    for p in precisions:
        runs = [json.load(open(os.path.join(out, e, "eval.json"))) for e in sorted(os.listdir(out))
                if e.startswith(f"{m}-{p}-s") and os.path.isfile(os.path.join(out, e, "eval.json"))]
        fids[p] = [r["fid"] for r in runs]
        print(f"| {m} | {p} | {len(runs)} | {ms(fids[p], 1)} | {ms([r['kid'] for r in runs], 2)} | "
              f"{ms([r['recall'] for r in runs], 3)} | {ms([r['precision'] for r in runs], 3)} |")
    f, b = fids.get("fp32", []), fids.get("bf16", [])
    if len(f) >= 2 and b:
        lo, hi = min(f), max(f)
        verdicts.append(f"- {m}: bf16 mean FID {statistics.mean(b):.1f}, fp32 seed range {lo:.1f}–{hi:.1f}: "
                        + ("within, keep bf16" if lo <= statistics.mean(b) <= hi else "outside"
                           + (" (better)" if statistics.mean(b) < lo else ", drop bf16 for this model")))
print()
print("\n".join(verdicts) if verdicts else "(not enough scored runs for a verdict)")
PY
cat "$OUT/summary.md"
echo "done: $OUT"
