#!/usr/bin/python3
"""Train a gan4j recipe with PyTorch's own loop, on step_reference.py's networks and step.

Usage:
  OPENBLAS_NUM_THREADS=1 /usr/bin/python3 tools/reference/train_reference.py --init DUMP --out RUN [--steps N]
      [--seed S] [--checkpoint-every 500] [--log-every 50] [--samples 10000] [--threads T]
  ... --out RUN --resume            continue RUN from its newest checkpoint (its settings win; --steps may extend)
  ... --out RUN --sample-only       write RUN/samples.npy etc. from the newest checkpoint, train nothing

DUMP is what gan4j's opt-in InitialStateDumpTest wrote for a run's config.json (StepDump with no
warm-up): config.json and before/NAME.npy, gan4j's own initial variables (weights, spectral-norm u,
batch-norm statistics, Adam slots and beta powers, EMA copies, step counters). Training starts from
exactly those, so both frameworks start from the same point; from there each draws its own data
order, z and labels (same distributions, different random numbers).

Each step is step_reference.train_step (the function StepParityTest checks against gan4j at 1e-4):
n_dis D updates on concat(real, G(z)) then one G update, TF's ApplyAdam, one spectral-norm power
iteration per update pass, batch-norm moving statistics from G's update pass, EMA of G's weights.
Per step, as gan4j's TrainingGraph draws them:
  real batch   the next `batch` indices of epoch e's permutation of the 60,000 Fashion-MNIST training
               images (the last 60,000 mod batch of each epoch skipped), counter = D updates done;
               uint8 28x28 zero-padded to 32x32, x/127.5 - 1, NHWC; with their labels
  D's fakes    z ~ N(0, 1) [batch, zDim], labels uniform in [0, classes)
  G's batch    z ~ N(0, 1), labels uniform, drawn afresh (not D's)
Random numbers are NumPy's, keyed (seed, stream, counter) like gan4j's stateless ones, so a resumed
run draws what an uninterrupted one would.

Writes to RUN:
  config.json            the dump's config with steps/seed as trained
  log.csv                step, d_loss, g_loss, seconds since start of this process
  checkpoints/step-N.pt  torch.save of every variable (the state dict S) and the progress (last 2 kept)
  samples.npy            float32 [n, 32, 32, 1] in [-1, 1]: gan4j's sampler (`gan4j eval --run`):
                         z ~ N(0, 1), labels i*classes//n (classes in blocks), G in INFER mode (batch
                         norm with the moving statistics, spectral norm with the stored u, no update)
                         on the EMA weights when the recipe keeps an EMA
  labels.npy             int64 [n], the class each sample was drawn for
  samples.png            10 x 10 grid, one class per row (first 10 samples of each class)
"""
import argparse
import glob
import gzip
import json
import os
import sys
import time

import numpy as np

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import step_reference as ref  # noqa: E402
import torch  # noqa: E402

FASHION_MNIST_DIR = "/usr/share/datasets/fashion-mnist"   # Debian's dataset-fashion-mnist (gan4j FashionMnist.DEFAULT_DIR)

# random streams (as gan4j's GanModel.key streams: 1 z for D, 2 z for G, 3 labels for D, 4 labels for G)
Z_D, Z_G, LABELS_D, LABELS_G, EPOCH, SAMPLES = 1, 2, 3, 4, 5, 6


