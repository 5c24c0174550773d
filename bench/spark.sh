#!/usr/bin/env bash
# Training speed on Spark against one machine, and parameter averaging against synchronous training:
#  1. samples/s of configs a and d of bench/perf.sh on Fashion-MNIST through `bin/descent train`, the second epoch
#     on LIMIT examples: without Spark (Vector API kernel, and OpenBLAS as the Spark runs use), with --spark local[1] and
#     --spark local[2] (synchronous: one broadcast and one treeAggregate per step);
#  2. test accuracy per epoch of config c with synchronous training (Trainer on one machine, which synchronous Spark
#     training equals) against ModelAveraging every K local steps on local[2] with 2 partitions.
#
# Usage (from anywhere): bench/spark.sh
#   LIMIT=n       training examples for the speed runs (default 2000; the test set is LIMIT/4)
#   EPOCHS=n      epochs of the averaging comparison (default 2);  KS="1 8 32"  its local step counts
#   PART=1|2      run only part 1 or 2;  SYNC=0  leave out part 2's synchronous run
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
LIMIT=${LIMIT:-2000}
data=fashion-mnist
config_a=(--model 784-30-10 --activation sigmoid --loss quadratic --optimizer sgd --lr 3 --batch 10)
config_d=(--model 784-512-512-10 --activation relu --init uniform --loss cross-entropy --optimizer adam --lr 0.001 --batch 128)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# samples/s of epoch 2 (epoch 1 warms the JIT up and, on Spark, caches the partitions): the training examples over
# the epoch's seconds (the last column of the epoch table)
rate() {
    local seconds
    seconds=$("$@" --data "$data" --limit "$LIMIT" --epochs 2 --progress never --out "$out/run" --overwrite \
        | awk '$1 == "2" { gsub("s", "", $NF); print $NF }')
    awk -v n="$LIMIT" -v s="$seconds" 'BEGIN { printf "%.0f samples/s (%.1f s)\n", n / s, s }'
}

if [ "${PART:-1}" = 1 ] || [ -z "${PART:-}" ]; then
    for c in a d; do
        ref="config_$c[@]"
        echo "config $c: ${!ref}"
        printf '  no Spark, vector, 2 threads:   '; rate bin/descent train "${!ref}" --threads 2
        printf '  no Spark, openblas, 1 thread:  '; DESCENT_VECTOR=0 rate bin/descent train "${!ref}" --threads 1
        printf '  --spark local[1], 1 thread:    '; rate bin/descent train "${!ref}" --threads 1 --spark 'local[1]'
        printf '  --spark local[2], 1 thread:    '; rate bin/descent train "${!ref}" --threads 1 --spark 'local[2]'
    done
fi

if [ "${PART:-2}" = 2 ] || [ -z "${PART:-}" ]; then
    target=target
    cp="$root/descent-spark/$target/descent-spark-0.1.0-SNAPSHOT.jar:$root/descent-core/$target/classes"
    jackson=$(sed -n 's:.*<jackson.version>\(.*\)</jackson.version>.*:\1:p' pom.xml)
    cp="$cp:$HOME/.m2/repository/com/fasterxml/jackson/core/jackson-core/$jackson/jackson-core-$jackson.jar"
    cp="$cp:$(cat "$root/descent-spark/$target/spark-classpath.txt")"
    javac --release 17 -nowarn -d "$out/bench" -cp "$cp" bench/spark/AveragingBench.java
    opens=()
    for p in java.lang java.lang.invoke java.lang.reflect java.io java.net java.nio java.util java.util.concurrent \
            java.util.concurrent.atomic jdk.internal.ref sun.nio.ch sun.nio.cs sun.security.action sun.util.calendar; do
        opens+=("--add-opens=java.base/$p=ALL-UNNAMED")
    done
    java "${opens[@]}" -Dlog4j2.configurationFile=descent-spark-log4j2.properties -cp "$cp:$out/bench" \
        AveragingBench "${EPOCHS:-2}" ${KS:-1 8 32}
fi
