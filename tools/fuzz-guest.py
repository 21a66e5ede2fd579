#!/usr/bin/env python3
"""fuzz-guest: runs the guest's coverage-guided system-call fuzzer (/test/kfuzz) on
Pagoda with guest-kernel coverage on (--cov), for a bounded time, and watches the
machine: a kernel panic, a machine that stops (trap loop, exit), a kernel that makes no
progress (no console output for --hang seconds) or a leak kfuzz reports ends the run.
The offending sequence is saved, then reduced (calls dropped one at a time while the
failure still happens on a freshly booted machine, with kfuzz -r). At the end the
kernel coverage reached is symbolised (tools/covreport.py).

Usage: fuzz-guest.py [--secs N] [--seed S] [--out DIR] [--pagoda PATH] [--hang N]
Writes DIR/kernel.cov, DIR/coverage.txt (per function) and DIR/failure-KIND.seq.
Exit status: 0 when nothing failed, 1 otherwise."""
import argparse
import os
import select
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


class Machine:
    """A booted guest whose console we drive through pipes."""

    def __init__(self, pagoda, extra=()):
        self.proc = subprocess.Popen([pagoda, *extra], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                     bufsize=0, cwd=ROOT)
        self.buf = b""
        self.last_output = time.monotonic()

    def read(self, timeout):
        """New console bytes within timeout seconds (b"" when none; None at exit)."""
        r, _, _ = select.select([self.proc.stdout], [], [], timeout)
        if not r:
            return b""
        data = os.read(self.proc.stdout.fileno(), 65536)
        if not data:
            return None
        self.last_output = time.monotonic()
        self.buf += data
        return data

    def send(self, text):
        try:
            self.proc.stdin.write(text.encode() if isinstance(text, str) else text)
        except BrokenPipeError:
            pass

    def wait_for(self, marker, timeout):
        end = time.monotonic() + timeout
        while marker not in self.buf:
            if time.monotonic() > end or self.read(1) is None:
                return False
        return True

    def stop(self):
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()


def failure_in(text):
    if b"Kernel panic" in text:
        return "panic"
    if b"pagoda: trap loop" in text:
        return "trap-loop"
    if b"kfuzz: leak " in text:
        return "leak"
    return None


def replay(pagoda, seq, hang):
    """The failure a sequence causes on a fresh machine, or None."""
    m = Machine(pagoda)
    try:
        if not m.wait_for(b"$ ", 120):
            return None
        m.send(f"/test/kfuzz -r '{seq}'; echo status=$?\n")
        end = time.monotonic() + hang
        while b"status=" not in m.buf:
            if m.read(1) is None:
                return failure_in(m.buf) or "machine-stopped"
            if time.monotonic() > end:
                return "hang"
            if failure_in(m.buf) == "panic":
                return "panic"
        return "leak" if b"status=3" in m.buf else failure_in(m.buf)
    finally:
        m.stop()


def reduce(pagoda, seq, kind, hang):
    calls = seq.split(";")
    i = 0
    while i < len(calls) and len(calls) > 1:
        trial = calls[:i] + calls[i + 1:]
        if replay(pagoda, ";".join(trial), hang) == kind:
            calls = trial
        else:
            i += 1
    return ";".join(calls)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--secs", type=int, default=600)
    ap.add_argument("--seed", default="0x9e3779b97f4a7c15")
    ap.add_argument("--out", default=os.path.join(ROOT, "build/fuzz-guest"))
    ap.add_argument("--pagoda", default=os.path.join(ROOT, "build/pagoda"))
    ap.add_argument("--hang", type=int, default=300)
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    cov = os.path.join(args.out, "kernel.cov")
    m = Machine(args.pagoda, ["--cov", cov])
    if not m.wait_for(b"$ ", 300):
        sys.exit("fuzz-guest: the guest did not boot")
    start = time.monotonic()
    m.send(f"/test/kfuzz -v -t 1000000 -s {args.seed}\n")
    last_seq, kind, done = None, None, 0
    pending = b""
    while True:
        data = m.read(1)
        if data is None:
            kind = failure_in(m.buf) or "machine-stopped"
            break
        pending += data
        *lines, pending = pending.split(b"\n")
        for line in lines:
            if line.startswith(b"kfuzz: run "):
                last_seq = line[len(b"kfuzz: run "):].decode().strip()
            elif line.startswith(b"kfuzz: leak "):
                last_seq = line[len(b"kfuzz: leak "):].decode().strip()
        kind = failure_in(m.buf[-4096:])
        if kind:
            break
        if time.monotonic() - m.last_output > args.hang:
            kind = "hang"
            break
        if not done and time.monotonic() - start > args.secs:
            m.send(b"\x03")                 # SIGINT: kfuzz prints its summary
            done = time.monotonic()
        if done and b"sequences," in m.buf and m.buf.endswith(b"$ "):
            m.send("exit 0\n")
            m.proc.wait(timeout=120)
            break
    if kind:
        time.sleep(2)
        m.stop()
    summary = [l for l in m.buf.decode(errors="replace").splitlines()
               if l.startswith("kfuzz: ") and " sequences, " in l]
    print(summary[-1] if summary else "fuzz-guest: no summary from kfuzz")
    status = 0
    if kind:
        status = 1
        print(f"fuzz-guest: {kind}; last sequence: {last_seq}")
        if last_seq:
            path = os.path.join(args.out, f"failure-{kind}.seq")
            with open(path, "w") as f:
                f.write(last_seq + "\n")
            small = reduce(args.pagoda, last_seq, kind, args.hang)
            with open(path, "a") as f:
                f.write(small + "\n")
            print(f"fuzz-guest: reduced to {small} (saved in {path})")
    if os.path.exists(cov):
        report = subprocess.run([sys.executable, os.path.join(ROOT, "tools/covreport.py"), cov,
                                 os.path.join(ROOT, "roms/kernel.elf"), "--functions"],
                                capture_output=True, text=True)
        with open(os.path.join(args.out, "coverage.txt"), "w") as f:
            f.write(report.stdout)
        print(report.stdout.strip().splitlines()[-1] if report.stdout else report.stderr)
        print(f"fuzz-guest: per-function table in {os.path.join(args.out, 'coverage.txt')}")
    sys.exit(status)


if __name__ == "__main__":
    main()
