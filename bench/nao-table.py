#!/usr/bin/env python3
"""XferNAO's table for docs/nao.md from bench/transfer-experiments.sh output.

usage: bench/nao-table.py OUT_DIR
Reads every OUT_DIR/nb201/<target>-<sources>-nao/traces/<optimizer>.csv and reports, after 10, 25 and 50 target
evaluations, the test accuracy at 200 epochs (validation for cifar10, which has no 200-epoch test column) of the
architecture with the best objective seen so far: median, mean ± standard error, and the share of runs that
found the task's optimum.
"""
import csv
import gzip
import json
import math
import os
import statistics
import sys

out = sys.argv[1]
here = os.path.dirname(os.path.abspath(__file__))
table = {}
with gzip.open(os.path.join(here, "..", "src/main/resources/org/nas4j/bench/nb201.csv.gz"), "rt") as f:
    for row in csv.DictReader(f):
        table[row["arch_str"]] = row
cols = {"cifar10": "cifar10_valid200", "cifar100": "cifar100_test200", "imagenet16": "imagenet16_test200"}

print("| target | sources | optimizer | runs | @10 median | @10 mean ± se | @10 optimum | @25 median | @25 mean ± se | @25 optimum | @50 median | @50 mean ± se | @50 optimum |")
print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
for target in ["cifar100", "cifar10", "imagenet16"]:
    col = cols[target]
    best = max(float(r[col]) for r in table.values())
    for kind in ["related", "single", "mixed", "negated", "noisy", "shuffled", "none"]:
        tdir = os.path.join(out, "nb201", f"{target}-{kind}-nao", "traces")
        if not os.path.isdir(tdir):
            continue
        sources = ",".join(json.load(open(os.path.join(tdir, "..", "summary.json")))["sources"]) or "none"
        for name in sorted(os.listdir(tdir)):
            if name[:-4] == "nao" and kind != "related":
                continue  # nao ignores sources: one row per target
            runs = {}
            with open(os.path.join(tdir, name)) as f:
                for r in csv.DictReader(f):
                    runs.setdefault(r["run"], []).append(r["best_architecture"])
            cells = []
            for k in (10, 25, 50):
                v = [float(table[steps[min(k, len(steps)) - 1]][col]) for steps in runs.values()]
                mean = sum(v) / len(v)
                se = statistics.stdev(v) / math.sqrt(len(v)) if len(v) > 1 else 0
                found = sum(1 for x in v if x >= best - 1e-9) / len(v)
                cells += [f"{statistics.median(v):.2f}", f"{mean:.2f} ± {se:.2f}", f"{100 * found:.0f}%"]
            src = "(nao ignores sources)" if name[:-4] == "nao" else f"{kind}: {sources}"
            print(f"| {target} | {src} | {name[:-4]} | {len(runs)} | " + " | ".join(cells) + " |")
