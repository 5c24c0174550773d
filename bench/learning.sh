#!/usr/bin/env bash
# The learning benchmark (how well the tutorials' networks learn real data): Nielsen's 784-30-10 on Fashion-MNIST
# (5 epochs) and on MNIST (30 epochs, when ../shared/data/mnist or $MNIST_DIR exists), and 784-128-10 ReLU +
# cross-entropy + momentum on both.
# Prints test accuracy per epoch and training samples/second. Run from the repository root: bench/learning.sh
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -d /usr/share/datasets/fashion-mnist ]; then
  echo "installing Debian's dataset-fashion-mnist (needs root)"; apt-get install -y -q dataset-fashion-mnist
fi
mvn -q -B -DskipTests -pl descent-core install >/dev/null
cp=descent-core/target/classes:$(ls ~/.m2/repository/com/fasterxml/jackson/core/jackson-core/2.18.2/jackson-core-2.18.2.jar)
run() { java -Xmx4g -cp "$cp" bench/learning/LearningBench.java "$@"; }
run fashion-mnist nielsen "${FASHION_EPOCHS:-5}"
run fashion-mnist relu "${FASHION_EPOCHS:-5}"
run fashion-mnist relu "${FASHION_RELU_EPOCHS:-10}" 0.01
mnist=${MNIST_DIR:-../shared/data/mnist}
if [ -d "$mnist" ]; then
  run "mnist=$mnist" nielsen "${MNIST_EPOCHS:-30}"
  run "mnist=$mnist" relu "${MNIST_RELU_EPOCHS:-10}"
fi
