#!/usr/bin/env python3
"""Tables and checks for docs/transfer.md and docs/nao.md from bench/transfer-experiments.sh output.

usage: bench/transfer-table.py OUT_DIR [nb201|weak]

Per target task: every optimizer's normalised regret after 10, 20 and 50 target evaluations (mean ± standard
error over runs), and every transfer optimizer's difference to its base, paired by run seed, with t = mean / se
(negative: transfer is better; t >= 2: worse beyond noise). Regret is recomputed run by run from the traces
(the best observed architecture among a run's first k evaluations, looked up in the benchmark's table on the
column the bench reported regret on), so two source sets can be compared run by run too (mixed vs single).
Then the checks of issue 10, each marked ok or FAIL. Standard library only.
"""
import csv
import gzip
import json
import math
import os
import sys
from collections import defaultdict

out = sys.argv[1]
parts = sys.argv[2:] or ["nb201", "weak"]
here = os.path.dirname(os.path.abspath(__file__))
AT = [10, 20, 50]
BASES = ["rea", "reinforce", "nao"]
XFER = {"rea": "rea-xfer", "reinforce": "reinforce-xfer", "nao": "xfernao"}
LABEL = {
    "related": "both other tasks", "single": "one related task", "negated": "negated:", "noisy": "noisy:…@0.2",
    "shuffled": "shuffled:", "mixed": "related + 4 bad", "none": "no source",
    "others": "the 6 other tasks", "unrelated": "least correlated task",
}

_tables = {}


def table(path):
    if path not in _tables:
        with gzip.open(path, "rt") as f:
            _tables[path] = list(csv.DictReader(f))
    return _tables[path]


def column(path, col):
    return {r["arch_str"]: float(r[col]) for r in table(path) if r.get(col) not in (None, "", "nan")}


def cells(bench):
    """(target, source-set name) -> {optimizer: [per-run regrets at each k in AT]}, plus each cell's summary."""
    root = os.path.join(out, bench)
    res, meta = defaultdict(dict), {}
    if not os.path.isdir(root):
        return res, meta
    for d in sorted(os.listdir(root)):
        summary = os.path.join(root, d, "summary.json")
        if not os.path.exists(summary):
            continue
        s = json.load(open(summary))
        target, group = s["task"], d.rsplit("-", 1)[1] if d.endswith("-nao") else "rea-reinforce"
        name = d[len(target) + 1:-len(group) - 1]
        rc = s["regret_column"]
        path = os.path.join(here, "..", "src/main/resources/org/nas4j/bench/nb201.csv.gz") if bench == "nb201" \
            else os.path.join(out, "weak.csv.gz")
        values = column(path, rc["column"])
        best, worst = rc["best"], rc["worst"]
        runs = defaultdict(lambda: defaultdict(list))
        for o in s["optimizers"]:
            with open(os.path.join(root, d, "traces", o["optimizer"] + ".csv")) as f:
                for row in csv.DictReader(f):
                    runs[o["optimizer"]][int(row["run"])].append(row["best_architecture"])
        for opt, by_run in runs.items():
            regrets = []
            for r in sorted(by_run):
                steps = by_run[r]
                regrets.append([(best - values[steps[min(k, len(steps)) - 1]]) / (best - worst)
                                if steps[min(k, len(steps)) - 1] else math.nan for k in AT])
            res[(target, name)][opt] = regrets
        meta[(target, name)] = s
        meta[(target, name, group)] = s
    return res, meta


def stats(v):
    v = [x for x in v if not math.isnan(x)]
    n = len(v)
    m = sum(v) / n
    sd = math.sqrt(sum((x - m) ** 2 for x in v) / (n - 1)) if n > 1 else math.nan
    return m, sd / math.sqrt(n) if n > 1 else math.nan, n


