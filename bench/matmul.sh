#!/usr/bin/env bash
# F32 matmul GFLOP/s of every Descent backend (its Java kernel, and OpenBLAS where descent-blas's natives load) with
# 1 and 2 threads, next to numpy's sgemm (Debian's OpenBLAS) measured in the same run and the machine's theoretical
# peak (cores × SIMD lanes × FMA units × 2 × clock).
# Usage: bench/matmul.sh [seconds-per-case] [table|kv|crossover]   (run from anywhere)
#   table (default): the side-by-side table
#   kv: Descent's key=value lines only (for bench/perf.sh)
#   crossover: µs per call on the training shapes, to place where a backend should decline small products
#   MVN_FLAGS=...     extra Maven flags (e.g. -o);  JAVA_OPTS=...  JVM flags (e.g. -Ddescent.blas.minWork=0)
#   PEAK_GFLOPS=g     theoretical peak of all cores, when lscpu's flags and clock would get it wrong
#   NUMPY=0           skip numpy (it needs python3-numpy and, to be a fair peer, libopenblas0-pthread)
#   JMH=0             time Descent with the plain best-of-runs timer (bench/matmul/MatMulBench.java) instead of the
#                     JMH benchmark (bench/jmh: JMH_WARMUP, JMH_ITERATIONS, JMH_SECONDS, JMH_FORKS, BACKENDS, SHAPES)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
budget=${1:-1.5}
# the Vector API backend needs the incubating module in the JVM (JMH passes it on to its forks)
JAVA_OPTS=${JAVA_OPTS:---add-modules jdk.incubator.vector}
mode=${2:-table}
# descent-blas's run-time class path (descent-core's jar, OpenBLAS and JavaCPP with their natives)
mvn -q -B ${MVN_FLAGS:-} -pl descent-blas -am -DskipTests -Ddescent.fuzz.skip=true package dependency:build-classpath \
  -DincludeScope=runtime -Dmdep.outputFile=target/runtime-classpath.txt >&2
cp="descent-blas/target/classes:$(cat descent-blas/target/runtime-classpath.txt)"
# JMH: descent-core and descent-blas go to the local Maven repository, where bench/jmh's separate build finds them
descent() {
  if [ "${JMH:-1}" != 0 ]; then
    mvn -q -B ${MVN_FLAGS:-} -pl descent-blas -am -DskipTests -Ddescent.fuzz.skip=true install >&2
    mvn -q -B ${MVN_FLAGS:-} -f bench/jmh/pom.xml package >&2
    JMH_SECONDS=${JMH_SECONDS:-$budget} java ${JAVA_OPTS:-} -cp "bench/jmh/target/classes:$(cat bench/jmh/target/classpath.txt)" \
      bench.jmh.MatMulJmh kv
  else
    java ${JAVA_OPTS:-} -cp "$cp" bench/matmul/MatMulBench.java "$budget" kv
  fi
}
if [ "$mode" = crossover ]; then
  exec java ${JAVA_OPTS:-} -cp "$cp" bench/matmul/MatMulBench.java "$budget" "$mode"
elif [ "$mode" = kv ]; then
  descent
  exit
fi

lines=$(mktemp)
trap 'rm -f "$lines"' EXIT
descent | tee -a "$lines" >&2
if [ "${NUMPY:-1}" != 0 ] && python3 -c 'import numpy' 2>/dev/null; then
  for t in 1 2; do
    # the thread count must be in the environment before numpy loads OpenBLAS
    OPENBLAS_NUM_THREADS=$t OMP_NUM_THREADS=$t python3 bench/perf/numpy_matmul.py "$budget" | tee -a "$lines" >&2
  done
  # Debian picks numpy's BLAS through the libblas.so.3 alternative: openblas-pthread, or the slow reference BLAS
  blas=$(readlink -f "$(ldconfig -p 2>/dev/null | awk '/libblas.so.3 / {print $NF; exit}')" 2>/dev/null || true)
else
  echo "numpy not measured (NUMPY=0 or python3-numpy missing)" >&2
  blas=""
fi

