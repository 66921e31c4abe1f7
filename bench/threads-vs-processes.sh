#!/usr/bin/env bash
# Threads or processes for training candidates at once (docs/search.md). Trains COUNT random NAS-Bench-201
# candidates (1 epoch on TRAIN Fashion-MNIST images, reduced skeleton C=8 N=1) through the runner:
#   processes 2  two worker JVMs, one worker and 1 libtorch thread each
#   threads 2    two worker threads in one JVM, 1 libtorch thread each (nas4j's default on 2 cores)
#   threads 1    one worker thread with 1 libtorch thread, and with 2 (DJL's default for one model)
# Each line gives wall time and CPU seconds. Usage: bench/threads-vs-processes.sh [count=4] [train=1500] [repeats=2]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
count="${1:-4}"; train="${2:-1500}"; repeats="${3:-2}"
mvn -B -q -o -DskipTests test-compile >/dev/null
mvn -B -q -o dependency:build-classpath -Dmdep.outputFile=target/bench-cp.txt >/dev/null
cp="target/test-classes:target/classes:$(cat target/bench-cp.txt)"
data=fashion-mnist; [[ -d /usr/share/datasets/fashion-mnist ]] || data=digits
one() {
  echo "$(date +%T) load $(cut -d' ' -f1 /proc/loadavg): $*"
  nice java -Dai.djl.offline=true "${@:4}" -cp "$cp" org.nas4j.search.ParallelBench "$1" "$2" "$count" "$data" "$train" 8 1 "$3" \
    2>/dev/null | grep -v '^\[W'
}
for r in $(seq 1 "$repeats"); do
  one processes 2 "$r"
  one threads 2 "$r"
  one threads 1 "$r" -Dai.djl.pytorch.num_threads=1
  one threads 1 "$r" -Dai.djl.pytorch.num_threads=2
done
