#!/usr/bin/env bash
# The convolutional accuracy benchmark: trains conv8-pool-conv16-pool-10 (3x3 convolutions with padding 1 and ReLU,
# 2x2 max pooling, one linear layer) with cross-entropy and Adam (lr 0.001, batch 64) for 3 epochs on MNIST through
# the real command, and prints the test accuracy after each epoch and at the end. Target: >= 98.5% after 3 epochs.
#
# Usage (from anywhere): bench/cnn-accuracy.sh MNIST_DIR
#   MNIST_DIR     a directory with MNIST's four IDX files (train-images-idx3-ubyte[.gz], …)
#   EPOCHS=n      epochs (default 3);  THREADS=n  threads (default 2);  SEED=n  seed (default 42)
#   MODEL=spec    another --model (default conv8-pool-conv16-pool-10)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
[ $# -eq 1 ] || { echo "usage: bench/cnn-accuracy.sh MNIST_DIR" >&2; exit 2; }
dir="$(cd "$1" && pwd)" || { echo "cnn-accuracy.sh: no directory $1" >&2; exit 2; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
"$root/bin/descent" train --data "mnist=$dir" --model "${MODEL:-conv8-pool-conv16-pool-10}" --activation relu \
  --loss cross-entropy --optimizer adam --lr 0.001 --batch 64 --epochs "${EPOCHS:-3}" --threads "${THREADS:-2}" \
  --seed "${SEED:-42}" --out "$out/run" | grep -E '^ *[0-9]+ |^epoch|^test accuracy|^parameters'
