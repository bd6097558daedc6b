#!/usr/bin/env bash
# Wall time of one `colima-proof snapshot` from the shell against a lab, median of RUNS.
# Usage: bench/snapshot-wall-time.sh SCENARIO [RUNS] [DEADLINE]   e.g. healthy 5, or hostagent-stall 5 5s
set -euo pipefail
root_dir=$(cd "$(dirname "$0")/.." && pwd)
scenario=${1:?scenario}
runs=${2:-5}
deadline=${3:-10s}
lab=$(mktemp -d)
trap '"$root_dir/bin/colima-proof" lab down --root "$lab/lab" >/dev/null 2>&1 || true; rm -rf "$lab"' EXIT
eval "$("$root_dir/bin/colima-proof" lab up --scenario "$scenario" --root "$lab/lab")"
times=()
for i in $(seq "$runs"); do
  start=$(date +%s%N)
  "$root_dir/bin/colima-proof" snapshot --incident bench --phase "run-$i" --deadline "$deadline" >/dev/null
  end=$(date +%s%N)
  times+=($(( (end - start) / 1000000 )))
done
printf '%s ms\n' "${times[@]}"
printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print "median " a[int((NR+1)/2)] " ms over " NR " runs"}'
