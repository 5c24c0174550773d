#!/usr/bin/env bash
# Runs one Java incumbent of the speed benchmark (dl4j or smile) on one configuration (a or c) with the protocol of
# bench/perf/DescentPerf.java and prints its impl=... line. Build first: mvn -q -B -f bench/peers/pom.xml package
# Usage: bench/peers/peer.sh PEER CONFIG EPOCHS THREADS DATA_DIR
#   PEERS_JAVA_OPTS=...  JVM flags (default: serial GC, as Descent's run, so the JVM adds no GC threads)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
peer=$1 config=$2 epochs=$3 threads=$4 data=$5
case "$peer" in
  dl4j) main=bench.peers.dl4j.Dl4jPeer ;;
  smile) main=bench.peers.smile.SmilePeer ;;
  *) echo "unknown peer $peer (dl4j or smile)" >&2; exit 2 ;;
esac
jar=$(ls "$here/$peer"/target/descent-bench-peers-"$peer"-*.jar)
# every native thread pool the libraries may start: libnd4j's OpenMP, and OpenBLAS (bundled by javacpp)
export OMP_NUM_THREADS="$threads" OPENBLAS_NUM_THREADS="$threads" MKL_NUM_THREADS="$threads"
# shellcheck disable=SC2086
exec java ${PEERS_JAVA_OPTS:--XX:+UseSerialGC -Xmx1g} -cp "$jar:$(cat "$here/$peer/target/classpath.txt")" \
  "$main" "$config" "$epochs" "$threads" "$data"
