"""vm_checks.py — the virtual-memory part of run.py's guest tests: the tools (pmap,
free, vmstat, /proc formats), mmap_test and vm_stress against qemu-riscv64 (Linux),
vm_test's counters, and a boot with few ASID bits so that ASIDs roll over."""
import os
import re
import subprocess

# What the kernel prints when a child dies of a fault (as Linux does), interleaved
# with a test's own output on the console; qemu-riscv64 prints nothing of the kind.
KERNEL_LINE = re.compile(r"^\S+\[\d+\]: unhandled signal \d+ code \S+ at \S+\n", re.M)

SHELL_CHECKS = [
    ("pmap $$", r"^\d+:   sh\n0000000000010000 +\d+K r-x-- sh\n(.|\n)*  \[ stack \]\n total +\d+K$"),
    ("free", r"^ +total +used +free +shared +buff/cache +available\nMem:( +\d+){6}\nSwap:( +\d+){3}$"),
    ("vmstat", r"^procs -+memory-+ ---swap-- -----io---- -system-- ------cpu-----\n r  b .*\n( *\d+){17}$"),
    ("cat /proc/vmstat", r"^nr_free_pages \d+\n(.|\n)*^pgfault \d+\npgmajfault \d+\n(.|\n)*^pagoda_cow_fault \d+$"),
    ("cat /proc/self/status", r"^VmSize:\s+\d+ kB\n(.|\n)*^VmRSS:\s+\d+ kB\n(.|\n)*^VmData:\s+\d+ kB\nVmStk:\s+128 kB$"),
    ("cat /proc/self/maps", r"^0001[0-9a-f]+-[0-9a-f]+ rw-p 00000000 00:00 0 +\[heap\]$"),
    ("cat /proc/self/faults", r"^minor \d+\nmajor 0\ncow \d+\nsegv 0$"),
]


def oracle(tests_dir, argv):
    r = subprocess.run(["qemu-riscv64", os.path.join(tests_dir, argv[0])] + argv[1:],
                       capture_output=True, text=True, timeout=300)
    return r.stdout


def compare(res, g, tests_dir, argv, host_argv, what):
    """The guest's output of /test/ARGV must be qemu-riscv64's of HOST_ARGV, kernel
    lines aside."""
    want = oracle(tests_dir, host_argv)
    got = KERNEL_LINE.sub("", g.command("/test/" + " ".join(argv), timeout=300))
    res.check(got == want and got.endswith("passed\n"), f"{g.name}: {what} matches qemu-riscv64",
              "--- qemu-riscv64\n" + want + "--- guest\n" + got)


def run(res, g, expect, tests_dir, scratch):
    for cmd, pattern in SHELL_CHECKS:
        expect(res, g, cmd, pattern)
    compare(res, g, tests_dir, ["mmap_test", "/tmp"], ["mmap_test", scratch], "mmap_test")
    stress = ["vm_stress", "7", "4000"]
    compare(res, g, tests_dir, stress, stress, "vm_stress 7 4000")
    expect(res, g, "/test/vm_test /tmp", r"^vm_test: passed$", "vm_test (lazy, COW, sharers, sparse, maps)",
           timeout=300)


def asid_rollover(res, g, expect):
    """With asid_bits=3 on the command line only 7 ASIDs exist: they roll over."""
    expect(res, g, "/test/vm_test /tmp", r"^vm_test: passed$", "vm_test with 3 ASID bits", timeout=300)
    expect(res, g, "cat /proc/vmstat", r"^pagoda_asid_rollover [1-9]\d*$", "ASIDs rolled over")
