"""Shared by torch_perf.py and numpy_perf.py: the IDX reader and peak RSS (no torch import here)."""
import gzip
import os

import numpy as np


def load_idx(path):
    with (gzip.open(path, "rb") if path.endswith(".gz") else open(path, "rb")) as f:
        raw = f.read()
    dims = raw[3]
    shape = [int.from_bytes(raw[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def load(data_dir):
    def find(stem):
        for name in (stem + ".gz", stem):
            p = os.path.join(data_dir, name)
            if os.path.exists(p):
                return p
        raise SystemExit("missing " + stem + " in " + data_dir)
    xs = load_idx(find("train-images-idx3-ubyte")).reshape(-1, 784).astype(np.float32) / 255.0
    ys = load_idx(find("train-labels-idx1-ubyte")).astype(np.int64)
    xt = load_idx(find("t10k-images-idx3-ubyte")).reshape(-1, 784).astype(np.float32) / 255.0
    yt = load_idx(find("t10k-labels-idx1-ubyte")).astype(np.int64)
    return xs, ys, xt, yt


def peak_rss_mib():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024.0
    return float("nan")
