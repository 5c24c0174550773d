"""The whole-process benchmark's driver (bench/whole.sh builds and calls it): times `bin/descent train` and PyTorch's
script (torch_whole.py) doing the same as whole processes, alternately, and `bin/descent --version` / `graph`.

For each configuration and epoch count it runs, RUNS times in rotating order, Descent with its default settings and
PyTorch on 1 and 2 threads; per run it records the wall time, the peak RSS of the process tree (wait4's ru_maxrss,
what /usr/bin/time reports) and when each phase ended (Descent: its first line of output, after start-up and data
loading, and each epoch row; PyTorch: its phase lines). Medians go to stdout as markdown, and into RESULTS between
the whole-process markers (bench/perf.sh's report keeps that block).
Environment: CONFIGS ("a b c d e"), EPOCHS ("2"), RUNS (5), TORCH_THREADS ("1 2"), STARTUP_RUNS (10), DATA_DIR, RESULTS (path or -),
DESCENT (the launcher, default bin/descent), RATIO_RUNS (3: 3-epoch Descent runs for the first/third epoch ratio
when EPOCHS has no count of 3 or more).
"""
import csv
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
HERE = os.path.join(ROOT, "bench", "perf")
PY = "/usr/bin/python3"
BEGIN = "<!-- whole.sh: begin -->"
END = "<!-- whole.sh: end -->"

# bench/perf.sh's configurations a-e as `descent train` flags (torch_perf.py holds PyTorch's side)
FLAGS = {
    "a": "--model 784-30-10 --activation sigmoid --loss quadratic --optimizer sgd --lr 3 --batch 10",
    "b": "--model 784-16-16-10 --activation sigmoid --loss quadratic --optimizer sgd --lr 3 --batch 10",
    "c": "--model 784-128-10 --activation relu --loss cross-entropy --optimizer momentum --lr 0.1 --batch 64",
    "d": "--model 784-512-512-10 --activation relu --loss cross-entropy --optimizer adam --lr 0.001 --batch 128",
    "e": "--model conv8-pool-conv16-pool-10 --activation relu --loss cross-entropy --optimizer momentum --lr 0.01 --batch 64",
}
NAMES = {
    "a": "a. 784-30-10 sigmoid MSE SGD b10",
    "b": "b. 784-16-16-10 sigmoid MSE SGD b10",
    "c": "c. 784-128-10 ReLU CE momentum b64",
    "d": "d. 784-512-512-10 ReLU CE Adam b128",
    "e": "e. conv8-pool-conv16-pool-10 ReLU CE momentum b64",
}


def timed(command, env=None):
    """Runs command; returns (wall seconds, peak RSS MiB, [(seconds since start, line)], exit code)."""
    start = time.perf_counter()
    p = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env, text=True)
    lines = [(time.perf_counter() - start, line.rstrip("\n")) for line in p.stdout]
    _, status, usage = os.wait4(p.pid, 0)
    wall = time.perf_counter() - start
    p.returncode = os.waitstatus_to_exitcode(status)
    return wall, usage.ru_maxrss / 1024.0, lines, p.returncode


def descent(launcher, config, epochs, data, out):
    shutil.rmtree(out, ignore_errors=True)
    cmd = [launcher, "train", "--data", "fashion-mnist=" + data, *FLAGS[config].split(), "--epochs", str(epochs),
           "--seed", "1", "--progress", "never", "--out", out]
    wall, rss, lines, code = timed(cmd)
    if code != 0:
        sys.exit("descent failed (%d): %s\n%s" % (code, " ".join(cmd), "\n".join(l for _, l in lines)))
    first = lines[0][0] if lines else float("nan")  # the model's description: after start-up and data loading
    rows = [t for t, l in lines if l[:5].strip().isdigit() and l[5:7] == "  "]
    with open(os.path.join(out, "history.csv")) as f:
        seconds = [float(r["seconds"]) for r in csv.DictReader(f)]
    return {"wall": wall, "rss": rss, "ready": first, "epochs": seconds,
            "after": wall - rows[-1] if rows else float("nan")}


