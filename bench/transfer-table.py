#!/usr/bin/env python3
"""Tables for docs/transfer.md from bench/transfer-experiments.sh output.

usage: bench/transfer-table.py OUT_DIR [FIDELITY]
For every target task and optimizer: the chosen architecture's final-epoch test accuracy (validation for
cifar10, which has no 200-epoch test column) as mean ± standard error over runs, at 10/25/50/100 target
evaluations, without transfer, with transfer (the other two tasks as sources), and with a shuffled source;
then the checks (transfer >= base; shuffled not below base by more than 2 standard errors of the difference).
"""
import json
import math
import os
import sys

out = sys.argv[1]
fid = sys.argv[2] if len(sys.argv) > 2 else "200"
budgets = [10, 25, 50, 100]
targets = ["cifar10", "cifar100", "imagenet16"]


def load(target, kind, budget):
    path = os.path.join(out, fid, f"{target}-{kind}-{budget}", "summary.json")
    if not os.path.exists(path):
        return None
    d = json.load(open(path))
    return d, {o["optimizer"]: o for o in d["optimizers"]}


def metric(target, summary):
    d = summary[0]
    col = f"{target}_test200"
    any_opt = d["optimizers"][0]
    return col if col in any_opt["metrics"] else f"{target}_valid200"


def cell(o, col):
    m = o["metrics"][col]
    return m["mean"], m["std"] / math.sqrt(o["runs"])


checks = []
for target in targets:
    rel = {b: load(target, "related", b) for b in budgets}
    shf = {b: load(target, "shuffled", b) for b in budgets}
    nos = {b: load(target, "nosource", b) for b in budgets}
    first = next((v for v in rel.values() if v), None)
    if first is None:
        continue
    col = metric(target, first)
    srcs = ",".join(first[0]["sources"])
    shs = next((",".join(v[0]["sources"]) for v in shf.values() if v), "-")
    print(f"\n#### target {target} (fidelity {fid}; sources {srcs}; shuffled {shs}): `{col}` of the chosen architecture, mean ± s.e. over {first[0]['optimizers'][0]['runs']} runs\n")
    print("| optimizer | " + " | ".join(f"{b} evals" for b in budgets) + " |")
    print("|---|" + "---|" * len(budgets))
    for base in ["rea", "reinforce"]:
        rows = [(base, rel, base), (base + "-xfer", rel, base + "-xfer"), (base + "-xfer, shuffled source", shf, base + "-xfer")]
        if base == "rea" and any(nos.values()):
            rows.append(("rea-xfer, no source (target surrogate only)", nos, "rea-xfer"))
        for label, src, name in rows:
            cells = []
            for b in budgets:
                s = src.get(b)
                if s and name in s[1]:
                    m, se = cell(s[1][name], col)
                    cells.append(f"{m:.2f} ± {se:.2f}")
                else:
                    cells.append("")
            if any(cells):
                print(f"| {label} | " + " | ".join(cells) + " |")
        for b in [10, 25, 50]:
            if not rel.get(b) or base not in rel[b][1]:
                continue
            mb, sb = cell(rel[b][1][base], col)
            mx, sx = cell(rel[b][1][base + "-xfer"], col)
            line = f"{target} {base} @{b}: transfer {mx - mb:+.2f} ({'ok' if mx >= mb else 'FAIL'})"
            if shf.get(b) and base + "-xfer" in shf[b][1]:
                ms, ss = cell(shf[b][1][base + "-xfer"], col)
                band = 2 * math.hypot(sb, ss)
                line += f"; shuffled {ms - mb:+.2f} vs noise band {band:.2f} ({'ok' if ms >= mb - band else 'FAIL'})"
            checks.append(line)
print("\nChecks (10/25/50 evaluations):\n")
for c in checks:
    print("- " + c)
