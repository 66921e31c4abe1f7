#!/usr/bin/env python3
"""Writes a weakly related tabular benchmark for transfer experiments, built from NAS-Bench-201's own table.

The space is NAS-Bench-201's cell with 4 ops (none, skip_connect, nor_conv_1x1, nor_conv_3x3: 4,096 cells, like
TransNAS-Bench-101's micro space). Seven tasks mix, in normal-score units, NAS-Bench-201's accuracies, a
preference for small networks and two seeded random functions of the cell's edges (learnable, but unrelated to
accuracy), plus unlearnable noise; each task's metric is the normal CDF of its score, so it lies in [0, 1].
Task-to-task Spearman correlations range from about 0.05 to 0.9 (printed). Each task has one final column,
<task>_valid, with no epoch count and no test column (docs/benchmarks.md). Standard library only.

usage: bench/weak-benchmark.py OUT.csv.gz [seed]
"""
import csv, gzip, math, random, sys
from pathlib import Path
from statistics import NormalDist

OPS = ["none", "skip_connect", "nor_conv_1x1", "nor_conv_3x3"]
ND = NormalDist()


def normal_scores(v):
    order = sorted(range(len(v)), key=lambda i: v[i])
    r = [0.0] * len(v)
    i = 0
    while i < len(v):
        j = i
        while j + 1 < len(v) and v[order[j + 1]] == v[order[i]]:
            j += 1
        for k in range(i, j + 1):
            r[order[k]] = ND.inv_cdf(((i + j) / 2 + 0.5) / len(v))
        i = j + 1
    return r


def standardise(v):
    m = sum(v) / len(v)
    s = math.sqrt(sum((x - m) ** 2 for x in v) / len(v)) or 1.0
    return [(x - m) / s for x in v]


def random_function(genes, rng):
    """A sum of per-edge and per-edge-pair effects: the same kind of structure as a real task, unrelated to it."""
    single = [[rng.gauss(0, 1) for _ in OPS] for _ in range(6)]
    pair = {(a, b): [[rng.gauss(0, 0.5) for _ in OPS] for _ in OPS] for a in range(6) for b in range(a + 1, 6)}
    out = []
    for g in genes:
        s = sum(single[p][g[p]] for p in range(6))
        s += sum(pair[(a, b)][g[a]][g[b]] for (a, b) in pair)
        out.append(s)
    return standardise(out)


def spearman(a, b):
    def ranks(v):
        order = sorted(range(len(v)), key=lambda i: v[i])
        r = [0.0] * len(v)
        for k, i in enumerate(order):
            r[i] = k
        return r
    ra, rb = ranks(a), ranks(b)
    ma, mb = sum(ra) / len(ra), sum(rb) / len(rb)
    num = sum((x - ma) * (y - mb) for x, y in zip(ra, rb))
    den = math.sqrt(sum((x - ma) ** 2 for x in ra) * sum((y - mb) ** 2 for y in rb))
    return num / den


def main():
    out = Path(sys.argv[1])
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 0
    rng = random.Random(seed)
    table = Path(__file__).resolve().parent.parent / "src/main/resources/org/nas4j/bench/nb201.csv.gz"
    rows = []
    with gzip.open(table, "rt") as f:
        for r in csv.DictReader(f):
            edges = [e.split("~")[0] for e in r["arch_str"].replace("+", "").split("|") if e]
            if all(e in OPS for e in edges):
                r["genes"] = [OPS.index(e) for e in edges]
                rows.append(r)
    genes = [r["genes"] for r in rows]
    col = lambda c: normal_scores([float(r[c]) for r in rows])
    acc10, acc100, acc16, fast = col("cifar10_valid200"), col("cifar100_valid200"), col("imagenet16_valid200"), col("cifar10_valid12")
    small = normal_scores([-float(r["cifar10_params"]) for r in rows])
    r1, r2, r3 = random_function(genes, rng), random_function(genes, rng), random_function(genes, rng)
    noise = lambda: [rng.gauss(0, 1) for _ in rows]
    mix = lambda *terms: standardise([sum(w * t[i] for w, t in terms) for i in range(len(rows))])
    tasks = {
        "classify": mix((1, acc10), (0.3, noise())),
        "quick": mix((1, fast), (0.3, noise())),
        "efficient": mix((0.8, acc100), (0.8, small), (0.3, noise())),
        "textures": mix((0.6, acc16), (0.8, r1), (0.3, noise())),
        "jigsaw": mix((0.35, acc10), (1, r2), (0.3, noise())),
        "layout": mix((0.7, r1), (0.7, r3), (0.3, noise())),
        "compact": mix((0.6, small), (0.8, r3), (0.3, noise())),
    }
    names = list(tasks)
    with gzip.open(out, "wt", newline="") as f:
        w = csv.writer(f)
        w.writerow(["arch_str"] + [t + "_valid" for t in names])
        for i, r in enumerate(rows):
            w.writerow([r["arch_str"]] + ["%.5f" % ND.cdf(tasks[t][i]) for t in names])
    print("wrote %s: %d architectures, tasks %s" % (out, len(rows), ", ".join(names)))
    print("Spearman correlations:")
    print("%-10s" % "" + "".join("%10s" % t for t in names))
    for a in names:
        print("%-10s" % a + "".join("%10.2f" % spearman(tasks[a], tasks[b]) for b in names))


if __name__ == "__main__":
    main()
