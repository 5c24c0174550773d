#!/usr/bin/env bash
# The side-by-side training-speed benchmark: trains configurations a–e on Fashion-MNIST with Descent, PyTorch and a
# vectorised numpy MLP (data preloaded, 2 threads everywhere), then times F32 matmul against numpy/OpenBLAS sgemm,
# and prints both tables with the machine's theoretical peak. Writes them, dated, to bench/RESULTS.md.
#
# Usage (from anywhere): bench/perf.sh
#   EPOCHS=n        epochs per configuration (default 1)
#   CONFIGS="a c"   which configurations (default "a b c d e"; e, a small CNN, has no numpy peer)
#   THREADS=n       threads for every implementation (default 2)
#   TORCH_1T=0      skip the extra single-thread PyTorch row (shown because OpenMP's spinning makes 2-thread
#                   PyTorch collapse on a machine that is busy with other work)
#   MATMUL=0        skip the matmul table;  MATMUL_SECONDS=s  time budget per matmul case (default 1)
#   RESULTS=path    where to write the tables (default bench/RESULTS.md; RESULTS=- to skip)
#   WARMUP_SECONDS=s  untimed warm-up on a throwaway copy of each model before the timed epochs, for Descent's JIT
#                   and PyTorch alike (default 3; numpy needs none)
#   MVN_FLAGS=...   extra Maven flags (e.g. -o); JAVA_OPTS=... JVM flags for Descent
#   DESCENT_BACKENDS="vector openblas java"  one Descent row per matmul backend (default "vector openblas"); the
#                   first is the one the ratio column divides
#   PEERS=0         skip the Java incumbents (Deeplearning4j and Smile, on a and c), built from bench/peers, a
#                   separate Maven project; PEERS_JAVA_OPTS=... their JVM flags. bench/peers/perf.sh runs them alone
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
EPOCHS=${EPOCHS:-1}
CONFIGS=${CONFIGS:-a b c d e}
THREADS=${THREADS:-2}
PY=/usr/bin/python3 # Debian's python, which has python3-torch and python3-numpy
DATA=${DATA_DIR:-/usr/share/datasets/fashion-mnist}

need=()
[ -d "$DATA" ] || need+=(dataset-fashion-mnist)
$PY -c 'import torch' 2>/dev/null || need+=(python3-torch)
$PY -c 'import numpy' 2>/dev/null || need+=(python3-numpy)
# without OpenBLAS, Debian's torch and numpy fall back to the reference BLAS (~4.6 GFLOP/s): not a fair peer
[ -e /usr/lib/x86_64-linux-gnu/openblas-pthread/libblas.so.3 ] || [ -n "$(ls /usr/lib/*/openblas-pthread/libblas.so.3 2>/dev/null)" ] \
  || need+=(libopenblas0-pthread)
if [ ${#need[@]} -gt 0 ]; then
  echo "installing Debian packages: ${need[*]} (needs root)" >&2
  apt-get install -y -q "${need[@]}" >&2
fi

target=${DESCENT_TARGET:-target-bench}
# descent-core and descent-blas (OpenBLAS), with descent-blas's run-time class path (JavaCPP, OpenBLAS natives)
mvn -q -B ${MVN_FLAGS:-} -pl descent-blas -am -DskipTests -Ddescent.fuzz.skip=true -Ddescent.target="$target" package \
  dependency:build-classpath -DincludeScope=runtime -Dmdep.outputFile="$target/runtime-classpath.txt" >&2
classes="$root/descent-core/$target/classes"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
# compiled ahead, so javac (the source launcher) does not sit in the measured process
javac --release 17 -nowarn -d "$out/bench" -cp "$classes" bench/perf/DescentPerf.java
cp="$root/descent-blas/$target/classes:$(cat "$root/descent-blas/$target/runtime-classpath.txt"):$out/bench"
JAVA_OPTS=${JAVA_OPTS:--Xms384m -Xmx384m -XX:+UseSerialGC}
# the Vector API kernel needs the incubating module; without it Descent picks OpenBLAS, then its Java kernel
VECTOR_FLAG="--add-modules jdk.incubator.vector"
DESCENT_BACKENDS=${DESCENT_BACKENDS:-vector openblas}
if [ "${PEERS:-1}" != 0 ]; then
  mvn -q -B ${MVN_FLAGS:-} -f bench/peers/pom.xml package >&2
fi

lines="$out/lines.txt"
: > "$lines"
run() { echo "  $*" >&2; "$@" | grep '^impl=' | tee -a "$lines" >&2; }
for c in $CONFIGS; do
  echo "config $c" >&2
  for backend in $DESCENT_BACKENDS; do
    run java $JAVA_OPTS $VECTOR_FLAG -Ddescent.gemm="$backend" -cp "$cp" DescentPerf "$c" "$EPOCHS" "$THREADS" "$DATA"
  done
  run env OMP_NUM_THREADS="$THREADS" $PY bench/perf/torch_perf.py "$c" "$EPOCHS" "$THREADS" "$DATA"
  if [ "${TORCH_1T:-1}" != 0 ] && [ "$THREADS" != 1 ]; then
    run env OMP_NUM_THREADS=1 $PY bench/perf/torch_perf.py "$c" "$EPOCHS" 1 "$DATA"
  fi
  if [ "$c" != e ]; then
    run env OPENBLAS_NUM_THREADS="$THREADS" $PY bench/perf/numpy_perf.py "$c" "$EPOCHS" "$THREADS" "$DATA"
  fi
  if [ "${PEERS:-1}" != 0 ] && { [ "$c" = a ] || [ "$c" = c ]; }; then
    for peer in dl4j smile; do
      run bench/peers/peer.sh "$peer" "$c" "$EPOCHS" "$THREADS" "$DATA"
    done
  fi
done
if [ "${MATMUL:-1}" != 0 ]; then
  echo "matmul" >&2
  # JMH (bench/jmh) over every backend, 1 and 2 threads
  bench/matmul.sh "${MATMUL_SECONDS:-1}" kv | tee -a "$lines" >&2
  for t in 1 2; do
    OPENBLAS_NUM_THREADS=$t $PY bench/perf/numpy_matmul.py "${MATMUL_SECONDS:-1}" | tee -a "$lines" >&2
  done
fi
$PY bench/perf/report.py "$lines" "$EPOCHS" "$THREADS" "${RESULTS:-$root/bench/RESULTS.md}"
