#!/usr/bin/env bash
# Transfer experiments of docs/transfer.md and docs/nao.md: every transfer optimizer against its base, paired
# by run seed, with related, weak, adversarial and mixed source sets, on NAS-Bench-201 and on a weakly related
# benchmark made by bench/weak-benchmark.py. Resumable: a finished cell (summary.json present) is skipped.
#   bench/transfer-experiments.sh OUT_DIR [RUNS] [NAO_RUNS] [PART]
#   PART: nb201, weak or all (default)
# Writes OUT_DIR/<benchmark>/<target>-<sources>-<group>/ (the bench command's summary.json, traces, plots);
# bench/transfer-table.py OUT_DIR turns them into the tables. Each cell is one `nas4j bench` with a budget of
# 50 target evaluations, reporting regret after 10, 20, 25 and 50 (a run's first k evaluations do not depend on
# the budget). NAS4J overrides the launcher (e.g. NAS4J="java -cp /path/nas4j.jar org.nas4j.cli.Main" to run
# a fixed build while editing); THREADS the worker threads (default 2).
set -euo pipefail
out="${1:?usage: bench/transfer-experiments.sh OUT_DIR [RUNS] [NAO_RUNS] [nb201|weak|all]}"
runs="${2:-200}"
naoRuns="${3:-50}"
part="${4:-all}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
nas4j=${NAS4J:-"$here/nas4j"}

# cell BENCHMARK_DIR_NAME BENCH_OPTIONS TARGET NAME SOURCES
cell() {
  local bdir=$1 bopts=$2 target=$3 name=$4 src=$5
  for group in rea-reinforce nao; do
    local opts=rea,rea-xfer,reinforce,reinforce-xfer n=$runs
    [[ $group == nao ]] && { opts=nao,xfernao; n=$naoRuns; }
    local dir="$out/$bdir/$target-$name-$group"
    [[ -f $dir/summary.json ]] && continue
    # shellcheck disable=SC2086
    $nas4j bench $bopts --task "$target" --sources "$src" --optimizers "$opts" --runs "$n" --budget-evals 50 \
      --report-at 10,20,25,50 --threads "${THREADS:-2}" --no-progress --out "$dir" > /dev/null
    echo "done $dir"
  done
}

if [[ $part == nb201 || $part == all ]]; then
  # sources per target: the other two tasks; "single" is the first of them alone, "mixed" adds adversarial and
  # noisy variants to it (the weights must find it), "negated"/"noisy"/"shuffled" give one bad source only
  declare -A first=([cifar10]=cifar100 [cifar100]=cifar10 [imagenet16]=cifar10)
  declare -A second=([cifar10]=imagenet16 [cifar100]=imagenet16 [imagenet16]=cifar100)
  for target in cifar100 cifar10 imagenet16; do
    a=${first[$target]}; b=${second[$target]}
    cell nb201 "--fidelity 200" "$target" related "$a,$b"
    cell nb201 "--fidelity 200" "$target" single "$a"
    cell nb201 "--fidelity 200" "$target" negated "negated:$a"
    cell nb201 "--fidelity 200" "$target" noisy "noisy:$a@0.2"
    cell nb201 "--fidelity 200" "$target" shuffled "shuffled:$a"
    cell nb201 "--fidelity 200" "$target" mixed "$a,negated:$a,negated:$b,noisy:$b@0.2,shuffled:$b"
    cell nb201 "--fidelity 200" "$target" none ""
  done
fi

if [[ $part == weak || $part == all ]]; then
  csv="$out/weak.csv.gz"
  [[ -f $csv ]] || python3 "$here/bench/weak-benchmark.py" "$csv" 0 > "$out/weak-correlations.txt"
  # leave one task out; "unrelated" is the single other task whose Spearman correlation with the target is
  # closest to 0, "negated" the most correlated one ranked backwards (from the table the generator printed)
  tasks=$(awk 'NR==3{for(i=1;i<=NF;i++) print $i}' "$out/weak-correlations.txt")
  pick() { # pick TARGET closest|most
    awk -v t="$1" -v how="$2" 'NR==3 {hdr=$0} NR>3 && $1==t {split(hdr, h, " "); best=""; bv=how=="closest"?9:-9;
        for (i=2;i<=NF;i++) { v=$i<0?-$i:$i; if (h[i-1]!=t && (how=="closest" ? v<bv : $i>bv)) {bv=how=="closest"?v:$i; best=h[i-1]} }
        print best}' "$out/weak-correlations.txt"
  }
  for target in $tasks; do
    others=$(echo "$tasks" | grep -vx "$target" | paste -sd, -)
    cell weak "--benchmark csv:$csv" "$target" others "$others"
    cell weak "--benchmark csv:$csv" "$target" unrelated "$(pick "$target" closest)"
    cell weak "--benchmark csv:$csv" "$target" negated "negated:$(pick "$target" most)"
    cell weak "--benchmark csv:$csv" "$target" none ""
  done
fi
