#!/usr/bin/env python3
"""The gan4j benchmark steps written in PyTorch, for `gan4j bench --suite` (issue [6/6]).

Same shapes, layers, losses and optimiser settings as gan4j's presets:
  dcgan32  - DCGAN G (dense 4x4x512, transposed convs 256/128/64 with BN+ReLU, 3x3 conv, tanh) and the
             SN-GAN "standard CNN" D without SN (3x3 conv 64; 4x4/2 + 3x3 pairs at 128/256/512;
             LeakyReLU 0.1; dense), hinge loss, Adam 2e-4 (0, 0.9), batch 64.
  sagan32  - conditional SAGAN: ResNet G (widths 256/128/64/32, class-conditional BN on a shared 128-d
             embedding) and ResNet D (32/64/128, projection head), spectral norm everywhere,
             self-attention at 16x16 in both, hinge, TTUR Adam G 1e-4 / D 4e-4 (0, 0.9), EMA of G.
  wgan-gp  - the wgan-gp recipe on 32x32x3: DCGAN G (z 100, dense 4x4x128, transposed convs 64/32/16 with
             BN+ReLU, 3x3 conv, tanh), critic without BN (3x3 conv 16, 4x4/2 convs 32/64/128, LeakyReLU 0.2,
             dense), Wasserstein loss + gradient penalty lambda 10 on per-sample interpolates (double backward:
             create_graph, sqrt(sum g^2 + 1e-10) as gan4j), 5 critic updates per G update, Adam 1e-4 (0, 0.9).
  biggan   - the biggan recipe on 32x32x3: BigGAN G (z 128 in 4 chunks of 32: one for the SN stem, one per
             up-block; conditional BN on [shared 128-d embedding, chunk]; widths 128/64/32/16; self-attention
             at 16x16), SAGAN projection D (16/32/64, attention at 16x16), SN everywhere but the shared
             embedding, hinge, 2 D updates per G update, Adam G 5e-5 / D 2e-4 (0, 0.999), orthogonal
             regularisation 1e-4 on G (every weight of rank >= 2 but the shared embedding), EMA of G.
  csgan    - the csgan translation step on unpaired 32x32x3 images, batch 1: two CycleGAN ResNet generators
             (c7s1-64, d128, d256, 6 residual blocks, u128, u64, c7s1-3; instance norm; reflection pads),
             two PatchGAN discriminators (1 stride-2 layer: 64, 128, 1; instance norm; LeakyReLU 0.2),
             least-squares adversarial loss, cycle L1 x10 and cyclic-synthesized L1(fake, rec.detach()) x30
             per direction, image pools of 50, Adam 2e-4 (0.5, 0.999); G updated first, then D.
One step = n_dis D updates (real batch + detached G batch) then one G update, as gan4j runs it
(csgan: the G update, then the D update on pooled translations, as pytorch-CycleGAN and gan4j).
`--params-only` prints `params G=<n> D=<n>` (csgan: both generators, both discriminators) and exits;
`gan4j bench --suite` requires them to equal gan4j's counts.
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
    def __init__(self, ch=3, stem=64, widths=(128, 256, 512), slope=0.1, refine=True):
        super().__init__()
        layers = [nn.Conv2d(ch, stem, 3, 1, 1), nn.LeakyReLU(slope)]
        prev = stem
        for w in widths:
            layers += [nn.Conv2d(prev, w, 4, 2, 1), nn.LeakyReLU(slope)]
            if refine:
                layers += [nn.Conv2d(w, w, 3, 1, 1), nn.LeakyReLU(slope)]
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
    def __init__(self, a, b, e=128):
        super().__init__()
        self.bn1, self.bn2 = CBN(a, e), CBN(b, e)
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


class BigGanG(nn.Module):
    """gan4j's BigGanGenerator: hierarchical z, shared (plain) class embedding, CBN on [shared(y), z_i]."""

    def __init__(self, z=128, widths=(128, 64, 32, 16), ch=3, classes=10, shared=128, attn_res=16):
        super().__init__()
        self.w0 = widths[0]
        self.chunk = z // len(widths)
        self.shared = nn.Embedding(classes, shared)
        self.stem = SN(nn.Linear(self.chunk, 4 * 4 * widths[0]), eps=1e-6)
        self.blocks = nn.ModuleList(GBlock(a, b, shared + self.chunk) for a, b in zip(widths[:-1], widths[1:]))
        self.attn_after = [i for i in range(len(self.blocks)) if 4 << (i + 1) == attn_res]
        self.attn = Attention(widths[self.attn_after[0] + 1])
        self.bn = nn.BatchNorm2d(widths[-1], eps=1e-5)
        self.out = SN(nn.Conv2d(widths[-1], ch, 3, 1, 1), eps=1e-6)

    def forward(self, z, y):
        zs = torch.split(z, self.chunk, 1)
        e = self.shared(y)
        h = self.stem(zs[0]).view(-1, self.w0, 4, 4)
        for i, b in enumerate(self.blocks):
            h = b(h, torch.cat([e, zs[i + 1]], 1))
            if i in self.attn_after:
                h = self.attn(h)
        return torch.tanh(self.out(F.relu(self.bn(h))))


