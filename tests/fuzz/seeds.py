#!/usr/bin/env python3
"""seeds.py -- writes the hand-made seed inputs of the three fuzz targets
into tests/fuzz/<target>/corpus/seed-* (docs/fuzzing.md "Corpora").  The
formats are the ones documented in docs/fuzzing.md; the corpora also hold
inputs the fuzzer found (regression-* for findings that were fixed).

    python3 tests/fuzz/seeds.py          # rewrite the seed-* files
"""
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))


def write(target, name, data):
    d = os.path.join(HERE, target, "corpus")
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "seed-" + name), "wb") as f:
        f.write(data)


# ---- sg_description: state, fault, 48-byte NDIS_SG_DMA_DESCRIPTION -------
def desc(rev=1, size=None, typ=0x83, flags=0, maxmap=65536, handler=1, shm=0,
         listsize=0, pdo=0):
    size = size if size is not None else (36 if rev == 1 else 48)
    return (struct.pack("<BBH", typ, rev, size) + struct.pack("<II", flags, maxmap) +
            b"\0" * 4 + struct.pack("<QQI", handler, shm, listsize) + b"\0" * 4 +
            struct.pack("<Q", pdo))


def sg_description():
    cases = {
        "valid-rev1": (0, 0, desc()),
        "valid-rev2-64bit": (0, 0, desc(rev=2, flags=1, pdo=0x1234)),
        "valid-sizeof": (0, 0, desc(size=48)),
        "v3-hal": (0, 0, desc(flags=2)),
        "hybrid-rev1": (0, 0, desc(flags=4)),
        "hybrid-rev2": (0, 0, desc(rev=2, flags=5)),
        "unknown-flags": (0, 0, desc(flags=0x100)),
        "bad-revision": (0, 0, desc(rev=3)),
        "bad-type": (0, 0, desc(typ=0x80)),
        "small-size": (0, 0, desc(size=20)),
        "rev2-small": (0, 0, desc(rev=2, size=36)),
        "no-handler": (0, 0, desc(handler=0)),
        "maxmap-0": (0, 0, desc(maxmap=0)),
        "maxmap-max": (0, 0, desc(maxmap=0xFFFFFFFF)),
        "outside-init": (1, 0, desc()),
        "apc-level": (2, 0, desc()),
        "dispatch-level": (4, 0, desc()),
        "not-busmaster": (8, 0, desc()),
        "ndis5": (16, 0, desc()),
        "twice": (32, 0, desc()),
        "null-description": (64, 0, desc()),
        "null-handle": (128, 0, desc()),
        "tight-rev1": (0, 8, desc()),
        "tight-tiny": (0, 8, desc(size=4)),
    }
    for n in range(1, 8):
        cases["fault-%d" % n] = (0, n, desc(rev=2, flags=1))
        cases["fault32-%d" % n] = (0, n, desc(maxmap=1 << 20))
    for name, (state, fault, d) in cases.items():
        write("sg_description", name, bytes([state, fault]) + d)


# ---- sg_build -------------------------------------------------------------
def build(mode=1, maxmap=65536, cap=63, lists=1, fault=0, buffer=3, mdls=((0, 1514),),
          cur=0, cur_off=0, data_len=1514):
    out = struct.pack("<BIBBBBB", mode, maxmap - 1, cap, lists, fault, buffer, len(mdls) - 1)
    for off, ln in mdls:
        out += struct.pack("<IH", off, ln)
    return out + struct.pack("<BII", cur, cur_off, data_len)


