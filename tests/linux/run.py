#!/usr/bin/env python3
"""run.py — Linux as a second guest kernel, beside Pagoda OS (guest/linux).

  run.py test --pagoda build/pagoda     Linux boots on Pagoda (Pagoda's firmware and
                                        OpenSBI) and on QEMU to Pagoda's shell; the
                                        same user programs print the same on both kernels;
                                        tlbstat agrees with --stats per ASID

The console is driven as in tests/guest/run.py (whose Guest class this reuses): wait
for the "$ " prompt, type a command, read up to the next prompt. Linux flushes the
UART's receive FIFO when it opens the console, so nothing is typed before the prompt.
"""
import argparse
import importlib.util
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
_spec = importlib.util.spec_from_file_location("guest_run", os.path.join(ROOT, "tests/guest/run.py"))
guest_run = importlib.util.module_from_spec(_spec)
sys.path.insert(0, os.path.join(ROOT, "tests/guest"))
_spec.loader.exec_module(guest_run)
import perf_checks  # noqa: E402 (tests/guest, on the path above)
Guest, GuestError, Results = guest_run.Guest, guest_run.GuestError, guest_run.Results

LINUX = os.path.join(ROOT, "roms/linux.bin")
PAGODA_OS = os.path.join(ROOT, "roms/kernel.elf")
INITRD = os.path.join(ROOT, "roms/initramfs.cpio")
FIRMWARE = os.path.join(ROOT, "roms/firmware.bin")
OPENSBI_JUMP = "/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_jump.bin"
LINUX_APPEND = "console=ttyS0 rdinit=/sbin/init"

# Programs whose output must not depend on the kernel under them (Linux-ABI behaviour
# and the counters both kernels have); their scratch directory is /tmp on both. Pagoda
# OS's own counters are vm_counters' (tests/guest).
SAME_OUTPUT = [
    "/test/proc_test /tmp",
    "/test/pipe_test /tmp",
    "/test/file_test /tmp",
    "/test/mmap_test /tmp",
    "/test/vm_stress 7 2000",
    "/test/vm_test /tmp",
]
# What either kernel prints on the console when a process dies of a signal: one line,
# and on Linux its registers after it (show_regs), or that it left some out (ratelimit).
KERNEL_LINE = re.compile(r"^(\S+\[\d+\]: unhandled signal \d+ code \S+ at .*|CPU: \d+ PID: .*|"
                         r"\S+: \d+ callbacks suppressed|"
                         r"Hardware name: .*|\s*(epc|gp|t1|s1|a2|a5|s2|s5|s8|s11|t5) ?: .*|"
                         r"status: .*)\n", re.M)


def pagoda_argv(pagoda, kernel, bios=FIRMWARE, append=None, extra=()):
    argv = [pagoda, "-nographic", "-bios", bios, "-kernel", kernel, "-initrd", INITRD]
    if append:
        argv += ["-append", append]
    return argv + list(extra)


def qemu_argv(kernel, append=None):
    argv = ["qemu-system-riscv64", "-M", "virt", "-m", "128M", "-nographic",
            "-kernel", kernel, "-initrd", INITRD]
    return argv + (["-append", append] if append else [])


def boot(res, name, argv, timeout=120):
    print(f"-- {name}: {' '.join(argv)}")
    sys.stdout.flush()
    g = Guest(name, argv)
    try:
        g.boot(timeout)
        res.check(True, f"{name}: boots to the prompt")
        return g
    except GuestError as e:
        res.check(False, f"{name}: boots to the prompt", str(e))
        g.kill()
        return None


def finish(res, g):
    try:
        rc = g.poweroff()
        res.check(rc == 0, f"{g.name}: poweroff exits 0", f"  exit status {rc}")
    except GuestError as e:
        res.check(False, f"{g.name}: poweroff", str(e))
    finally:
        g.kill()


def outputs(g, commands):
    out = {}
    for cmd in commands:
        try:
            out[cmd] = KERNEL_LINE.sub("", g.command(cmd, timeout=300))
        except GuestError as e:
            out[cmd] = f"(no output: {e})"
    return out


