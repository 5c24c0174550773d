#!/usr/bin/env bash
# The accuracy check: does Descent reach the same test accuracy as PyTorch after the same epochs? One run per
# implementation says little (1-epoch accuracy of a sigmoid network with N(0,1) weights moves by points from seed to
# seed), so this trains every configuration with SEEDS different seeds in each implementation (Descent, PyTorch and
# the numpy MLP) — the protocol of bench/perf.sh (Fashion-MNIST, data preloaded, full batches) — and compares means.
#
# Usage (from anywhere): bench/accuracy.sh
#   SEEDS=n        seeds per implementation and configuration (default 5)
#   EPOCHS=n       epochs per run (default 1)
#   CONFIGS="a c"  which configurations (default "a b c d")
#   THREADS=n      threads (default 2)
#   RESULTS=path   append the table to this file (default: print only)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
SEEDS=${SEEDS:-5}
EPOCHS=${EPOCHS:-1}
CONFIGS=${CONFIGS:-a b c d}
THREADS=${THREADS:-2}
PY=/usr/bin/python3
DATA=${DATA_DIR:-/usr/share/datasets/fashion-mnist}
[ -d "$DATA" ] || { echo "accuracy.sh: no Fashion-MNIST at $DATA (apt-get install dataset-fashion-mnist)" >&2; exit 1; }
$PY -c 'import torch' 2>/dev/null || { echo "accuracy.sh: python3-torch is missing (apt-get install python3-torch)" >&2; exit 1; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
cp=$("$root/bench/perf/descent-classpath.sh" "$out")
lines="$out/lines.txt"
: > "$lines"
for c in $CONFIGS; do
  for s in $(seq 1 "$SEEDS"); do
    echo "config $c seed $s" >&2
    SEED=$s WARMUP_SECONDS=0 java -Xmx1g -cp "$cp" DescentPerf "$c" "$EPOCHS" "$THREADS" "$DATA" | grep '^impl=' >> "$lines"
    SEED=$s WARMUP_SECONDS=0 OMP_NUM_THREADS="$THREADS" $PY "$root/bench/perf/torch_perf.py" "$c" "$EPOCHS" "$THREADS" "$DATA" \
      | grep '^impl=' >> "$lines"
    SEED=$s OPENBLAS_NUM_THREADS="$THREADS" $PY "$root/bench/perf/numpy_perf.py" "$c" "$EPOCHS" "$THREADS" "$DATA" \
      | grep '^impl=' >> "$lines"
  done
done
$PY "$root/bench/perf/accuracy_report.py" "$lines" "$EPOCHS" "$SEEDS" "${RESULTS:-}"