def paired(a, b):
    d = [x - y for x, y in zip(a, b) if not (math.isnan(x) or math.isnan(y))]
    m, se, n = stats(d)
    t = 0.0 if m == 0 and se == 0 else (math.copysign(math.inf, m) if se == 0 else m / se)
    return m, se, t


def fmt(x, digits=3):
    """Significant digits, not decimals: regret spans 1e-5 (transfer near the optimum) to 0.1."""
    return "0" if x == 0 else f"{x:.{digits}g}"


def pm(s):
    return f"{fmt(s[0])} ± {fmt(s[1], 2)}"


def at(regrets, i):
    return [r[i] for r in regrets]


checks = []
summary = defaultdict(list)  # (bench, set, optimizer) -> [(target, diffs)]


def check(ok, text):
    checks.append(("ok" if ok else "FAIL") + ": " + text)


def report(bench, sets):
    res, meta = cells(bench)
    targets = []
    for (t, _) in res:
        if t not in targets:
            targets.append(t)
    for target in targets:
        first = next(meta[(target, s)] for s in sets if (target, s) in meta)
        print(f"\n#### {bench}: target {target}, regret on `{first['regret_column']['column']}` "
              f"(best {first['regret_column']['best']:g}, worst {first['regret_column']['worst']:g})\n")
        print("| optimizer | sources | runs | " + " | ".join(f"@{k}" for k in AT) + " | "
              + " | ".join(f"vs base @{k} (t)" for k in AT) + " |")
        print("|---|---|---|" + "---|" * (2 * len(AT)))
        for base in BASES:
            base_runs = next((res[(target, s)][base] for s in sets if base in res.get((target, s), {})), None)
            if base_runs is None:
                continue
            print(f"| {base} | (ignores sources) | {len(base_runs)} | "
                  + " | ".join(pm(stats(at(base_runs, i))) for i in range(len(AT)))
                  + " |" + " |" * len(AT))
            for s in sets:
                cell = res.get((target, s), {})
                x = XFER[base]
                if x not in cell:
                    continue
                srcs = ",".join(meta[(target, s)]["sources"]) or "none"
                row = f"| {x} | {LABEL.get(s, s)} (`{srcs}`) | {len(cell[x])} | "
                row += " | ".join(pm(stats(at(cell[x], i))) for i in range(len(AT)))
                diffs = [paired(at(cell[x], i), at(cell[base], i)) for i in range(len(AT))]
                row += " | " + " | ".join(f"{m:+.2g} ({t:+.1f})" for m, _, t in diffs) + " |"
                print(row)
                summary[(bench, s, x)].append((target, diffs))
                yield target, s, base, x, cell, diffs
    return


