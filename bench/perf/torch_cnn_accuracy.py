"""PyTorch's side of bench/cnn-accuracy.sh: the same network (conv8-pool-conv16-pool-10, ReLU, PyTorch's default
initialization), cross-entropy, Adam lr 0.001, batch 64, pixels in [0, 1], a seeded shuffle per epoch; prints the test
accuracy after each epoch. Usage: python3 torch_cnn_accuracy.py MNIST_DIR [EPOCHS] [THREADS] [SEED]
"""
import os
import sys

import torch

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import load  # noqa: E402


def main():
    data_dir = sys.argv[1]
    epochs = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    torch.set_num_threads(int(sys.argv[3]) if len(sys.argv) > 3 else 2)
    torch.manual_seed(int(sys.argv[4]) if len(sys.argv) > 4 else 42)
    xs, ys, xt, yt = load(data_dir)
    X, Y, XT, YT = torch.from_numpy(xs), torch.from_numpy(ys), torch.from_numpy(xt), torch.from_numpy(yt)
    net = torch.nn.Sequential(
        torch.nn.Unflatten(1, (1, 28, 28)),
        torch.nn.Conv2d(1, 8, 3, padding=1), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
        torch.nn.Conv2d(8, 16, 3, padding=1), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
        torch.nn.Flatten(), torch.nn.Linear(16 * 7 * 7, 10))
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    ce = torch.nn.CrossEntropyLoss()
    n = X.shape[0]
    for epoch in range(1, epochs + 1):
        perm = torch.randperm(n)
        net.train()
        for s in range(0, n, 64):
            idx = perm[s:s + 64]
            opt.zero_grad()
            ce(net(X[idx]), Y[idx]).backward()
            opt.step()
        net.eval()
        with torch.no_grad():
            acc = (net(XT).argmax(1) == YT).float().mean().item()
        print("epoch %d test accuracy %.2f%%" % (epoch, 100 * acc), flush=True)


if __name__ == "__main__":
    main()
