#!/usr/bin/env python3
"""End-to-end comparison of what a user runs: upscaling a folder of 10 images of 200x200 with Real-ESRGAN x4plus in
one `./esrgan upscale` call, against a PyTorch 1.13 script doing the same job in one process (import, load the
model, then for each image read the PNG, forward in fp32 channels_last, write the PNG). Both are timed as whole
processes, alternating, and the ratio of the medians is printed.

Usage: tools/bench/e2e_folder.py [--model FILE.safetensors] [--esrgan ./esrgan] [--repeats 3] [--precision auto]
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np
from PIL import Image

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def pytorch_job(model, folder, out, threads):
    """The PyTorch side, run in its own process so that its start-up counts as ours does."""
    import torch
    sys.path.insert(0, HERE)
    from bf16_quality import load_rrdbnet, read_safetensors
    torch.set_num_threads(threads)
    net = load_rrdbnet()().eval()
    net.load_state_dict(read_safetensors(model))
    net = net.to(memory_format=torch.channels_last)
    for name in sorted(os.listdir(folder)):
        rgb = np.asarray(Image.open(os.path.join(folder, name)).convert("RGB"), dtype=np.float32) / 255
        x = torch.from_numpy(rgb).permute(2, 0, 1)[None].contiguous(memory_format=torch.channels_last)
        with torch.no_grad():
            y = net(x)[0].permute(1, 2, 0).clamp(0, 1).numpy()
        Image.fromarray(np.round(y * 255).astype(np.uint8)).save(os.path.join(out, os.path.splitext(name)[0] + "_out.png"))


def make_images(folder, count=10, size=200):
    rng = np.random.default_rng(0)
    y, x = np.mgrid[0:size, 0:size]
    for i in range(count):
        base = np.stack([np.sin(0.05 * (i + 1) * x + c) * np.cos(0.07 * y - c) for c in range(3)], axis=-1)
        img = np.clip(0.5 + 0.35 * base + 0.1 * rng.standard_normal((size, size, 3)), 0, 1)
        Image.fromarray((img * 255).astype(np.uint8)).save(os.path.join(folder, f"image{i:02d}.png"))


def timed(command, env=None):
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, env=env)
    return time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", default=os.path.expanduser("~/.cache/esrgan/models/realesrgan-x4plus.safetensors"))
    parser.add_argument("--esrgan", default=os.path.join(ROOT, "esrgan"))
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--threads", type=int, default=os.cpu_count())
    parser.add_argument("--precision", default="auto", help="passed to esrgan upscale (PyTorch runs fp32)")
    parser.add_argument("--pytorch-job", nargs=2, metavar=("IN", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.pytorch_job:
        pytorch_job(args.model, *args.pytorch_job, args.threads)
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        folder, ours_out, theirs_out = (os.path.join(tmp, d) for d in ("in", "ours", "theirs"))
        for d in (folder, ours_out, theirs_out):
            os.makedirs(d)
        make_images(folder)
        env = dict(os.environ, OMP_NUM_THREADS=str(args.threads))
        ours_cmd = [args.esrgan, "upscale", folder, "-o", ours_out, "--model", args.model, "--precision", args.precision, "--overwrite"]
        theirs_cmd = [sys.executable, os.path.abspath(__file__), "--model", args.model, "--threads", str(args.threads),
                      "--pytorch-job", folder, theirs_out]
        timed(ours_cmd, env)  # builds the CLI if needed, warms the file cache
        ours, theirs = [], []
        for _ in range(args.repeats):
            ours.append(timed(ours_cmd, env))
            theirs.append(timed(theirs_cmd, env))
        o, t = statistics.median(ours), statistics.median(theirs)
        print(f"10 images 200x200, x4plus: esrgan upscale {o:.2f} s (--precision {args.precision}), PyTorch 1.13 script {t:.2f} s, "
              f"ratio {t / o:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
