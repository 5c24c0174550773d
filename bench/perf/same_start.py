"""bench/same-start.sh's PyTorch side: trains configuration a (784-30-10 sigmoid, quadratic cost (1/2n)·Σ‖a−y‖²,
SGD lr 3.0, batch 10) in float32 and in float64 from the start and example order SameStart.java wrote to DIR.
Prints one line per run: impl=torch-f32|torch-f64 seed=S acc=A
Usage: python3 same_start.py SEED EPOCHS DATA_DIR DIR
"""
import os
import sys

import numpy as np
import torch

from common import load


def main():
    seed, epochs, data_dir, where = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
    torch.set_num_threads(1)
    xs, ys, xt, yt = load(data_dir)
    start = [np.fromfile(os.path.join(where, "p%d.bin" % i), dtype="<f4") for i in range(4)]
    orders = [torch.from_numpy(np.fromfile(os.path.join(where, "order%d.bin" % e), dtype="<i4").astype(np.int64))
              for e in range(epochs)]
    for name, dt in (("f32", torch.float32), ("f64", torch.float64)):
        x, y, x_test = torch.from_numpy(xs).to(dt), torch.from_numpy(ys), torch.from_numpy(xt).to(dt)
        # Descent stores a layer's weights as (in, out), so the product is x @ W
        w1 = torch.tensor(start[0].reshape(784, 30), dtype=dt, requires_grad=True)
        b1 = torch.tensor(start[1], dtype=dt, requires_grad=True)
        w2 = torch.tensor(start[2].reshape(30, 10), dtype=dt, requires_grad=True)
        b2 = torch.tensor(start[3], dtype=dt, requires_grad=True)
        eye = torch.eye(10, dtype=dt)
        sgd = torch.optim.SGD([w1, b1, w2, b2], lr=3.0)

        def net(v):
            return torch.sigmoid(torch.sigmoid(v @ w1 + b1) @ w2 + b2)

        for order in orders:
            for s in range(0, len(order) - 9, 10):
                idx = order[s:s + 10]
                sgd.zero_grad()
                loss = 0.5 * ((net(x[idx]) - eye[y[idx]]) ** 2).sum() / 10
                loss.backward()
                sgd.step()
        with torch.no_grad():
            acc = (net(x_test).argmax(1).numpy() == yt).mean()
        print("impl=torch-%s seed=%d acc=%.4f" % (name, seed, acc))


if __name__ == "__main__":
    main()
