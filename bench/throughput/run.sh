#!/usr/bin/env bash
# Throughput of the same NAS-Bench-201 network trained in nas4j (DJL/libtorch, the real Trainer) and in PyTorch
# from Python (Debian's python3-torch), same batch, threads, batches and input pipeline; median of REPEATS runs each.
#   bench/throughput/run.sh [--batch 64] [--batches 30] [--warmup 5] [--size 32] [--in-channels 3] [--channels 16]
#                           [--cells 5] [--arch ARCH] [--repeats 3]
# Environment: THREADS (default: nproc), PYTHON (default /usr/bin/python3), OMP_WAIT_POLICY etc. apply to both.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
repeats=3
args=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --repeats) repeats="$2"; shift 2 ;;
    *) args+=("$1" "$2"); shift 2 ;;
  esac
done
threads="${THREADS:-$(nproc)}"
python="${PYTHON:-/usr/bin/python3}"
"$python" -c 'import torch' 2>/dev/null || { echo "no PyTorch for $python: sudo apt-get install -y python3-torch" >&2; exit 2; }
[[ -f "$root/target/nas4j.jar" ]] || (cd "$root" && mvn -q -B -DskipTests package)
tcm=/usr/lib/x86_64-linux-gnu/libtcmalloc_minimal.so.4
preload=""; [[ -f $tcm && -z "${NAS4J_NO_TCMALLOC:-}" ]] && preload=$tcm
java_runs=(); torch_runs=()
for ((i = 1; i <= repeats; i++)); do
  j=$(LD_PRELOAD=$preload OMP_NUM_THREADS=$threads java -Dai.djl.offline=true -Dai.djl.pytorch.num_threads=$threads \
      -cp "$root/target/nas4j.jar:$root/target/lib/*" "$here/Throughput.java" "${args[@]}" 2>/dev/null | grep '^nas4j images/s')
  t=$(OMP_NUM_THREADS=$threads "$python" "$here/nb201_torch.py" --threads "$threads" "${args[@]}" | grep '^pytorch images/s')
  echo "run $i: $j" >&2; echo "run $i: $t" >&2
  java_runs+=("$(awk '{print $3}' <<<"$j")"); torch_runs+=("$(awk '{print $3}' <<<"$t")")
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
jm=$(median "${java_runs[@]}"); tm=$(median "${torch_runs[@]}")
echo "threads $threads, ${args[*]:-defaults (batch 64, 30 batches, 3x32x32, C=16 N=5)}"
echo "nas4j   images/s (median of $repeats): $jm   [${java_runs[*]}]"
echo "pytorch images/s (median of $repeats): $tm   [${torch_runs[*]}]"
awk -v j="$jm" -v t="$tm" 'BEGIN {printf "ratio nas4j/pytorch: %.2f\n", j / t}'
