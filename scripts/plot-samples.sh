#!/usr/bin/env bash
# Draws one sample of each chart type (loss curves, contour and surface with descent paths, a curve with its
# gradient steps, a confusion matrix, class probabilities) from fixed data into DIR (default: plot-samples/), as
# PNG and SVG. Run from anywhere: scripts/plot-samples.sh [DIR]
#
# The README's images are not drawn here: they are the output of real commands, reproduced with
#   bin/descent train --out /tmp/run                       (loss.png -> docs/train-loss.png)
#   bin/descent landscape --out /tmp/landscape             (landscape-contour.png -> docs/)
#   bin/descent lesson local-minima --out /tmp/lessons     (local-minima.png -> docs/)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="$(realpath -m "${1:-plot-samples}")"
"$root/bin/descent" --version >/dev/null  # builds descent-cli/target/descent.jar if it is missing or stale
cd "$root"
java -cp descent-cli/target/descent.jar scripts/plot-samples/PlotSamples.java "$out"
