"""The whole-process benchmark, PyTorch side: what a user's script does, timed from the outside by bench/whole.sh.

Imports torch, loads Fashion-MNIST from its IDX files, trains configuration CONFIG (torch_perf.py's definitions) for
EPOCHS epochs with no warm-up, evaluating the test set after each epoch as `descent train`'s epoch table does, then
saves the state_dict. Prints `phase=NAME t=SECONDS` lines (seconds since the interpreter started) and one
`epoch=E seconds=S` line per epoch, so bench/whole.sh can tell where the time went.
Usage: python3 torch_whole.py CONFIG EPOCHS THREADS DATA_DIR OUT_FILE
"""
import os
import sys
import time

T0 = time.perf_counter()


def mark(name):
    print("phase=%s t=%.3f" % (name, time.perf_counter() - T0), flush=True)


import torch  # noqa: E402

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import load  # noqa: E402
from torch_perf import build  # noqa: E402


def evaluate(net, loss_fn, xt, yt):
    with torch.no_grad():
        out = net(xt)
        return loss_fn(out, yt).item(), (out.argmax(1) == yt).double().mean().item()


def main():
    config, epochs, threads, data_dir, out_file = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5]
    torch.set_num_threads(threads)
    torch.manual_seed(1)
    mark("import")
    xs, ys, xt, yt = load(data_dir)
    X, Y, XT, YT = torch.from_numpy(xs), torch.from_numpy(ys), torch.from_numpy(xt), torch.from_numpy(yt)
    mark("load")
    net, opt, batch, loss_fn = build(config, torch.eye(10))
    n = X.shape[0]
    g = torch.Generator().manual_seed(1)
    for epoch in range(1, epochs + 1):
        t = time.perf_counter()
        perm = torch.randperm(n, generator=g)
        total = 0.0
        for s in range(0, n, batch):  # every example, the last batch partial, as descent train does
            idx = perm[s:s + batch]
            opt.zero_grad()
            loss = loss_fn(net(X[idx]), Y[idx])
            loss.backward()
            opt.step()
            total += loss.item() * len(idx)
        test_loss, test_acc = evaluate(net, loss_fn, XT, YT)
        print("epoch=%d seconds=%.3f train_loss=%.4f test_loss=%.4f test_acc=%.4f"
              % (epoch, time.perf_counter() - t, total / n, test_loss, test_acc), flush=True)
    mark("train")
    test_loss, test_acc = evaluate(net, loss_fn, XT, YT)
    torch.save(net.state_dict(), out_file)
    mark("save")


if __name__ == "__main__":
    main()
