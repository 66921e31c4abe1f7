#!/usr/bin/env bash
# PBT-NAS across workers: wall time of K nas4j worker processes (K = 1, then 2) on one PBT study in an SQLite store,
# JVM starts included. Each of K processes gets 2/K libtorch threads (the machine has 2 cores).
#   [ORDER="2 1"] bench/workers/pbt-speedup.sh OUT_DIR [nas4j pbt options...]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
out="$1"; shift
mkdir -p "$out"
export OMP_WAIT_POLICY=passive DJL_OFFLINE=true
cp="$here/target/nas4j.jar"
for k in ${ORDER:-1 2}; do
  db="$out/w$k.db"; rm -f "$db" "$db.lock"
  java -Dai.djl.offline=true -cp "$cp" org.nas4j.cli.Main pbt "$@" --store "$db" --study s --workers 0 >/dev/null
  threads=$((2 / k))
  t0=$(date +%s.%N)
  pids=()
  for i in $(seq 1 $k); do
    java -Dai.djl.offline=true -Dai.djl.pytorch.num_threads=$threads -Dai.djl.pytorch.num_interop_threads=1 \
      -cp "$cp" org.nas4j.cli.Main worker --store "$db" --study s > "$out/w$k-$i.log" 2>&1 &
    pids+=($!)
  done
  for p in "${pids[@]}"; do wait "$p"; done
  t1=$(date +%s.%N)
  printf "%d worker process(es): %.1f s wall (load %s)\n" "$k" "$(echo "$t1 - $t0" | bc)" "$(cut -d' ' -f1-3 /proc/loadavg)"
done