def sg_build():
    frag = ((100, 14), (4000, 200), (8192, 1300))
    cases = {
        "one-mdl-64": build(),
        "one-mdl-32": build(mode=0),
        "cross-page": build(mdls=((4000, 1514),)),
        "fragments": build(mdls=frag, data_len=1514),
        "offset": build(mdls=frag, cur=1, cur_off=50, data_len=150),
        "split": build(mode=1 | 4, mdls=frag, data_len=1514),
        "bounce": build(mode=1 | 8, mdls=frag, data_len=1514),
        "defer": build(mode=1 | 2, mdls=frag, data_len=1514),
        "from-device": build(mode=1 | 64, mdls=frag, data_len=1514),
        "from-device-32-bounce": build(mode=8 | 64, mdls=frag, data_len=1514),
        "layout-high-32": build(mode=0x20, mdls=((0, 9000),), data_len=9000, maxmap=16384),
        "layout-mixed-32": build(mode=0x30, mdls=((12288, 30000),), data_len=30000),
        "layout-scattered": build(mode=0x11, mdls=((5, 60000),), data_len=60000),
        "too-long": build(maxmap=1000, data_len=1514),
        "short-chain": build(data_len=5000),
        "zero-length": build(data_len=0),
        "null-current": build(cur=1, data_len=10),
        "bad-flags": build(mode=1 | 128),
        "pool-too-small": build(mode=0x20, cap=0, mdls=((0, 9000),), data_len=9000),
        "buffer-null": build(buffer=0, mdls=frag, data_len=1514),
        "buffer-exact": build(buffer=1, mdls=frag, data_len=1514),
        "buffer-short": build(buffer=2, mdls=frag, data_len=1514),
        "zero-mdl": build(mdls=((100, 0), (200, 600)), data_len=600),
        "same-bytes-twice": build(mdls=((300, 900), (300, 900)), data_len=1800, mode=0x21),
        # an offset with the top bit set: that many bytes before the place
        # where adjacent frames cross 4 GiB (the mixed layout has one)
        "cross-4g-64": build(mode=0x31, mdls=((0x80000000 | 100, 300),), data_len=300),
        "cross-4g-32": build(mode=0x30, mdls=((0x80000000 | 5000, 9000),), data_len=9000),
        "cross-4g-split-mdls": build(mode=0x31, mdls=((0x80000000 | 200, 150),
                                                      (0x80000000 | 50, 400)), data_len=550),
        "fault-1": build(fault=1, mode=0x28),
        "fault-2": build(fault=2, mode=0x28),
        "fault-3": build(fault=3, mode=0x2A),
    }
    for name, data in cases.items():
        write("sg_build", name, data)


# ---- device: setup byte, then operations (docs/fuzzing.md "device") --------
TX, RX, USED, IDX, IRQ, CONFIG, ERROR, SEND, STATS = range(9)


def send(n=1, size=100):
    return struct.pack("<BBH", SEND, n - 1, size - 14)


def rx(flags=1 | 8, frame=b"", size=None, id_=None, ln=None):
    size = len(frame) if size is None else size
    f = flags | (2 if id_ is not None else 0) | (4 if ln is not None else 0)
    out = struct.pack("<BBH", RX, f, size) + frame
    if id_ is not None:
        out += struct.pack("<H", id_)
    if ln is not None:
        out += struct.pack("<I", ln)
    return out


def tx(flags=1, id_=None, ln=None):
    f = flags | (2 if id_ is not None else 0) | (4 if ln is not None else 0)
    out = struct.pack("<BB", TX, f)
    if id_ is not None:
        out += struct.pack("<H", id_)
    if ln is not None:
        out += struct.pack("<I", ln)
    return out


FRAME = b"\xff" * 6 + b"\x02\x00\x00\x00\x00\x09" + b"\x08\x00" + bytes(range(46))


def device():
    cases = {
        "send-complete": bytes([0]) + send(2, 200) + tx() + tx(),
        "receive": bytes([0]) + rx(frame=FRAME) + rx(frame=FRAME),
        "receive-32bit-q16": bytes([1]) + rx(frame=FRAME) + send() + tx(),
        "late-interrupt": bytes([2]) + send(3) + tx(0) + tx(0) + tx(0) +
        struct.pack("<BB", IRQ, 1),
        "rx-bad-id": bytes([0]) + rx(frame=FRAME, id_=0x7FFF),
        "rx-huge-len": bytes([0]) + rx(frame=FRAME, ln=0xFFFFFFFF),
        "rx-short-len": bytes([0]) + rx(frame=FRAME, ln=3),
        "tx-bad-id": bytes([0]) + send() + tx(id_=9999),
        "tx-repeat-id": bytes([0]) + send(2) + tx(id_=0) + tx(id_=0),
        "used-nothing-taken": bytes([0]) + struct.pack("<BBHI", USED, 2, 3, 60) +
        struct.pack("<BBHI", USED, 3, 0, 0),
        "used-idx-jump": bytes([0]) + struct.pack("<BBH", IDX, 0, 200) +
        struct.pack("<BB", IRQ, 1),
        "link-down-up": bytes([0]) + struct.pack("<BB", CONFIG, 0) + send() +
        struct.pack("<BB", CONFIG, 1) + tx(),
        "mac-change": bytes([0]) + struct.pack("<BB", CONFIG, 0x81) + b"\x02\x11\x22\x33\x44\x55",
        "spurious-irq": bytes([0]) + struct.pack("<BB", IRQ, 0) + struct.pack("<BB", IRQ, 3),
        "device-error": bytes([0]) + send(2) + struct.pack("<B", ERROR) + send(),
        "stats": bytes([6]) + rx(frame=FRAME) + struct.pack("<B", STATS),
        "big-frame": bytes([0]) + rx(frame=FRAME, size=3000),
        "rx-same-id-twice": bytes([0]) + rx(flags=8, frame=FRAME, id_=0) +
        rx(flags=1 | 8, frame=FRAME, id_=0),
    }
    for name, data in cases.items():
        write("device", name, data)


if __name__ == "__main__":
    sg_description()
    sg_build()
    device()