def read_idx(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        raw = f.read()
    magic = int.from_bytes(raw[0:4], "big")
    if magic == 0x803:
        n, rows, cols = (int.from_bytes(raw[4 + 4 * i:8 + 4 * i], "big") for i in range(3))
        return np.frombuffer(raw, np.uint8, n * rows * cols, 16).reshape(n, rows, cols)
    if magic == 0x801:
        n = int.from_bytes(raw[4:8], "big")
        return np.frombuffer(raw, np.uint8, n, 8).astype(np.int64)
    raise ValueError("%s: not an IDX file (magic 0x%08x)" % (path, magic))


def find(directory, base):
    for name in (base + ".gz", base):
        if os.path.exists(os.path.join(directory, name)):
            return os.path.join(directory, name)
    raise FileNotFoundError("%s: no %s[.gz] (apt-get install dataset-fashion-mnist)" % (directory, base))


def fashion_mnist(directory=FASHION_MNIST_DIR):
    """gan4j's FashionMnist.load: uint8 [60000, 32, 32, 1] (28x28 zero-padded by 2) and int64 labels."""
    images = read_idx(find(directory, "train-images-idx3-ubyte"))
    labels = read_idx(find(directory, "train-labels-idx1-ubyte"))
    padded = np.zeros((images.shape[0], images.shape[1] + 4, images.shape[2] + 4, 1), np.uint8)
    padded[:, 2:-2, 2:-2, 0] = images
    return padded, labels


def to_float(u8):
    """ImageDataset.toFloat: float32(x) / 127.5f - 1f."""
    return u8.astype(np.float32) / np.float32(127.5) - np.float32(1)


def rng(seed, stream, counter):
    return np.random.default_rng([seed, stream, counter])


class Data:
    """EpochOrder: epoch e visits the images in a permutation drawn from (seed, e); batch `counter` is
    the (counter mod per_epoch)-th slice of `batch` indices of epoch counter // per_epoch."""

    def __init__(self, images, labels, batch, seed):
        self.images, self.labels, self.batch, self.seed = images, labels, batch, seed
        self.per_epoch = len(images) // batch
        self.epoch, self.perm = -1, None

    def get(self, counter):
        epoch, offset = divmod(counter, self.per_epoch)
        if epoch != self.epoch:
            self.epoch, self.perm = epoch, rng(self.seed, EPOCH, epoch).permutation(len(self.images))
        idx = self.perm[offset * self.batch:(offset + 1) * self.batch]
        return torch.from_numpy(to_float(self.images[idx])), torch.from_numpy(self.labels[idx])


def latents(seed, stream, counter, batch, z_dim):
    return torch.from_numpy(rng(seed, stream, counter).standard_normal((batch, z_dim), dtype=np.float32))


def labels_of(seed, stream, counter, batch, classes):
    return torch.from_numpy(rng(seed, stream, counter).integers(0, classes, batch, dtype=np.int64))


def one_step(S, cfg, data, seed):
    batch, z_dim, classes = cfg["batch"], cfg["generator"]["zDim"], cfg["generator"]["classes"]
    conditional = classes > 0
    d_inputs = []
    for _ in range(cfg["nDis"]):
        counter = int(S["train_d_steps"]) + len(d_inputs)
        real, real_labels = data.get(counter)
        d_inputs.append({"real": real, "real_labels": real_labels if conditional else None,
                         "z": latents(seed, Z_D, counter, batch, z_dim),
                         "labels": labels_of(seed, LABELS_D, counter, batch, classes) if conditional else None})
    step = int(S["train_step"])
    g_input = {"z": latents(seed, Z_G, step, batch, z_dim),
               "labels": labels_of(seed, LABELS_G, step, batch, classes) if conditional else None}
    r = ref.train_step(S, cfg, d_inputs, g_input)
    return float(r["d"][-1][0]), float(r["g"][0])


# ----------------------------------------------------------------------------------------------
# checkpoints
# ----------------------------------------------------------------------------------------------
def checkpoints(out):
    files = glob.glob(os.path.join(out, "checkpoints", "step-*.pt"))
    return sorted(files, key=lambda f: int(os.path.basename(f)[5:-3]))


def save_checkpoint(out, S, meta, keep=2):
    d = os.path.join(out, "checkpoints")
    os.makedirs(d, exist_ok=True)
    path = os.path.join(d, "step-%d.pt" % int(S["train_step"]))
    torch.save({"state": S, "meta": meta}, path + ".tmp")
    os.replace(path + ".tmp", path)
    for old in checkpoints(out)[:-keep]:
        os.remove(old)
    return path


# ----------------------------------------------------------------------------------------------
# samples (gan4j's Sampler / TrainedGenerator.sample)
# ----------------------------------------------------------------------------------------------
def sample(S, cfg, n, seed, chunk=500):
    gspec = cfg["generator"]
    classes = gspec["classes"]
    g_names = [k for k in S if ref.trainable(k, "G")]
    weights = dict(S)
    if cfg["emaDecay"] > 0:   # ForwardPass.averaged(): every trainable weight read from its _ema
        weights.update({k: S[k + "_ema"] for k in g_names})
    z = rng(seed, SAMPLES, 0).standard_normal((n, gspec["zDim"]), dtype=np.float32)
    labels = (np.arange(n) * classes // n).astype(np.int64) if classes > 0 else None
    out = []
    with torch.no_grad():
        for i in range(0, n, chunk):
            y = torch.from_numpy(labels[i:i + chunk]) if labels is not None else None
            out.append(ref.generator(ref.Pass(weights, record=False, train=False), gspec,
                                     torch.from_numpy(z[i:i + chunk]), y).numpy())
    return np.concatenate(out).astype(np.float32), labels


def write_grid(path, images, labels, classes, per_class=10):
    try:
        from PIL import Image
    except ImportError:
        return False
    rows = []
    for c in range(max(classes, 1)):
        pick = images[labels == c][:per_class] if classes > 0 else images[c * per_class:(c + 1) * per_class]
        rows.append(np.concatenate(list(pick), axis=1))
    grid = np.concatenate(rows, axis=0)[..., 0]
    Image.fromarray(np.clip((grid + 1) * 127.5 + 0.5, 0, 255).astype(np.uint8), "L").resize(
        (grid.shape[1] * 2, grid.shape[0] * 2), Image.NEAREST).save(path)
    return True


def write_samples(out, S, cfg, n, seed):
    t0 = time.time()
    images, labels = sample(S, cfg, n, seed)
    np.save(os.path.join(out, "samples.npy"), images)
    if labels is not None:
        np.save(os.path.join(out, "labels.npy"), labels)
        write_grid(os.path.join(out, "samples.png"), images, labels, cfg["generator"]["classes"])
    print("train_reference: wrote %d samples (step %d, %s weights) to %s in %.1f s" % (
        n, int(S["train_step"]), "EMA" if cfg["emaDecay"] > 0 else "live", out, time.time() - t0), flush=True)


# ----------------------------------------------------------------------------------------------
def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--init", help="gan4j initial-state dump (config.json, before/); required for a new run")
    ap.add_argument("--out", required=True, help="run directory")
    ap.add_argument("--steps", type=int, help="G steps (default: the config's)")
    ap.add_argument("--seed", type=int, help="seed of data order, z and labels (default: the config's)")
    ap.add_argument("--resume", action="store_true", help="continue --out from its newest checkpoint")
    ap.add_argument("--sample-only", action="store_true", help="only write samples from the newest checkpoint")
    ap.add_argument("--checkpoint-every", type=int, default=500)
    ap.add_argument("--log-every", type=int, default=50)
    ap.add_argument("--samples", type=int, default=10000)
    ap.add_argument("--threads", type=int, default=1, help="torch intra-op threads (default: 1)")
    ap.add_argument("--data-dir", default=FASHION_MNIST_DIR)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    out = a.out

    if a.resume or a.sample_only:
        ckpts = checkpoints(out)
        if not ckpts:
            sys.exit("train_reference: %s has no checkpoint to resume from" % out)
        ck = torch.load(ckpts[-1])
        S, meta = ck["state"], ck["meta"]
        cfg = json.load(open(os.path.join(out, "config.json")))
        if a.steps:
            cfg["steps"] = a.steps
        print("train_reference: resuming %s at step %d" % (ckpts[-1], int(S["train_step"])), flush=True)
    else:
        if not a.init:
            sys.exit("train_reference: --init DUMP is required for a new run")
        if checkpoints(out):
            sys.exit("train_reference: %s already has checkpoints; use --resume" % out)
        cfg = json.load(open(os.path.join(a.init, "config.json")))
        if a.steps:
            cfg["steps"] = a.steps
        if a.seed is not None:
            cfg["seed"] = a.seed
        S = ref.load_state(os.path.join(a.init, "before"))
        assert int(S["train_step"]) == 0 and int(S["train_d_steps"]) == 0, "the dump is not an initial state"
        meta = {"init": os.path.abspath(a.init)}
        os.makedirs(out, exist_ok=True)
        with open(os.path.join(out, "config.json"), "w") as f:
            json.dump(cfg, f, indent=2)
    ref.check_config(cfg)
    seed, total = cfg["seed"], cfg["steps"]

    if not a.sample_only:
        images, labels = fashion_mnist(a.data_dir)
        data = Data(images, labels, cfg["batch"], seed)
        log = open(os.path.join(out, "log.csv"), "a")
        if int(S["train_step"]) == 0:
            log.write("step,d_loss,g_loss,seconds\n")
        t0 = time.time()
        t_last, s_last = t0, int(S["train_step"])
        s_start = s_last
        print("train_reference: %s on %s, %d steps from step %d, batch %d, seed %d, %d thread(s)" % (
            cfg["model"], cfg["data"], total, s_last, cfg["batch"], seed, torch.get_num_threads()), flush=True)
        while int(S["train_step"]) < total:
            d_loss, g_loss = one_step(S, cfg, data, seed)
            s = int(S["train_step"])
            if not (np.isfinite(d_loss) and np.isfinite(g_loss)):
                sys.exit("train_reference: diverged at step %d (d_loss %s, g_loss %s); last checkpoint kept" % (s, d_loss, g_loss))
            log.write("%d,%.6f,%.6f,%.2f\n" % (s, d_loss, g_loss, time.time() - t0))
            if s % a.log_every == 0 or s == total or s <= 20:
                now = time.time()
                rate = (s - s_last) / max(now - t_last, 1e-9)
                print("step %5d/%d  d=%.3f g=%.3f  %.2f steps/s (last %d steps)  %.2f steps/s (this process)" % (
                    s, total, d_loss, g_loss, rate, s - s_last, (s - s_start) / max(now - t0, 1e-9)), flush=True)
                log.flush()
                t_last, s_last = now, s
            if s % a.checkpoint_every == 0 or s == total:
                save_checkpoint(out, S, meta)
        log.close()
    write_samples(out, S, cfg, a.samples, seed)


if __name__ == "__main__":
    main()
