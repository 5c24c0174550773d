#!/usr/bin/env bash
# Is a gap in one-epoch test accuracy between Descent and PyTorch arithmetic, or chaos? This trains configuration a
# (Nielsen's 784-30-10 sigmoid network, SGD lr 3.0, batch 10) from the SAME start and the SAME example order in four
# ways — Descent F32 and F64, PyTorch float32 and float64 — for several seeds, and prints the test accuracies side by
# side. If PyTorch float32 and float64 (same library, same start) end points apart, the one-epoch accuracy of this
# configuration is chaotic in rounding, and implementations must be compared by their mean over many seeds.
#
# Usage (from anywhere): bench/same-start.sh      SEEDS=n (default 8)  EPOCHS=n (default 1)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
SEEDS=${SEEDS:-8}
EPOCHS=${EPOCHS:-1}
PY=/usr/bin/python3
DATA=${DATA_DIR:-/usr/share/datasets/fashion-mnist}
[ -d "$DATA" ] || { echo "same-start.sh: no Fashion-MNIST at $DATA (apt-get install dataset-fashion-mnist)" >&2; exit 1; }
$PY -c 'import torch' 2>/dev/null || { echo "same-start.sh: python3-torch is missing (apt-get install python3-torch)" >&2; exit 1; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
cp=$("$root/bench/perf/descent-classpath.sh" "$out")
javac --release 17 -nowarn -d "$out/bench" -cp "$cp" "$root/bench/perf/SameStart.java" >&2
lines="$out/lines.txt"
: > "$lines"
for s in $(seq 1 "$SEEDS"); do
  mkdir -p "$out/start$s"
  java -Xmx1g -cp "$cp" SameStart "$s" "$EPOCHS" "$DATA" "$out/start$s" | tee -a "$lines" >&2
  (cd "$root/bench/perf" && $PY same_start.py "$s" "$EPOCHS" "$DATA" "$out/start$s") | tee -a "$lines" >&2
done
$PY - "$lines" "$EPOCHS" <<'PYEOF'
import sys, statistics
acc = {}
for line in open(sys.argv[1]):
    kv = dict(p.split("=", 1) for p in line.split())
    acc.setdefault(int(kv["seed"]), {})[kv["impl"]] = 100 * float(kv["acc"])
impls = ["descent-f32", "descent-f64", "torch-f32", "torch-f64"]
print("### Same start, same order: configuration a, %s epoch(s), test accuracy %%" % sys.argv[2])
print()
print("| seed | " + " | ".join(impls) + " |")
print("|---|" + "---:|" * len(impls))
for s in sorted(acc):
    print("| %d | " % s + " | ".join("%.2f" % acc[s][i] for i in impls) + " |")
print("| mean | " + " | ".join("%.2f" % statistics.mean(acc[s][i] for s in acc) for i in impls) + " |")
print()
for a, b in (("descent-f32", "torch-f32"), ("descent-f32", "torch-f64"), ("torch-f32", "torch-f64"), ("descent-f64", "torch-f64")):
    d = [acc[s][a] - acc[s][b] for s in acc]
    print("%s − %s: mean %+.2f, mean |·| %.2f, max |·| %.2f points" % (a, b, statistics.mean(d),
          statistics.mean(abs(v) for v in d), max(abs(v) for v in d)))
PYEOF
