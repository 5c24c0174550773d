"""The training-speed benchmark, numpy side: a vectorised hand-written MLP (Nielsen's network.py, batched) on
OpenBLAS, float32, the same configurations and loop as DescentPerf.java and torch_perf.py.
Prints one line of key=value pairs. Usage: python3 numpy_perf.py CONFIG EPOCHS THREADS [DATA_DIR]
Set OPENBLAS_NUM_THREADS before numpy loads (perf.sh does) to fix its thread count.
"""
import os
import sys
import time

threads_arg = sys.argv[3] if len(sys.argv) > 3 else "2"
os.environ.setdefault("OPENBLAS_NUM_THREADS", threads_arg)
import numpy as np  # noqa: E402

np.seterr(over="ignore")  # exp overflow in the sigmoid of a saturated unit gives the right limit, 0

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import load, peak_rss_mib  # noqa: E402


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def main():
    config = sys.argv[1] if len(sys.argv) > 1 else "a"
    epochs = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    data_dir = sys.argv[4] if len(sys.argv) > 4 else "/usr/share/datasets/fashion-mnist"
    xs, ys, xt, yt = load(data_dir)
    rng = np.random.default_rng(int(os.environ.get("SEED", "1")))  # bench/accuracy.sh varies it
    f32 = np.float32
    if config in ("a", "b"):
        sizes = [784, 30, 10] if config == "a" else [784, 16, 16, 10]
        W = [rng.standard_normal((sizes[i], sizes[i + 1])).astype(f32) for i in range(len(sizes) - 1)]
        B = [rng.standard_normal(sizes[i + 1]).astype(f32) for i in range(len(sizes) - 1)]
        batch, sig = 10, True
    else:
        sizes = [784, 128, 10] if config == "c" else [784, 512, 512, 10]
        W, B = [], []
        for i in range(len(sizes) - 1):
            a = 1.0 / np.sqrt(sizes[i])
            W.append(rng.uniform(-a, a, (sizes[i], sizes[i + 1])).astype(f32))
            B.append(rng.uniform(-a, a, sizes[i + 1]).astype(f32))
        batch, sig = (64 if config == "c" else 128), False
    L = len(W)
    vel = [np.zeros_like(p) for p in W + B]
    m1 = [np.zeros_like(p) for p in W + B]
    m2 = [np.zeros_like(p) for p in W + B]
    t = 0
    eye = np.eye(10, dtype=f32)
    n = xs.shape[0]
    steps = n // batch
    seconds = 0.0
    loss = float("nan")
    for _ in range(epochs):
        perm = rng.permutation(n)
        t0 = time.perf_counter()
        for s in range(steps):
            idx = perm[s * batch:(s + 1) * batch]
            x, y = xs[idx], eye[ys[idx]]
            acts = [x]
            for i in range(L):
                z = acts[-1] @ W[i] + B[i]
                if sig:
                    acts.append(sigmoid(z))
                elif i + 1 < L:
                    acts.append(np.maximum(z, 0))
                else:
                    acts.append(z)
            out = acts[-1]
            if sig:  # quadratic cost ½‖a − y‖²/N; dC/dz = (a − y)·σ'(z)/N
                diff = out - y
                loss = 0.5 * float((diff * diff).sum()) / batch
                delta = diff * out * (1 - out) / batch
            else:  # softmax cross-entropy; dC/dz = (softmax − y)/N
                e = np.exp(out - out.max(1, keepdims=True))
                p = e / e.sum(1, keepdims=True)
                loss = float(-np.log(p[np.arange(batch), ys[idx]] + 1e-12).mean())
                delta = (p - y) / batch
            gW, gB = [None] * L, [None] * L
            for i in range(L - 1, -1, -1):
                gW[i] = acts[i].T @ delta
                gB[i] = delta.sum(0)
                if i > 0:
                    back = delta @ W[i].T
                    delta = back * acts[i] * (1 - acts[i]) if sig else back * (acts[i] > 0)
            grads = gW + gB
            params = W + B
            if config in ("a", "b"):
                for p, g in zip(params, grads):
                    p -= f32(3.0) * g
            elif config == "c":
                for p, g, v in zip(params, grads, vel):
                    v *= f32(0.9)
                    v += g
                    p -= f32(0.1) * v
            else:
                t += 1
                c1, c2 = 1 - 0.9 ** t, 1 - 0.999 ** t
                for p, g, a, b in zip(params, grads, m1, m2):
                    a *= f32(0.9)
                    a += f32(0.1) * g
                    b *= f32(0.999)
                    b += f32(0.001) * g * g
                    p -= f32(1e-3 / c1) * a / (np.sqrt(b / f32(c2)) + f32(1e-8))
        seconds += time.perf_counter() - t0
    h = xt
    for i in range(L):
        h = h @ W[i] + B[i]
        h = sigmoid(h) if sig else (np.maximum(h, 0) if i + 1 < L else h)
    acc = (h.argmax(1) == yt).mean()
    samples = steps * batch * epochs
    print("impl=numpy config=%s epochs=%d threads=%s samples_per_s=%.0f s_per_epoch=%.3f test_acc=%.4f "
          "loss=%.5f rss_mib=%.0f bytes_per_step=-1" % (config, epochs, os.environ["OPENBLAS_NUM_THREADS"],
                                                       samples / seconds, seconds / epochs, acc, loss,
                                                       peak_rss_mib()))


if __name__ == "__main__":
    main()
