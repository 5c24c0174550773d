#!/usr/bin/env python3
"""Checks a safetensors file against the format, with nothing but the standard library.

Usage: python3 check_safetensors.py FILE [FILE...]

Prints each tensor (name, dtype, shape, offsets, first values) and the metadata, and exits 1 on the first
violation: header length, UTF-8 JSON header, dtypes, shapes, offsets tiling the data without gaps or overlaps.
If Python's `safetensors` and `numpy` are importable, the file is also loaded with them and the values compared.
Not run by the tests; used to verify golden-v1.safetensors by hand.
"""
import json
import math
import struct
import sys

SIZES = {"F32": 4, "F64": 8}
FORMATS = {"F32": "f", "F64": "d"}


def fail(path, message):
    print(f"{path}: {message}", file=sys.stderr)
    sys.exit(1)


def check(path):
    with open(path, "rb") as f:
        raw = f.read()
    if len(raw) < 8:
        fail(path, "shorter than the 8-byte header length")
    (n,) = struct.unpack("<Q", raw[:8])
    if n > len(raw) - 8:
        fail(path, f"header length {n} runs past the end of the file")
    header_bytes = raw[8:8 + n]
    if (8 + n) % 8 != 0:
        print(f"{path}: note: data not 8-byte aligned (header length {n})")
    text = header_bytes.decode("utf-8")
    if text != text.rstrip(" ") and not text.rstrip(" ").endswith("}"):
        fail(path, "header padding is not spaces after the JSON object")
    header = json.loads(text, object_pairs_hook=dict)
    if not isinstance(header, dict):
        fail(path, "header is not a JSON object")
    data = raw[8 + n:]
    metadata = header.pop("__metadata__", {})
    if not all(isinstance(k, str) and isinstance(v, str) for k, v in metadata.items()):
        fail(path, "__metadata__ must map strings to strings")
    spans = []
    values = {}
    for name, info in header.items():
        if set(info) != {"dtype", "shape", "data_offsets"}:
            fail(path, f"{name}: fields {sorted(info)}")
        dtype, shape, (begin, end) = info["dtype"], info["shape"], info["data_offsets"]
        if dtype not in SIZES:
            fail(path, f"{name}: dtype {dtype} is not F32/F64")
        if not all(isinstance(d, int) and d >= 0 for d in shape):
            fail(path, f"{name}: bad shape {shape}")
        count = math.prod(shape)
        if end - begin != count * SIZES[dtype]:
            fail(path, f"{name}: offsets [{begin}, {end}] do not hold {count} x {dtype}")
        if end > len(data):
            fail(path, f"{name}: offsets past the end of the data ({len(data)} bytes)")
        spans.append((begin, end, name))
        values[name] = struct.unpack(f"<{count}{FORMATS[dtype]}", data[begin:end])
        print(f"{name}: {dtype} {shape} [{begin}, {end}] {list(values[name][:6])}")
    expected = 0
    for begin, end, name in sorted(spans):
        if begin != expected:
            fail(path, f"{name}: starts at {begin}, expected {expected} (gap or overlap)")
        expected = end
    if expected != len(data):
        fail(path, f"{len(data) - expected} bytes after the last tensor")
    print(f"metadata: {metadata}")
    cross_check(path, header, values, metadata)
    print(f"{path}: OK")


def cross_check(path, header, values, metadata):
    try:
        import numpy
        from safetensors import safe_open
    except ImportError:
        print("(safetensors/numpy not installed: checked with json and struct only)")
        return
    with safe_open(path, framework="numpy") as f:
        if (f.metadata() or {}) != metadata:
            fail(path, f"safetensors reads metadata {f.metadata()}")
        if sorted(f.keys()) != sorted(header):
            fail(path, f"safetensors reads names {sorted(f.keys())}")
        for name in f.keys():
            array = f.get_tensor(name)
            if list(array.shape) != header[name]["shape"] or array.dtype.str[1:] != {"F32": "f4", "F64": "f8"}[
                    header[name]["dtype"]]:
                fail(path, f"{name}: safetensors reads {array.dtype} {array.shape}")
            mine = numpy.array(values[name], dtype=array.dtype).reshape(array.shape)
            if mine.tobytes() != array.tobytes():
                fail(path, f"{name}: safetensors reads different values")
    print(f"(also loaded with safetensors {__import__('safetensors').__version__}: same names, shapes, bits)")


if __name__ == "__main__":
    if len(sys.argv) < 2:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    for p in sys.argv[1:]:
        check(p)
