"""PyTorch's side of bench/cnn-accuracy.sh: the same network (by default conv8-pool-conv16-pool-10; any model of
Descent's convolutional grammar: convN, convNkK, pool, avgpool, bn, widths), ReLU, PyTorch's default initialization,
cross-entropy, Adam, pixels in [0, 1] (standardized with the training set's mean and std when NORMALIZE is yes, as
train --normalize and transforms.Normalize do), a seeded shuffle per epoch; prints the test accuracy after each epoch.
Usage: python3 torch_cnn_accuracy.py DATA_DIR [EPOCHS] [THREADS] [SEED] [MODEL] [NORMALIZE] [LR] [BATCH]
"""
import os
import re
import sys

import torch

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import load  # noqa: E402


def build(spec):
    """nn.Sequential for Descent's --model grammar on [1, 28, 28] images, as ModelSpec.build lays it out."""
    parts = spec.split("-")
    layers = [torch.nn.Unflatten(1, (1, 28, 28))]
    channels, side, features = 1, 28, None
    for i, p in enumerate(parts):
        norm = i + 1 < len(parts) and parts[i + 1] == "bn"
        last = i == len(parts) - 1
        m = re.fullmatch(r"conv(\d+)(?:k(\d+))?", p)
        if m:
            out, k = int(m.group(1)), int(m.group(2) or 3)
            layers.append(torch.nn.Conv2d(channels, out, k, padding=k // 2))
            channels, side = out, side + 2 * (k // 2) - k + 1
            if norm:
                layers.append(torch.nn.BatchNorm2d(channels))
            layers.append(torch.nn.ReLU())
        elif p in ("pool", "avgpool"):
            layers.append(torch.nn.MaxPool2d(2) if p == "pool" else torch.nn.AvgPool2d(2))
            side //= 2
        elif p.isdigit():
            if features is None:
                layers.append(torch.nn.Flatten())
                features = channels * side * side
            layers.append(torch.nn.Linear(features, int(p)))
            features = int(p)
            if not last:
                if norm:
                    layers.append(torch.nn.BatchNorm1d(features))
                layers.append(torch.nn.ReLU())
    return torch.nn.Sequential(*layers)


def main():
    data_dir = sys.argv[1]
    epochs = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    torch.set_num_threads(int(sys.argv[3]) if len(sys.argv) > 3 else 2)
    torch.manual_seed(int(sys.argv[4]) if len(sys.argv) > 4 else 42)
    spec = sys.argv[5] if len(sys.argv) > 5 else "conv8-pool-conv16-pool-10"
    normalize = len(sys.argv) > 6 and sys.argv[6] == "yes"
    lr = float(sys.argv[7]) if len(sys.argv) > 7 else 1e-3
    batch = int(sys.argv[8]) if len(sys.argv) > 8 else 64
    xs, ys, xt, yt = load(data_dir)
    X, Y, XT, YT = torch.from_numpy(xs), torch.from_numpy(ys), torch.from_numpy(xt), torch.from_numpy(yt)
    if normalize:
        mean, std = X.mean(), X.std(unbiased=False)
        print("pytorch: inputs standardized with mean %.4f std %.4f" % (mean, std), flush=True)
        X, XT = (X - mean) / std, (XT - mean) / std
    net = build(spec)
    opt = torch.optim.Adam(net.parameters(), lr=lr)
    ce = torch.nn.CrossEntropyLoss()
    n = X.shape[0]
    for epoch in range(1, epochs + 1):
        perm = torch.randperm(n)
        net.train()
        for s in range(0, n, batch):
            idx = perm[s:s + batch]
            opt.zero_grad()
            ce(net(X[idx]), Y[idx]).backward()
            opt.step()
        net.eval()
        with torch.no_grad():
            acc = (net(XT).argmax(1) == YT).float().mean().item()
        print("pytorch: %s epoch %d test accuracy %.2f%%" % (spec, epoch, 100 * acc), flush=True)


if __name__ == "__main__":
    main()