def torch(config, epochs, threads, data, out):
    env = dict(os.environ, OMP_NUM_THREADS=str(threads))
    cmd = [PY, os.path.join(HERE, "torch_whole.py"), config, str(epochs), str(threads), data, out]
    wall, rss, lines, code = timed(cmd, env)
    if code != 0:
        sys.exit("pytorch failed (%d): %s\n%s" % (code, " ".join(cmd), "\n".join(l for _, l in lines)))
    phases = {}
    seconds = []
    for _, l in lines:
        kv = dict(p.split("=", 1) for p in l.split() if "=" in p)
        if "phase" in kv:
            phases[kv["phase"]] = float(kv["t"])
        elif "epoch" in kv:
            seconds.append(float(kv["seconds"]))
    return {"wall": wall, "rss": rss, "ready": phases.get("load", float("nan")), "epochs": seconds,
            "after": phases.get("save", float("nan")) - phases.get("train", float("nan"))}


def med(runs, key):
    return statistics.median(r[key] for r in runs)


def ratio13(runs):
    ratios = [r["epochs"][0] / r["epochs"][2] for r in runs if len(r["epochs"]) >= 3 and r["epochs"][2] > 0]
    return statistics.median(ratios) if ratios else float("nan")


def startup(launcher, runs):
    out = {}
    for name, args in (("--version", ["--version"]), ("graph", ["graph", "(2*w+3*b)*(2*b+1)", "--at", "w=3,b=4"])):
        timed([launcher, *args])  # one untimed run: the page cache, not the JVM, would otherwise count
        walls = []
        rss = []
        for _ in range(runs):
            w, r, _, code = timed([launcher, *args])
            if code != 0:
                sys.exit("descent %s failed" % name)
            walls.append(w)
            rss.append(r)
        out[name] = (statistics.median(walls), min(walls), statistics.median(rss))
    return out


def main():
    configs = os.environ.get("CONFIGS", "a b c d e").split()
    epoch_counts = [int(e) for e in os.environ.get("EPOCHS", "2").split()]
    runs = int(os.environ.get("RUNS", "5"))
    torch_threads = [int(t) for t in os.environ.get("TORCH_THREADS", "1 2").split()]
    data = os.environ.get("DATA_DIR", "/usr/share/datasets/fashion-mnist")
    launcher = os.environ.get("DESCENT", os.path.join(ROOT, "bin", "descent"))
    tmp = tempfile.mkdtemp(prefix="descent-whole-")
    load_seen = []
    rows = []
    try:
        start = startup(launcher, int(os.environ.get("STARTUP_RUNS", "10")))
        for c in configs:
            for e in epoch_counts:
                results = {"descent": []}
                results.update({"torch%d" % t: [] for t in torch_threads})
                order = list(results)
                for i in range(runs):
                    k = i % len(order)
                    for impl in order[k:] + order[:k]:  # rotate, so no one always runs after the other
                        if impl == "descent":
                            r = descent(launcher, c, e, data, os.path.join(tmp, "run"))
                        else:
                            r = torch(c, e, int(impl[-1]), data, os.path.join(tmp, "model.pt"))
                        results[impl].append(r)
                        load_seen.append(float(open("/proc/loadavg").read().split()[0]))
                        print("  %s %s e=%d wall=%.2f rss=%.0f ready=%.2f epochs=%s after=%.2f" % (
                            c, impl, e, r["wall"], r["rss"], r["ready"], ",".join("%.2f" % s for s in r["epochs"]),
                            r["after"]), file=sys.stderr, flush=True)
                rows.append((c, e, results))
            if max(epoch_counts) < 3 and int(os.environ.get("RATIO_RUNS", "3")) > 0:
                extra = [descent(launcher, c, 3, data, os.path.join(tmp, "run"))
                         for _ in range(int(os.environ.get("RATIO_RUNS", "3")))]
                rows.append((c, 3, {"descent": extra}))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    text = report(rows, start, load_seen)
    print(text)
    results_path = os.environ.get("RESULTS", os.path.join(ROOT, "bench", "RESULTS.md"))
    if results_path != "-":
        write_block(results_path, text)


