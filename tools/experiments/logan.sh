#!/usr/bin/env bash
# Issue [5/9] LOGAN experiment, resumable (a scored stage is skipped, a started run continues from its
# newest checkpoint). Run from a separate clone so edits cannot rebuild the jar mid-run:
#   tools/experiments/logan.sh budget          # bench logan vs biggan in one sitting -> OUT/budget.txt
#   tools/experiments/logan.sh family [STAGE]  # biggan (BIGGAN_STEPS) and logan (the same wall time, by the
#                                              # bench ratio), seeds 1-3 on Fashion-MNIST, in stages of STAGE
#                                              # steps, each stage scored by gan4j eval --n EVAL_N
#   tools/experiments/logan.sh arm biggan|logan [STAGE]  # one arm of family, so the two arms can run side by side
#                                              # (e.g. taskset -c 0 ... arm biggan & taskset -c 1 ... arm logan)
# Results: runs/logan-exp/ (summary.json per run, eval-<step>.json per stage, budget.txt, walltime.txt); the table:
#   /usr/bin/python3 tools/experiments/staged-summary.py runs/logan-exp biggan logan
# Environment: OUT, BIGGAN_STEPS (default 1900: biggan's equal-time budget of issue [3/9]), EVAL_N (10000; KID needs at least 1000), SEEDS ("1 2 3").
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
G="$ROOT/tools/gan4j"
OUT="${OUT:-$ROOT/runs/logan-exp}"
BIGGAN_STEPS="${BIGGAN_STEPS:-1900}"
EVAL_N="${EVAL_N:-10000}"
SEEDS="${SEEDS:-1 2 3}"
mkdir -p "$OUT"
# shellcheck source=train-scored.sh
source "$ROOT/tools/experiments/train-scored.sh"

rate() {
  "$G" bench --model "$1" --data fashion-mnist --steps 20 --repeats 3 --warmup 3 | tail -1 | sed 's/.*steps\/s=//'
}

# logan's steps in the wall time of BIGGAN_STEPS biggan steps; benches alternate logan, biggan, logan, biggan.
budget() {
  [ -s "$OUT/budget.txt" ] && { cat "$OUT/budget.txt"; return; }
  local l1 b1 l2 b2
  l1=$(rate logan); b1=$(rate biggan); l2=$(rate logan); b2=$(rate biggan)
  [ -n "$l1" ] && [ -n "$b1" ] && [ -n "$l2" ] && [ -n "$b2" ] || { echo "budget: a bench failed ($l1 $b1 $l2 $b2)" >&2; return 1; }
  python3 -c "
l = ($l1 + $l2) / 2; b = ($b1 + $b2) / 2; n = $BIGGAN_STEPS * l / b
n = max(1, int(round(n, -2)) if $BIGGAN_STEPS >= 1000 else int(round(n)))
print(f'logan {l:.3f} steps/s, biggan {b:.3f} steps/s (ratio {l / b:.3f}), logan steps for $BIGGAN_STEPS biggan steps: {n}')" \
    | tee "$OUT/budget.txt"
}

family() {
  local stage="${1:-500}" logan_steps
  logan_steps=$(budget | sed 's/.*steps: //')
  train_scored biggan "$BIGGAN_STEPS" "$stage"
  train_scored logan "$logan_steps" "$stage"
}

arm() {
  case "$1" in
    biggan) train_scored biggan "$BIGGAN_STEPS" "${2:-500}" ;;
    logan) train_scored logan "$(budget | sed 's/.*steps: //')" "${2:-500}" ;;
    *) echo "arm: biggan or logan, not '$1'" >&2; return 2 ;;
  esac
}

case "${1:-}" in
  budget) budget ;;
  family) family "${2:-500}" ;;
  arm) arm "${2:-}" "${3:-500}" ;;
  *) sed -n 2,11p "$0"; exit 2 ;;
esac
