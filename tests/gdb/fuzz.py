#!/usr/bin/env python3
"""Packet fuzzer for the gdb stub. Malformed input (bad and non-hex checksums, cut-off
packets, packets beyond PacketSize, garbage between packets, NUL bytes, huge lengths,
bad hex, random payloads, dropped connections) is interleaved with valid packets
whose answers are known; every valid packet must get its right answer, the emulator
must still be alive at the end, and 'k' must end it. Then garbage sent to a running
guest must be dropped until Ctrl-C stops it. Seeded and bounded in time.
Usage: fuzz.py PAGODA ELF_DIR [SEED]"""
import os
import random
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from rsp import Client, Pagoda, checksum, frame, hex64, le64  # noqa: E402

PAGODA, ELFS = sys.argv[1], sys.argv[2]
SEED = int(sys.argv[3]) if len(sys.argv) > 3 else 1789
PROG = os.path.join(ELFS, "prog.elf")
MAX_CASES, TIME_BUDGET_S = 20000, 4.0
RAM_END = 0x80000000 + (128 << 20)
SCRATCH = RAM_END - 0x1000              # memory the fuzzer may write
REG_CSR0 = 65
MSCRATCH = REG_CSR0 + 0x340

rng = random.Random(SEED)

# Packets that must be rejected with exactly this reply.
MALFORMED = [
    ("m0,ffffffffffffffff", "E22"), ("m80000000,ffffffff", "E22"),
    ("m80000000,10000", "E22"), ("m80000000,0", "E22"), ("mffffffffffffffff,8", "E14"),
    ("m11111111111111111,1", "E22"), ("m", "E22"), ("m,4", "E22"), ("mzz,4", "E22"),
    ("m1,", "E22"), ("m80000000,4junk", "E22"), ("m80000000;4", "E22"),
    ("M80000000,4:zz", "E22"), ("M80000000,4:0011", "E22"), ("M%x,2:001122" % SCRATCH, "E22"),
    ("M0,1:00", "E14"), ("M80000000,ffffffffffffffff:00", "E22"), ("M100000,4:55550000", "E14"),
    ("X%x,1:" % SCRATCH, "E22"), ("X%x,1:ab" % SCRATCH, "E22"), ("X0,1:a", "E14"),
    ("X80000000,ffffffff:a", "E22"), ("X%x,2:a}" % SCRATCH, "E22"),
    ("p", "E22"), ("pzz", "E22"), ("p-1", "E22"), ("p99999", "E01"),
    ("p11111111111111111", "E22"), ("P20", "E22"), ("P20=12", "E22"), ("P=00", "E22"),
    ("P5=zz00000000000000", "E22"), ("P5=" + "0" * 18, "E22"), ("Pfffff=" + "0" * 16, "E01"),
    ("G00", "E22"), ("G" + "zz" * 264, "E22"), ("gg", "E22"),
    ("Z9,0,4", "E22"), ("Z0,zz,4", "E22"), ("Z0,80000000", "E22"), ("Z2,80000000,0", "E22"),
    ("Z2,ffffffffffffff00,1000", "E22"), ("Z0,80000000,4x", "E22"), ("z", "E22"),
    ("qXfer:features:read:foo.xml:0,10", "E00"), ("qXfer:features:read:target.xml:zz", "E22"),
    ("qXfer:features:read:target.xml", "E00"), ("qXfer:features:read:target.xml:0,", "E22"),
    ("Hgzz", "E22"), ("Hx1", "E22"), ("H", "E22"), ("Tzz", "E01"),
    ("vCont;x", "E22"), ("vCont;C", "E22"), ("vCont;s:zz", "E22"), ("vCont;cjunk", "E22"),
    ("vCont;c:" + "1" * 40, "E22"), ("vCont;", "E22"),
    ("czz", "E22"), ("s1,2", "E22"), ("Czz", "E22"), ("S05;zz", "E22"),
    ("", ""), ("jFuzz", ""), ("qUnknownQuery", ""), ("vUnknown", ""), ("!", ""),
]

# First characters of random payloads: none that resumes, detaches or kills.
SAFE_FIRST = "mMpPgGqQHTzZXv?xjAbB"


class Model:
    """What the stub's answers must be: registers and scratch memory as written."""

    def __init__(self, c):
        g = c.cmd("g")
        self.regs = [le64(g[i * 16:(i + 1) * 16]) for i in range(33)]
        self.code = c.cmd("m80000000,40")
        self.xml_head = c.cmd("qXfer:features:read:target.xml:0,80")
        self.scratch = bytearray(64)
        self.mscratch = 0
        assert c.cmd("M%x,40:%s" % (SCRATCH, self.scratch.hex())) == "OK"
        assert c.cmd("P%x=%s" % (MSCRATCH, hex64(0))) == "OK"


def valid_check(model):
    """A valid packet and the one answer it must get (may update the model)."""
    k = rng.randrange(11)
    if k == 0:
        return "g", "".join(hex64(v) for v in model.regs)
    if k == 1:
        return "m80000000,40", model.code
    if k == 2:
        return "m%x,40" % SCRATCH, model.scratch.hex()
    if k == 3:
        return "qC", "QC01"
    if k == 4:
        return "?", "T05thread:01;"
    if k == 5:
        r = rng.randrange(33)
        return "p%x" % r, hex64(model.regs[r])
    if k == 6:
        return "qXfer:features:read:target.xml:0,80", model.xml_head
    if k == 7:
        r, v = rng.randrange(1, 32), rng.getrandbits(64)
        model.regs[r] = v
        return "P%x=%s" % (r, hex64(v)), "OK"
    if k == 8:
        off, data = rng.randrange(60), bytes(rng.getrandbits(8) for _ in range(4))
        model.scratch[off:off + 4] = data
        return "M%x,4:%s" % (SCRATCH + off, data.hex()), "OK"
    if k == 9:
        model.mscratch = rng.getrandbits(64)
        return "P%x=%s" % (MSCRATCH, hex64(model.mscratch)), "OK"
    return "p%x" % MSCRATCH, hex64(model.mscratch)


