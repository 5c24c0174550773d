#!/usr/bin/python3
"""Descent checkpoints and PyTorch state dicts, both ways, with only torch installed.

    torch_interop.py fixture DIR...      writes a PyTorch 4-5-3 ReLU network's state dict (torch-4-5-3.safetensors),
                                         fixed inputs and PyTorch's outputs as CSV numbers, into each DIR
    torch_interop.py predict RUN INPUTS [RUN INPUTS]...
                                         loads each Descent run's model.safetensors into torch.nn.Sequential with
                                         load_state_dict(strict=True) and prints, one JSON line per run, the
                                         metadata and the outputs for the CSV rows

Safetensors is read and written by hand (8-byte little-endian header length, JSON header, raw little-endian data),
so nothing but torch is needed; with the safetensors package, safetensors.torch.load_file does the same.
"""
import json
import struct
import sys

import torch

DTYPES = {"F32": torch.float32, "F64": torch.float64}
NAMES = {torch.float32: "F32", torch.float64: "F64"}
ACTIVATIONS = {"relu": torch.nn.ReLU, "tanh": torch.nn.Tanh, "sigmoid": torch.nn.Sigmoid,
               "softplus": torch.nn.Softplus, "leaky-relu": torch.nn.LeakyReLU, "identity": torch.nn.Identity}


def load_file(path):
    """The tensors and the __metadata__ of a safetensors file."""
    raw = open(path, "rb").read()
    n = struct.unpack("<Q", raw[:8])[0]
    header = json.loads(raw[8:8 + n])
    metadata = header.pop("__metadata__", {})
    tensors = {}
    for name, e in header.items():
        begin, end = e["data_offsets"]
        data = bytearray(raw[8 + n + begin:8 + n + end])
        tensors[name] = torch.frombuffer(data, dtype=DTYPES[e["dtype"]]).reshape(e["shape"]) if data \
            else torch.zeros(e["shape"], dtype=DTYPES[e["dtype"]])
    return tensors, metadata


def save_file(tensors, path, metadata=None):
    """Writes tensors (F32/F64) as safetensors, as safetensors.torch.save_file does."""
    header, blobs, offset = {}, [], 0
    for name, t in tensors.items():
        data = t.detach().contiguous().numpy().tobytes()
        header[name] = {"dtype": NAMES[t.dtype], "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    if metadata:
        header["__metadata__"] = metadata
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-(8 + len(text)) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + b"".join(blobs))


def sequential(architecture):
    """torch.nn.Sequential for a Descent architecture such as linear:4:5,relu,linear:5:3."""
    layers = []
    for part in architecture.split(","):
        f = part.split(":")
        if f[0] == "linear":
            layers.append(torch.nn.Linear(int(f[1]), int(f[2])))
        elif f[0] == "dropout":
            layers.append(torch.nn.Dropout(float(f[1])))
        elif f[0] == "softmax":
            layers.append(torch.nn.Softmax(dim=-1))
        else:
            layers.append(ACTIVATIONS[f[0]]())
    return torch.nn.Sequential(*layers)


def write_csv(path, rows):
    with open(path, "w") as f:
        for row in rows:
            f.write(",".join(repr(float(v)) for v in row) + "\n")


def fixture(dirs):
    torch.manual_seed(13)
    net = torch.nn.Sequential(torch.nn.Linear(4, 5), torch.nn.ReLU(), torch.nn.Linear(5, 3))
    x = torch.randn(6, 4)
    with torch.no_grad():
        logits = net(x)
    probabilities = torch.softmax(logits.double(), dim=1)
    for d in dirs:
        save_file(net.state_dict(), d + "/torch-4-5-3.safetensors")
        write_csv(d + "/torch-4-5-3-inputs.csv", x.tolist())
        write_csv(d + "/torch-4-5-3-logits.csv", logits.double().tolist())
        write_csv(d + "/torch-4-5-3-probabilities.csv", probabilities.tolist())


def predict(run, inputs):
    tensors, meta = load_file(run + "/model.safetensors")
    net = sequential(meta["architecture"]).to(DTYPES[meta["dtype"]])
    state = {k[len("model."):]: v for k, v in tensors.items() if k.startswith("model.")}
    net.load_state_dict(state, strict=True)
    x = torch.tensor([[float(v) for v in line.split(",")] for line in open(inputs) if line.strip()],
                     dtype=DTYPES[meta["dtype"]])
    net.eval()
    with torch.no_grad():
        print(json.dumps({"metadata": meta, "outputs": net(x).double().tolist()}))


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == "fixture":
        fixture(sys.argv[2:])
    elif len(sys.argv) >= 4 and len(sys.argv) % 2 == 0 and sys.argv[1] == "predict":
        for i in range(2, len(sys.argv), 2):
            predict(sys.argv[i], sys.argv[i + 1])
    else:
        sys.exit(__doc__)
