#!/usr/bin/env bash
# Issue [2/9], must-show 1: the conditional SAGAN preset on Fashion-MNIST read from its IDX files and
# from the same 60,000 images exported as a PNG folder with class subfolders (`gan4j data --export
# fashion-mnist`, 28x28, read with --image-size 32 --fit center = the IDX loader's zero padding).
# Each run is scored with `gan4j eval --n 10000` (FID, KID, class accuracy, ...). Resumable: a run
# with eval.json is skipped, one with checkpoints continues from its newest. Run from a separate clone.
#   tools/experiments/folder-vs-idx.sh FOLDER [STEPS=3000] ["SEEDS"=1]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
G="$ROOT/tools/gan4j"
FOLDER="$1"
STEPS="${2:-3000}"
SEEDS="${3:-1}"
OUT="${OUT:-$ROOT/runs/folder-exp}"
mkdir -p "$OUT"
for s in $SEEDS; do
  for src in idx folder; do
    dir="$OUT/$src-s$s"
    if [ -f "$dir/eval.json" ]; then echo "skip $src-s$s (scored)"; continue; fi
    if [ ! -f "$dir/summary.json" ]; then
      t0=$(date +%s)
      if ls "$dir"/checkpoints/step-* > /dev/null 2>&1; then
        "$G" train --resume --out "$dir" --steps "$STEPS" >> "$OUT/$src-s$s.log" 2>&1
      elif [ "$src" = idx ]; then
        "$G" train --model sagan --data fashion-mnist --steps "$STEPS" --seed "$s" --checkpoint-every 500 --out "$dir" > "$OUT/$src-s$s.log" 2>&1
      else
        "$G" train --model sagan --data "$FOLDER" --image-size 32 --fit center --steps "$STEPS" --seed "$s" --checkpoint-every 500 \
          --out "$dir" > "$OUT/$src-s$s.log" 2>&1
      fi
      echo "$src-s$s train $(( $(date +%s) - t0 )) s" >> "$OUT/walltime.txt"
    fi
    "$G" eval --run "$dir" --n 10000 >> "$OUT/$src-s$s.log" 2>&1
    echo "done $src-s$s"
  done
done