def garbage(n, exclude=b"$"):
    return bytes(b for b in (rng.getrandbits(8) for _ in range(n)) if b not in exclude)


def random_payload():
    body = garbage(rng.randrange(0, 60), exclude=b"$#")
    return SAFE_FIRST[rng.randrange(len(SAFE_FIRST))].encode() + body


def bad_sum(data):
    cs = (checksum(data) + rng.randrange(1, 256)) & 0xff
    return b"$" + data + b"#%02x" % cs


def malformed_bytes(no_ack):
    """Bytes to send and the reply due: None, ANY or the exact answer. In ack
    mode no '-' goes outside packets: it would repeat a reply and the answers to
    check would no longer line up (protocol.py tests retransmission)."""
    outside = b"$" if no_ack else b"$-"
    k = rng.randrange(10)
    if k == 0:
        pkt, want = MALFORMED[rng.randrange(len(MALFORMED))]
        return frame(pkt), want
    if k == 1:                                      # bad checksum
        return bad_sum(random_payload()), None
    if k == 2:                                      # non-hex checksum
        return b"$" + random_payload() + b"#" + garbage(2, outside + b"0123456789abcdefABCDEF"), None
    if k == 3:                                      # cut off: the next '$' starts over
        return b"$" + random_payload()[:rng.randrange(1, 20)], None
    if k == 4:                                      # beyond PacketSize
        data = b"m" + b"f" * rng.randrange(0x4000, 0x6000)
        return (frame(data), "E22") if rng.randrange(2) else (bad_sum(data), None)
    if k == 5:                                      # garbage between packets
        return garbage(rng.randrange(1, 200), outside), None
    if k == 6:                                      # random payload, good checksum
        return frame(random_payload()), ANY
    if k == 7:                                      # NUL inside a packet
        data = b"m8000" + b"\x00" + b"0000,4"
        return frame(data), "E22"
    if k == 8:                                      # stray acks and Ctrl-C while stopped
        acks = b"+-\x03" if no_ack else b"+\x03"
        return bytes(rng.choice(acks) for _ in range(rng.randrange(1, 6))), None
    return frame("m%x,%x" % (rng.getrandbits(64), rng.getrandbits(rng.choice((4, 16, 64))))), ANY


ANY = object()       # one reply, whatever it says


def expect(c, sent, want):
    """The next packet must be want; nothing may arrive where no reply is due."""
    if want is None:
        return
    got = c.read_packet(timeout=3)
    if want is not ANY and got != want:
        raise AssertionError("%r: got %r, expected %r" % (sent[:60], got, want))


def fuzz_running_guest():
    """Garbage (everything but Ctrl-C) sent to a running guest is dropped: the guest
    keeps running and the stub keeps quiet; then Ctrl-C stops it and it serves again."""
    pg = Pagoda(PAGODA, os.path.join(ELFS, "spin.elf"), wait=True)
    c = Client(pg.port)
    try:
        c.start_no_ack()
        for _ in range(5):
            c.send("c")
            deadline = time.time() + 0.1
            while time.time() < deadline:
                c.send_raw(garbage(rng.randrange(1, 300), exclude=b"\x03"))
                c.send_raw(frame(random_payload().replace(b"\x03", b"")))
            if not c.quiet_for(0.05):
                raise AssertionError("the running stub answered: %r" % c.buf[:60])
            c.send_raw(b"\x03")
            expect(c, b"\x03", "T02thread:01;")
            c.send("qC")
            expect(c, b"qC", "QC01")
        c.send("k")
        st = pg.wait(10)
        if st != 0:
            raise AssertionError("after k: exit status %r (stderr %r)" % (st, pg.stderr))
    finally:
        c.close()
        pg.kill()


def main():
    pg = Pagoda(PAGODA, PROG, wait=True)
    c = Client(pg.port)
    ok = True
    cases = 0
    try:
        model = Model(c)
        start = time.time()
        while cases < MAX_CASES and time.time() - start < TIME_BUDGET_S:
            cases += 1
            if cases == MAX_CASES // 2 or (cases > MAX_CASES // 2 and rng.randrange(400) == 0):
                if not c.no_ack:
                    c.start_no_ack()
            if rng.randrange(300) == 0:             # a client that vanishes mid-packet
                c.send_raw(b"$m8000")
                c.close()
                c = Client(pg.port)
            bad, want = malformed_bytes(c.no_ack)
            c.send_raw(bad)
            expect(c, bad, want)
            pkt, answer = valid_check(model)
            c.send(pkt)
            expect(c, pkt.encode(), answer)
        if not pg.alive():
            raise AssertionError("the emulator died")
        c.send("k")
        st = pg.wait(10)
        if st != 0:
            raise AssertionError("after k: exit status %r (stderr %r)" % (st, pg.stderr))
        fuzz_running_guest()
    except Exception as e:
        ok = False
        print("FAIL: fuzz seed %d, case %d: %s: %s" % (SEED, cases, type(e).__name__, e))
        if not pg.alive() and pg.wait(1) is not None:
            print("the emulator exited with %r; stderr %r" % (pg.proc.returncode, pg.stderr))
    finally:
        c.close()
        pg.kill()
    print("%s fuzz: %d cases, seed %d" % ("ok  " if ok else "FAIL", cases, SEED))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
