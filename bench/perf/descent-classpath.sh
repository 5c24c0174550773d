#!/usr/bin/env bash
# Builds descent-core (into descent-core/$DESCENT_TARGET, default target-bench) and the benchmark's Java drivers, and
# prints the classpath that runs them. Used by bench/accuracy.sh. Usage: bench/perf/descent-classpath.sh OUT_DIR
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
out="$1"
target=${DESCENT_TARGET:-target-bench}
(cd "$root" && mvn -q -B ${MVN_FLAGS:-} -pl descent-core -DskipTests -Ddescent.target="$target" package >&2)
jv=$(sed -n 's:.*<jackson.version>\(.*\)</jackson.version>.*:\1:p' "$root/pom.xml")
jackson=~/.m2/repository/com/fasterxml/jackson/core/jackson-core/$jv/jackson-core-$jv.jar
classes="$root/descent-core/$target/classes"
javac --release 17 -nowarn -d "$out/bench" -cp "$classes" "$root/bench/perf/DescentPerf.java" >&2
echo "$classes:$jackson:$out/bench"
