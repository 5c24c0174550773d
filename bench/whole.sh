#!/usr/bin/env bash
# The whole-process benchmark: `bin/descent train` as a user runs it (start-up, data loading, every epoch, evaluation,
# outputs, exit) against PyTorch's script doing the same (bench/perf/torch_whole.py: import, load, train, evaluate,
# save) on 1 and 2 threads, run alternately, medians of several runs; peak RSS of each process; Descent's first/third
# epoch ratio; and the start-up of `bin/descent --version` and `bin/descent graph`. Prints a markdown table and puts
# it into bench/RESULTS.md (its own block, which bench/perf.sh keeps).
#
# Usage (from anywhere): bench/whole.sh
#   CONFIGS="a c"   which configurations (default "a b c d e", bench/perf.sh's; e is the small CNN)
#   EPOCHS="1 2 10" epoch counts (default 2)
#   RUNS=n          runs per implementation and cell (default 5);  STARTUP_RUNS=n (default 10)
#   TORCH_THREADS="1"  PyTorch's thread counts (default "1 2"; 2-thread PyTorch takes minutes per run on a busy
#                   machine: OpenMP's threads spin for each other)
# On a machine shared with other work, `nice -n -19 bench/whole.sh` (root) gives both sides the same head start.
#   RATIO_RUNS=n    extra 3-epoch Descent runs for the epoch ratio when EPOCHS has no count >= 3 (default 3)
#   RESULTS=path    where to put the table (default bench/RESULTS.md; RESULTS=- to skip)
#   DATA_DIR=dir    Fashion-MNIST (default /usr/share/datasets/fashion-mnist)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
PY=/usr/bin/python3 # Debian's python, which has python3-torch
DATA_DIR=${DATA_DIR:-/usr/share/datasets/fashion-mnist}
need=()
[ -d "$DATA_DIR" ] || need+=(dataset-fashion-mnist)
$PY -c 'import torch' 2>/dev/null || need+=(python3-torch)
[ -n "$(ls /usr/lib/*/openblas-pthread/libblas.so.3 2>/dev/null)" ] || need+=(libopenblas0-pthread)
if [ ${#need[@]} -gt 0 ]; then
  echo "installing Debian packages: ${need[*]} (needs root)" >&2
  apt-get install -y -q "${need[@]}" >&2
fi
# the first call builds descent.jar when the sources are newer: not inside a timed run
"$root/bin/descent" --version >/dev/null
DATA_DIR="$DATA_DIR" exec $PY "$root/bench/perf/whole.py"