def linux_session(res, name, argv, commands=(), counters=False):
    """Boots Linux to Pagoda's shell; checks the kernel and user space it reached."""
    g = boot(res, name, argv)
    if not g:
        return {}
    out = {}
    try:
        guest_run.expect(res, g, "cat /proc/version", r"^Linux version 6\.1\.", "runs Linux 6.1")
        guest_run.expect(res, g, "cat /proc/1/cmdline; echo", r"^/sbin/init", "init is Pagoda's /sbin/init")
        guest_run.expect(res, g, "echo hi | cat", r"^hi$", "pipes in Pagoda's shell")
        guest_run.expect(res, g, "ls /proc/self/fd /sys/kernel /dev/null", r"/dev/null",
                         "init mounted proc, sysfs and devtmpfs")
        if counters:
            guest_run.expect(res, g, "/test/perf_test", r"perf_test: passed$",
                             "perf_event_open through the SBI PMU: exact DTLB misses")
            guest_run.expect(res, g, "tlbstat /test/vm_bench zero 2>&1",
                             r"^instructions +[1-9]\d* +[1-9]\d* +[1-9]\d*\n(.|\n)*"
                             r"^DTLB misses +[1-9]\d* +[1-9]\d* +[1-9]\d*\n(.|\n)*^page faults +[1-9]",
                             "tlbstat counts user and kernel apart")
        out = outputs(g, commands)
    finally:
        finish(res, g)
    return out


def compare_kernels(res, pagoda):
    """tools/compare-kernels on 2048 demand-zero faults: both columns filled."""
    cmd = [os.path.join(ROOT, "tools/compare-kernels"), "--pagoda", pagoda, "/test/vm_bench", "zero"]
    print(f"-- {' '.join(cmd)}")
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=900, cwd=ROOT)
    rows = {}
    for line in r.stdout.splitlines():
        m = re.match(r"^(\S.*?) +([-+\d,.]+) +([-+\d,.]+)$", line)
        if m:
            rows[m.group(1)] = [int(x.replace(",", "")) if re.fullmatch(r"[-+]?[\d,]+", x) else x
                                for x in m.group(2, 3)]
    ok = r.returncode == 0 and r.stdout.startswith("'/test/vm_bench zero' on Pagoda, TLB u54")
    for row in ("instructions, user", "instructions, kernel", "DTLB misses, user"):
        ok = ok and all(isinstance(v, int) and v > 0 for v in rows.get(row, [0]))
    ok = ok and all(v >= 2048 for v in rows.get("page faults, minor", [0]))
    ok = ok and all(v >= 2048 for v in rows.get("pgfault", [0]))
    res.check(ok, "tools/compare-kernels: both kernels' counts and /proc/vmstat deltas side by side",
              f"  exit status {r.returncode}\n{r.stdout}{r.stderr}")


def run_tests(args):
    res = Results()
    pagoda = args.pagoda
    linux = linux_session(res, "linux on pagoda", pagoda_argv(pagoda, LINUX, append=LINUX_APPEND),
                          SAME_OUTPUT, counters=True)
    linux_session(res, "linux on pagoda+fw_jump",
                  pagoda_argv(pagoda, LINUX, bios=OPENSBI_JUMP, append=LINUX_APPEND), counters=True)
    linux_session(res, "linux on qemu", qemu_argv(LINUX, append=LINUX_APPEND))

    compare_kernels(res, pagoda)
    for workload in ("/test/vm_bench zero", "/test/vm_bench fork"):
        perf_checks.linux_agreement(res, lambda append: pagoda_argv(pagoda, LINUX, append=append),
                                    ROOT, workload)

    g = boot(res, "pagoda os on pagoda", pagoda_argv(pagoda, PAGODA_OS))
    if g:
        try:
            pagoda_os = outputs(g, SAME_OUTPUT)
        finally:
            finish(res, g)
        for cmd in SAME_OUTPUT:
            a, b = pagoda_os.get(cmd, ""), linux.get(cmd, "")
            res.check(a == b and a.endswith("passed\n"), f"{cmd}: the same output on Pagoda OS and Linux",
                      "--- Pagoda OS\n" + a + "--- Linux\n" + b)
    print(f"linux tests: {res.passed} passed, {len(res.failed)} failed")
    return 0 if not res.failed else 1


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("mode", choices=["test"])
    ap.add_argument("--pagoda", default=os.path.join(ROOT, "build/pagoda"))
    args = ap.parse_args()
    sys.exit(run_tests(args))


if __name__ == "__main__":
    main()
