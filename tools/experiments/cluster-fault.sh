#!/usr/bin/env bash
# Issue [7/9] fault check on loopback: a chief and two worker processes train the mlp GAN; worker 2 is
# killed with SIGKILL after the step-200 checkpoint; the chief must stop with one line naming the task,
# the checkpoint and the resume command, and exit 3. The worker is restarted, the chief resumes, and the
# final checkpoint must be byte-identical to an uninterrupted distributed run of the same steps.
#   tools/experiments/cluster-fault.sh        # OUT (default /tmp/gan4j-cluster-fault), STEPS (600)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
G="$ROOT/tools/gan4j"
OUT="${OUT:-/tmp/gan4j-cluster-fault}"
STEPS="${STEPS:-600}"
rm -rf "$OUT" && mkdir -p "$OUT"
port() { python3 -c 'import socket; s=socket.socket(); s.bind(("", 0)); print(s.getsockname()[1])'; }
SPEC="worker=localhost:$(port),localhost:$(port),localhost:$(port)"
TRAIN=(train --model mlp --data grid25 --steps "$STEPS" --batch 24 --seed 4 --checkpoint-every 100 --cluster "$SPEC" --task 0)
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill -9 "$p" 2>/dev/null || true; done; }
trap cleanup EXIT
# Sets W to the new worker's pid (no command substitution: its subshell would lose PIDS).
worker() { "$G" worker --cluster "$SPEC" --task "$1" > "$OUT/worker$1-$2.log" 2>&1 & W=$!; PIDS+=("$W"); }
echo "cluster: $SPEC"

worker 1 a; worker 2 a; w2=$W
"$G" "${TRAIN[@]}" --out "$OUT/full" > "$OUT/full.log" 2>&1
echo "uninterrupted run: exit 0, $(ls "$OUT/full/checkpoints" | tr '\n' ' ')"

set +e
"$G" "${TRAIN[@]}" --out "$OUT/faulty" > "$OUT/faulty.log" 2>&1 &
chief=$!
while [ ! -d "$OUT/faulty/checkpoints/step-00000200" ] && kill -0 $chief 2>/dev/null; do sleep 0.1; done
kill -9 "$w2"
wait $chief
echo "chief after SIGKILL of worker 2: exit $?"
set -e
tr '\r' '\n' < "$OUT/faulty.log" | grep '^gan4j: error:'

worker 2 b
"$G" "${TRAIN[@]}" --resume --out "$OUT/faulty" > "$OUT/resumed.log" 2>&1
echo "resumed after restarting worker 2: exit 0"
last=$(printf 'step-%08d' "$STEPS")
for f in "$OUT/full/checkpoints/$last"/*; do
  if cmp -s "$f" "$OUT/faulty/checkpoints/$last/$(basename "$f")"; then same=identical; else same=DIFFERENT; fi
  echo "$last/$(basename "$f"): $same"
done
