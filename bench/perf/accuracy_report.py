"""Turns bench/accuracy.sh's impl= lines into a table of mean test accuracy per configuration and implementation.

Usage: accuracy_report.py LINES EPOCHS SEEDS [RESULTS_FILE]
"""
import statistics
import sys
from collections import defaultdict

NAMES = {"a": "a. 784-30-10 sigmoid MSE SGD b10", "b": "b. 784-16-16-10 sigmoid MSE SGD b10",
         "c": "c. 784-128-10 ReLU CE momentum b64", "d": "d. 784-512-512-10 ReLU CE Adam b128"}


def main():
    lines, epochs, seeds = sys.argv[1], sys.argv[2], sys.argv[3]
    results = sys.argv[4] if len(sys.argv) > 4 else ""
    acc = defaultdict(list)
    for line in open(lines):
        f = dict(kv.split("=", 1) for kv in line.split())
        acc[(f["config"], f["impl"])].append(100 * float(f["test_acc"]))
    out = ["### Test accuracy over %s seeds, %s epoch(s), Fashion-MNIST" % (seeds, epochs), "",
           "| config | implementation | mean % | sd | min | max | Descent − PyTorch |", "|---|---|---:|---:|---:|---:|---:|"]
    for config in sorted({c for c, _ in acc}):
        d = acc.get((config, "descent"), [])
        t = acc.get((config, "pytorch"), [])
        for impl, xs in (("descent", d), ("pytorch", t), ("numpy", acc.get((config, "numpy"), []))):
            if not xs:
                continue
            diff = ""
            if impl == "descent" and t:
                diff = "%+.2f points" % (statistics.mean(d) - statistics.mean(t))
            sd = statistics.stdev(xs) if len(xs) > 1 else 0.0
            out.append("| %s | %s | %.2f | %.2f | %.2f | %.2f | %s |" % (
                NAMES.get(config, config), impl, statistics.mean(xs), sd, min(xs), max(xs), diff))
    text = "\n".join(out) + "\n"
    print(text)
    if results:
        with open(results, "a") as fh:
            fh.write("\n" + text)


if __name__ == "__main__":
    main()
