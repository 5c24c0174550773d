"""The training-speed benchmark, PyTorch side (Debian's python3-torch with OpenBLAS).

Same configurations, data and loop shape as DescentPerf.java: Fashion-MNIST preloaded as one float32 tensor in
[0, 1], a seeded permutation per epoch, full batches only, zero_grad / forward / loss / backward / step.
Prints one line of key=value pairs. Usage: python3 torch_perf.py CONFIG EPOCHS THREADS [DATA_DIR]
"""
import os
import sys
import time

import numpy as np
import torch

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import load, peak_rss_mib  # noqa: E402


def mlp(sizes, hidden, output, normal_init):
    layers = []
    for i in range(len(sizes) - 1):
        lin = torch.nn.Linear(sizes[i], sizes[i + 1])
        if normal_init:  # Nielsen's N(0, 1) weights and biases
            torch.nn.init.normal_(lin.weight)
            torch.nn.init.normal_(lin.bias)
        layers.append(lin)
        act = hidden if i + 2 < len(sizes) else output
        if act is not None:
            layers.append(act())
    return torch.nn.Sequential(*layers)


def build(config, eye):
    if config == "e":  # conv8-pool-conv16-pool-10, as Descent's --model grammar builds it
        net = torch.nn.Sequential(
            torch.nn.Unflatten(1, (1, 28, 28)),
            torch.nn.Conv2d(1, 8, 3, padding=1), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
            torch.nn.Conv2d(8, 16, 3, padding=1), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
            torch.nn.Flatten(), torch.nn.Linear(16 * 7 * 7, 10))
        opt = torch.optim.SGD(net.parameters(), lr=0.01, momentum=0.9)
        ce = torch.nn.CrossEntropyLoss()
        return net, opt, 64, lambda out, labels: ce(out, labels)
    if config in ("a", "b"):
        sizes = [784, 30, 10] if config == "a" else [784, 16, 16, 10]
        net = mlp(sizes, torch.nn.Sigmoid, torch.nn.Sigmoid, True)
        opt = torch.optim.SGD(net.parameters(), lr=3.0)
        batch = 10

        def loss_fn(out, labels):  # Nielsen's quadratic cost: ½‖a − y‖² averaged over the batch
            return 0.5 * ((out - eye[labels]) ** 2).sum() / out.shape[0]
    else:
        sizes = [784, 128, 10] if config == "c" else [784, 512, 512, 10]
        net = mlp(sizes, torch.nn.ReLU, None, False)
        if config == "c":
            opt = torch.optim.SGD(net.parameters(), lr=0.1, momentum=0.9)
            batch = 64
        else:
            opt = torch.optim.Adam(net.parameters(), lr=1e-3)
            batch = 128
        ce = torch.nn.CrossEntropyLoss()

        def loss_fn(out, labels):
            return ce(out, labels)
    return net, opt, batch, loss_fn


def main():
    config = sys.argv[1] if len(sys.argv) > 1 else "a"
    epochs = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    threads = int(sys.argv[3]) if len(sys.argv) > 3 else 2
    data_dir = sys.argv[4] if len(sys.argv) > 4 else "/usr/share/datasets/fashion-mnist"
    torch.set_num_threads(threads)
    seed = int(os.environ.get("SEED", "1"))  # bench/accuracy.sh varies it
    torch.manual_seed(seed)
    xs, ys, xt, yt = load(data_dir)
    X, Y, XT = torch.from_numpy(xs), torch.from_numpy(ys), torch.from_numpy(xt)
    eye = torch.eye(10)
    net, opt, batch, loss_fn = build(config, eye)
    n = X.shape[0]
    steps = n // batch
    seconds = 0.0
    g = torch.Generator().manual_seed(seed)
    # warm-up on a throwaway copy of the configuration, as DescentPerf does for its JIT
    warm_net, warm_opt, _, _ = build(config, eye)
    perm = torch.randperm(n, generator=torch.Generator().manual_seed(999))
    end, s = time.perf_counter() + float(os.environ.get("WARMUP_SECONDS", "3")), 0
    while s < 20 or time.perf_counter() < end:
        idx = perm[(s % steps) * batch:(s % steps + 1) * batch]
        warm_opt.zero_grad()
        loss_fn(warm_net(X[idx]), Y[idx]).backward()
        warm_opt.step()
        s += 1
    for _ in range(epochs):
        perm = torch.randperm(n, generator=g)
        t0 = time.perf_counter()
        for s in range(steps):
            idx = perm[s * batch:(s + 1) * batch]
            xb, yb = X[idx], Y[idx]
            opt.zero_grad()
            loss = loss_fn(net(xb), yb)
            loss.backward()
            opt.step()
        seconds += time.perf_counter() - t0
    with torch.no_grad():
        acc = (net(XT).argmax(1).numpy() == yt).mean()
    samples = steps * batch * epochs
    print("impl=pytorch config=%s epochs=%d threads=%d samples_per_s=%.0f s_per_epoch=%.3f test_acc=%.4f "
          "loss=%.5f rss_mib=%.0f bytes_per_step=-1" % (config, epochs, threads, samples / seconds,
                                                       seconds / epochs, acc, loss.item(), peak_rss_mib()))


if __name__ == "__main__":
    main()