def orthogonal_penalty(g):
    """gan4j's OrthogonalRegularization sum: ||W^T W * (1 - I)||_F^2 over G's weights of rank >= 2 but the
    shared embedding, W = the weight before spectral norm with one row per output (gan4j's [fan_in, out]
    transposed: the same Gram matrix)."""
    total = 0
    for name, p in g.named_parameters():
        if p.dim() >= 2 and "shared" not in name:
            w = p.reshape(p.shape[0], -1)
            gram = w @ w.t()
            total = total + (gram * (1 - torch.eye(gram.shape[0]))).pow(2).sum()
    return total


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


class ResnetBlock(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.body = nn.Sequential(nn.ReflectionPad2d(1), nn.Conv2d(c, c, 3), nn.InstanceNorm2d(c), nn.ReLU(),
                                  nn.ReflectionPad2d(1), nn.Conv2d(c, c, 3), nn.InstanceNorm2d(c))

    def forward(self, x):
        return x + self.body(x)


class UpConv(nn.Module):
    """gan4j's 3x3 stride-2 transposed conv with TF's SAME padding (output 2n): the full (2n + 1) output
    cropped to its first 2n rows and columns. (pytorch-CycleGAN's padding=1, output_padding=1 gives the
    same shape and cost, shifted by one pixel.)"""

    def __init__(self, a, b):
        super().__init__()
        self.conv = nn.ConvTranspose2d(a, b, 3, 2)

    def forward(self, x):
        n = x.shape[-1] * 2
        return self.conv(x)[:, :, :n, :n]


class ResnetGenerator(nn.Module):
    """gan4j's ResNetTranslator = pytorch-CycleGAN's ResnetGenerator (instance norm, no dropout)."""

    def __init__(self, cin=3, cout=3, f=64, blocks=6):
        super().__init__()
        layers = [nn.ReflectionPad2d(3), nn.Conv2d(cin, f, 7), nn.InstanceNorm2d(f), nn.ReLU()]
        for i in range(2):
            layers += [nn.Conv2d(f << i, f << (i + 1), 3, 2, 1), nn.InstanceNorm2d(f << (i + 1)), nn.ReLU()]
        layers += [ResnetBlock(4 * f) for _ in range(blocks)]
        for i in range(2):
            layers += [UpConv(f << (2 - i), f << (1 - i)), nn.InstanceNorm2d(f << (1 - i)), nn.ReLU()]
        layers += [nn.ReflectionPad2d(3), nn.Conv2d(f, cout, 7), nn.Tanh()]
        self.net = nn.Sequential(*layers)

    def forward(self, x):
        return self.net(x)


class PatchD(nn.Module):
    """gan4j's PatchDiscriminator = pytorch-CycleGAN's NLayerDiscriminator (instance norm)."""

    def __init__(self, ch=3, f=64, layers=1):
        super().__init__()
        seq = [nn.Conv2d(ch, f, 4, 2, 1), nn.LeakyReLU(0.2)]
        prev = f
        for i in range(1, layers + 1):
            w = f * min(1 << i, 8)
            seq += [nn.Conv2d(prev, w, 4, 2 if i < layers else 1, 1), nn.InstanceNorm2d(w), nn.LeakyReLU(0.2)]
            prev = w
        seq += [nn.Conv2d(prev, 1, 4, 1, 1)]
        self.net = nn.Sequential(*seq)

    def forward(self, x):
        return self.net(x)


class ImagePool:
    """pytorch-CycleGAN's util/image_pool.py (gan4j's ImagePool): 50 images, swap with probability 1/2 once full."""

    def __init__(self, size=50):
        self.size, self.images = size, []

    def query(self, images):
        out = []
        for x in images:
            x = x.unsqueeze(0)
            if len(self.images) < self.size:
                self.images.append(x)
                out.append(x)
            elif torch.rand(()) > 0.5:
                i = int(torch.randint(0, self.size, ()))
                out.append(self.images[i].clone())
                self.images[i] = x
            else:
                out.append(x)
        return torch.cat(out, 0)


class Gan:
    """One GAN recipe: networks, learning rates, betas, n_dis, loss and the extra terms."""

    def __init__(self, g, d, lr, betas, zdim, classes, n_dis=1, loss="hinge", gp=0.0, ortho=0.0, ema=None):
        self.g, self.d, self.lr, self.betas, self.zdim, self.classes = g, d, lr, betas, zdim, classes
        self.n_dis, self.loss, self.gp, self.ortho, self.ema = n_dis, loss, gp, ortho, ema


def build(model):
    if model == "dcgan32":
        return Gan(DcganG(), DcganD(), (2e-4, 2e-4), (0.0, 0.9), 128, None)
    if model == "sagan32":
        return Gan(SaganG(), SaganD(), (1e-4, 4e-4), (0.0, 0.9), 128, 10, ema=(0.999, 0))
    if model == "wgan-gp":
        g = DcganG(z=100, widths=(128, 64, 32, 16))
        d = DcganD(stem=16, widths=(32, 64, 128), slope=0.2, refine=False)
        return Gan(g, d, (1e-4, 1e-4), (0.0, 0.9), 100, None, n_dis=5, loss="wasserstein", gp=10.0)
    if model == "biggan":
        g = BigGanG(z=128, widths=(128, 64, 32, 16))
        d = SaganD(widths=(16, 32, 64))
        return Gan(g, d, (5e-5, 2e-4), (0.0, 0.999), 128, 10, n_dis=2, ortho=1e-4, ema=(0.999, 1000))
    raise ValueError(model)


def count(*modules):
    return sum(p.numel() for m in modules for p in m.parameters())


def gan_step(a, m):
    """The timed step of a GAN recipe; returns step(i)."""
    g, d, batch, classes = m.g, m.d, a.batch, m.classes
    ema = [p.detach().clone() for p in g.parameters()] if m.ema else None
    opt_g = torch.optim.Adam(g.parameters(), m.lr[0], betas=m.betas, eps=1e-8)
    opt_d = torch.optim.Adam(d.parameters(), m.lr[1], betas=m.betas, eps=1e-8)
    real = torch.rand(batch * 8, 3, 32, 32) * 2 - 1   # data in memory, gathered per step like gan4j
    labels = torch.randint(0, 10, (batch * 8,))

    def d_update():
        idx = torch.randint(0, real.shape[0], (batch,))
        x, y = real[idx], labels[idx]
        yf = torch.randint(0, classes, (batch,)) if classes else None
        with torch.no_grad():
            fake = g(torch.randn(batch, m.zdim), yf)
        logits = d(torch.cat([x, fake]), torch.cat([y, yf]) if classes else None)
        if m.loss == "hinge":
            d_loss = F.relu(1 - logits[:batch]).mean() + F.relu(1 + logits[batch:]).mean()
        else:
            d_loss = logits[batch:].mean() - logits[:batch].mean()
        if m.gp:
            eps = torch.rand(batch, 1, 1, 1)
            mixed = (eps * x + (1 - eps) * fake).requires_grad_(True)
            out = d(mixed, y if classes else None)
            grad, = torch.autograd.grad(out.sum(), mixed, create_graph=True)
            norm = torch.sqrt(grad.pow(2).sum((1, 2, 3)) + 1e-10)
            d_loss = d_loss + m.gp * (norm - 1).pow(2).mean()
        opt_d.zero_grad(set_to_none=True)
        d_loss.backward()
        opt_d.step()

    def step(i):
        for _ in range(m.n_dis):
            d_update()
        yg = torch.randint(0, classes, (batch,)) if classes else None
        g_loss = -d(g(torch.randn(batch, m.zdim), yg), yg).mean()
        if m.ortho:
            g_loss = g_loss + m.ortho * orthogonal_penalty(g)
        opt_g.zero_grad(set_to_none=True)
        g_loss.backward()
        opt_g.step()
        if ema is not None:
            decay, start = m.ema
            k = decay if i >= start else 0.0   # gan4j: a copy before emaStart, then the moving average
            with torch.no_grad():
                for e, p in zip(ema, g.parameters()):
                    e.lerp_(p, 1 - k)

    return step


def csgan_step(a, g_ab, g_ba, d_a, d_b, sample=None, lambda_cs=30.0):
    """One CSGAN step as gan4j's TranslationGraph (and csgan.py's optimize_parameters), returning its weighted
    terms as tensors under gan4j's tag names. sample(i) gives step i's (real_a, real_b); by default unpaired
    batches of uniform noise (the benchmark's). tools/experiments/csgan-torch-check.py trains on real pairs."""
    opt_g = torch.optim.Adam(list(g_ab.parameters()) + list(g_ba.parameters()), 2e-4, betas=(0.5, 0.999), eps=1e-8)
    opt_d = torch.optim.Adam(list(d_a.parameters()) + list(d_b.parameters()), 2e-4, betas=(0.5, 0.999), eps=1e-8)
    if sample is None:
        data_a = torch.rand(max(8, a.batch * 8), 3, 32, 32) * 2 - 1
        data_b = torch.rand(max(8, a.batch * 8), 3, 32, 32) * 2 - 1

        def sample(i):
            return (data_a[torch.randint(0, data_a.shape[0], (a.batch,))],
                    data_b[torch.randint(0, data_b.shape[0], (a.batch,))])

    pool_a, pool_b = ImagePool(50), ImagePool(50)
    l1, mse = F.l1_loss, F.mse_loss

    def step(i):
        real_a, real_b = sample(i)
        fake_b = g_ab(real_a)
        rec_a = g_ba(fake_b)
        fake_a = g_ba(real_b)
        rec_b = g_ab(fake_a)
        for p in list(d_a.parameters()) + list(d_b.parameters()):
            p.requires_grad_(False)
        on_a, on_b = d_a(fake_a), d_b(fake_b)
        t = {"g_adv_a": mse(on_a, torch.ones_like(on_a)), "g_adv_b": mse(on_b, torch.ones_like(on_b)),
             "cycle_a": 10 * l1(rec_a, real_a), "cycle_b": 10 * l1(rec_b, real_b)}
        if lambda_cs > 0:
            t["cs_a"] = lambda_cs * l1(fake_a, rec_a.detach())
            t["cs_b"] = lambda_cs * l1(fake_b, rec_b.detach())
        opt_g.zero_grad(set_to_none=True)
        sum(t.values()).backward()
        opt_g.step()
        for p in list(d_a.parameters()) + list(d_b.parameters()):
            p.requires_grad_(True)
        n = real_a.shape[0]
        for name, d, real, pool, fake in (("d_a", d_a, real_a, pool_a, fake_a), ("d_b", d_b, real_b, pool_b, fake_b)):
            out = d(torch.cat([real, pool.query(fake.detach())]))
            t[name] = 0.5 * (mse(out[:n], torch.ones_like(out[:n])) + mse(out[n:], torch.zeros_like(out[n:])))
        opt_d.zero_grad(set_to_none=True)
        (t["d_a"] + t["d_b"]).backward()
        opt_d.step()
        return t

    return step


MODELS = ["dcgan32", "sagan32", "wgan-gp", "biggan", "csgan"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", choices=MODELS, default="dcgan32")
    ap.add_argument("--batch", type=int, default=None, help="default 64 (csgan: 1, its recipe's)")
    ap.add_argument("--steps", type=int, default=10)
    ap.add_argument("--warmup", type=int, default=3)
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--params-only", action="store_true", help="print the G and D parameter counts and exit")
    a = ap.parse_args()
    if a.batch is None:
        a.batch = 1 if a.model == "csgan" else 64
    torch.set_num_threads(a.threads)
    torch.manual_seed(1)
    if a.model == "csgan":
        nets = ResnetGenerator(), ResnetGenerator(), PatchD(), PatchD()
        print(f"params G={count(nets[0], nets[1])} D={count(nets[2], nets[3])}", flush=True)
        if a.params_only:
            return
        step = csgan_step(a, *nets)
    else:
        m = build(a.model)
        print(f"params G={count(m.g)} D={count(m.d)}", flush=True)
        if a.params_only:
            return
        step = gan_step(a, m)

    for i in range(a.warmup):
        step(i)
    rates = []
    for r in range(a.repeats):
        t0 = time.perf_counter()
        for i in range(a.steps):
            step(a.warmup + r * a.steps + i)
        rates.append(a.steps / (time.perf_counter() - t0))
        print(f"  torch repeat {r + 1}: {rates[-1]:.3f} steps/s", flush=True)
    print(f"torch {a.model} steps/s={statistics.median(rates):.3f} (torch {torch.__version__}, {a.threads} threads)")


if __name__ == "__main__":
    main()
