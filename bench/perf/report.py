"""Turns the key=value lines of bench/perf.sh into the speed tables (markdown), prints them and writes them, dated,
with the machine's description, to the results file. Usage: report.py LINES EPOCHS THREADS RESULTS|-"""
import datetime
import os
import platform
import subprocess
import sys


def parse(path):
    rows = []
    with open(path) as f:
        for line in f:
            if line.startswith("impl="):
                rows.append(dict(kv.split("=", 1) for kv in line.split()))
    return rows


def cpu():
    info = {"model": "?", "mhz": 0.0, "flags": set(), "vendor": "", "family": ""}
    with open("/proc/cpuinfo") as f:
        for line in f:
            key, _, value = line.partition(":")
            key, value = key.strip(), value.strip()
            if key == "model name":
                info["model"] = value
            elif key == "cpu MHz":
                info["mhz"] = max(info["mhz"], float(value))
            elif key == "flags":
                info["flags"] = set(value.split())
            elif key == "vendor_id":
                info["vendor"] = value
            elif key == "cpu family":
                info["family"] = value
    return info


def simd_lanes(info):
    """FP32 lanes of one FMA unit's datapath: the widest SIMD flag, except that AMD family 19h (Zen 4) executes
    AVX-512 on 256-bit units, in two halves (AMD, "Software Optimization Guide for AMD Family 19h Processors")."""
    flags = info["flags"]
    if "avx512f" in flags and not (info["vendor"] == "AuthenticAMD" and info["family"] == "25"):
        return 16
    return 8 if "avx2" in flags or "avx" in flags else 4


def peak(info, cores):
    """cores × FMA units × FP32 SIMD lanes × 2 flops per FMA × clock (PEAK_GFLOPS overrides the total)."""
    lanes = simd_lanes(info)
    fma_units = 2 if "fma" in info["flags"] else 1
    ghz = info["mhz"] / 1000.0
    total = float(os.environ.get("PEAK_GFLOPS") or cores * fma_units * lanes * 2 * ghz)
    return total, lanes, fma_units, ghz


