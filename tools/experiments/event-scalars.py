#!/usr/bin/env python3
"""Scalars of a run's TensorBoard events as text, without TensorFlow or TensorBoard: reads the TFRecord files in
RUN/events and decodes Event.step and Summary.value (tag, simple_value) by hand (protobuf wire format). Prints the tags
found, then one line per logged step: "STEP tag=value ...". Used to see when a translation run collapsed
(examples/results/csgan/*/losses.txt).
Usage: /usr/bin/python3 tools/experiments/event-scalars.py RUN/events [TAG,TAG,...] [EVERY_NTH_LINE]"""
import struct, sys, glob
def varint(b, i):
    r = s = 0
    while True:
        c = b[i]; i += 1; r |= (c & 0x7f) << s; s += 7
        if c < 0x80: return r, i
def fields(b):
    i = 0
    while i < len(b):
        k, i = varint(b, i); f, t = k >> 3, k & 7
        if t == 0: v, i = varint(b, i)
        elif t == 1: v = b[i:i+8]; i += 8
        elif t == 5: v = b[i:i+4]; i += 4
        elif t == 2: n, i = varint(b, i); v = b[i:i+n]; i += n
        else: raise ValueError(t)
        yield f, v
out = {}
for path in sorted(glob.glob(sys.argv[1] + "/events*")):
    data = open(path, "rb").read(); i = 0
    while i < len(data):
        n = struct.unpack("<Q", data[i:i+8])[0]; rec = data[i+12:i+12+n]; i += 12 + n + 4
        step = 0; vals = []
        for f, v in fields(rec):
            if f == 2: step = v
            if f == 5:
                for f2, v2 in fields(v):
                    if f2 == 1:
                        tag = None; val = None
                        for f3, v3 in fields(v2):
                            if f3 == 1: tag = v3.decode()
                            if f3 == 2 and isinstance(v3, bytes) and len(v3) == 4: val = struct.unpack("<f", v3)[0]
                        if tag and val is not None: vals.append((tag, val))
        for t, v in vals: out.setdefault(t, {})[step] = v
tags = sys.argv[2].split(",") if len(sys.argv) > 2 and sys.argv[2] else sorted(out)
print("tags:", sorted(out))
steps = sorted(set().union(*[out[t].keys() for t in tags if t in out]))
for s in steps[::int(sys.argv[3]) if len(sys.argv) > 3 else 1]:
    print(s, " ".join("%s=%.4f" % (t, out[t][s]) for t in tags if s in out.get(t, {})))
