#!/usr/bin/env python3
"""bf16 quality of Real-ESRGAN x4plus: our bf16 output against our fp32 output, and PyTorch's autocast bf16 against
PyTorch's fp32, per image, in PSNR over the 8-bit outputs (what users get).

Usage: tools/bench/bf16_quality.py LR_FOLDER [--model FILE.safetensors] [--esrgan ./esrgan] [--ours FP32_DIR BF16_DIR]
Runs `esrgan upscale --precision fp32` and `--precision bf16` on the folder, then PyTorch 1.13 (channels_last, fp32
and torch.autocast('cpu', bfloat16)) on the same images, and prints both PSNRs per image. The bar: ours >= 48 dB on
every image and no lower than PyTorch's.
"""
import argparse
import importlib.util
import json
import os
import struct
import subprocess
import sys
import tempfile

import numpy as np
import torch
from PIL import Image

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def load_rrdbnet():
    path = os.path.join(ROOT, "src", "Esrgan.Cli", "Bench", "rrdbnet_pytorch.py")
    spec = importlib.util.spec_from_file_location("rrdbnet_pytorch", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.RRDBNet


def read_safetensors(path):
    with open(path, "rb") as f:
        size = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(size))
        data = f.read()
    tensors = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        if info["dtype"] != "F32":
            raise ValueError(f"{path}: {name} is {info['dtype']}, expected F32")
        start, end = info["data_offsets"]
        tensors[name] = torch.from_numpy(np.frombuffer(data[start:end], dtype=np.float32).reshape(info["shape"]).copy())
    return tensors


def to_uint8(x):
    return np.round(np.clip(x, 0, 1) * 255).astype(np.uint8)


def psnr(a, b):
    mse = np.mean((a.astype(np.float64) - b.astype(np.float64)) ** 2)
    return float("inf") if mse == 0 else 10 * np.log10(255.0 ** 2 / mse)


def run_ours(esrgan, folder, precision, out):
    subprocess.run([esrgan, "upscale", folder, "-o", out, "--precision", precision, "--format", "png", "--overwrite"],
                   check=True, stdout=subprocess.DEVNULL)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("folder")
    parser.add_argument("--model", default=os.path.expanduser("~/.cache/esrgan/models/realesrgan-x4plus.safetensors"))
    parser.add_argument("--esrgan", default=os.path.join(ROOT, "esrgan"))
    parser.add_argument("--threads", type=int, default=os.cpu_count())
    parser.add_argument("--ours", nargs=2, metavar=("FP32_DIR", "BF16_DIR"), help="reuse outputs of earlier esrgan runs")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)

    net = load_rrdbnet()().eval()
    net.load_state_dict(read_safetensors(args.model))
    net = net.to(memory_format=torch.channels_last)

    names = sorted(n for n in os.listdir(args.folder) if n.lower().endswith((".png", ".jpg", ".jpeg", ".bmp")))
    with tempfile.TemporaryDirectory() as tmp:
        if args.ours:
            fp32_dir, bf16_dir = args.ours
        else:
            fp32_dir, bf16_dir = os.path.join(tmp, "fp32"), os.path.join(tmp, "bf16")
            run_ours(args.esrgan, args.folder, "fp32", fp32_dir)
            run_ours(args.esrgan, args.folder, "bf16", bf16_dir)
        print(f"{'image':<14} {'ours bf16 vs fp32 dB':>22} {'PyTorch bf16 vs fp32 dB':>25}")
        worst, failures = float("inf"), 0
        for name in names:
            stem = os.path.splitext(name)[0]
            ours32 = np.asarray(Image.open(os.path.join(fp32_dir, stem + "_out.png")))
            ours16 = np.asarray(Image.open(os.path.join(bf16_dir, stem + "_out.png")))
            rgb = np.asarray(Image.open(os.path.join(args.folder, name)).convert("RGB"), dtype=np.float32) / 255
            x = torch.from_numpy(rgb).permute(2, 0, 1)[None].contiguous(memory_format=torch.channels_last)
            with torch.no_grad():
                y32 = net(x).float()
                with torch.autocast("cpu", dtype=torch.bfloat16):
                    y16 = net(x).float()
            hwc = [y[0].permute(1, 2, 0).numpy() for y in (y32, y16)]
            if ours32.ndim == 2:  # grey inputs come back grey from our CLI (BT.601 luma of the RGB result)
                hwc = [h @ np.array([0.299, 0.587, 0.114], dtype=np.float32) for h in hwc]
            theirs32, theirs16 = (to_uint8(h) for h in hwc)
            ours, theirs = psnr(ours16, ours32), psnr(theirs16, theirs32)
            worst = min(worst, ours)
            failures += ours < 48 or ours < theirs
            print(f"{stem:<14} {ours:>22.2f} {theirs:>25.2f}")
        print(f"worst ours: {worst:.2f} dB; images below 48 dB or below PyTorch: {failures}")
        return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
