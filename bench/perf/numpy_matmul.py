"""numpy (OpenBLAS) sgemm GFLOP/s on the benchmark networks' shapes, best of repeated runs. Thread count comes from
OPENBLAS_NUM_THREADS, which must be set before numpy loads (perf.sh runs this once per thread count).
Prints one line per shape: impl=numpy shape=MxKxN threads=T gflops=G
Usage: OPENBLAS_NUM_THREADS=T python3 numpy_matmul.py [seconds-per-shape]
"""
import os
import sys
import time

import numpy as np

SHAPES = [(64, 784, 128), (128, 784, 512), (512, 512, 512), (1024, 1024, 1024), (2048, 2048, 2048)]


def main():
    budget = float(sys.argv[1]) if len(sys.argv) > 1 else 1.0
    rng = np.random.default_rng(42)
    threads = os.environ.get("OPENBLAS_NUM_THREADS", "?")
    for m, k, n in SHAPES:
        a = rng.uniform(-1, 1, (m, k)).astype(np.float32)
        b = rng.uniform(-1, 1, (k, n)).astype(np.float32)
        c = np.empty((m, n), dtype=np.float32)
        for _ in range(3):
            np.matmul(a, b, out=c)
        best = float("inf")
        end = time.perf_counter() + budget
        runs = 0
        while runs < 3 or time.perf_counter() < end:
            t0 = time.perf_counter()
            np.matmul(a, b, out=c)
            best = min(best, time.perf_counter() - t0)
            runs += 1
        print("impl=numpy shape=%dx%dx%d threads=%s gflops=%.2f" % (m, k, n, threads, 2.0 * m * n * k / best / 1e9))


if __name__ == "__main__":
    main()
