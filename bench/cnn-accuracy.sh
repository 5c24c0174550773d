#!/usr/bin/env bash
# The convolutional accuracy benchmark: trains a convolutional network through the real command and prints the test
# accuracy after each epoch, at the end, and the wall time. By default conv8-pool-conv16-pool-10 (3x3 convolutions
# with padding 1 and ReLU, 2x2 max pooling, one linear layer) with cross-entropy and Adam (lr 0.001, batch 64) for 3
# epochs on MNIST. Targets: >= 98.5% after 3 epochs for that network; a LeNet-style network
# (conv6k5-pool-conv16k5-pool-120-84-10) >= 99.0% on MNIST and >= 90% on Fashion-MNIST.
#
# Usage (from anywhere): bench/cnn-accuracy.sh DATA [MODEL]
#   DATA          MNIST_DIR (a directory with MNIST's four IDX files, train-images-idx3-ubyte[.gz], ...) or a
#                 --data spec: mnist=DIR, fashion-mnist (Debian's dataset-fashion-mnist) or fashion-mnist=DIR
#   MODEL         --model (default conv8-pool-conv16-pool-10; also the MODEL variable)
#   EPOCHS=n      epochs (default 3);  THREADS=n  threads (default 2);  SEED=n  seed (default 42)
#   LR=x BATCH=n  Adam's learning rate (default 0.001) and the batch size (default 64)
#   NORMALIZE=yes standardize the inputs with the training set's mean and std (train --normalize)
#   SCHEDULE=spec learning-rate schedule per epoch (train --schedule, e.g. cosine; default constant; Descent only)
#   TORCH=yes     then train the same network with PyTorch (bench/perf/torch_cnn_accuracy.py, Debian's python3-torch)
# Examples:
#   bench/cnn-accuracy.sh MNIST_DIR
#   NORMALIZE=yes EPOCHS=10 bench/cnn-accuracy.sh MNIST_DIR conv6k5-pool-conv16k5-pool-120-84-10
#   NORMALIZE=yes EPOCHS=10 SCHEDULE=cosine bench/cnn-accuracy.sh fashion-mnist conv6k5-pool-conv16k5-pool-120-84-10
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
[ $# -ge 1 ] && [ $# -le 2 ] || { echo "usage: bench/cnn-accuracy.sh DATA [MODEL]" >&2; exit 2; }
data="$1"
if [ -d "$data" ]; then
  dir="$(cd "$data" && pwd)"
  data="mnist=$dir"
elif [[ "$data" == *=* ]]; then
  dir="${data#*=}"
else
  dir=/usr/share/datasets/fashion-mnist
fi
model="${2:-${MODEL:-conv8-pool-conv16-pool-10}}"
epochs="${EPOCHS:-3}"
threads="${THREADS:-2}"
seed="${SEED:-42}"
normalize=()
[ "${NORMALIZE:-no}" = yes ] && normalize=(--normalize)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
echo "descent: $data $model, Adam lr ${LR:-0.001} ${SCHEDULE:-constant}, batch ${BATCH:-64}, $epochs epochs," \
  "${normalize[*]:-no normalization}"
start=$(date +%s)
"$root/bin/descent" train --data "$data" --model "$model" --activation relu --loss cross-entropy --optimizer adam \
  --lr "${LR:-0.001}" --batch "${BATCH:-64}" --epochs "$epochs" --threads "$threads" --seed "$seed" \
  --schedule "${SCHEDULE:-constant}" \
  "${normalize[@]}" --progress never --out "$out/run" | grep --line-buffered -E '^ *[0-9]+ |^epoch|^test accuracy|^parameters|^inputs'
echo "descent: wall time $(( $(date +%s) - start )) s"
if [ "${TORCH:-no}" = yes ]; then
  start=$(date +%s)
  /usr/bin/python3 "$root/bench/perf/torch_cnn_accuracy.py" "$dir" "$epochs" "$threads" "$seed" "$model" \
    "${NORMALIZE:-no}" "${LR:-0.001}" "${BATCH:-64}"
  echo "pytorch: wall time $(( $(date +%s) - start )) s"
fi
