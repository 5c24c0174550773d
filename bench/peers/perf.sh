#!/usr/bin/env bash
# The Java incumbents alone (no Descent, PyTorch or numpy rows, no matmul): builds bench/peers, runs DL4J and Smile
# on configurations a and c, and prints the table bench/perf/report.py makes of them (not written anywhere unless
# RESULTS=path). bench/perf.sh runs the same peers next to the other implementations.
# Usage: bench/peers/perf.sh   (EPOCHS, CONFIGS, THREADS, PEER_LIST, DATA_DIR, WARMUP_SECONDS, MVN_FLAGS as there)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
EPOCHS=${EPOCHS:-1}
CONFIGS=${CONFIGS:-a c}
THREADS=${THREADS:-2}
DATA=${DATA_DIR:-/usr/share/datasets/fashion-mnist}
mvn -q -B ${MVN_FLAGS:-} -f bench/peers/pom.xml package >&2
lines=$(mktemp)
trap 'rm -f "$lines"' EXIT
for c in $CONFIGS; do
  for peer in ${PEER_LIST:-dl4j smile}; do
    echo "  $peer $c" >&2
    bench/peers/peer.sh "$peer" "$c" "$EPOCHS" "$THREADS" "$DATA" | grep '^impl=' | tee -a "$lines" >&2
  done
done
python3 bench/perf/report.py "$lines" "$EPOCHS" "$THREADS" "${RESULTS:--}"
