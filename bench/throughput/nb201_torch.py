#!/usr/bin/env python3
"""PyTorch side of the throughput comparison: the same NAS-Bench-201 network and SGD recipe as nas4j's
Trainer, trained on random uint8 images normalised per batch (as nas4j's Loader does), channels-last input.
Prints images/s over the batches after the warm-up. Run by bench/throughput/run.sh."""
import argparse
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

OPS = ["none", "skip_connect", "nor_conv_1x1", "nor_conv_3x3", "avg_pool_3x3"]


class ReLUConvBN(nn.Sequential):
    def __init__(self, cin, cout, k, stride, relu=True, bn=True):
        layers = [nn.ReLU(inplace=False)] if relu else []
        layers.append(nn.Conv2d(cin, cout, k, stride, k // 2, bias=False))
        if bn:
            layers.append(nn.BatchNorm2d(cout))
        super().__init__(*layers)


class Cell(nn.Module):
    """NAS-Bench-201's InferCell; none edges are left out and dead nodes skipped, as nas4j does."""

    def __init__(self, ops, c):
        super().__init__()
        self.ops = ops
        self.edges = nn.ModuleDict()
        for e, op in enumerate(ops):
            if op == "nor_conv_3x3":
                self.edges[str(e)] = ReLUConvBN(c, c, 3, 1)
            elif op == "nor_conv_1x1":
                self.edges[str(e)] = ReLUConvBN(c, c, 1, 1)
            elif op == "avg_pool_3x3":
                self.edges[str(e)] = nn.AvgPool2d(3, 1, 1, count_include_pad=False)
            elif op == "skip_connect":
                self.edges[str(e)] = nn.Identity()
        self.live = [False, False, False, True]
        for node in (2, 1, 0):
            for to in range(node + 1, 4):
                if self.live[to] and ops[to * (to - 1) // 2 + node] != "none":
                    self.live[node] = True

    def forward(self, x):
        nodes = [x, None, None, None]
        for to in range(1, 4):
            if not self.live[to]:
                continue
            s = None
            for frm in range(to):
                e = to * (to - 1) // 2 + frm
                op = self.ops[e]
                if op == "none" or (nodes[frm] is None and op in ("skip_connect", "avg_pool_3x3")):
                    continue
                inp = nodes[frm] if nodes[frm] is not None else torch.zeros_like(x)
                out = self.edges[str(e)](inp)
                s = out if s is None else s + out
            nodes[to] = s
        return nodes[3] if nodes[3] is not None else torch.zeros_like(x)


class Residual(nn.Module):
    def __init__(self, cin, cout):
        super().__init__()
        self.a = ReLUConvBN(cin, cout, 3, 2)
        self.b = ReLUConvBN(cout, cout, 3, 1)
        self.down = nn.Sequential(nn.AvgPool2d(2, 2), nn.Conv2d(cin, cout, 1, bias=False))

    def forward(self, x):
        return self.down(x) + self.b(self.a(x))


class Net(nn.Module):
    def __init__(self, arch, c, n, cin, classes):
        super().__init__()
        ops = [e.split("~")[0] for g in arch.strip("|").split("|+|") for e in g.split("|")]
        assert len(ops) == 6 and all(o in OPS for o in ops), arch
        layers = [nn.Conv2d(cin, c, 3, 1, 1, bias=False), nn.BatchNorm2d(c)]
        w = c
        for stage in range(3):
            if stage > 0:
                layers.append(Residual(w, 2 * w))
                w *= 2
            layers += [Cell(ops, w) for _ in range(n)]
        self.body = nn.Sequential(*layers)
        self.bn = nn.BatchNorm2d(w)
        self.fc = nn.Linear(w, classes)

    def forward(self, x):
        x = F.relu(self.bn(self.body(x)))
        return self.fc(x.mean((2, 3)))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--arch", default="|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_3x3~2|")
    p.add_argument("--batch", type=int, default=64)
    p.add_argument("--batches", type=int, default=30)
    p.add_argument("--warmup", type=int, default=5)
    p.add_argument("--channels", type=int, default=16)
    p.add_argument("--cells", type=int, default=5)
    p.add_argument("--size", type=int, default=32)
    p.add_argument("--in-channels", type=int, default=3)
    p.add_argument("--classes", type=int, default=10)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--params", action="store_true", help="print the parameter count and exit")
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(1)
    net = Net(a.arch, a.channels, a.cells, a.in_channels, a.classes)
    if a.params:
        print(sum(t.numel() for t in net.parameters()))
        return
    opt = torch.optim.SGD(net.parameters(), lr=0.1, momentum=0.9, weight_decay=5e-4, nesterov=True)
    steps = a.warmup + a.batches
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, steps)
    g = torch.Generator().manual_seed(1)
    images = torch.randint(0, 256, (steps * a.batch, a.size, a.size, a.in_channels), dtype=torch.uint8, generator=g)
    labels = torch.randint(0, a.classes, (steps * a.batch,), generator=g)
    mean, std = 0.5, 0.25
    net.train()
    start = None
    for s in range(steps):
        if s == a.warmup:
            start = time.perf_counter()
        u8 = images[s * a.batch:(s + 1) * a.batch]
        x = ((u8.float() / 255 - mean) / std).permute(0, 3, 1, 2)  # NHWC memory = channels-last NCHW view
        y = labels[s * a.batch:(s + 1) * a.batch]
        loss = F.cross_entropy(net(x), y)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        sched.step()
        loss.item()
    dt = time.perf_counter() - start
    print("pytorch images/s %.1f (torch %s, %d threads, batch %d, %d timed batches after %d warm-up, C=%d N=%d, %dx%dx%d)"
          % (a.batch * a.batches / dt, torch.__version__, torch.get_num_threads(), a.batch, a.batches, a.warmup,
             a.channels, a.cells, a.in_channels, a.size, a.size))


if __name__ == "__main__":
    main()
