#!/usr/bin/env bash
# Builds descent-core and reports its F32 matmul GFLOP/s with 1 and 2 threads.
# Usage: bench/matmul.sh [seconds-per-case]   (run from anywhere; extra maven flags via MVN_FLAGS)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
mvn -q -B ${MVN_FLAGS:-} -pl descent-core -DskipTests package
java -cp descent-core/target/classes bench/matmul/MatMulBench.java "$@"
