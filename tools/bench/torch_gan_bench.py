#!/usr/bin/env python3
"""The gan4j benchmark steps written in PyTorch, for `gan4j bench --suite` (issue [6/6]).

Same shapes, layers, losses and optimiser settings as gan4j's presets:
  dcgan32  - DCGAN G (dense 4x4x512, transposed convs 256/128/64 with BN+ReLU, 3x3 conv, tanh) and the
             SN-GAN "standard CNN" D without SN (3x3 conv 64; 4x4/2 + 3x3 pairs at 128/256/512;
             LeakyReLU 0.1; dense), hinge loss, Adam 2e-4 (0, 0.9), batch 64.
  sagan32  - conditional SAGAN: ResNet G (widths 256/128/64/32, class-conditional BN on a shared 128-d
             embedding) and ResNet D (32/64/128, projection head), spectral norm everywhere,
             self-attention at 16x16 in both, hinge, TTUR Adam G 1e-4 / D 4e-4 (0, 0.9), EMA of G.
One step = one D update (real batch + detached G batch) then one G update, as gan4j runs it.
Run with Debian's python3-torch: /usr/bin/python3 tools/bench/torch_gan_bench.py --model dcgan32
"""
import argparse
import statistics
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

SN = nn.utils.spectral_norm


def maybe_sn(m, sn):
    return SN(m, eps=1e-6) if sn else m


class DcganG(nn.Module):
    def __init__(self, z=128, widths=(512, 256, 128, 64), ch=3):
        super().__init__()
        self.w0 = widths[0]
        self.stem = nn.Linear(z, 4 * 4 * widths[0])
        self.bn0 = nn.BatchNorm2d(widths[0], eps=1e-5, momentum=0.1)
        ups = []
        for a, b in zip(widths[:-1], widths[1:]):
            ups += [nn.ConvTranspose2d(a, b, 4, 2, 1), nn.BatchNorm2d(b, eps=1e-5), nn.ReLU()]
        self.ups = nn.Sequential(*ups)
        self.out = nn.Conv2d(widths[-1], ch, 3, 1, 1)

    def forward(self, z, y=None):
        h = F.relu(self.bn0(self.stem(z).view(-1, self.w0, 4, 4)))
        return torch.tanh(self.out(self.ups(h)))


class DcganD(nn.Module):
    def __init__(self, ch=3, stem=64, widths=(128, 256, 512), slope=0.1):
        super().__init__()
        layers = [nn.Conv2d(ch, stem, 3, 1, 1), nn.LeakyReLU(slope)]
        prev = stem
        for w in widths:
            layers += [nn.Conv2d(prev, w, 4, 2, 1), nn.LeakyReLU(slope), nn.Conv2d(w, w, 3, 1, 1), nn.LeakyReLU(slope)]
            prev = w
        self.body = nn.Sequential(*layers)
        self.out = nn.Linear(4 * 4 * prev, 1)

    def forward(self, x, y=None):
        return self.out(self.body(x).flatten(1)).view(-1)