def report(rows, start, load_seen):
    out = ["## Whole process (`bench/whole.sh`): %s" % time.strftime("%Y-%m-%d %H:%M"), ""]
    java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[0]
    torch_version = subprocess.run([PY, "-c", "import torch; print(torch.__version__)"], capture_output=True,
                                   text=True).stdout.strip()
    out.append("%s; PyTorch %s; %d cores. Load average (1 min) while measuring: min %.2f, median %.2f, max %.2f. "
               "Medians of %s runs per cell, Descent and PyTorch run alternately. Descent: `bin/descent train` with "
               "no flags but the configuration's (default threads); PyTorch: bench/perf/torch_whole.py (import, "
               "load, train with a test evaluation per epoch, save) on %s thread(s)." % (
                   java, torch_version, os.cpu_count(), min(load_seen or [0]), statistics.median(load_seen or [0]),
                   max(load_seen or [0]), os.environ.get("RUNS", "5"),
                   " and ".join(os.environ.get("TORCH_THREADS", "1 2").split())))
    out.append("")
    out.append("| config | epochs | Descent s | PyTorch 1t s | PyTorch 2t s | PyTorch best ÷ Descent | Descent epoch 1 ÷ 3 "
               "| Descent ready / after s | PyTorch ready / after s | peak RSS MiB Descent / PyTorch 1t / 2t |")
    out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for c, e, res in rows:
        d = res["descent"]
        if "torch1" not in res:
            out.append("| %s | %d | %.2f | | | | %.2f | %.2f / %.2f | | %.0f |" % (
                NAMES[c], e, med(d, "wall"), ratio13(d), med(d, "ready"), med(d, "after"), med(d, "rss")))
            continue
        torches = [res.get("torch1"), res.get("torch2")]
        tb = min((t for t in torches if t), key=lambda t: med(t, "wall"))

        def cell(t, key, fmt="%.2f"):
            return fmt % med(t, key) if t else "–"
        out.append("| %s | %d | %.2f | %s | %s | %.2f× | %s | %.2f / %.2f | %.2f / %.2f | %.0f / %s / %s |" % (
            NAMES[c], e, med(d, "wall"), cell(torches[0], "wall"), cell(torches[1], "wall"),
            med(tb, "wall") / med(d, "wall"), "%.2f" % ratio13(d) if e >= 3 else "", med(d, "ready"),
            med(d, "after"), med(tb, "ready"), med(tb, "after"), med(d, "rss"), cell(torches[0], "rss", "%.0f"),
            cell(torches[1], "rss", "%.0f")))
    out.append("")
    out.append("Start-up (median / best of %s, peak RSS): `bin/descent --version` %.2f / %.2f s, %.0f MiB; "
               "`bin/descent graph \"(2*w+3*b)*(2*b+1)\" --at w=3,b=4` %.2f / %.2f s, %.0f MiB." % (
                   os.environ.get("STARTUP_RUNS", "10"), *start["--version"], *start["graph"]))
    out.append("")
    out.append("`ready`: seconds from start to the first line of output (Descent: start-up, data loading and model "
               "set-up; PyTorch: import and data loading). `after`: seconds from the last epoch's row to the end "
               "(final evaluation, outputs, exit).")
    return "\n".join(out)


def write_block(path, text):
    old = open(path).read() if os.path.exists(path) else "# Benchmark results\n"
    block = BEGIN + "\n" + text + "\n" + END
    if BEGIN in old and END in old:
        new = old[:old.index(BEGIN)] + block + old[old.index(END) + len(END):]
    else:
        new = old.rstrip("\n") + "\n\n" + block + "\n"
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        f.write(new)
    os.replace(tmp, path)


if __name__ == "__main__":
    main()
