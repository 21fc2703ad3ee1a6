#!/usr/bin/env bash
# Issue [9/9], must-show 3: time to quality. FID of the dcgan demo recipe on Fashion-MNIST after 5, 10 and 15 minutes of
# training on this machine, seeds 1-3, fp32 vs bf16, in one table (summary.md: mean ± std over seeds per precision).
# Each run is train --max-minutes MINUTES --eval-every-minutes EVERY --eval-n EVAL_N: FID/KID of EVAL_N samples every EVERY
# minutes of training time and at the budget's end, into metrics.json ({step, minutes, fid, ...}). Training time leaves out
# the evaluations themselves, so scoring does not eat the budget; it does include TensorFlow's first, graph-optimising step.
# --steps is set far beyond what the budget reaches (the recipe has no learning-rate decay), so the clock ends each run.
# Only comparable between runs that had the machine to themselves: walltime.txt keeps each run's wall time (evaluations,
# data and start-up included) to judge that by.
# Resumable: a finished run (summary.json) is skipped. A started one is trained again from scratch: its clock cannot be
# resumed (--max-minutes counts one invocation), so a resumed run would not be 15 minutes of one training.
#   tools/experiments/time-to-quality.sh [MINUTES=15] [EVERY=5] ["SEEDS"="1 2 3"] ["PRECISIONS"="fp32 bf16"]
# The same as environment variables (MINUTES, EVERY, SEEDS, PRECISIONS, also EVAL_N=10000, STEPS=10000000, OUT), e.g. a
# smoke test: MINUTES=0.3 EVERY=0.1 EVAL_N=1000 SEEDS=1 OUT=/tmp/ttq tools/experiments/time-to-quality.sh
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
G="$ROOT/tools/gan4j"
MINUTES="${1:-${MINUTES:-15}}"
EVERY="${2:-${EVERY:-5}}"
SEEDS="${3:-${SEEDS:-1 2 3}}"
PRECISIONS="${4:-${PRECISIONS:-fp32 bf16}}"
EVAL_N="${EVAL_N:-10000}"
STEPS="${STEPS:-10000000}"
OUT="${OUT:-$ROOT/runs/time-to-quality}"
mkdir -p "$OUT"
for s in $SEEDS; do
  for p in $PRECISIONS; do
    d="$OUT/dcgan-$p-s$s"
    [ -f "$d/summary.json" ] && continue
    rm -rf "$d"
    t0=$(date +%s)
    "$G" train --model dcgan --data fashion-mnist --precision "$p" --seed "$s" --steps "$STEPS" --max-minutes "$MINUTES" \
      --eval-every-minutes "$EVERY" --eval-n "$EVAL_N" --out "$d" > "$d.log" 2>&1
    echo "dcgan-$p-s$s train+eval $(( $(date +%s) - t0 )) s (budget $MINUTES min of training)" >> "$OUT/walltime.txt"
  done
done
/usr/bin/python3 - "$OUT" "$MINUTES" "$EVERY" "$PRECISIONS" > "$OUT/summary.md" <<'PY'
import json, os, statistics, sys
out, minutes, every, precisions = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), sys.argv[4].split()
marks = [every * k for k in range(1, round(minutes / every) + 1)]
def ms(v, d):
    return "–" if not v else f"{v[0]:.{d}f}" if len(v) == 1 else f"{statistics.mean(v):.{d}f} ± {statistics.stdev(v):.{d}f}"
def at(entries, t):
    # The evaluation the clock triggered at t: the first one at or past t minutes of training (1e-4: metrics.json's rounding).
    return next((e for e in entries if e["minutes"] >= t - 1e-4), None)
print("FID (mean ± std over seeds) of the dcgan recipe on Fashion-MNIST after M minutes of training"
      " (evaluations not counted); steps: G steps done by then\n")
print("| precision | seeds | " + " | ".join(f"FID @ {t:g} min" for t in marks) + " | " + " | ".join(f"steps @ {t:g} min" for t in marks)
      + " |\n|---|---:|" + "---:|" * (2 * len(marks)))
for p in precisions:
    runs = [json.load(open(os.path.join(out, e, "metrics.json"))) for e in sorted(os.listdir(out))
            if e.startswith(f"dcgan-{p}-s") and os.path.isfile(os.path.join(out, e, "summary.json"))
            and os.path.isfile(os.path.join(out, e, "metrics.json"))]
    hits = [[at(r, t) for r in runs] for t in marks]
    fids = [ms([h["fid"] for h in hs if h], 1) for hs in hits]
    steps = [ms([h["step"] for h in hs if h], 0) for hs in hits]
    print(f"| {p} | {len(runs)} | " + " | ".join(fids) + " | " + " | ".join(steps) + " |")
PY
cat "$OUT/summary.md"
echo "done: $OUT"
