#!/usr/bin/env bash
# Issue [4/9], must-show 3: how D uses the class on the conditional sagan recipe, Fashion-MNIST, equal steps:
# projection (the recipe) | ac (AC-GAN term, no projection) | adc (ADC-GAN term, no projection) | projection+adc.
# Each run is scored by gan4j eval --n 10000 (eval.json: FID, intra-FID, recall, precision, class accuracy), with the
# trained and with standing batch-norm statistics (eval-standing.json); wall time per run goes to walltime.txt.
# Resumable: a scored run is skipped, a started one continues from its newest checkpoint. Run from a separate clone:
#   tools/experiments/conditioning.sh [STEPS=3000] ["SEEDS"="1 2 3"] ["METHODS"="projection ac adc projection+adc"]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
G="$ROOT/tools/gan4j"
STEPS="${1:-3000}"
SEEDS="${2:-1 2 3}"
METHODS="${3:-projection ac adc projection+adc}"
OUT="${OUT:-$ROOT/runs/conditioning-exp}"
mkdir -p "$OUT"
for s in $SEEDS; do
  for m in $METHODS; do
    d="$OUT/$m-s$s"
    if [ ! -f "$d/summary.json" ]; then
      t0=$(date +%s)
      if ls "$d"/checkpoints/step-* > /dev/null 2>&1; then
        "$G" train --resume --out "$d" --steps "$STEPS" >> "$d.log" 2>&1
      else
        "$G" train --model sagan --data fashion-mnist --conditioning "$m" --steps "$STEPS" --seed "$s" --checkpoint-every 500 \
          --out "$d" > "$d.log" 2>&1
      fi
      echo "$m-s$s train $(( $(date +%s) - t0 )) s" >> "$OUT/walltime.txt"
    fi
    [ -f "$d/eval.json" ] || "$G" eval --run "$d" --n 10000 --json "$d/eval.json" >> "$d.log" 2>&1
    [ -f "$d/eval-standing.json" ] || "$G" eval --run "$d" --n 10000 --standing-stats 100 --json "$d/eval-standing.json" >> "$d.log" 2>&1
  done
done
echo "done: $OUT"