# Peak per core: SIMD lanes (F32) × FMA units × 2 flops per FMA × clock (the base clock: boosting cores run above it).
# AMD Zen 4 (family 19h = 25) runs AVX-512 on 256-bit units in two halves, so its lanes count as 8 (AMD, "Software
# Optimization Guide for AMD Family 19h Processors").
flags=$(lscpu | sed -n 's/^Flags: *//p')
mhz=$(lscpu | sed -n 's/^CPU max MHz: *//p')
[ -n "$mhz" ] || mhz=$(awk -F: '/^cpu MHz/ {if ($2 > m) m = $2} END {print m + 0}' /proc/cpuinfo)
cores=$(nproc)
lanes=4
case " $flags " in *" avx512f "*) lanes=16 ;; *" avx2 "* | *" avx "*) lanes=8 ;; esac
if [ "$lanes" = 16 ] && grep -q '^vendor_id.*AuthenticAMD' /proc/cpuinfo && grep -q '^cpu family[[:space:]]*: 25$' /proc/cpuinfo; then
  lanes=8
fi
fma=1
case " $flags " in *" fma "*) fma=2 ;; esac
if [ -n "${PEAK_GFLOPS:-}" ]; then
  core_peak=$(awk -v p="$PEAK_GFLOPS" -v c="$cores" 'BEGIN {print p / c}')
  peak_note="PEAK_GFLOPS=$PEAK_GFLOPS"
else
  core_peak=$(awk -v l="$lanes" -v f="$fma" -v m="$mhz" 'BEGIN {print l * f * 2 * m / 1000}')
  peak_note="$cores cores × $lanes lanes × $fma FMA × 2 × $(awk -v m="$mhz" 'BEGIN {printf "%.2f", m / 1000}') GHz"
fi

echo
echo "F32 matmul, GFLOP/s (best of runs), $(date -u +%Y-%m-%d), $(lscpu | sed -n 's/^Model name: *//p'), $cores CPUs"
echo "peak: $peak_note; numpy BLAS: ${blas:-?}"
awk -v corePeak="$core_peak" '
  /^impl=/ {
    delete f
    for (i = 1; i <= NF; i++) { split($i, kv, "="); f[kv[1]] = kv[2] }
    col = f["impl"] == "numpy" ? "numpy" : f["backend"]
    key = f["shape"] SUBSEP f["threads"]
    if (!(key in seen)) { seen[key] = 1; order[++n] = key }
    g[key, col] = f["gflops"]
  }
  END {
    printf "| %-14s | %7s | %8s | %8s | %8s | %8s | %8s | %-34s |\n", "m x k x n", "threads", "java", "vector",
      "openblas", "numpy", "peak", "best Descent vs numpy"
    printf "|%s|%s:|%s:|%s:|%s:|%s:|%s:|%s|\n", "----------------", "--------", "---------", "---------", "---------",
      "---------", "---------", "------------------------------------"
    for (i = 1; i <= n; i++) {
      split(order[i], sk, SUBSEP)
      k = order[i]
      best = g[k, "java"] + 0; bestName = "java"
      if ((k, "vector") in g && g[k, "vector"] + 0 > best) { best = g[k, "vector"] + 0; bestName = "vector" }
      if ((k, "openblas") in g && g[k, "openblas"] + 0 > best) { best = g[k, "openblas"] + 0; bestName = "openblas" }
      vs = (k, "numpy") in g ? sprintf("%.0f%% (%s), %.0f%% of peak", 100 * best / g[k, "numpy"], bestName,
        100 * best / (corePeak * sk[2])) : sprintf("%.0f%% of peak (%s)", 100 * best / (corePeak * sk[2]), bestName)
      printf "| %-14s | %7s | %8s | %8s | %8s | %8s | %8.0f | %-34s |\n", sk[1], sk[2], g[k, "java"],
        ((k, "vector") in g ? g[k, "vector"] : "-"), ((k, "openblas") in g ? g[k, "openblas"] : "-"),
        ((k, "numpy") in g ? g[k, "numpy"] : "-"), corePeak * sk[2], vs
    }
  }' "$lines"
