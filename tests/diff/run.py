#!/usr/bin/env python3
"""Differential test driver: builds generated programs, runs each on QEMU and on the
emulator, and compares the UART dumps line by line. QEMU's outputs are cached by the
hash of everything they depend on, so reruns of the same seeds only run the emulator.

  run.py [--seed S] [--count N] [--jobs J]            QEMU vs the emulator
  run.py --self-check                                 QEMU vs QEMU and a known answer
"""

import argparse
import concurrent.futures
import hashlib
import os
import shutil
import subprocess
import threading
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import gen  # noqa: E402

RV_ARCH = ["-march=rv64gc", "-mabi=lp64", "-mno-relax"]
QEMU = ["qemu-system-riscv64", "-M", "virt", "-bios", "none", "-nographic", "-kernel"]
TIMEOUT_S = 20


class Toolchain:
    def __init__(self, args):
        self.prefix = args.rv_prefix
        self.out = args.out
        self.runtime_o = os.path.join(self.out, "runtime.o")
        self.link_ld = os.path.join(HERE, "link.ld")

    def build_runtime(self):
        os.makedirs(self.out, exist_ok=True)
        check([self.prefix + "as"] + RV_ARCH + [os.path.join(HERE, "runtime.S"),
                                                "-o", self.runtime_o])

    def build(self, src, elf):
        obj = elf[:-4] + ".o"
        check([self.prefix + "as"] + RV_ARCH + [src, "-o", obj])
        check([self.prefix + "ld", "-T", self.link_ld, self.runtime_o, obj, "-o", elf])
        os.remove(obj)


def check(cmd):
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if r.returncode:
        raise RuntimeError("%s failed:\n%s" % (" ".join(cmd), r.stdout))


def run_machine(cmd):
    """Runs one machine; returns its UART text, with a note appended on a bad exit."""
    try:
        r = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, timeout=TIMEOUT_S)
    except subprocess.TimeoutExpired as e:
        return (e.stdout or b"").decode("latin-1") + "<timeout after %ds>\n" % TIMEOUT_S
    except OSError as e:                        # e.g. the binary is being rebuilt
        return "<cannot run %s: %s>\n" % (cmd[0], e.strerror)
    text = r.stdout.decode("latin-1")
    if r.returncode:
        text += "<exit status %d: %s>\n" % (r.returncode,
                                            r.stderr.decode("latin-1").strip()[:200])
    return text


def reg_name(line):
    word = line.split(" ", 1)[0]
    if word.startswith("x") and word[1:].isdigit():
        return "%s (%s)" % (word, gen.ABI[int(word[1:])])
    if word.startswith("b") and len(word) == 4:
        return "buffer offset 0x%s" % word[1:]
    return word


