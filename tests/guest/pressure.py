"""pressure.py — the guest kernel under memory pressure, a part of run.py's guest tests.
One Pagoda session with -m 32M, --clock icount and a 64 MiB swap disk (made by
mkswap), where a thrash (/test/swap_thrash) keeps swapping in the background while:
  - pipe and O_APPEND writes of 256-byte records from buffers in swap arrive whole and
    once (/test/atomic_test, several seeds: 0 bad records);
  - limits_test prints what it prints under qemu-riscv64: a 4 GiB shared mapping and a
    1 TiB file touched at their ends, nanosleep of INT64_MAX seconds; and getdents64
    into a buffer that runs into an unmapped page (limits_test -g);
  - a readv that keeps the kernel busy for minutes (/test/longcall) leaves the shell
    answering, and SIGKILL ends it at once;
  - /test/stress mixes pipes, files, shared mappings, fork and SIGKILL, checking every
    byte; the system-call fuzzer runs a bounded number of rounds;
  - the thrash itself found every byte it wrote.
The session runs with pagoda's gdb stub on: a command that does not come back in time
is a hang, and the failure shows the kernel's stacks (kstacks.py) instead of a bare
timeout."""
import os
import re
import subprocess

import kstacks

MKSWAP = "/usr/sbin/mkswap" if os.path.exists("/usr/sbin/mkswap") else "mkswap"
SEEDS = (1, 2, 3)


class Hang(Exception):
    pass


def make_swap(root):
    path = os.path.join(root, "build/guest/pressure-swap.img")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    if os.path.exists(path):
        os.remove(path)
    subprocess.run(["truncate", "-s", "64M", path], check=True)
    subprocess.run([MKSWAP, path], check=True, capture_output=True)
    return path


def argv(pagoda, root, kernel, initrd, firmware):
    return [pagoda, "-nographic", "-m", "32M", "--clock", "icount", "-bios", firmware,
            "-kernel", kernel, "-initrd", initrd, "--swap", make_swap(root) + ",size=64M",
            "-append", "swap=/dev/vda", "-gdb", "tcp::0"]


class Watched:
    """Runs commands in g; a timeout becomes a Hang carrying the kernel's stacks."""

    def __init__(self, g, kernel, error_class):
        self.g, self.kernel, self.error_class = g, kernel, error_class
        m = re.search(rb"gdb stub listening on port (\d+)", g.out)
        self.port = int(m.group(1)) if m else None

    def command(self, cmd, timeout):
        try:
            return self.g.command(cmd, timeout)
        except self.error_class as e:
            stacks = kstacks.kernel_stacks(self.port, self.kernel) if self.port else "(no gdb stub)"
            raise Hang(f"{e}\n--- the kernel's stacks (kstacks.py):\n{stacks}")


def check(res, w, cmd, pattern, what, timeout=180):
    out = w.command(cmd, timeout)
    ok = re.search(pattern, out, re.M) is not None
    res.check(ok, f"{w.g.name}: {what}", f"  {cmd}\n  wanted /{pattern}/, got:\n{out[-2500:]}")
    return out


def vmstat(w, name):
    m = re.search(rf"^{name} (\d+)$", w.command("cat /proc/vmstat", 60), re.M)
    return int(m.group(1)) if m else -1


def run(res, w, oracle):
    """The checks; oracle(argv) gives qemu-riscv64's output of a test program."""
    g = w.g
    out0 = vmstat(w, "pswpout")
    w.command("/test/swap_thrash 32 1000000 5 > /tmp/thrash.out &", 30)
    thrash = w.command("echo $!", 30).strip()
    for seed in SEEDS:
        check(res, w, f"/test/atomic_test pipe 4 16384 {seed}",
              r"^pipe: 4 writers, 16384 records, 0 bad, 0 missing\n(.|\n)*^atomic_test: passed$",
              f"4 writers of 256-byte records share a pipe beside a thrash (seed {seed}): 0 bad")
        check(res, w, f"/test/atomic_test append 4 16384 {seed} /tmp/append",
              r"^append: 4 writers, 16384 records, 0 bad, 0 missing\n(.|\n)*^atomic_test: passed$",
              f"4 processes append 256-byte records to one O_APPEND file beside a thrash (seed {seed}): 0 bad")
    want = oracle(["limits_test", "/tmp"])
    got = re.sub(r"^\S+\[\d+\]: unhandled signal \d+ code \S+ at \S+\n", "",
                 w.command("/test/limits_test /tmp", 180), flags=re.M)
    res.check(got == want and got.endswith("passed\n"),
              f"{g.name}: limits_test (4 GiB shared mapping, 1 TiB file, endless nanosleep) "
              "matches qemu-riscv64", "--- qemu-riscv64\n" + want + "--- guest\n" + got)
    check(res, w, "echo alive", r"^alive$", "the shell is alive after the 4 GiB mapping and the 1 TiB file")
    check(res, w, "/test/limits_test -g /tmp", r"^ok   getdents64 returns the four entries copied before "
          r"the fault\n(.|\n)*^limits_test -g: passed$", "getdents64 returns the entries copied before a fault")
    test_longcall(res, w)
    check(res, w, "/test/stress 1 3 /tmp", r"^stress: 3 rounds, 0 checks failed(.|\n)*^stress: passed$",
          "stress: pipes, files, shared mappings, fork and SIGKILL under swap, every byte checked",
          timeout=600)
    for seed in (11, 12):
        check(res, w, f"/test/fuzz 30 300 {seed}", r"^fuzz: passed$",
              f"random hostile system calls under swap pressure (seed {seed})", timeout=600)
    w.command(f"kill {thrash}; wait", 60)
    check(res, w, "cat /tmp/thrash.out", r"^pass 1 \(sequential\): 0 mismatched bytes so far$",
          "the thrash beside them found every byte it wrote")
    bad = re.search(r"[1-9]\d* mismatched", w.command("cat /tmp/thrash.out", 60))
    res.check(bad is None, f"{g.name}: no pass of the thrash saw a wrong byte")
    out1 = vmstat(w, "pswpout")
    print(f"   {g.name}: {out1 - out0} pages swapped out during the checks")
    res.check(out1 - out0 > 1000, f"{g.name}: the checks ran under swap pressure",
              f"  pswpout went from {out0} to {out1}")


def test_longcall(res, w):
    """A system call that would run for minutes: the shell answers meanwhile (the kernel
    yields at its preemption points) and SIGKILL ends it at once."""
    g = w.g
    mark = len(g.out)
    w.command("/test/longcall /tmp 16 &", 30)
    g.wait_for(lambda o: re.search(rb"longcall: pid \d+ in readv", o[mark:]), 60)
    check(res, w, "echo alive", r"^alive$", "the shell answers while a process is in a minutes-long readv")
    check(res, w, "cat /proc/$!/stat", r"^\d+ \(longcall\) R ", "that process is still in its system call")
    check(res, w, "kill -9 $!; wait $!; echo $?", r"^137$", "SIGKILL ends the long system call")
    res.check(b"readv returned" not in g.out[mark:], f"{g.name}: the readv did not finish on its own")
