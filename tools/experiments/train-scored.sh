# Sourced by the experiment scripts: train_scored MODEL TOTAL STAGE trains MODEL on Fashion-MNIST for each seed of
# SEEDS into $OUT/MODEL-sS in stages of STAGE steps up to TOTAL, scoring every stage with gan4j eval --n $EVAL_N
# (eval-<step>.json) and logging wall time to $OUT/walltime.txt. Resumable: a scored stage is skipped, a started run
# continues from its newest checkpoint. Needs G (the gan4j launcher), OUT, SEEDS and EVAL_N set.
train_scored() {
  local m="$1" total="$2" stage="$3" s d to newest t0
  for s in $SEEDS; do
    d="$OUT/$m-s$s"
    for ((to = stage; to <= total + stage - 1; to += stage)); do
      [ $to -gt "$total" ] && to=$total
      if [ -f "$d/eval-$to.json" ]; then continue; fi
      t0=$(date +%s)
      newest=$(ls "$d"/checkpoints 2>/dev/null | grep '^step-' | sort | tail -1 | sed 's/step-0*//' || true)  # none yet: empty
      if [ "${newest:-0}" = "$to" ]; then :   # trained to this stage, only its score is missing
      elif ls "$d"/checkpoints/step-* > /dev/null 2>&1; then "$G" train --resume --out "$d" --steps $to >> "$d.log" 2>&1
      else "$G" train --model "$m" --data fashion-mnist --seed $s --steps $to --checkpoint-every 500 --out "$d" > "$d.log" 2>&1; fi
      echo "$m-s$s to $to $(( $(date +%s) - t0 )) s" >> "$OUT/walltime.txt"
      "$G" eval --run "$d" --n "$EVAL_N" --json "$d/eval-$to.json" >> "$d.log" 2>&1
    done
  done
}
