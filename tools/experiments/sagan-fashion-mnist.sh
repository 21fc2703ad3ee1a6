#!/usr/bin/env bash
# Issue [3/6] experiments on Fashion-MNIST 32x32, 2-core CPU. Trains into runs/sagan-exp/:
#   main:     conditional SAGAN (the preset), 3 seeds, SAGAN_STEPS steps (FID/KID at n=5000 every 1500 steps)
#   baseline: the dcgan preset, 3 seeds, DCGAN_STEPS steps (chosen to match SAGAN's wall time)
#   ablation: at 1500 steps, seeds 1-3: no attention, SN on D only, no TTUR (G and D both 2e-4),
#             then `gan4j eval` (10,000 samples) of every step-1500 generator into <run>/eval-1500.json
#   tuned:    the conditional SAGAN with D widths 32,64,128 and G and D rates both 2e-4, seeds 1-3,
#             trained in stages of TUNED_STAGE steps up to TUNED_STEPS (resume is exact) and scored
#             after every stage with `gan4j eval` (10,000 samples) into tuned-sN/eval-<step>.json
# Then scores every final generator with `gan4j eval` (10,000 samples). Usage:
#   tools/experiments/sagan-fashion-mnist.sh [main|baseline|ablation|tuned|eval]...
#   (default: main baseline ablation eval)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
G="$ROOT/tools/gan4j"
OUT="${OUT:-$ROOT/runs/sagan-exp}"
SAGAN_STEPS="${SAGAN_STEPS:-3000}"
DCGAN_STEPS="${DCGAN_STEPS:-7500}"
ABLATION_STEPS="${ABLATION_STEPS:-1500}"
TUNED_STEPS="${TUNED_STEPS:-3000}"
TUNED_STAGE="${TUNED_STAGE:-1000}"
EVAL="--eval-every 1500 --eval-n 5000"
mkdir -p "$OUT"

timed() { # name, command...
  local name=$1; shift
  if [ -f "$OUT/$name/summary.json" ]; then echo "skip $name (done)"; return; fi
  local t0=$(date +%s)
  "$@" --out "$OUT/$name" > "$OUT/$name.log" 2>&1
  echo "$name $(( $(date +%s) - t0 ))" >> "$OUT/walltime.txt"
  echo "done $name in $(( $(date +%s) - t0 )) s"
}

main() {
  for s in 1 2 3; do timed sagan-s$s "$G" train --model sagan --steps "$SAGAN_STEPS" --seed $s $EVAL; done
}
baseline() {
  for s in 1 2 3; do timed dcgan-s$s "$G" train --model dcgan --steps "$DCGAN_STEPS" --seed $s --checkpoint-every 2500; done
}
ablation() {
  for s in 1 2 3; do
    timed noattn-s$s "$G" train --model sagan --steps "$ABLATION_STEPS" --seed $s --attention none $EVAL
    timed snd-s$s "$G" train --model sagan --steps "$ABLATION_STEPS" --seed $s --sn-g false $EVAL
    timed nottur-s$s "$G" train --model sagan --steps "$ABLATION_STEPS" --seed $s --lr-g 2e-4 --lr-d 2e-4 $EVAL
  done
  # Recall and class accuracy of each step-1,500 generator. The main runs went on to SAGAN_STEPS, so
  # their step-1,500 generator is rebuilt by resuming a copy of the step-1,000 checkpoint (resume is exact).
  for s in 1 2 3; do
    local copy="$OUT/sagan15-s$s"
    if [ ! -f "$copy/summary.json" ]; then
      rm -rf "$copy" && mkdir -p "$copy/checkpoints"
      cp "$OUT/sagan-s$s/config.json" "$copy/"
      cp -r "$OUT/sagan-s$s/checkpoints/step-00001000" "$copy/checkpoints/"
      "$G" train --resume --out "$copy" --steps "$ABLATION_STEPS" $EVAL > "$copy.log" 2>&1
    fi
    "$G" eval --run "$copy" --n 10000 --json "$OUT/sagan-s$s/eval-$ABLATION_STEPS.json" > "$copy.eval.txt" 2>&1
    for v in noattn snd nottur; do
      "$G" eval --run "$OUT/$v-s$s" --n 10000 --json "$OUT/$v-s$s/eval-$ABLATION_STEPS.json" > "$OUT/$v-s$s.eval.txt" 2>&1
    done
  done
}
tuned() {
  for s in 1 2 3; do
    local d="$OUT/tuned-s$s"
    for ((k = TUNED_STAGE; k <= TUNED_STEPS; k += TUNED_STAGE)); do
      [ -f "$d/eval-$k.json" ] && continue
      local t0=$(date +%s)
      if [ -f "$d/config.json" ]; then
        "$G" train --resume --out "$d" --steps $k >> "$d.log" 2>&1
      else
        "$G" train --model sagan --d-widths 32,64,128 --lr-g 2e-4 --lr-d 2e-4 --steps $k --seed $s --out "$d" > "$d.log" 2>&1
      fi
      echo "tuned-s$s@$k $(( $(date +%s) - t0 ))" >> "$OUT/walltime.txt"
      "$G" eval --run "$d" --n 10000 --json "$d/eval-$k.json" > "$d.eval-$k.txt" 2>&1
      echo "done tuned-s$s to step $k"
    done
  done
}
evaluate() {
  for r in sagan-s1 sagan-s2 sagan-s3 dcgan-s1 dcgan-s2 dcgan-s3; do
    [ -d "$OUT/$r" ] && "$G" eval --run "$OUT/$r" --n 10000 > "$OUT/$r.eval.txt" 2>&1 && echo "eval $r"
  done
}

for phase in "${@:-main baseline ablation eval}"; do
  for p in $phase; do
    case $p in main) main ;; baseline) baseline ;; ablation) ablation ;; tuned) tuned ;; eval) evaluate ;; *) echo "unknown phase $p" >&2; exit 2 ;; esac
  done
done
