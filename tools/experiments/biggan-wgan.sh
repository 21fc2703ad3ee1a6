#!/usr/bin/env bash
# Issue [3/9] experiments, resumable (a finished step is skipped, a started run continues from its
# newest checkpoint). Run from a separate clone so edits cannot rebuild the jar mid-run:
#   tools/experiments/biggan-wgan.sh wgan-gp-grid25      # must-show 2: wgan-gp on grid25, seeds 1-3 (recipe defaults)
#   tools/experiments/biggan-wgan.sh budget MODEL        # bench MODEL vs sagan (same run) -> OUT/budget-MODEL.txt
#   tools/experiments/biggan-wgan.sh family MODEL [STAGE] # MODEL (biggan | biggan-deep) seeds 1-3 on Fashion-MNIST, in
#                                                        # stages of STAGE steps up to the budget (MODEL's steps in the wall
#                                                        # time of SAGAN_STEPS sagan steps), each stage scored by gan4j eval
#   tools/experiments/biggan-wgan.sh standing RUN...     # score runs with standing BN statistics (100 batches) -> RUN/eval-standing.json
# Results: runs/biggan-exp/ (summary.json per run, eval-<step>.json per stage, budget-*.txt, walltime.txt).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
G="$ROOT/tools/gan4j"
OUT="${OUT:-$ROOT/runs/biggan-exp}"
SAGAN_STEPS="${SAGAN_STEPS:-3000}"
mkdir -p "$OUT"
# shellcheck source=train-scored.sh
source "$ROOT/tools/experiments/train-scored.sh"

wgan_gp_grid25() {
  for s in 1 2 3; do
    d="$OUT/wgan-gp-grid25-s$s"
    if [ -f "$d/summary.json" ]; then echo "skip $d"; continue; fi
    t0=$(date +%s)
    if ls "$d"/checkpoints/step-* > /dev/null 2>&1; then "$G" train --resume --out "$d" > "$d.log" 2>&1
    else "$G" train --model wgan-gp --data grid25 --seed $s --out "$d" > "$d.log" 2>&1; fi
    echo "wgan-gp-grid25-s$s $(( $(date +%s) - t0 )) s" >> "$OUT/walltime.txt"
  done
}

budget() {
  local m="$1" b s
  [ -s "$OUT/budget-$m.txt" ] && { cat "$OUT/budget-$m.txt"; return; }
  b=$("$G" bench --model "$m" --data fashion-mnist --steps 20 --repeats 3 --warmup 3 | tail -1 | sed 's/.*steps\/s=//')
  s=$("$G" bench --model sagan --data fashion-mnist --steps 20 --repeats 3 --warmup 3 | tail -1 | sed 's/.*steps\/s=//')
  [ -n "$b" ] && [ -n "$s" ] || { echo "budget: a bench failed ($m '$b', sagan '$s')" >&2; return 1; }
  python3 -c "b=$b; s=$s; print(f'$m {b} steps/s, sagan {s} steps/s, $m steps for {$SAGAN_STEPS} sagan steps: {int(round($SAGAN_STEPS*b/s, -2))}')" \
    | tee "$OUT/budget-$m.txt"
}

family() {
  local m="$1" stage="${2:-1000}" total
  total=$(budget "$m" | sed 's/.*steps: //')
  SEEDS="1 2 3" EVAL_N=10000 train_scored "$m" "$total" "$stage"
}

standing() {
  for d in "$@"; do
    [ -f "$d/eval-standing.json" ] && continue
    "$G" eval --run "$d" --n 10000 --standing-stats 100 --json "$d/eval-standing.json" >> "$d.standing.log" 2>&1
  done
}

case "${1:-}" in
  wgan-gp-grid25) wgan_gp_grid25 ;;
  budget) budget "${2:?budget MODEL}" ;;
  family) family "${2:?family MODEL [STAGE]}" "${3:-1000}" ;;
  standing) shift; standing "$@" ;;
  *) sed -n 2,11p "$0"; exit 2 ;;
esac
