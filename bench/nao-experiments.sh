#!/usr/bin/env bash
# NAO on NAS-Bench-201's protocol (docs/nao.md): search on cifar10, 12-epoch accuracy, 12000 simulated seconds;
# rs, rea, reinforce, nao, 100 runs each, timed. XferNAO's experiments are part of bench/transfer-experiments.sh
# (every transfer optimizer against its base); bench/nao-table.py reads their NAO cells.
#   bench/nao-experiments.sh OUT_DIR
# NAS4J overrides the launcher (e.g. NAS4J="java -cp target/nas4j.jar org.nas4j.cli.Main").
set -euo pipefail
out="${1:?usage: bench/nao-experiments.sh OUT_DIR}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
nas4j=${NAS4J:-"$here/nas4j"}
if [[ ! -f $out/protocol/summary.json ]]; then
  mkdir -p "$out"
  /usr/bin/time -f "wall %e s, user %U s" $nas4j bench --optimizers rs,rea,reinforce,nao --runs 100 \
    --budget-seconds 12000 --threads "${THREADS:-2}" --no-progress --out "$out/protocol" > "$out/protocol.log" 2>&1
  mv "$out/protocol.log" "$out/protocol/log.txt"
fi
