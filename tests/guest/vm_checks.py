"""vm_checks.py — the virtual-memory part of run.py's guest tests: the tools (pmap,
free, vmstat, /proc formats), mmap_test and vm_stress against qemu-riscv64 (Linux),
vm_test (which prints the same under Linux: tests/linux) and vm_counters (Pagoda OS's
own counters, and vm_test leaking nothing), and a boot with few ASID bits so that ASIDs
roll over."""
import os
import re
import subprocess

# What the kernel prints when a child dies of a fault (as Linux does), interleaved
# with a test's own output on the console; qemu-riscv64 prints nothing of the kind.
KERNEL_LINE = re.compile(r"^\S+\[\d+\]: unhandled signal \d+ code \S+ at \S+\n", re.M)

SHELL_CHECKS = [
    ("pmap $$", r"^\d+:   sh\n0000000000010000 +\d+K r-x-- sh\n(.|\n)*  \[ stack \]\n total +\d+K$"),
    ("pmap -x $$", r"^\d+:   sh\nAddress           Kbytes     RSS   Dirty Mode  Mapping\n"
                   r"0000000000010000 +\d+ +[1-9]\d* +0 r-x-- sh\n(.|\n)*  \[ stack \]\n"
                   r"---------------- ------- ------- ------- \ntotal kB +\d+ +[1-9]\d* +[1-9]\d*$"),
    ("pmap -X $$", r"^ +Address Perm +Offset Device +Inode Size +Rss +Pss +Pss_Dirty Referenced Anonymous KSM "
                   r"LazyFree ShmemPmdMapped FilePmdMapped Shared_Hugetlb Private_Hugetlb Swap SwapPss Locked "
                   r"THPeligible Mapping\n +10000 r-xp 00000000  00:01 +\d+( +\d+){16} sh\n(.|\n)*"
                   r"\[stack\]\n +(=+ ){16}\n( +\d+){16} KB $"),
    ("cat /proc/stat", r"^cpu  \d+ 0 \d+ \d+( 0){6}\n(cpu\d+ \d+ 0 \d+ \d+( 0){6}\n)+intr [1-9]\d*( \d+){96}\n"
                       r"ctxt [1-9]\d*\nbtime \d+\nprocesses [1-9]\d*\nprocs_running [1-9]\d*\nprocs_blocked 0\n"
                       r"softirq( 0){11}$"),
    ("vmstat 1 2", r"^procs .*\n r  b .*\n( *\d+){17}\n( *\d+){10} +[1-9]\d* +[1-9]\d*( +\d+){5}$"),
    ("free", r"^ +total +used +free +shared +buff/cache +available\nMem:( +\d+){6}\nSwap:( +\d+){3}$"),
    ("vmstat", r"^procs -+memory-+ ---swap-- -----io---- -system-- ------cpu-----\n r  b .*\n( *\d+){17}$"),
    ("cat /proc/vmstat", r"^nr_free_pages \d+\n(.|\n)*^pgfault \d+\npgmajfault \d+\n(.|\n)*^pagoda_cow_fault \d+$"),
    ("cat /proc/self/status", r"^VmSize:\s+\d+ kB\n(.|\n)*^VmRSS:\s+\d+ kB\n(.|\n)*^VmData:\s+\d+ kB\nVmStk:\s+128 kB$"),
    ("cat /proc/self/maps", r"^0001[0-9a-f]+-[0-9a-f]+ rw-p 00000000 00:00 0 +\[heap\]$"),
    ("cat /proc/self/faults", r"^minor \d+\nmajor 0\ncow \d+\nsegv 0\ntlb_remote_flush \d+\ntlb_remote_flush_received \d+$"),
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
    expect(res, g, "/test/vm_counters /tmp", r"^vm_counters: passed$",
           "vm_counters (zero page, COW counters, no frame leaked by vm_test)", timeout=300)


def asid_rollover(res, g, expect):
    """With asid_bits=3 on the command line only 7 ASIDs exist: they roll over."""
    expect(res, g, "/test/vm_counters /tmp", r"^vm_counters: passed$", "vm_test and vm_counters with 3 ASID bits",
           timeout=300)
    expect(res, g, "cat /proc/vmstat", r"^pagoda_asid_rollover [1-9]\d*$", "ASIDs rolled over")


def tlb_rates(stats, user_only):
    """ITLB/DTLB hit rates (percent) and misses: over the user ASIDs of a --stats-json
    file (everything but ASID 0, the kernel until init starts), or over the whole run
    (without ASIDs everything is ASID 0)."""
    acc, miss = {"itlb": 0, "dtlb": 0}, {"itlb": 0, "dtlb": 0}
    for asid, s in stats["asids"].items():
        if user_only and asid == "0":
            continue
        for tlb in acc:
            acc[tlb] += s[tlb]["accesses"]
            miss[tlb] += s[tlb]["misses"]
    rate = {t: 100.0 * (1 - miss[t] / acc[t]) if acc[t] else 0.0 for t in acc}
    return f"itlb {rate['itlb']:.3f}% dtlb {rate['dtlb']:.3f}% ({miss['itlb'] + miss['dtlb']} misses)"


def bench(pagoda_argv, root):
    """/test/vm_bench, one boot per workload (init=/test/vm_bench WORKLOAD) so that
    --stats-json holds that workload alone. Returns the lines of the report."""
    import json
    import tempfile
    lines = ["  pagoda /test/vm_bench: guest instructions per operation (instret, kernel included);"
             " TLB hit rates (--stats-json) of the workload's ASIDs, or of the whole run:"]
    workloads = [("zero", ""), ("read", ""), ("cow", ""), ("fork", ""), ("switch", ""),
                 ("switch", "asid_bits=0")]
    for workload, extra in workloads:
        with tempfile.NamedTemporaryFile(suffix=".json") as f:
            argv = pagoda_argv(f"init=/test/vm_bench {workload} {extra}".strip()) + ["--stats-json", f.name]
            r = subprocess.run(argv, stdin=subprocess.DEVNULL, capture_output=True, timeout=600, cwd=root)
            out = r.stdout.decode(errors="replace").replace("\r", "")
            try:
                stats = json.load(open(f.name))
                tlb = (f"user ASIDs {tlb_rates(stats, True)}; " if not extra else "") + \
                      f"whole run {tlb_rates(stats, False)}"
            except (OSError, ValueError, KeyError):
                tlb = "TLB statistics missing"
        rows = [l for l in out.splitlines() if re.search(r"\d+ instructions", l)]
        lines.append(f"    [{workload}{' ' + extra if extra else ''}] {tlb}")
        lines += ["      " + l.strip() for l in rows] or ["      (no output)"]
    return lines
