#!/usr/bin/env python3
"""Converts the shared NAS-Bench-201 table into nas4j's tabular-benchmark CSV format (docs/benchmarks.md).

usage: python3 bench/convert-nb201.py SOURCE.csv.gz src/main/resources/org/nas4j/bench/nb201.csv.gz

Renames columns to <task>_<split><epochs> / <task>_time<epochs> / <task>_params (parameter count, not
millions), tasks cifar10, cifar100, imagenet16. Values are copied unchanged. The output is gzip with a
zero timestamp so re-running gives identical bytes.
"""
import csv, gzip, io, sys

TASKS = {"c10": "cifar10", "c100": "cifar100", "in16": "imagenet16"}

def rename(col):
    if col in ("index", "arch_str", "n_seeds"):
        return col
    prefix, rest = col.split("_", 1)
    task = TASKS[prefix]
    if rest == "time200_s":
        return task + "_time200"
    if rest == "params_m":
        return task + "_params"
    return task + "_" + rest

def main(src, dst):
    with gzip.open(src, "rt", newline="") as f:
        rows = list(csv.reader(f))
    header = rows[0]
    drop = {"ops"}  # the same information as arch_str
    keep = [i for i, c in enumerate(header) if c not in drop]
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow([rename(header[i]) for i in keep])
    for r in rows[1:]:
        vals = []
        for i in keep:
            v = r[i]
            if header[i].endswith("_params_m"):
                v = str(round(float(v) * 1e6))
            vals.append(v)
        w.writerow(vals)
    with open(dst, "wb") as raw:
        with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as g:
            g.write(out.getvalue().encode("utf-8"))

if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
