#!/usr/bin/env bash
# Threads or processes for training candidates at once (docs/search.md). Trains COUNT random NAS-Bench-201
# candidates (1 epoch on TRAIN Fashion-MNIST images, reduced skeleton C=8 N=1) three ways, REPEATS times
# interleaved: 1 worker thread; 2 worker threads in one JVM (1 libtorch thread each); 2 worker JVMs.
# Usage: bench/threads-vs-processes.sh [count=6] [train=3000] [repeats=3]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
count="${1:-6}"; train="${2:-3000}"; repeats="${3:-3}"
mvn -B -q -o -DskipTests test-compile >/dev/null
mvn -B -q -o dependency:build-classpath -Dmdep.outputFile=target/bench-cp.txt >/dev/null
cp="target/test-classes:target/classes:$(cat target/bench-cp.txt)"
data=fashion-mnist; [[ -d /usr/share/datasets/fashion-mnist ]] || data=digits
for r in $(seq 1 "$repeats"); do
  for mode in "threads 1" "threads 2" "processes 2"; do
    set -- $mode
    nice java -Dai.djl.offline=true -cp "$cp" org.nas4j.search.ParallelBench "$1" "$2" "$count" "$data" "$train" 8 1 "$r" \
      2>/dev/null | grep 'total wall'
  done
done