def first_difference(ref, got, names=("qemu", "emulator")):
    """Describes the first line where two dumps differ, or returns None."""
    a, b = ref.splitlines(), got.splitlines()
    for i in range(max(len(a), len(b))):
        la = a[i] if i < len(a) else "<missing>"
        lb = b[i] if i < len(b) else "<missing>"
        if la != lb:
            where = reg_name(la if la != "<missing>" else lb)
            if where.startswith("buffer"):
                xa, xb = la.split()[-1], lb.split()[-1]
                j = next((k for k in range(min(len(xa), len(xb))) if xa[k] != xb[k]), 0)
                where = "buffer byte 0x%03x" % (int(la.split()[0][1:], 16) + j // 2)
            return "%s: %s '%s', %s '%s'" % (where, names[0], la, names[1], lb)
    return None


class Runner:
    def __init__(self, args):
        self.args = args
        self.tc = Toolchain(args)
        self.progs = os.path.join(args.out, "progs")
        self.cache = os.path.join(args.out, "qemu-cache")
        self.fail = os.path.join(args.out, "fail")
        for d in (self.progs, self.cache, self.fail):
            os.makedirs(d, exist_ok=True)
        version = subprocess.run([QEMU[0], "--version"], stdout=subprocess.PIPE,
                                 text=True).stdout
        h = hashlib.sha256(version.encode())
        for f in ("runtime.S", "link.ld"):
            with open(os.path.join(HERE, f), "rb") as fh:
                h.update(fh.read())
        self.salt = h.digest()
        self.bisected = 0
        self.fp_ops = 0
        self.lock = threading.Lock()

    def bisect(self, seed):
        """Finds the body line after which the two machines' states first differ, by
        moving a stop (a jump to diff_stop) through the program. Exact when the stop
        is reached and the divergence persists; a good hint otherwise."""
        regs, buf, body = gen.Generator(seed).parts()
        base = os.path.join(self.progs, "bisect-%d" % seed)

        def differs(i):
            with open(base + ".S", "w") as f:
                f.write(gen.render(seed, regs, buf, body, stop_at=i))
            self.tc.build(base + ".S", base + ".elf")
            ref = run_machine(QEMU + [base + ".elf"])
            got = run_machine(self.args.emu.split() + [base + ".elf"])
            return ref != got, ref.startswith("stop")

        lo, hi = 0, len(body)                  # agree when stopped at lo, differ at hi
        if differs(0)[0]:
            return "differs before the first instruction (initial state or runtime)"
        while hi - lo > 1:
            mid = (lo + hi) // 2
            if differs(mid)[0]:
                hi = mid
            else:
                lo = mid
        reached = differs(hi)[1]
        for ext in (".S", ".elf"):
            os.remove(base + ext)
        context = [l.strip() for l in body[max(0, hi - 3):hi]]
        text = gen.render(seed, regs, buf, body).split("\n")
        line = text.index("diff_body:") + hi
        return "diverges at prog-%d.S line %d: `%s`%s (preceded by: %s)" % (
            seed, line + 1, body[hi - 1].strip(),
            "" if reached else " (stop not reached: rough)", "; ".join(context[:-1]) or "-")

    def qemu(self, src_text, elf):
        key = hashlib.sha256(self.salt + src_text.encode()).hexdigest()[:32]
        path = os.path.join(self.cache, key + ".txt")
        if os.path.exists(path):
            with open(path) as f:
                return f.read()
        text = run_machine(QEMU + [elf])
        if text.endswith("end\n"):                  # only complete dumps are kept
            with open(path + ".tmp", "w") as f:
                f.write(text)
            os.replace(path + ".tmp", path)
        return text

    def one(self, seed):
        """Builds and runs one seed; returns None on agreement or a message."""
        text = gen.Generator(seed).program()
        with self.lock:
            self.fp_ops += gen.count_fp(text)
        base = os.path.join(self.progs, "prog-%d" % seed)
        with open(base + ".S", "w") as f:
            f.write(text)
        try:
            self.tc.build(base + ".S", base + ".elf")
        except RuntimeError as e:
            return "diff: seed %d does not build (generator bug): %s" % (seed, e)
        if self.args.self_check:
            ref = run_machine(QEMU + [base + ".elf"])
            got = run_machine(QEMU + [base + ".elf"])
            problem = dump_problem(ref) or dump_problem(got)
            names = ("qemu", "qemu again")
        else:
            ref = self.qemu(text, base + ".elf")
            got = run_machine(self.args.emu.split() + [base + ".elf"])
            problem = dump_problem(ref)
            names = ("qemu", "emulator")
        diff = first_difference(ref, got, names)
        if problem or diff:
            kept = os.path.join(self.fail, "prog-%d.S" % seed)
            shutil.copy(base + ".S", kept)
            with open(kept[:-2] + ".qemu.txt", "w") as f:
                f.write(ref)
            with open(kept[:-2] + ".emu.txt", "w") as f:
                f.write(got)
            msg = problem or diff
            if not problem and not self.args.self_check and self.bisected < 5:
                self.bisected += 1
                msg += "\n      " + self.bisect(seed)
            os.remove(base + ".S")
            return "diff: seed %d MISMATCH %s\n      program kept: %s" % (seed, msg, kept)
        os.remove(base + ".S")
        os.remove(base + ".elf")
        return None

    def run(self, seeds):
        self.tc.build_runtime()
        shutil.rmtree(self.fail)
        os.makedirs(self.fail)
        bad = 0
        with concurrent.futures.ThreadPoolExecutor(self.args.jobs) as pool:
            for msg in pool.map(self.one, seeds):
                if msg:
                    bad += 1
                    if bad <= self.args.max_report:
                        print(msg, flush=True)
        return bad


def dump_problem(text):
    """Checks a dump is complete and shaped as runtime.S prints it."""
    lines = text.splitlines()
    if len(lines) != 1 + 31 + 32 + 1 + 1 + 128 + 1 or lines[-1] != "end":
        tail = lines[-1] if lines else "<no output>"
        return "incomplete dump (%d lines, last '%s')" % (len(lines), tail)
    if lines[0] != "start 0000000080000000":
        return "bad start line '%s'" % lines[0]
    return None


def known_answer(args):
    """Runs the known-answer program on QEMU and compares with the computed dump."""
    tc = Toolchain(args)
    text, expected = gen.known_answer()
    src = os.path.join(args.out, "known.S")
    elf = os.path.join(args.out, "known.elf")
    with open(src, "w") as f:
        f.write(text)
    tc.build(src, elf)
    nm = subprocess.run([args.rv_prefix + "nm", elf], stdout=subprocess.PIPE,
                        text=True, check=True).stdout
    buf_addr = next(int(l.split()[0], 16) for l in nm.splitlines()
                    if l.split()[-1] == "diff_buf")
    want = expected(buf_addr)
    machines = [("qemu", QEMU)]
    if not args.self_check:
        machines = [("emulator", args.emu.split())]
    ok = True
    for name, cmd in machines:
        diff = first_difference(want, run_machine(cmd + [elf]), ("expected", name))
        if diff:
            print("diff: known-answer program on %s: %s" % (name, diff))
            ok = False
    return ok


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=int(os.environ.get("DIFF_SEED") or 1))
    ap.add_argument("--count", type=int, default=int(os.environ.get("DIFF_COUNT") or 500))
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--out", default="build/diff")
    ap.add_argument("--emu", default="build/pagoda", help="emulator command line")
    ap.add_argument("--rv-prefix", default="riscv64-unknown-elf-")
    ap.add_argument("--self-check", action="store_true",
                    help="QEMU against itself plus the known-answer program")
    ap.add_argument("--max-report", type=int, default=20)
    args = ap.parse_args()

    emu_bin = args.emu.split()[0]
    if not args.self_check and not shutil.which(emu_bin):
        print("diff: emulator %s not found (build it first, or use --self-check)" % emu_bin)
        return 1
    os.makedirs(args.out, exist_ok=True)
    Toolchain(args).build_runtime()
    ok = known_answer(args)
    seeds = range(args.seed, args.seed + args.count)
    runner = Runner(args)
    bad = runner.run(seeds)
    what = "QEMU self-check" if args.self_check else "programs"
    print("diff: %d %s, %d mismatches (seeds %d..%d, %d F/D instructions)%s" % (
        len(seeds), what, bad, seeds.start, seeds.stop - 1, runner.fp_ops,
        "" if ok else ", known-answer FAILED"))
    if bad:
        print("diff: reproduce one: python3 tests/diff/gen.py --seed N --outdir DIR;"
              " kept programs and both dumps are in %s" % os.path.join(args.out, "fail"))
    return 0 if ok and not bad else 1


if __name__ == "__main__":
    sys.exit(main())
