#!/usr/bin/python3
"""Independent float64 reference values for gan4j's FID, KID and classifier score.

Run with Debian's numpy/scipy:  /usr/bin/python3 tools/reference/metrics_reference.py > sdk/src/test/resources/metrics-reference.json
The feature sets are a closed formula (MetricsReferenceTest builds the same ones in Java).
FID uses scipy.linalg.sqrtm of Sigma1.Sigma2 (Schur method), a different algorithm from gan4j's
symmetric eigen decompositions; KID is the unbiased MMD^2 of (x.y/d + 1)^3 over the full sets.
"""
import json
import numpy as np
from scipy import linalg


def features(n, d, seed, shift):
    i = np.arange(n, dtype=np.float64)[:, None]
    j = np.arange(d, dtype=np.float64)[None, :]
    return np.sin(0.37 * i + 1.91 * j + 0.1 * seed) + 0.5 * np.cos(0.013 * (i + 1) * (j + 1) + seed) + shift


def fid(a, b):
    mu1, mu2 = a.mean(0), b.mean(0)
    s1, s2 = np.cov(a, rowvar=False), np.cov(b, rowvar=False)
    covmean = linalg.sqrtm(s1.dot(s2))
    covmean = covmean.real
    return float(((mu1 - mu2) ** 2).sum() + np.trace(s1) + np.trace(s2) - 2 * np.trace(covmean))


def mmd2(x, y):
    d = x.shape[1]
    k = lambda u, v: (u.dot(v.T) / d + 1) ** 3
    m, n = len(x), len(y)
    kxx, kyy, kxy = k(x, x), k(y, y), k(x, y)
    return float((kxx.sum() - np.trace(kxx)) / (m * (m - 1)) + (kyy.sum() - np.trace(kyy)) / (n * (n - 1)) - 2 * kxy.mean())


def score(logits, splits):
    p = np.exp(logits - logits.max(1, keepdims=True))
    p /= p.sum(1, keepdims=True)
    n = len(p)
    out = []
    for s in range(splits):
        part = p[s * n // splits:(s + 1) * n // splits]
        py = part.mean(0, keepdims=True)
        out.append(np.exp((part * (np.log(part) - np.log(py))).sum(1).mean()))
    return float(np.mean(out)), float(np.std(out))


cases = {"fid": [], "kid": [], "score": []}
for n, m, d in [(200, 150, 8), (500, 400, 32), (60, 70, 100)]:
    a, b = features(n, d, 1, 0.0), features(m, d, 2, 0.3)
    cases["fid"].append({"n": n, "m": m, "d": d, "value": fid(a, b)})
for n, m, d in [(200, 150, 8), (300, 300, 16)]:
    a, b = features(n, d, 3, 0.0), features(m, d, 4, 0.1)
    cases["kid"].append({"n": n, "m": m, "d": d, "value": mmd2(a, b)})
for n, k, splits in [(1000, 10, 10), (250, 7, 5)]:
    mean, std = score(3 * features(n, k, 5, 0.0), splits)
    cases["score"].append({"n": n, "k": k, "splits": splits, "mean": mean, "std": std})
print(json.dumps(cases, indent=2))
