"""The PyTorch side of `esrgan bench`: the same RRDBNet work in channels_last fp32 (bf16 cases under
torch.autocast('cpu', torch.bfloat16)), timed the same way.

Usage: python3 rrdbnet_pytorch.py THREADS
Prints "ready", then for each case name read from stdin (forward_64, forward_128, forward_128_bf16, train_step,
train_step_bf16) runs that case once and prints its seconds, until stdin closes.
"""
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


class ResidualDenseBlock(nn.Module):
    def __init__(self, nf=64, gc=32):
        super().__init__()
        self.conv1 = nn.Conv2d(nf, gc, 3, 1, 1)
        self.conv2 = nn.Conv2d(nf + gc, gc, 3, 1, 1)
        self.conv3 = nn.Conv2d(nf + 2 * gc, gc, 3, 1, 1)
        self.conv4 = nn.Conv2d(nf + 3 * gc, gc, 3, 1, 1)
        self.conv5 = nn.Conv2d(nf + 4 * gc, nf, 3, 1, 1)
        self.lrelu = nn.LeakyReLU(0.2, inplace=True)

    def forward(self, x):
        x1 = self.lrelu(self.conv1(x))
        x2 = self.lrelu(self.conv2(torch.cat((x, x1), 1)))
        x3 = self.lrelu(self.conv3(torch.cat((x, x1, x2), 1)))
        x4 = self.lrelu(self.conv4(torch.cat((x, x1, x2, x3), 1)))
        x5 = self.conv5(torch.cat((x, x1, x2, x3, x4), 1))
        return x5 * 0.2 + x


class RRDB(nn.Module):
    def __init__(self, nf, gc):
        super().__init__()
        self.rdb1 = ResidualDenseBlock(nf, gc)
        self.rdb2 = ResidualDenseBlock(nf, gc)
        self.rdb3 = ResidualDenseBlock(nf, gc)

    def forward(self, x):
        return self.rdb3(self.rdb2(self.rdb1(x))) * 0.2 + x


class RRDBNet(nn.Module):
    def __init__(self, nf=64, nb=23, gc=32):
        super().__init__()
        self.conv_first = nn.Conv2d(3, nf, 3, 1, 1)
        self.body = nn.Sequential(*[RRDB(nf, gc) for _ in range(nb)])
        self.conv_body = nn.Conv2d(nf, nf, 3, 1, 1)
        self.conv_up1 = nn.Conv2d(nf, nf, 3, 1, 1)
        self.conv_up2 = nn.Conv2d(nf, nf, 3, 1, 1)
        self.conv_hr = nn.Conv2d(nf, nf, 3, 1, 1)
        self.conv_last = nn.Conv2d(nf, 3, 3, 1, 1)
        self.lrelu = nn.LeakyReLU(0.2, inplace=True)

    def forward(self, x):
        feat = self.conv_first(x)
        feat = feat + self.conv_body(self.body(feat))
        feat = self.lrelu(self.conv_up1(F.interpolate(feat, scale_factor=2, mode="nearest")))
        feat = self.lrelu(self.conv_up2(F.interpolate(feat, scale_factor=2, mode="nearest")))
        return self.conv_last(self.lrelu(self.conv_hr(feat)))


def main():
    threads = int(sys.argv[1])
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    net = RRDBNet().to(memory_format=torch.channels_last)
    inputs = {size: torch.rand(1, 3, size, size).to(memory_format=torch.channels_last) for size in (64, 128)}
    lr = torch.rand(4, 3, 32, 32).to(memory_format=torch.channels_last)
    hr = torch.rand(4, 3, 128, 128).to(memory_format=torch.channels_last)
    opt = torch.optim.Adam(net.parameters(), lr=1e-4, betas=(0.9, 0.99))

    def forward(size):
        net.eval()
        with torch.no_grad():
            net(inputs[size])

    def train_step():
        net.train()
        opt.zero_grad()
        F.l1_loss(net(lr), hr).backward()
        opt.step()

    def bf16(case):
        def run():
            with torch.autocast("cpu", dtype=torch.bfloat16):
                case()
        return run

    cases = {"forward_64": lambda: forward(64), "forward_128": lambda: forward(128), "train_step": train_step,
             "forward_128_bf16": bf16(lambda: forward(128)), "train_step_bf16": bf16(train_step)}
    print("ready", flush=True)
    for line in sys.stdin:
        start = time.perf_counter()
        cases[line.strip()]()
        print(time.perf_counter() - start, flush=True)


if __name__ == "__main__":
    main()