class Attention(nn.Module):
    def __init__(self, c, sn=True):
        super().__init__()
        self.theta = maybe_sn(nn.Conv2d(c, c // 8, 1, bias=False), sn)
        self.phi = maybe_sn(nn.Conv2d(c, c // 8, 1, bias=False), sn)
        self.g = maybe_sn(nn.Conv2d(c, c // 2, 1, bias=False), sn)
        self.o = maybe_sn(nn.Conv2d(c // 2, c, 1, bias=False), sn)
        self.gamma = nn.Parameter(torch.zeros(()))

    def forward(self, x):
        n, c, h, w = x.shape
        theta = self.theta(x).view(n, c // 8, h * w)
        phi = F.max_pool2d(self.phi(x), 2).view(n, c // 8, h * w // 4)
        g = F.max_pool2d(self.g(x), 2).view(n, c // 2, h * w // 4)
        beta = F.softmax(torch.bmm(theta.transpose(1, 2), phi), -1)
        o = self.o(torch.bmm(g, beta.transpose(1, 2)).view(n, c // 2, h, w))
        return self.gamma * o + x


class CBN(nn.Module):
    def __init__(self, c, e=128):
        super().__init__()
        self.bn = nn.BatchNorm2d(c, affine=False, eps=1e-5)
        self.gain = SN(nn.Linear(e, c), eps=1e-6)
        self.bias = SN(nn.Linear(e, c), eps=1e-6)

    def forward(self, x, e):
        return self.bn(x) * (1 + self.gain(e)[:, :, None, None]) + self.bias(e)[:, :, None, None]


class GBlock(nn.Module):
    def __init__(self, a, b):
        super().__init__()
        self.bn1, self.bn2 = CBN(a), CBN(b)
        self.c1 = SN(nn.Conv2d(a, b, 3, 1, 1), eps=1e-6)
        self.c2 = SN(nn.Conv2d(b, b, 3, 1, 1), eps=1e-6)
        self.sc = SN(nn.Conv2d(a, b, 1), eps=1e-6)

    def forward(self, x, e):
        h = F.interpolate(F.relu(self.bn1(x, e)), scale_factor=2, mode="nearest")
        h = self.c2(F.relu(self.bn2(self.c1(h), e)))
        return h + self.sc(F.interpolate(x, scale_factor=2, mode="nearest"))


class DBlock(nn.Module):
    def __init__(self, a, b, preact):
        super().__init__()
        self.preact = preact
        self.c1 = SN(nn.Conv2d(a, b, 3, 1, 1), eps=1e-6)
        self.c2 = SN(nn.Conv2d(b, b, 3, 1, 1), eps=1e-6)
        self.sc = SN(nn.Conv2d(a, b, 1), eps=1e-6)

    def forward(self, x):
        h = F.relu(x) if self.preact else x
        h = F.avg_pool2d(self.c2(F.relu(self.c1(h))), 2)
        s = F.avg_pool2d(self.sc(x), 2) if self.preact else self.sc(F.avg_pool2d(x, 2))
        return h + s


class SaganG(nn.Module):
    def __init__(self, z=128, widths=(256, 128, 64, 32), ch=3, classes=10, attn_res=16):
        super().__init__()
        self.w0 = widths[0]
        self.embed = SN(nn.Linear(classes, 128, bias=False), eps=1e-6)
        self.classes = classes
        self.stem = SN(nn.Linear(z, 4 * 4 * widths[0]), eps=1e-6)
        self.blocks = nn.ModuleList(GBlock(a, b) for a, b in zip(widths[:-1], widths[1:]))
        self.attn_after = [i for i in range(len(self.blocks)) if 4 << (i + 1) == attn_res]
        self.attn = Attention(widths[self.attn_after[0] + 1])
        self.bn = nn.BatchNorm2d(widths[-1], eps=1e-5)
        self.out = SN(nn.Conv2d(widths[-1], ch, 3, 1, 1), eps=1e-6)

    def forward(self, z, y):
        e = self.embed(F.one_hot(y, self.classes).float())
        h = self.stem(z).view(-1, self.w0, 4, 4)
        for i, b in enumerate(self.blocks):
            h = b(h, e)
            if i in self.attn_after:
                h = self.attn(h)
        return torch.tanh(self.out(F.relu(self.bn(h))))


class SaganD(nn.Module):
    def __init__(self, ch=3, widths=(32, 64, 128), classes=10, attn_res=16):
        super().__init__()
        self.blocks = nn.ModuleList()
        prev = ch
        for i, w in enumerate(widths):
            self.blocks.append(DBlock(prev, w, preact=i > 0))
            prev = w
        self.attn_after = [i for i in range(len(widths)) if 32 >> (i + 1) == attn_res]
        self.attn = Attention(widths[self.attn_after[0]])
        self.out = SN(nn.Linear(prev, 1), eps=1e-6)
        self.embed = SN(nn.Linear(classes, prev, bias=False), eps=1e-6)
        self.classes = classes

    def forward(self, x, y):
        h = x
        for i, b in enumerate(self.blocks):
            h = b(h)
            if i in self.attn_after:
                h = self.attn(h)
        pooled = F.relu(h).sum((2, 3))
        proj = (self.embed(F.one_hot(y, self.classes).float()) * pooled).sum(1)
        return self.out(pooled).view(-1) + proj


def build(model):
    if model == "dcgan32":
        g, d = DcganG(), DcganD()
        return g, d, (2e-4, 2e-4), 128, None
    g, d = SaganG(), SaganD()
    return g, d, (1e-4, 4e-4), 128, 10


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", choices=["dcgan32", "sagan32"], default="dcgan32")
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--steps", type=int, default=10)
    ap.add_argument("--warmup", type=int, default=3)
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--threads", type=int, default=2)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(1)
    g, d, (lr_g, lr_d), zdim, classes = build(a.model)
    ema = [p.detach().clone() for p in g.parameters()] if classes else None
    opt_g = torch.optim.Adam(g.parameters(), lr_g, betas=(0.0, 0.9), eps=1e-8)
    opt_d = torch.optim.Adam(d.parameters(), lr_d, betas=(0.0, 0.9), eps=1e-8)
    real = torch.rand(a.batch * 8, 3, 32, 32) * 2 - 1   # data in memory, gathered per step like gan4j
    labels = torch.randint(0, 10, (a.batch * 8,))

    def step(i):
        idx = torch.randint(0, real.shape[0], (a.batch,))
        x, y = real[idx], labels[idx]
        yf = torch.randint(0, 10, (a.batch,)) if classes else None
        with torch.no_grad():
            fake = g(torch.randn(a.batch, zdim), yf)
        logits = d(torch.cat([x, fake]), torch.cat([y, yf]) if classes else None)
        d_loss = F.relu(1 - logits[: a.batch]).mean() + F.relu(1 + logits[a.batch:]).mean()
        opt_d.zero_grad(set_to_none=True)
        d_loss.backward()
        opt_d.step()
        yg = torch.randint(0, 10, (a.batch,)) if classes else None
        g_loss = -d(g(torch.randn(a.batch, zdim), yg), yg).mean()
        opt_g.zero_grad(set_to_none=True)
        g_loss.backward()
        opt_g.step()
        if ema is not None:
            with torch.no_grad():
                for e, p in zip(ema, g.parameters()):
                    e.lerp_(p, 1 - 0.999)

    for i in range(a.warmup):
        step(i)
    rates = []
    for r in range(a.repeats):
        t0 = time.perf_counter()
        for i in range(a.steps):
            step(i)
        rates.append(a.steps / (time.perf_counter() - t0))
        print(f"  torch repeat {r + 1}: {rates[-1]:.3f} steps/s", flush=True)
    print(f"torch {a.model} steps/s={statistics.median(rates):.3f} (torch {torch.__version__}, {a.threads} threads)")


if __name__ == "__main__":
    main()
