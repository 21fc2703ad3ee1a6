#!/usr/bin/python3
"""One gan4j training step, written independently in PyTorch (the step-parity reference).

Usage:  /usr/bin/python3 tools/reference/step_reference.py JAVA_DIR OUT_DIR [--perturb NAME]

JAVA_DIR is what gan4j's StepDump wrote (config.json, before/*.npy, dstepK/{real,z,labels,...}.npy,
gstep/{z,labels}.npy). The reference rebuilds G and D from config.json, loads every variable from
before/, takes the exact real batch, z and labels the gan4j step used, runs the same step
(n_dis D updates, then one G update, EMA) and writes to OUT_DIR:

  dstepK/d_loss.npy, dstepK/fake.npy, dstepK/grad/NAME.npy   (K = 0 .. n_dis-1)
  gstep/g_loss.npy,  gstep/fake.npy,  gstep/grad/NAME.npy
  after/NAME.npy     every variable after the step (same names as gan4j)

Everything is float32 on the CPU. Variables are kept in gan4j's (TensorFlow's) layout so that names,
shapes and files match one to one; each layer converts to PyTorch's layout where it calls a torch op
(see README.md in this folder for every conversion and convention).

--grads-from-java applies gan4j's own gradients in the optimiser updates (the losses, gradients and
images written are still the reference's): with it the variables after the step check the update
rule (Adam, EMA, u, BN statistics) alone, which is what is left to check for a parameter whose
gradient float32 cannot resolve (e.g. a bias right before a batch norm: zero in exact arithmetic,
rounding noise in float32, which Adam then turns into a step of about lr in a random direction).

--perturb NAME changes one convention on purpose, to show that the comparison catches it:
  leaky-slope     LeakyReLU slope + 0.01
  torch-adam      torch.optim.Adam's epsilon placement instead of TensorFlow's ApplyAdam
  unbiased-bn     moving variance from the unbiased batch variance (torch.nn.BatchNorm2d)
  sn-torch-eps    spectral-norm normalisation x / max(|x|, 1e-12) (torch.nn.utils.spectral_norm)
  no-sn-update    spectral-norm u not written back
  rmsprop-eps-outside  RMSProp's epsilon added to sqrt(ms) (torch.optim.RMSprop) instead of inside the root

Beyond the networks above, the reference implements U-Net D (per-pixel logits), BigGAN's G, the
objective terms UNetPixelLoss, GradientPenalty (epsilon dumped by gan4j), OrthogonalRegularization,
AuxiliaryClassifier and AuxiliaryDiscriminativeClassifier, RMSProp and weight clipping. Gated terms
(CutMix, sample mixing) are followed by the dumped dstepK/variant.npy and must be inactive.
"""
import argparse
import json
import math
import os
import sys

import numpy as np

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402

torch.set_num_threads(1)

PERTURB = set()

BN_MOMENTUM = np.float32(0.9)  # gan4j BatchNorm.MOMENTUM: m <- 0.9 m + (1 - 0.9) batch
BN_EPS = 1e-5                  # gan4j BatchNorm.EPSILON
SN_EPS = 1e-6                  # gan4j SpectralNorm.DEFAULT_EPSILON: x / (|x| + eps)
ADAM_EPS = np.float32(1e-8)    # gan4j Optimizer.adam
EMBED_DIM = 128                # gan4j Generator.EMBED_DIM (shared class embedding of a conditional G)

NON_TRAINABLE_SUFFIXES = ("_sn_u", "_moving_mean", "_moving_var", "_adam_m", "_adam_v",
                          "_adam_beta1_power", "_adam_beta2_power", "_ema", "_rmsprop_ms", "_rmsprop_mom")
RMSPROP_RHO = np.float32(0.9)     # gan4j Optimizer.rmsProp: decay 0.9, no momentum, epsilon 1e-10 (inside the sqrt)
RMSPROP_EPS = np.float32(1e-10)
GP_EPS = np.float32(1e-10)        # gan4j GradientPenalty.EPSILON: sqrt(sum g^2 + 1e-10), as TF-GAN


DTYPE = torch.float32  # --float64 runs the same step in double precision (the arbiter of float32 rounding)


def f32(x):
    """A constant as gan4j writes it (a Java float), in the working precision."""
    return torch.tensor(float(np.float32(x)), dtype=DTYPE)


# ----------------------------------------------------------------------------------------------
# A forward pass: reads variables, records state updates (BN moving statistics, SN u).
# ----------------------------------------------------------------------------------------------
class Pass:
    """train=False is gan4j's INFER mode (sampling): batch norm normalises with the moving statistics."""

    def __init__(self, variables, record, train=True):
        self.v = variables
        self.record = record
        self.train = train
        self.updates = {}
        self.read = set()
        self.features = None   # D's pooled features of the last D application (Heads.features)

    def w(self, name):
        if name not in self.v:
            raise KeyError("the reference reads variable '%s', which gan4j did not dump" % name)
        self.read.add(name)
        return self.v[name]

    def update(self, name, value):
        if self.record:
            self.updates[name] = value.detach()


# ----------------------------------------------------------------------------------------------
# Layers. Activations are NHWC (as in gan4j); convolutions convert to NCHW around the torch call.
# ----------------------------------------------------------------------------------------------
def nchw(x):
    return x.permute(0, 3, 1, 2)


