#!/usr/bin/env python3
"""Convolution efficiency from oneDNN's own timings: GFLOP/s and % of this machine's peak per kernel and pass.

Usage: ONEDNN_VERBOSE=1 ./esrgan bench --no-pytorch --precision fp32 > bench.log 2>&1
       tools/bench/dnnl_verbose_summary.py bench.log [--peak-fp32 GFLOPS] [--peak-bf16 GFLOPS]

Each `onednn_verbose,exec,...,convolution,...` line gives the implementation, the pass, the data types, the problem
(mb, ic, oc, oh, ow, kh, kw) and the milliseconds the kernel ran. FLOPs are 2 x the multiply-accumulates of direct
convolution (also for Winograd, which does fewer), summed per (implementation, pass, type: bf16 when any operand is, batch); time is oneDNN's,
so conversions, reorders and everything outside the kernels are left out. Peaks default to the `peak:` line that
`esrgan bench` prints into the same log. Issue 12's bar: direct fp32 kernels at >= 80 % of the fp32 peak.
"""
import argparse
import re
import sys
from collections import defaultdict

PROBLEM = re.compile(r"mb(\d+)_ic(\d+)oc(\d+)_ih\d+oh(\d+)kh(\d+)\S*?_iw\d+ow(\d+)kw(\d+)")
PEAK = re.compile(r"peak: ([\d.]+) GFLOP/s fp32, ([\d.]+) GFLOP/s bf16")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("log")
    parser.add_argument("--peak-fp32", type=float)
    parser.add_argument("--peak-bf16", type=float)
    args = parser.parse_args()

    flops = defaultdict(float)
    millis = defaultdict(float)
    calls = defaultdict(int)
    peaks = {"f32": args.peak_fp32, "bf16": args.peak_bf16}
    with open(args.log) as log:
        for line in log:
            found = PEAK.search(line)
            if found:
                peaks["f32"] = peaks["f32"] or float(found.group(1))
                peaks["bf16"] = peaks["bf16"] or float(found.group(2))
                continue
            fields = line.rstrip("\n").split(",")
            if len(fields) < 11 or fields[:2] != ["onednn_verbose", "exec"] or fields[3] != "convolution":
                continue
            problem = PROBLEM.search(fields[-2])
            if not problem:
                continue
            mb, ic, oc, oh, kh, ow, kw = map(int, problem.groups())
            source = "bf16" if "_bf16:" in fields[6] else "f32"
            key = (fields[4], fields[5], source, mb)
            flops[key] += 2.0 * mb * ic * oc * oh * ow * kh * kw
            millis[key] += float(fields[-1])
            calls[key] += 1
    if not calls:
        sys.exit(f"{args.log}: no onednn_verbose convolution lines (run with ONEDNN_VERBOSE=1)")

    print(f"{'implementation':28} {'pass':18} {'type':5} {'batch':>5} {'calls':>6} {'ms':>9} {'GFLOP/s':>8} {'% peak':>7}")
    for key in sorted(calls, key=lambda k: -millis[k]):
        rate = flops[key] / millis[key] / 1e6 if millis[key] > 0 else float("nan")
        peak = peaks[key[2]]
        share = f"{100 * rate / peak:6.0f}%" if peak else "      -"
        print(f"{key[0]:28} {key[1]:18} {key[2]:5} {key[3]:5d} {calls[key]:6d} {millis[key]:9.0f} {rate:8.1f} {share}")
    print(f"peaks: fp32 {peaks['f32'] or '-'} GFLOP/s, bf16 {peaks['bf16'] or '-'} GFLOP/s "
          "(Winograd rows can pass 100 %: they do fewer multiplies than the direct count)")


if __name__ == "__main__":
    main()
