#!/usr/bin/env bash
# XferNAS experiments on NAS-Bench-201 (docs/transfer.md): leave-one-task-out, budgets 10/25/50/100 target
# evaluations, with and without transfer, with a shuffled (unrelated) source, and rea-xfer without sources (its
# target-only surrogate alone: separates what transfer adds from what the surrogate adds).
#   bench/transfer-experiments.sh OUT_DIR [RUNS] [FIDELITY]
# Writes OUT_DIR/<fidelity>/<target>-<related|shuffled>-<budget>/ (the bench command's summary.json, plots...);
# bench/transfer-table.py OUT_DIR turns them into the tables of docs/transfer.md. NAS4J overrides the launcher
# (e.g. NAS4J="java -cp /path/nas4j.jar org.nas4j.cli.Main" to run a fixed build while editing).
set -euo pipefail
out="${1:?usage: bench/transfer-experiments.sh OUT_DIR [RUNS] [FIDELITY]}"
runs="${2:-50}"
fid="${3:-200}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
declare -A related=([cifar10]=cifar100,imagenet16 [cifar100]=cifar10,imagenet16 [imagenet16]=cifar10,cifar100)
declare -A shuffled=([cifar10]=shuffled:cifar100 [cifar100]=shuffled:cifar10 [imagenet16]=shuffled:cifar10)
for target in cifar100 cifar10 imagenet16; do
  for kind in related shuffled nosource; do
    [[ $kind != related && $fid != 200 ]] && continue
    if [[ $kind == related ]]; then opts=rea,rea-xfer,reinforce,reinforce-xfer; src=${related[$target]};
    elif [[ $kind == shuffled ]]; then opts=rea-xfer,reinforce-xfer; src=${shuffled[$target]};
    else opts=rea-xfer; src=""; fi
    for budget in 10 25 50 100; do
      dir="$out/$fid/$target-$kind-$budget"
      [[ -f $dir/summary.json ]] && continue
      ${NAS4J:-"$here/nas4j"} bench --task "$target" --fidelity "$fid" --sources "$src" --optimizers "$opts" \
        --runs "$runs" --budget-evals "$budget" --threads "${THREADS:-1}" --no-progress --out "$dir" > /dev/null
      echo "done $dir"
    done
  done
done