def nhwc(x):
    return x.permute(0, 2, 3, 1)


def l2_normalize(x):
    norm = torch.sqrt((x * x).sum())
    if "sn-torch-eps" in PERTURB:
        return x / torch.clamp(norm, min=1e-12)
    return x / (norm + SN_EPS)


def spectral_sigma(p, u_name, w_rows):
    """One power iteration on w_rows [rows, cols] from u [1, rows] (rows = the side gan4j keeps u on).

    v = u W / |u W|, u' = v W^T / |v W^T| (both outside autograd), sigma = u' W v^T; u <- u'.
    """
    u = p.w(u_name)
    with torch.no_grad():
        v = l2_normalize(u @ w_rows)
        u_new = l2_normalize(v @ w_rows.t())
    sigma = ((v @ w_rows.t()) * u_new).sum()
    if "no-sn-update" not in PERTURB:
        p.update(u_name, u_new)
    return sigma


def same_pads(size, k, s):
    """TensorFlow SAME padding (before, after) of one axis."""
    out = -(-size // s)
    total = max((out - 1) * s + k - size, 0)
    return total // 2, total - total // 2


def dense(p, scope, x, units, sn):
    w = p.w(scope + "_w")                 # gan4j [in, out]
    wt = w.t()                            # torch Linear weight [out, in]
    if sn:
        wt = wt / spectral_sigma(p, scope + "_w_sn_u", wt)
    assert wt.shape[0] == units
    return F.linear(x, wt, p.w(scope + "_b"))


def conv2d(p, scope, x, filters, k, stride, sn, bias=True, padding="SAME", w_name="_w"):
    w = p.w(scope + w_name)               # gan4j HWIO [k, k, cin, cout]
    wt = w.permute(3, 2, 0, 1)            # torch OIHW [cout, cin, k, k]
    assert wt.shape[0] == filters and wt.shape[2] == k
    if sn:
        wt = wt / spectral_sigma(p, scope + w_name + "_sn_u", wt.reshape(filters, -1))
    xc = nchw(x)
    if padding == "SAME":
        top, bottom = same_pads(xc.shape[2], k, stride)
        left, right = same_pads(xc.shape[3], k, stride)
        xc = F.pad(xc, (left, right, top, bottom))
    y = F.conv2d(xc, wt.contiguous(), p.w(scope + "_b") if bias else None, stride=stride)
    return nhwc(y)


def conv_transpose2d(p, scope, x, filters, k, stride, sn):
    """TensorFlow conv2d_backprop_input with SAME padding to [N, H*s, W*s, filters]."""
    w = p.w(scope + "_w")                 # gan4j [k, k, filters, cin]
    wt = w.permute(3, 2, 0, 1)            # torch ConvTranspose2d weight [cin, filters, k, k]
    cin = wt.shape[0]
    if sn:
        # gan4j keeps u on cin (its [k*k*filters, cin] reshape); torch's spectral_norm would use dim=1 (filters).
        wt = wt / spectral_sigma(p, scope + "_w_sn_u", wt.reshape(cin, -1))
    xc = nchw(x)
    h, wd = xc.shape[2], xc.shape[3]
    y = F.conv_transpose2d(xc, wt.contiguous(), stride=stride)   # full output (H-1)*s + k
    top, _ = same_pads(h * stride, k, stride)
    left, _ = same_pads(wd * stride, k, stride)
    y = y[:, :, top:top + h * stride, left:left + wd * stride]
    y = y + p.w(scope + "_b").reshape(1, -1, 1, 1)
    return nhwc(y)


def batch_norm(p, scope, x, affine):
    """Batch statistics over all axes but the last; moving averages with the biased variance."""
    c = x.shape[-1]
    if not p.train:   # INFER: (x - moving_mean) * rsqrt(moving_var + eps), nothing updated
        xhat = (x - p.w(scope + "_moving_mean")) * torch.rsqrt(p.w(scope + "_moving_var") + f32(BN_EPS))
        return xhat if not affine else xhat * p.w(scope + "_gamma") + p.w(scope + "_beta")
    xc = x.reshape(-1, c) if x.dim() == 2 else nchw(x)
    xhat = F.batch_norm(xc, None, None, training=True, eps=BN_EPS)
    xhat = xhat if x.dim() == 2 else nhwc(xhat)
    with torch.no_grad():
        axes = tuple(range(x.dim() - 1))
        mean = x.mean(dim=axes)
        var = ((x - mean) ** 2).mean(dim=axes)
        if "unbiased-bn" in PERTURB:
            n = x.numel() // c
            var = var * n / (n - 1)
        k = f32(BN_MOMENTUM)
        one_minus = f32(np.float32(1) - BN_MOMENTUM)
        p.update(scope + "_moving_mean", p.w(scope + "_moving_mean") * k + mean * one_minus)
        p.update(scope + "_moving_var", p.w(scope + "_moving_var") * k + var * one_minus)
    if not affine:
        return xhat
    return xhat * p.w(scope + "_gamma") + p.w(scope + "_beta")


def conditional_batch_norm(p, scope, x, emb, sn):
    c = x.shape[-1]
    xhat = batch_norm(p, scope, x, affine=False)
    gain = dense(p, scope + "_gain", emb, c, sn).reshape(-1, 1, 1, c)
    bias = dense(p, scope + "_bias", emb, c, sn).reshape(-1, 1, 1, c)
    return xhat * (1 + gain) + bias


def class_embedding(p, scope, labels, classes, dim, sn):
    table = p.w(scope + "_w")             # [classes, dim]
    assert tuple(table.shape) == (classes, dim)
    if sn:
        # gan4j keeps u on dim (u [1, dim]); BigGAN-PyTorch's SNEmbedding keeps it on classes.
        table = table / spectral_sigma(p, scope + "_w_sn_u", table.t())
    return F.embedding(labels.long(), table)


def leaky(slope):
    if "leaky-slope" in PERTURB:
        slope = slope + 0.01
    return lambda x: F.leaky_relu(x, slope)


def upsample2(x):
    return nhwc(F.interpolate(nchw(x), scale_factor=2, mode="nearest"))


def avg_pool2(x):
    return nhwc(F.avg_pool2d(nchw(x), 2))


def max_pool2(x):
    return nhwc(F.max_pool2d(nchw(x), 2))


def self_attention(p, scope, x, sn):
    n, h, w, c = x.shape
    hw = h * w

    def conv1x1(name, inp, out):
        return conv2d(p, scope, inp, out, 1, 1, sn, bias=False, padding="VALID", w_name="_" + name + "_w")

    theta = conv1x1("theta", x, c // 8).reshape(n, hw, c // 8)
    phi = max_pool2(conv1x1("phi", x, c // 8)).reshape(n, hw // 4, c // 8)
    g = max_pool2(conv1x1("g", x, c // 2)).reshape(n, hw // 4, c // 2)
    beta = torch.softmax(torch.bmm(theta, phi.transpose(1, 2)), dim=-1)
    attended = torch.bmm(beta, g).reshape(n, h, w, c // 2)
    o = conv1x1("o", attended, c)
    return p.w(scope + "_gamma") * o + x


# ----------------------------------------------------------------------------------------------
# Networks (io.gan4j.sdk.nets.Generator / Discriminator, io.gan4j.ops.ResidualBlock)
# ----------------------------------------------------------------------------------------------
def generator(p, spec, z, labels):
    if spec.get("type", "").endswith(".BigGanGenerator"):
        return biggan_generator(p, spec, z, labels)
    arch = spec["architecture"]
    sn = spec["spectralNorm"]
    widths = spec["widths"]
    base = spec["baseSize"]
    channels = spec["outputShape"][2]
    if arch == "DCGAN":
        assert spec["classes"] == 0
        h = dense(p, "G_stem", z, base * base * widths[0], sn).reshape(-1, base, base, widths[0])
        if spec["batchNorm"]:
            h = batch_norm(p, "G_stem_bn", h, affine=True)
        h = F.relu(h)
        for i in range(1, len(widths)):
            block = "G_up%d" % i
            if spec["upsampling"] == "TRANSPOSED_CONV":
                h = conv_transpose2d(p, block, h, widths[i], 4, 2, sn)
            else:
                h = conv2d(p, block, upsample2(h), widths[i], 3, 1, sn)
            if spec["batchNorm"]:
                h = batch_norm(p, block + "_bn", h, affine=True)
            h = F.relu(h)
        return torch.tanh(conv2d(p, "G_out", h, channels, 3, 1, sn))
    if arch == "RESNET":
        emb = None
        if spec["classes"] > 0:
            emb = class_embedding(p, "G_embed", labels, spec["classes"], EMBED_DIM, sn)
        attention = spec["attention"]
        h = dense(p, "G_stem", z, base * base * widths[0], sn).reshape(-1, base, base, widths[0])
        if base in attention:
            h = self_attention(p, "G_attn%d" % base, h, sn)
        for i in range(1, len(widths)):
            h = residual_up(p, "G_up%d" % i, h, widths[i], emb, sn)
            if (base << i) in attention:
                h = self_attention(p, "G_attn%d" % (base << i), h, sn)
        h = F.relu(batch_norm(p, "G_out_bn", h, affine=True))
        return torch.tanh(conv2d(p, "G_out", h, channels, 3, 1, sn))
    raise NotImplementedError("generator architecture " + arch)


def biggan_generator(p, spec, z, labels):
    """io.gan4j.sdk.nets.BigGanGenerator: hierarchical z, shared class embedding, conditional BN.

    z [N, zDim] splits into len(widths) equal chunks (torch.chunk along axis 1, as tf.split); the SN
    stem dense reads chunk 0; up-block i's conditional BNs (SN gain/bias dense) are conditioned on
    concat(shared(y), chunk i), shared = a plain (not SN) class embedding [classes, sharedDim];
    self-attention after a block that reaches a listed resolution; BN, ReLU, SN 3x3 conv, tanh.
    """
    widths = spec["widths"]
    zs = torch.chunk(z, len(widths), dim=1)
    shared = class_embedding(p, "G_shared_embed", labels, spec["classes"], spec["sharedDim"], False)
    h = dense(p, "G_stem", zs[0], 4 * 4 * widths[0], True).reshape(-1, 4, 4, widths[0])
    for i in range(1, len(widths)):
        h = residual_up(p, "G_up%d" % i, h, widths[i], torch.cat([shared, zs[i]], dim=1), True)
        if (4 << i) in spec["attention"]:
            h = self_attention(p, "G_attn%d" % (4 << i), h, True)
    h = F.relu(batch_norm(p, "G_out_bn", h, affine=True))
    return torch.tanh(conv2d(p, "G_out", h, spec["outputShape"][2], 3, 1, True))


def residual_up(p, scope, x, filters, emb, sn):
    def norm(name, t):
        if emb is None:
            return batch_norm(p, scope + "_" + name, t, affine=True)
        return conditional_batch_norm(p, scope + "_" + name, t, emb, sn)

    h = F.relu(norm("bn1", x))
    h = conv2d(p, scope + "_conv1", upsample2(h), filters, 3, 1, sn)
    h = F.relu(norm("bn2", h))
    h = conv2d(p, scope + "_conv2", h, filters, 3, 1, sn)
    shortcut = conv2d(p, scope + "_shortcut", upsample2(x), filters, 1, 1, sn)
    return h + shortcut


def residual_down(p, scope, x, filters, downsample, preactivation, sn):
    h = F.relu(x) if preactivation else x
    h = conv2d(p, scope + "_conv1", h, filters, 3, 1, sn)
    h = conv2d(p, scope + "_conv2", F.relu(h), filters, 3, 1, sn)
    if downsample:
        h = avg_pool2(h)
    shortcut = x
    if downsample or x.shape[-1] != filters:
        if preactivation:
            shortcut = conv2d(p, scope + "_shortcut", x, filters, 1, 1, sn)
            shortcut = avg_pool2(shortcut) if downsample else shortcut
        else:
            shortcut = conv2d(p, scope + "_shortcut", avg_pool2(x) if downsample else x, filters, 1, 1, sn)
    return h + shortcut


def discriminator(p, spec, x, labels):
    arch = spec["architecture"]
    sn = spec["spectralNorm"]
    widths = spec["widths"]
    assert spec["pack"] == 1, "the reference does not pack"
    if arch == "DCGAN":
        act = leaky(spec["leakySlope"])
        h = act(conv2d(p, "D_stem", x, spec["stemWidth"], 3, 1, sn))
        for i, width in enumerate(widths):
            block = "D_down%d" % (i + 1)
            h = conv2d(p, block + "_conv1", h, width, 4, 2, sn)
            h = act(batch_norm(p, block + "_bn1", h, True) if spec["batchNorm"] else h)
            if spec["refine"]:
                h = conv2d(p, block + "_conv2", h, width, 3, 1, sn)
                h = act(batch_norm(p, block + "_bn2", h, True) if spec["batchNorm"] else h)
        h = h.reshape(h.shape[0], -1)     # NHWC flatten, as gan4j's reshape
        return dense(p, "D_out", h, 1, sn).reshape(-1)
    if arch == "RESNET":
        h = x
        res = spec["inputShape"][0]
        for i, width in enumerate(widths):
            h = residual_down(p, "D_down%d" % (i + 1), h, width, True, i > 0, sn)
            res //= 2
            if res in spec["attention"]:
                h = self_attention(p, "D_attn%d" % res, h, sn)
        pooled = F.relu(h).sum(dim=(1, 2))
        p.features = pooled   # gan4j's Heads.features: what classifier heads (AC, ADC) read
        logits = dense(p, "D_out", pooled, 1, sn)
        if labels is not None:
            e = class_embedding(p, "D_embed", labels, spec["classes"], widths[-1], sn)
            logits = logits + (e * pooled).sum(dim=1, keepdim=True)
        return logits.reshape(-1)
    if arch == "UNET":
        return unet_discriminator(p, spec, x)[0]
    raise NotImplementedError("discriminator architecture " + arch)


def unet_discriminator(p, spec, x):
    """io.gan4j.sdk.nets.UNetDiscriminator: (global logits [N], per-pixel logits [N, H, W]).

    Encoder: the RESNET D's downsampling residual blocks (no attention), global head
    linear(sum_hw relu(h)). Decoder, per encoder resolution from the deepest but one: nearest x2,
    3x3 conv + ReLU, concatenation (channels: decoder first, then the encoder's features of that
    resolution), 3x3 conv + ReLU; then one more x2 + 3x3 conv + ReLU to the input size and a 1x1 conv
    to one logit per pixel. SN on every conv and the dense as the spec says.
    """
    sn = spec["spectralNorm"]
    widths = spec["widths"]
    skips = []
    h = x
    for i, width in enumerate(widths):
        h = residual_down(p, "D_down%d" % (i + 1), h, width, True, i > 0, sn)
        skips.append(h)
    pooled = F.relu(h).sum(dim=(1, 2))
    p.features = pooled
    logits = dense(p, "D_out", pooled, 1, sn).reshape(-1)
    n = len(widths)
    d = h
    for i in range(n - 2, -1, -1):
        up = "D_up%d" % (n - 1 - i)
        d = F.relu(conv2d(p, up + "_conv1", upsample2(d), widths[i], 3, 1, sn))
        d = torch.cat([d, skips[i]], dim=3)
        d = F.relu(conv2d(p, up + "_conv2", d, widths[i], 3, 1, sn))
    d = F.relu(conv2d(p, "D_up%d_conv1" % n, upsample2(d), widths[0], 3, 1, sn))
    pixels = conv2d(p, "D_pixel_out", d, 1, 1, 1, sn)
    return logits, pixels.reshape(-1, x.shape[1], x.shape[2])


def discriminator_heads(p, spec, x, labels):
    """D's heads as gan4j's Heads: {"logits": [N], "pixels": [N, H, W] (U-Net) or None,
    "features": the pooled features [N, F] under the logit (RESNET, U-Net) or None}."""
    p.features = None
    if spec["architecture"] == "UNET":
        assert labels is None, "the U-Net D is unconditional"
        logits, pixels = unet_discriminator(p, spec, x)
        return {"logits": logits, "pixels": pixels, "features": p.features}
    logits = discriminator(p, spec, x, labels)
    return {"logits": logits, "pixels": None, "features": p.features}


def split_heads(heads, start, stop):
    return {k: (None if v is None else v[start:stop]) for k, v in heads.items()}


# ----------------------------------------------------------------------------------------------
# Objective terms (io.gan4j.sdk.gan.terms), by their config.json "type"
# ----------------------------------------------------------------------------------------------
def off_diagonal_gram(kernel):
    """BigGAN's orthogonal regulariser (Brock et al. 2019, eq. 3) without beta: ||W^T W * (1 - I)||_F^2,
    W = the kernel reshaped to [fan_in, out] (gan4j's layout: the last axis is the outputs)."""
    w = kernel.reshape(-1, kernel.shape[-1])
    gram = w.t() @ w
    off = gram * (1 - torch.eye(gram.shape[0], dtype=gram.dtype))
    return (off * off).sum()


def gradient_penalty(ctx, lam):
    """WGAN-GP (Gulrajani et al. 2017, Algorithm 1 line 7-8): x_hat = eps x + (1 - eps) G(z), penalty
    lam * mean_i((|grad_x_hat D(x_hat_i)|_2 - 1)^2), the norm sqrt(sum g^2 + 1e-10) (TF-GAN), with the
    graph of the input gradient kept (create_graph) so the penalty's second-order gradient reaches D."""
    eps = ctx["gp_eps"]
    x_hat = (eps * ctx["real"] + (f32(1) - eps) * ctx["fake"]).detach().requires_grad_(True)
    logits = ctx["critic"](x_hat, ctx["real_labels"])
    (g,) = torch.autograd.grad(logits.sum(), x_hat, create_graph=True)
    norm = torch.sqrt((g * g).sum(dim=tuple(range(1, g.dim()))) + f32(GP_EPS))
    return lam * ((norm - f32(1)) ** 2).mean()


def rmsprop(S, owner, names, grads, lr, lr_scale):
    """TensorFlow's ApplyRMSProp (training_ops.cc) with momentum 0, as gan4j's RmsProp:
    ms += (g^2 - ms)(1 - rho); mom = mom * 0 + lr g / sqrt(ms + eps); w -= mom. The epsilon is inside
    the square root and ms starts at 0 (gan4j's slot initialiser). torch.optim.RMSprop instead adds eps
    outside the root (g / (sqrt(ms) + eps)) and defaults to alpha 0.99, eps 1e-8."""
    rho, eps = f32(RMSPROP_RHO), f32(RMSPROP_EPS)
    lr_t = f32(lr) * lr_scale
    one = f32(1)
    for name, g in zip(names, grads):
        ms = S[name + "_rmsprop_ms"] + (g * g - S[name + "_rmsprop_ms"]) * (one - rho)
        if "rmsprop-eps-outside" in PERTURB:   # torch.optim.RMSprop's placement (same rho and eps)
            mom = lr_t * g / (torch.sqrt(ms) + eps)
        else:
            mom = lr_t * g / torch.sqrt(ms + eps)
        S[name + "_rmsprop_ms"], S[name + "_rmsprop_mom"], S[name] = ms, mom, S[name] - mom


def optimize(S, cfg, owner, names, grads, lr):
    """The player's optimiser (cfg["optimizer"]), then (D only) WGAN's weight clipping, as ClippedOptimizer."""
    scale = lr_scale(cfg, S["train_step"])
    if cfg["optimizer"] == "ADAM":
        adam(S, owner, names, grads, lr, cfg["beta1"], cfg["beta2"], scale)
    elif cfg["optimizer"] == "RMSPROP":
        rmsprop(S, owner, names, grads, lr, scale)
    else:
        raise NotImplementedError("optimizer " + cfg["optimizer"])
    if owner == "D" and cfg["clipD"] > 0:
        c = float(np.float32(cfg["clipD"]))
        for n in names:
            S[n] = torch.clamp(S[n], -c, c)


def classifier_logits(p, scope, heads, outputs):
    """ClassifierHead.logits: an SN dense layer (with bias) on D's pooled features."""
    assert heads["features"] is not None, "a classifier term needs D's pooled features"
    return dense(p, scope, heads["features"], outputs, True)


def cross_entropy(logits, labels):
    """ClassifierHead.crossEntropy: -mean_i log_softmax(logits_i)[y_i]."""
    return -torch.log_softmax(logits, dim=1).gather(1, labels.long().reshape(-1, 1)).mean()


D_ONLY_TERMS = ("GradientPenalty",)             # terms without a part in G's loss
G_ONLY_TERMS = ("OrthogonalRegularization",)    # terms without a part in D's loss


def term_type(term):
    return term["type"].rsplit(".", 1)[-1]


def term_gated(term):
    """Whether gan4j gives this term a step variant of its own (MixingConfig.gate is not null)."""
    if term_type(term) in ("UNetCutMix", "SampleMixingTerm"):
        m = term["mixing"]
        return not (m["probability"] >= 1 and m["warmup"] <= 0)
    return False


def active_terms(cfg, variant):
    """The terms the D update (and the G update built on it) uses in step variant `variant`."""
    gated = [t for t in cfg["terms"] if term_gated(t)]
    return [t for t in cfg["terms"] if not term_gated(t) or (variant >> gated.index(t)) & 1]


def d_term(cfg, term, real, fake, ctx=None):
    """A term's part of D's loss from D's heads on the real and the generated batch.

    ctx (for terms that apply D again): "critic" (x, labels) -> logits in D's update pass, "real",
    "fake", "real_labels" (the D update's batches) and "gp_eps" (GradientPenalty's dumped epsilon).
    """
    kind = term_type(term)
    d_loss_fn, _ = LOSSES[cfg["loss"]]
    if kind == "UNetPixelLoss":   # mean over samples and pixels of the loss's real and fake terms
        return d_loss_fn(real["pixels"].reshape(-1), fake["pixels"].reshape(-1))
    if kind == "GradientPenalty":
        return gradient_penalty(ctx, f32(term["lambda"]))
    if kind == "AuxiliaryClassifier":   # lambda [CE(C(x), y) + CE(C(G(z, y')), y')]
        k = cfg["generator"]["classes"]
        return f32(term["lambda"]) * (
            cross_entropy(classifier_logits(ctx["pass"], "D_ac", real, k), ctx["real_labels"])
            + cross_entropy(classifier_logits(ctx["pass"], "D_ac", fake, k), ctx["labels"]))
    if kind == "AuxiliaryDiscriminativeClassifier":   # lambda [CE(C(x), 2y) + CE(C(G(z, y')), 2y' + 1)]
        k2 = 2 * cfg["generator"]["classes"]
        return f32(term["lambda"]) * (
            cross_entropy(classifier_logits(ctx["pass"], "D_adc", real, k2), 2 * ctx["real_labels"])
            + cross_entropy(classifier_logits(ctx["pass"], "D_adc", fake, k2), 2 * ctx["labels"] + 1))
    if kind in G_ONLY_TERMS:
        return None
    raise NotImplementedError("the reference does not implement term %s in D's loss" % kind)


def g_term(cfg, term, fake, weights=None, ctx=None):
    """A term's part of G's loss from D's heads on G's batch; `weights`: G's trainable weights as read
    in its update pass; ctx: "pass" (D's pass of the G update), "labels" (G's labels)."""
    kind = term_type(term)
    _, g_loss_fn = LOSSES[cfg["loss"]]
    if kind == "AuxiliaryClassifier":   # lambda CE(C(G(z, y)), y)
        k = cfg["generator"]["classes"]
        return f32(term["lambda"]) * cross_entropy(classifier_logits(ctx["pass"], "D_ac", fake, k), ctx["labels"])
    if kind == "AuxiliaryDiscriminativeClassifier":   # lambda [CE(C(G(z, y)), 2y) - CE(C(G(z, y)), 2y + 1)]
        c = classifier_logits(ctx["pass"], "D_adc", fake, 2 * cfg["generator"]["classes"])
        return f32(term["lambda"]) * (cross_entropy(c, 2 * ctx["labels"]) - cross_entropy(c, 2 * ctx["labels"] + 1))
    if kind == "UNetPixelLoss":
        return g_loss_fn(fake["pixels"].reshape(-1))
    if kind == "OrthogonalRegularization":
        return f32(term["beta"]) * sum(off_diagonal_gram(w) for n, w in sorted(weights.items())
                                       if w.dim() >= 2 and "embed" not in n)
    if kind in D_ONLY_TERMS:
        return None
    raise NotImplementedError("the reference does not implement term %s in G's loss" % kind)


# ----------------------------------------------------------------------------------------------
# Losses (io.gan4j.ops.loss): (D loss on real and fake logits, G loss on fake logits)
# ----------------------------------------------------------------------------------------------
LOSSES = {
    "non-saturating": (lambda r, f: F.softplus(-r).mean() + F.softplus(f).mean(), lambda f: F.softplus(-f).mean()),
    "minimax": (lambda r, f: F.softplus(-r).mean() + F.softplus(f).mean(), lambda f: (-F.softplus(f)).mean()),
    "hinge": (lambda r, f: F.relu(1 - r).mean() + F.relu(1 + f).mean(), lambda f: (-f).mean()),
    "wasserstein": (lambda r, f: (-r).mean() + f.mean(), lambda f: (-f).mean()),
    "least-squares": (lambda r, f: (0.5 * (r - 1) ** 2).mean() + (0.5 * f ** 2).mean(),
                      lambda f: (0.5 * (f - 1) ** 2).mean()),
}


# ----------------------------------------------------------------------------------------------
# Adam as TensorFlow's ApplyAdam (training_ops.cc), and the moving average of G
# ----------------------------------------------------------------------------------------------
def adam(S, owner, names, grads, lr, beta1, beta2, lr_scale):
    b1, b2 = f32(beta1), f32(beta2)
    b1p, b2p = S[owner + "_adam_beta1_power"], S[owner + "_adam_beta2_power"]
    lr_t = f32(lr) * lr_scale
    one = f32(1)
    for name, g in zip(names, grads):
        m, v, w = S[name + "_adam_m"], S[name + "_adam_v"], S[name]
        if "torch-adam" in PERTURB:
            # torch.optim.Adam: eps added to the bias-corrected sqrt(v_hat)
            m = b1 * m + (one - b1) * g
            v = b2 * v + (one - b2) * g * g
            step = lr_t / (one - b1p)
            w = w - step * m / (torch.sqrt(v) / torch.sqrt(one - b2p) + f32(ADAM_EPS))
        else:
            alpha = lr_t * torch.sqrt(one - b2p) / (one - b1p)
            m = m + (g - m) * (one - b1)
            v = v + (g * g - v) * (one - b2)
            w = w - (m * alpha) / (torch.sqrt(v) + f32(ADAM_EPS))
        S[name + "_adam_m"], S[name + "_adam_v"], S[name] = m, v, w
    S[owner + "_adam_beta1_power"] = b1p * b1
    S[owner + "_adam_beta2_power"] = b2p * b2


def lr_scale(cfg, step):
    if cfg["lrDecay"] == "linear":
        return torch.clamp(f32(1) - step.float() / f32(cfg["steps"]), min=0)
    return f32(1)


# ----------------------------------------------------------------------------------------------
# The step
# ----------------------------------------------------------------------------------------------
def load(path):
    t = torch.from_numpy(np.load(path))
    return t.to(DTYPE) if t.is_floating_point() else t


def save(out, rel, t):
    path = os.path.join(out, rel + ".npy")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    np.save(path, np.array(t.detach().numpy(), order="C"))  # C order, rank kept (ascontiguousarray makes 0-d arrays 1-d)


def trainable(name, owner):
    return name.startswith(owner + "_") and not name.endswith(NON_TRAINABLE_SUFFIXES)


def check_config(cfg):
    assert cfg["latentStep"] is None, "no latent steps"


def load_state(before):
    """Every variable of a StepDump's before/ (or after/) folder, by name."""
    return {f[:-4]: load(os.path.join(before, f)) for f in sorted(os.listdir(before))}


def train_step(S, cfg, d_inputs, g_input, d_grads_given=None, g_grads_given=None):
    """One gan4j step on the state S (name -> tensor, updated in place): n_dis D updates, one G update, EMA.

    d_inputs: one dict per D update with real, real_labels, z, labels (labels None if unconditional) and
    optionally variant (the trainer's step variant: which gated terms are on; default 0) and gp_eps (the
    gradient penalty's interpolation weights, drawn in gan4j's graph);
    g_input: dict with z, labels. d_grads_given[k] / g_grads_given: gradients (by name) to apply instead of
    the reference's own (--grads-from-java). Returns {"d": [(d_loss, fake, {name: grad})...],
    "g": (g_loss, fake, {name: grad})}.
    """
    gspec, dspec = cfg["generator"], cfg["discriminator"]
    d_loss_fn, g_loss_fn = LOSSES[cfg["loss"]]
    d_names = [n for n in S if trainable(n, "D")]
    g_names = [n for n in S if trainable(n, "G")]
    conditional = gspec["classes"] > 0
    batch = cfg["batch"]
    result = {"d": []}

    for k, inp in enumerate(d_inputs):
        real, z = inp["real"], inp["z"]
        real_labels, labels = inp.get("real_labels"), inp.get("labels")
        with torch.no_grad():   # G's batch for D: batch statistics, but no state kept; gradient stopped
            fake = generator(Pass(S, record=False), gspec, z, labels)
        params = {n: S[n].clone().requires_grad_(True) for n in d_names}
        p = Pass({**S, **params}, record=True)
        both_labels = torch.cat([real_labels, labels]) if conditional and dspec["classes"] > 0 else None
        variant = int(inp.get("variant") or 0)
        terms = active_terms(cfg, variant)
        for t in terms:
            if term_gated(t):
                raise NotImplementedError("gated term %s active in this D step" % term_type(t))
        heads = discriminator_heads(p, dspec, torch.cat([real, fake]), both_labels)
        logits = heads["logits"]
        d_loss = d_loss_fn(logits[:batch], logits[batch:])

        def critic(x, lab, p=p):   # D again inside its update pass (DiscriminatorPass.critic)
            if dspec.get("spectralNorm") or dspec.get("batchNorm"):
                raise NotImplementedError("a critic pass through SN or BN layers (their state updates)")
            return discriminator(p, dspec, x, lab)
        ctx = {"critic": critic, "real": real, "fake": fake, "real_labels": real_labels, "labels": labels, "pass": p,
               "gp_eps": inp.get("gp_eps")}
        for t in terms:
            part = d_term(cfg, t, split_heads(heads, 0, batch), split_heads(heads, batch, 2 * batch), ctx)
            d_loss = d_loss if part is None else d_loss + part
        unread = [n for n in d_names if n not in p.read]
        assert not unread, "trainable variables the reference D never reads: %s" % unread
        grads = torch.autograd.grad(d_loss, [params[n] for n in d_names])
        result["d"].append((d_loss.detach(), fake, dict(zip(d_names, grads))))
        if d_grads_given is not None:
            grads = [d_grads_given[k][n] for n in d_names]
        optimize(S, cfg, "D", d_names, [g.detach() for g in grads], cfg["lrD"])
        S.update(p.updates)
        S["train_d_steps"] = S["train_d_steps"] + 1

    z, labels = g_input["z"], g_input.get("labels")
    params = {n: S[n].clone().requires_grad_(True) for n in g_names}
    gp = Pass({**S, **params}, record=True)
    fake = generator(gp, gspec, z, labels)
    unread = [n for n in g_names if n not in gp.read]
    assert not unread, "trainable variables the reference G never reads: %s" % unread
    # D after its update, in training mode, its state updates (u, BN statistics) not kept
    d_for_g = Pass(S, record=False)
    heads = discriminator_heads(d_for_g, dspec, fake, labels if dspec["classes"] > 0 else None)
    g_loss = g_loss_fn(heads["logits"])
    for t in terms:   # the terms of the last D update's variant
        part = g_term(cfg, t, heads, params, {"pass": d_for_g, "labels": labels})
        g_loss = g_loss if part is None else g_loss + part
    grads = torch.autograd.grad(g_loss, [params[n] for n in g_names])
    result["g"] = (g_loss.detach(), fake.detach(), dict(zip(g_names, grads)))
    if g_grads_given is not None:
        grads = [g_grads_given[n] for n in g_names]
    optimize(S, cfg, "G", g_names, [gr.detach() for gr in grads], cfg["lrG"])
    S.update(gp.updates)
    if cfg["emaDecay"] > 0:
        k = f32(0) if int(S["train_step"]) < cfg["emaStart"] else f32(cfg["emaDecay"])
        for n in g_names:
            S[n + "_ema"] = k * S[n + "_ema"] + (f32(1) - k) * S[n]
    S["train_step"] = S["train_step"] + 1
    return result


def step(java, out, grads_from_java=False):
    cfg = json.load(open(os.path.join(java, "config.json")))
    check_config(cfg)
    conditional = cfg["generator"]["classes"] > 0
    S = load_state(os.path.join(java, "before"))
    d_names = [n for n in S if trainable(n, "D")]
    g_names = [n for n in S if trainable(n, "G")]

    d_inputs, d_given = [], []
    for k in range(cfg["nDis"]):
        d = os.path.join(java, "dstep%d" % k)
        d_inputs.append({"real": load(os.path.join(d, "real.npy")), "z": load(os.path.join(d, "z.npy")),
                         "real_labels": load(os.path.join(d, "real_labels.npy")) if conditional else None,
                         "labels": load(os.path.join(d, "labels.npy")) if conditional else None,
                         "variant": int(np.load(os.path.join(d, "variant.npy"))) if os.path.exists(os.path.join(d, "variant.npy")) else 0,
                         "gp_eps": load(os.path.join(d, "gp_eps.npy")) if os.path.exists(os.path.join(d, "gp_eps.npy")) else None})
        if grads_from_java:
            d_given.append({n: load(os.path.join(d, "grad", n + ".npy")) for n in d_names})
    g = os.path.join(java, "gstep")
    g_input = {"z": load(os.path.join(g, "z.npy")),
               "labels": load(os.path.join(g, "labels.npy")) if conditional else None}
    g_given = {n: load(os.path.join(g, "grad", n + ".npy")) for n in g_names} if grads_from_java else None

    r = train_step(S, cfg, d_inputs, g_input, d_given if grads_from_java else None, g_given)

    for k, (d_loss, fake, grads) in enumerate(r["d"]):
        save(out, "dstep%d/d_loss" % k, d_loss)
        save(out, "dstep%d/fake" % k, fake)
        for n, gr in grads.items():
            save(out, "dstep%d/grad/%s" % (k, n), gr)
    g_loss, fake, grads = r["g"]
    save(out, "gstep/g_loss", g_loss)
    save(out, "gstep/fake", fake)
    for n, gr in grads.items():
        save(out, "gstep/grad/%s" % n, gr)
    for n, t in S.items():
        save(out, "after/" + n, t)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("java_dir")
    ap.add_argument("out_dir")
    ap.add_argument("--float64", action="store_true", help="compute (and save) in float64")
    ap.add_argument("--grads-from-java", action="store_true",
                    help="apply gan4j's gradients (JAVA_DIR/*/grad) instead of the reference's: checks the update alone")
    ap.add_argument("--perturb", action="append", default=[],
                    choices=["leaky-slope", "torch-adam", "unbiased-bn", "sn-torch-eps", "no-sn-update",
                             "rmsprop-eps-outside"])
    a = ap.parse_args()
    PERTURB.update(a.perturb)
    global DTYPE
    DTYPE = torch.float64 if a.float64 else torch.float32
    step(a.java_dir, a.out_dir, a.grads_from_java)


if __name__ == "__main__":
    sys.exit(main())