def main():
    path, epochs, threads, results = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
    rows = parse(path)
    info = cpu()
    cores = os.cpu_count() or 1
    out = []
    now = datetime.datetime.now().strftime("%Y-%m-%d %H:%M")
    try:
        java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[0]
    except OSError:
        java = "?"
    try:
        torch = subprocess.run(["/usr/bin/python3", "-c", "import torch, numpy; print(torch.__version__, numpy.__version__)"],
                               capture_output=True, text=True).stdout.split()
    except OSError:
        torch = ["?", "?"]
    load = open("/proc/loadavg").read().split()[:3]
    out.append("## Latest run: %s" % now)
    out.append("")
    out.append("Machine: %s, %d cores, %s, Linux %s; %s; PyTorch %s and numpy %s (Debian, OpenBLAS). "
               "Load average at the end of the run: %s." % (info["model"], cores, platform.machine(), platform.release(),
                                                              java, torch[0] if torch else "?",
                                                              torch[1] if len(torch) > 1 else "?", " ".join(load)))
    out.append("")
    train = [r for r in rows if "config" in r]
    if train:
        out.append("### Training, Fashion-MNIST, %s epoch(s), data preloaded, %s threads" % (epochs, threads))
        out.append("")
        out.append("| config | implementation | threads | samples/s | s/epoch | test acc | peak RSS MiB | alloc bytes/step | Descent ÷ this |")
        out.append("|---|---|---:|---:|---:|---:|---:|---:|---:|")
        names = {"a": "a. 784-30-10 sigmoid MSE SGD b10", "b": "b. 784-16-16-10 sigmoid MSE SGD b10",
                 "c": "c. 784-128-10 ReLU CE momentum b64", "d": "d. 784-512-512-10 ReLU CE Adam b128",
                 "e": "e. conv8-pool-conv16-pool-10 ReLU CE momentum b64"}
        for c in sorted({r["config"] for r in train}):
            group = [r for r in train if r["config"] == c]
            # the first Descent row (the first of DESCENT_BACKENDS) is the one the ratio column divides
            first = next((r for r in group if r["impl"] == "descent"), None)
            desc = float(first["samples_per_s"]) if first else None
            for r in group:
                sps = float(r["samples_per_s"])
                ratio = "" if r is first or desc is None else "%.2f×" % (desc / sps)
                alloc = r.get("bytes_per_step", "-1")
                out.append("| %s | %s | %s | %.0f | %.2f | %.4f | %s | %s | %s |" % (
                    names.get(c, c), r["impl"] + (" (%s)" % r["backend"] if "backend" in r else ""), r["threads"], sps, float(r["s_per_epoch"]), float(r["test_acc"]),
                    r["rss_mib"], "" if alloc == "-1" else alloc, ratio))
        out.append("")
        # the Java incumbents (bench/peers) say where a library cannot train the configuration exactly as specified
        notes = dict.fromkeys("%s on %s: %s" % (r["impl"], r["config"], r["note"].replace("_", " "))
                              for r in train if "note" in r)
        if notes:
            out.append("Notes on the Java incumbents (bench/peers), where they differ from the specification or the "
                       "others; their alloc bytes/step counts the JVM heap only, not native memory:")
            out.append("")
            out.extend("- " + n for n in notes)
            out.append("")
    mm = [r for r in rows if "shape" in r]
    if mm:
        total, lanes, units, ghz = peak(info, cores)
        out.append("### F32 matmul, GFLOP/s (2·m·n·k per product; Descent: JMH mean, numpy: best of repeated runs)")
        out.append("")
        backends = [b for b in ("java", "vector", "openblas") if any(r.get("backend") == b for r in mm)]
        out.append("| m×k×n | threads | " + " | ".join("Descent " + b for b in backends)
                   + " | numpy/OpenBLAS | best Descent ÷ numpy | best Descent ÷ peak |")
        out.append("|---|---:|" + "---:|" * len(backends) + "---:|---:|---:|")
        for shape in dict.fromkeys(r["shape"] for r in mm):
            for t in ("1", "2"):
                def g(impl, backend=None):
                    return next((float(r["gflops"]) for r in mm if r["shape"] == shape and r["impl"] == impl
                                 and r["threads"] == t and (backend is None or r.get("backend") == backend)), None)
                ds = [g("descent", b) for b in backends]
                n = g("numpy")
                best = max((d for d in ds if d), default=None)
                cells = [shape, t] + ["%.1f" % d if d else "" for d in ds] + ["%.1f" % n if n else ""]
                cells.append("%.0f%%" % (100 * best / n) if best and n else "")
                cells.append("%.0f%%" % (100 * best / (total / cores * int(t))) if best else "")
                out.append("| " + " | ".join(cells) + " |")
        out.append("")
        if os.environ.get("PEAK_GFLOPS"):
            out.append("Theoretical peak: **%.0f GFLOP/s** (PEAK_GFLOPS, %.0f per core)." % (total, total / cores))
        else:
            out.append("Theoretical peak: %d cores × %d FMA units × %d FP32 lanes × 2 × %.2f GHz = **%.0f GFLOP/s** "
                   "(%.0f per core). Assumptions: two FMA pipes per core when the CPU has FMA; lanes from the widest "
                   "SIMD flag in /proc/cpuinfo (avx512f → 16, avx2 → 8), but 8 on AMD Zen 4 (family 19h), which "
                   "runs AVX-512 on 256-bit units; the clock is the highest `cpu MHz` /proc/cpuinfo reports, the "
                   "base clock: cores that boost under load run above this peak." % (cores, units, lanes, ghz, total, total / cores))
        out.append("")
    text = "\n".join(out)
    print(text)
    if results != "-":
        header = ("# Benchmark results\n\nWritten by `bench/perf.sh` (training speed side by side); numbers from one run on "
                  "one machine. Rerun it to refresh.\n\n")
        notes = os.path.join(os.path.dirname(os.path.abspath(__file__)), "NOTES.md")
        extra = open(notes).read() if os.path.exists(notes) else ""
        # bench/whole.sh's block (between its markers) is kept: the two scripts measure different things
        old = open(results).read() if os.path.exists(results) else ""
        begin, end = "<!-- whole.sh: begin -->", "<!-- whole.sh: end -->"
        whole = old[old.index(begin):old.index(end) + len(end)] + "\n\n" if begin in old and end in old else ""
        with open(results, "w") as f:
            f.write(header + whole + text + "\n" + ("\n" + extra if extra else ""))


if __name__ == "__main__":
    main()
