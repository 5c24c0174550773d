#!/usr/bin/env bash
# The long fuzzing run reported in bench/RELIABILITY.md: each parser fuzz target for DURATION (default 5m), one after
# the other, with libFuzzer's statistics kept in bench/reliability/logs/<Target>.log.
# Usage: bench/reliability/fuzz-long.sh [DURATION] [Target ...]
set -u
cd "$(dirname "$0")/../.."
duration=${1:-5m}
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(IdxFuzzTest CsvFuzzTest SafetensorsFuzzTest JsonFuzzTest ExpressionFuzzTest CheckpointFuzzTest)
fi
mkdir -p bench/reliability/logs
for t in "${targets[@]}"; do
  echo "== $t for $duration"
  mvn -q -B -o -pl descent-core -Ddescent.target=target-fuzzlong test-compile surefire:test@fuzz \
      -Dtest="$t" -Ddescent.fuzz.duration="$duration" > "bench/reliability/logs/$t.mvn.log" 2>&1
  echo "   exit $?"
  out=$(ls descent-core/target-fuzzlong/fuzz-reports/*"$t"-output.txt 2>/dev/null | head -1)
  [ -n "$out" ] && cp "$out" "bench/reliability/logs/$t.log"
  grep -hE "DONE|Done [0-9]+ runs|FuzzTestFinding|Tests run" "bench/reliability/logs/$t.log" "bench/reliability/logs/$t.mvn.log" 2>/dev/null | tail -4
done
