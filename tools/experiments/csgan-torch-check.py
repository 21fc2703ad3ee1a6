#!/usr/bin/python3
"""Issue 18: does CSGAN's collapse on fmnist-edges happen in PyTorch too, or only in gan4j?

Trains pytorch-CycleGAN's networks (the peers in tools/bench/torch_gan_bench.py, weights N(0, 0.02) as
pytorch-CycleGAN's init_type normal) with csgan.py's losses on the same data gan4j uses: Fashion-MNIST
garments (B) and their Sobel edge maps (A, threshold 240, as FashionMnistEdges), zero-padded to 32x32,
[-1, 1], paired batches of 1, Adam 2e-4 (0.5, 0.999), constant learning rate (gan4j's decay starts at
half of 10,000 steps, after this check ends). Every LOG steps it prints the weighted terms averaged
over the window, with gan4j's tag names (cs_a = lambda_CS * L1(G_BA(b), sg(G_BA(G_AB(a)))), etc.), and at
the end the collapse measure on the first 256 test pairs: per direction, the L1 to the ground truth and
the spread of the translations (the per-pixel standard deviation across the 256 outputs, averaged over
pixels; a generator that ignores its input scores 0, the real images score SPREAD_REAL).

  /usr/bin/python3 tools/experiments/csgan-torch-check.py [--lambda-cs 30] [--steps 1000] [--seed 1]
      [--out DIR]   (writes DIR/losses.txt and DIR/result.json)
  /usr/bin/python3 tools/experiments/csgan-torch-check.py --score-gan4j RUN
      (the same measure for a gan4j csgan/cyclegan run, through `gan4j translate`; prints the JSON)
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

import numpy as np
import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:0] = [os.path.join(HERE, "..", "bench"), os.path.join(HERE, "..", "reference")]
from torch_gan_bench import PatchD, ResnetGenerator, csgan_step  # noqa: E402
from train_reference import FASHION_MNIST_DIR, find, read_idx  # noqa: E402


def load(split):
    name = "train" if split == "train" else "t10k"
    g = read_idx(find(FASHION_MNIST_DIR, name + "-images-idx3-ubyte")).astype(np.int64)
    p = np.pad(g, ((0, 0), (1, 1), (1, 1)))  # zero outside the image, as FashionMnistEdges.at
    s = lambda dy, dx: p[:, 1 + dy: 29 + dy, 1 + dx: 29 + dx]
    gx = -s(-1, -1) + s(-1, 1) - 2 * s(0, -1) + 2 * s(0, 1) - s(1, -1) + s(1, 1)
    gy = -s(-1, -1) - 2 * s(-1, 0) - s(-1, 1) + s(1, -1) + 2 * s(1, 0) + s(1, 1)
    e = np.where(gx * gx + gy * gy > 240 * 240, 255, 0)
    to = lambda x: torch.from_numpy(np.pad(x, ((0, 0), (2, 2), (2, 2))).astype(np.float32) / 127.5 - 1).unsqueeze(1)
    return to(e), to(g)


def init_normal(m):
    if isinstance(m, (torch.nn.Conv2d, torch.nn.ConvTranspose2d)):
        torch.nn.init.normal_(m.weight, 0.0, 0.02)
        torch.nn.init.zeros_(m.bias)


def spread(x):
    return float(x.std(0).mean())


def measure(ab, ba, test_a, test_b):
    return {"ab": {"l1": float((ab - test_b).abs().mean()), "spread": spread(ab), "spread_real": spread(test_b)},
            "ba": {"l1": float((ba - test_a).abs().mean()), "spread": spread(ba), "spread_real": spread(test_a),
                   "mean": float(ba.mean())}}


def score_gan4j(run, test_a, test_b):
    """Translates the test pairs with `gan4j translate` (PNG in, PNG out) and measures them as the PyTorch run."""
    from PIL import Image
    gan4j = os.path.join(HERE, "..", "gan4j")
    to_png = lambda x: Image.fromarray(np.rint((x[0].numpy() + 1) * 127.5).clip(0, 255).astype(np.uint8))
    with tempfile.TemporaryDirectory() as tmp:
        outs = {}
        for direction, images in (("ab", test_a), ("ba", test_b)):
            src, dst = os.path.join(tmp, direction + "-in"), os.path.join(tmp, direction + "-out")
            os.makedirs(src)
            for k, x in enumerate(images):
                to_png(x).save(os.path.join(src, "%04d.png" % k))
            r = subprocess.run([gan4j, "translate", "--run", run, "--direction", direction, "--in", src, "--out", dst],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
            if r.returncode != 0:
                sys.exit("gan4j translate failed:\n" + r.stderr)
            outs[direction] = torch.stack([torch.from_numpy(np.asarray(Image.open(os.path.join(dst, "%04d.png" % k)),
                                                                        np.float32) / 127.5 - 1).reshape(1, 32, 32)
                                           for k in range(len(images))])
    return measure(outs["ab"], outs["ba"], test_a, test_b)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--lambda-cs", type=float, default=30.0)
    ap.add_argument("--steps", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--log", type=int, default=50)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--out", default=None)
    ap.add_argument("--score-gan4j", metavar="RUN", default=None)
    a = ap.parse_args()
    if a.score_gan4j:
        test_a, test_b = (x[:256] for x in load("test"))
        print(json.dumps(dict(run=a.score_gan4j, **score_gan4j(a.score_gan4j, test_a, test_b))))
        return
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    train_a, train_b = load("train")
    test_a, test_b = (x[:256] for x in load("test"))
    g_ab, g_ba = ResnetGenerator(1, 1), ResnetGenerator(1, 1)
    d_a, d_b = PatchD(1), PatchD(1)
    for n in (g_ab, g_ba, d_a, d_b):
        n.apply(init_normal)

    def paired(i):
        k = int(torch.randint(0, train_a.shape[0], ()))
        return train_a[k: k + 1], train_b[k: k + 1]

    step_fn = csgan_step(a, g_ab, g_ba, d_a, d_b, sample=paired, lambda_cs=a.lambda_cs)
    lines, window, t0 = [], {}, time.time()
    for step in range(1, a.steps + 1):
        t = step_fn(step)
        for k, v in t.items():
            window[k] = window.get(k, 0.0) + float(v) / a.log
        if step % a.log == 0:
            line = "%d " % step + " ".join("loss/%s=%.4f" % (k, window[k]) for k in sorted(window))
            lines.append(line)
            print(line + "  (%.0f s)" % (time.time() - t0), flush=True)
            window = {}
    with torch.no_grad():
        g_ab.eval(), g_ba.eval()
        ab, ba = g_ab(test_a), g_ba(test_b)
    result = dict({"lambda_cs": a.lambda_cs, "steps": a.steps, "seed": a.seed, "torch": torch.__version__},
                  **measure(ab, ba, test_a, test_b))
    print(json.dumps(result))
    if a.out:
        os.makedirs(a.out, exist_ok=True)
        open(os.path.join(a.out, "losses.txt"), "w").write("\n".join(lines) + "\n")
        json.dump(result, open(os.path.join(a.out, "result.json"), "w"), indent=1)


if __name__ == "__main__":
    main()
