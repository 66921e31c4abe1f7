#!/usr/bin/env bash
# NAO and XferNAO on NAS-Bench-201 (docs/nao.md).
#   bench/nao-experiments.sh OUT_DIR [RUNS]
# 1. NAS-Bench-201's protocol (search on cifar10, 12-epoch accuracy, 12000 simulated seconds): rs, rea,
#    reinforce, nao, 100 runs each, timed.
# 2. Transfer, --fidelity 200, 50 target evaluations per run, for each target: xfernao and nao with the other
#    two tasks as sources, xfernao with a shuffled source. bench/nao-table.py reads the traces at 10/25/50.
# SKIP_PROTOCOL=1 skips part 1. NAS4J overrides the launcher (e.g. NAS4J="java -cp target/nas4j.jar org.nas4j.cli.Main").
set -euo pipefail
out="${1:?usage: bench/nao-experiments.sh OUT_DIR [RUNS]}"
runs="${2:-30}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
nas4j=${NAS4J:-"$here/nas4j"}
if [[ -z ${SKIP_PROTOCOL:-} && ! -f $out/protocol/summary.json ]]; then
  /usr/bin/time -f "wall %e s, user %U s" $nas4j bench --optimizers rs,rea,reinforce,nao --runs 100 \
    --budget-seconds 12000 --threads "${THREADS:-2}" --no-progress --out "$out/protocol" > "$out.protocol.log" 2>&1
  mv "$out.protocol.log" "$out/protocol/log.txt"
fi
declare -A related=([cifar10]=cifar100,imagenet16 [cifar100]=cifar10,imagenet16 [imagenet16]=cifar10,cifar100)
declare -A shuffled=([cifar10]=shuffled:cifar100 [cifar100]=shuffled:cifar10 [imagenet16]=shuffled:cifar10)
for target in ${TARGETS:-cifar100 cifar10 imagenet16}; do
  for kind in related shuffled; do
    dir="$out/$target-$kind"
    [[ -f $dir/summary.json ]] && continue
    if [[ $kind == related ]]; then opts=${OPTS:-xfernao,nao}; src=${related[$target]}; else opts=xfernao; src=${shuffled[$target]}; fi
    $nas4j bench --task "$target" --fidelity 200 --sources "$src" --optimizers "$opts" --runs "$runs" \
      --budget-evals 50 --threads "${THREADS:-2}" --no-progress --out "$dir" > /dev/null
    echo "done $dir"
  done
done
