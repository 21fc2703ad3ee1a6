#!/usr/bin/env bash
# A/B of settings read once per process (TF_ONEDNN_* / ONEDNN_* environment, thread pools): two `gan4j bench`
# processes take turns block by block through a file (bench --take-turns), then the median of the paired ratios
# B/A. Run it on a quiet machine (pause other jobs around it) and state lscpu's model and the load average with it.
#   tools/bench/ab-turns.sh MODEL "labelA|ENV=.. ..|extra bench args" "labelB|ENV=..|args"
#   e.g. tools/bench/ab-turns.sh dcgan32 "default||" "inter-op 1||--inter-op 1"   (REPEATS, STEPS, WARM: 5, 3, 2)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
model=$1
IFS='|' read -r la ea aa <<<"$2"
IFS='|' read -r lb eb ab <<<"$3"
t=$(mktemp /tmp/gan4j-turnXXXX)
trap 'rm -f "$t" "$t-a" "$t-b"' EXIT
echo a > "$t"
echo "host: $(lscpu | grep 'Model name' | sed 's/  */ /g'); load average at start: $(cat /proc/loadavg)"
run() { env $1 "$ROOT/tools/gan4j" bench --model "$model" --warmup "${WARM:-2}" --steps "${STEPS:-3}" --repeats "${REPEATS:-5}" $2 --take-turns "$3"; }
run "$ea" "$aa" "$t:a:b" > "$t-a" 2>&1 &
run "$eb" "$ab" "$t:b:a" > "$t-b" 2>&1 || true
wait || true
echo "load average at end: $(cat /proc/loadavg)"
grep -h "gan4j bench:\|error" "$t-a" "$t-b" || true
/usr/bin/python3 - "$t-a" "$t-b" "$la" "$lb" <<'PY'
import re, statistics as st, sys
a, b = ([float(x) for x in re.findall(r"repeat \d+: ([0-9.]+)", open(p).read())] for p in sys.argv[1:3])
la, lb = sys.argv[3:5]
for i, (x, y) in enumerate(zip(a, b)):
    print(f"block {i + 1}: {la} {x:.3f}  {lb} {y:.3f}  ratio {y / x:.3f}")
r = [y / x for x, y in zip(a, b)]
print(f"medians: {la} {st.median(a):.3f}, {lb} {st.median(b):.3f} steps/s; median paired ratio {lb}/{la} {st.median(r):.3f} (n={len(r)})")
PY
