#!/usr/bin/env bash
# Wall time of one `colima-proof record` from the shell (a fresh JVM each time, as the healer calls it).
# Usage: bench/record-wall-time.sh [RUNS]   (prints each run in ms, then the median)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-5}
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
export COLIMA_PROOF_HOME="$home/home"
"$root/bin/colima-proof" record infra.colima.note --incident warmup >/dev/null   # build and CDS archive, once
times=()
for _ in $(seq "$runs"); do
  start=$(date +%s%N)
  "$root/bin/colima-proof" record infra.colima.failure.detected --incident bench --level warn --success false \
    --reason "docker _ping timed out" --meta streak=2 >/dev/null
  end=$(date +%s%N)
  times+=($(( (end - start) / 1000000 )))
done
printf '%s ms\n' "${times[@]}"
printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print "median " a[int((NR+1)/2)] " ms over " NR " runs"}'