def nb201():
    sets = ["related", "single", "mixed", "negated", "noisy", "shuffled", "none"]
    rows = list(report("nb201", sets))
    res, _ = cells("nb201")
    print("\n#### nb201: a related source among bad ones (`mixed`) against the related source alone (`single`), "
          "paired by run: regret of each, and t of mixed − single\n")
    print("| target | optimizer | " + " | ".join(f"@{k} single | @{k} mixed | t" for k in AT) + " |")
    print("|---|---|" + "---|" * (3 * len(AT)))
    for target, s, base, x, cell, diffs in rows:
        if s == "mixed" and (target, "single") in res and x in res[(target, "single")]:
            single = res[(target, "single")][x]
            row = f"| {target} | {x} |"
            for i in range(len(AT)):
                t = paired(at(cell[x], i), at(single, i))[2]
                row += f" {fmt(stats(at(single, i))[0])} | {fmt(stats(at(cell[x], i))[0])} | {t:+.1f} |"
            print(row)
    for target, s, base, x, cell, diffs in rows:
        if s in ("negated", "noisy", "shuffled", "mixed", "none"):
            worst = max(diffs, key=lambda d: d[2])
            check(all(t < 2 for _, _, t in diffs),
                  f"nb201 {target} {x} with {s} source(s) not worse than {base} beyond noise at 10/20/50 (max t = {worst[2]:+.1f})")
        if s == "related":
            check(all(m <= 0 for m, _, _ in diffs),
                  f"nb201 {target} {x} with related sources at least as good as {base} at 10/20/50 (mean differences "
                  + ", ".join(f"{m:+.4f}" for m, _, _ in diffs) + ")")
        if s == "mixed" and (target, "single") in res and x in res[(target, "single")]:
            single = res[(target, "single")][x]
            d = [paired(at(cell[x], i), at(single, i)) for i in range(len(AT))]
            check(all(t < 2 for _, _, t in d),
                  f"nb201 {target} {x}: related source + 4 bad ones as good as the related source alone at 10/20/50 "
                  "(paired t " + ", ".join(f"{t:+.1f}" for _, _, t in d) + ")")
    # XferNAO median CIFAR-100 test accuracy after 10 evaluations, as docs/nao.md quotes it
    d = os.path.join(out, "nb201", "cifar100-related-nao", "traces", "xfernao.csv")
    if os.path.exists(d):
        test = column(os.path.join(here, "..", "src/main/resources/org/nas4j/bench/nb201.csv.gz"), "cifar100_test200")
        runs = defaultdict(list)
        for row in csv.DictReader(open(d)):
            runs[int(row["run"])].append(row["best_architecture"])
        v = sorted(test[steps[9]] for steps in runs.values())
        med = (v[len(v) // 2] + v[(len(v) - 1) // 2]) / 2
        check(med >= 73.3, f"nb201 cifar100 xfernao with related sources: median test accuracy after 10 evaluations {med:.2f} >= 73.3")


def weak():
    sets = ["others", "unrelated", "negated", "none"]
    rows = list(report("weak", sets))
    better = defaultdict(lambda: defaultdict(int))
    for target, s, base, x, cell, diffs in rows:
        worst = max(diffs[1:], key=lambda d: d[2])  # 20 and 50 evaluations
        check(all(t < 2 for _, _, t in diffs[1:]),
              f"weak {target} {x} with {s} not worse than {base} beyond noise at 20/50 (max t = {worst[2]:+.1f})")
        if s == "others":
            for i, k in enumerate(AT[1:], 1):
                better[(x, k)]["lower mean"] += diffs[i][0] < 0
                better[(x, k)]["t <= -2"] += diffs[i][2] <= -2
                better[(x, k)]["tasks"] += 1
    for (x, k), c in sorted(better.items()):
        check(c["lower mean"] >= 6, f"weak {x} with the other tasks better than its base at {k} evaluations on "
              f"{c['lower mean']} of {c['tasks']} tasks (beyond noise, t <= -2, on {c['t <= -2']})")


if "nb201" in parts:
    nb201()
if "weak" in parts:
    if os.path.exists(os.path.join(out, "weak-correlations.txt")):
        print("\nThe weak benchmark's task-to-task Spearman correlations (bench/weak-benchmark.py, seed 0):\n```")
        print("".join(open(os.path.join(out, "weak-correlations.txt")).readlines()[2:]).rstrip())
        print("```")
    weak()
print("\nSummary: transfer against its base over all targets, paired by run; the largest t (worse "
      "beyond noise at t >= 2) and on how many targets transfer is better beyond noise (t <= -2):\n")
print("| benchmark | sources | optimizer | " + " | ".join(f"@{k}: max t, better" for k in AT) + " |")
print("|---|---|---|" + "---|" * len(AT))
for (bench, s, x), rows in summary.items():
    cells_ = []
    for i in range(len(AT)):
        ts = [d[i][2] for _, d in rows]
        cells_.append(f"{max(ts):+.1f}, {sum(t <= -2 for t in ts)} of {len(ts)}")
    print(f"| {bench} | {LABEL.get(s, s)} | {x} | " + " | ".join(cells_) + " |")
print("\nChecks:\n")
for c in checks:
    print("- " + c)
