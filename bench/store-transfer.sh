#!/usr/bin/env bash
# Does an unrelated earlier study in the store make a real search worse? (docs/search.md, issue "transfer that is
# never worse", store path.) One store holds a digits study; then, per seed, three Fashion-MNIST searches that
# really train: rea-xfer with the store's sources (--sources auto, i.e. the digits study), rea-xfer with
# --sources none, and plain rea. Prints each search's best validation accuracy and the paired differences with
# their t statistics (positive: the first is better).
#   bench/store-transfer.sh OUT_DIR [SEEDS=10] [BUDGET=20]
set -euo pipefail
out="${1:?usage: bench/store-transfer.sh OUT_DIR [SEEDS] [BUDGET]}"
seeds="${2:-10}"
budget="${3:-20}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
nas4j=${NAS4J:-"$here/nas4j"}
mkdir -p "$out"
db="$out/store.db"
common=(--data fashion-mnist --train-limit 5000 --valid-limit 1000 --epochs 1 --final-epochs 0 --store "$db"
  --budget-evals "$budget")
if [[ ! -f "$out/digits.done" ]]; then
  "$nas4j" search --data digits --budget-evals 40 --epochs 1 --final-epochs 0 --store "$db" --study digits \
    > "$out/digits.log" 2>&1
  touch "$out/digits.done"
fi
for ((s = 0; s < seeds; s++)); do
  for arm in auto none rea; do
    log="$out/$arm-s$s.log"
    grep -q "search validation accuracy" "$log" 2>/dev/null && continue # resumable: finished searches are kept
    case $arm in
      auto) opts=(--optimizer rea-xfer --sources auto) ;;
      none) opts=(--optimizer rea-xfer --sources none) ;;
      rea) opts=(--optimizer rea) ;;
    esac
    "$nas4j" search "${common[@]}" "${opts[@]}" --seed "$s" --study "fashion-$arm-s$s" > "$log" 2>&1
  done
done
python3 - "$out" "$seeds" <<'PY'
import re, statistics as st, sys
out, seeds = sys.argv[1], int(sys.argv[2])
acc = {}
for arm in ("auto", "none", "rea"):
    acc[arm] = []
    for s in range(seeds):
        text = open(f"{out}/{arm}-s{s}.log").read()
        acc[arm].append(float(re.search(r"search validation accuracy: ([\d.]+)%", text).group(1)))
print("| search | seeds | best validation accuracy (%), mean ± s.e. |")
print("|---|---|---|")
names = {"auto": "rea-xfer, digits study as source (--sources auto)", "none": "rea-xfer, --sources none",
         "rea": "rea"}
for arm in ("auto", "none", "rea"):
    a = acc[arm]
    print(f"| {names[arm]} | {len(a)} | {st.mean(a):.2f} ± {st.stdev(a) / len(a) ** 0.5:.2f} |")
print()
for x, y in (("auto", "none"), ("auto", "rea"), ("none", "rea")):
    d = [p - q for p, q in zip(acc[x], acc[y])]
    se = st.stdev(d) / len(d) ** 0.5
    t = st.mean(d) / se if se > 0 else float("nan")
    print(f"{x} - {y}: {st.mean(d):+.2f} points, paired t = {t:+.2f} ({sum(v > 0 for v in d)} better, "
          f"{sum(v < 0 for v in d)} worse of {len(d)})")
for s in range(seeds):
    text = open(f"{out}/auto-s{s}.log").read()
    m = re.search(r"transfer weights: (.*)", text)
    if m:
        print(f"seed {s}: {m.group(1)}")
PY
