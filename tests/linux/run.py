#!/usr/bin/env python3
"""run.py — Linux as a second guest kernel, beside Pagoda OS (guest/linux).

  run.py test --pagoda build/pagoda     Linux boots on Pagoda (Pagoda's firmware and
                                        OpenSBI) and on QEMU to Pagoda's shell; the
                                        same user programs print the same on both kernels;
                                        tlbstat agrees with --stats per ASID; make linux
                                        is cached
  run.py test-smp --pagoda build/pagoda SMP Linux (-smp 4) boots on both, prints what
                                        Linux on one hart prints, counts per process

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
LINUX_SMP = os.path.join(ROOT, "roms/linux-smp.bin")
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
# SMP Linux runs these too, and must print what Linux on one hart prints; not vm_test,
# whose exact VmRSS and page-table counts SMP Linux does not keep: each thread caches
# its RSS changes (SPLIT_RSS_COUNTING, folded in every 64 faults) and page tables are
# freed after an RCU grace period (MMU_GATHER_RCU_TABLE_FREE).
SMP_OUTPUT = [c for c in SAME_OUTPUT if not c.startswith("/test/vm_test")]
# And these must pass on SMP Linux (thread_test stops early on Linux with one hart,
# after "another thread's wait4 reaps our child": not compared).
SMP_PASS = ["/test/thread_test /tmp"]
HARTS = 4
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


def qemu_argv(kernel, append=None, extra=()):
    argv = ["qemu-system-riscv64", "-M", "virt", "-m", "128M", "-nographic",
            "-kernel", kernel, "-initrd", INITRD]
    return argv + (["-append", append] if append else []) + list(extra)


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


def linux_session(res, name, argv, commands=(), counters=False, harts=1):
    """Boots Linux to Pagoda's shell; checks the kernel and user space it reached."""
    g = boot(res, name, argv)
    if not g:
        return {}
    out = {}
    try:
        guest_run.expect(res, g, "cat /proc/version", r"^Linux version 6\.1\.", "runs Linux 6.1")
        if harts > 1:
            guest_run.expect(res, g, "cat /sys/devices/system/cpu/online; grep -c ^processor /proc/cpuinfo",
                             rf"^0-{harts - 1}\n{harts}$", f"all {harts} harts online")
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


def make_dry_run(targets, *args):
    """What `make -n TARGETS` would do, with the kernel's own make replaced by echo (make
    runs recursive lines even under -n, and they must not touch build/linux): the lines
    "linux-make VARIANT TARGET" of each variant it would configure or build."""
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")}
    r = subprocess.run(["make", "--no-print-directory", "-n", "linux_make=echo linux-make $(1)", *args,
                        *targets], capture_output=True, text=True, cwd=ROOT, env=env, timeout=120)
    return r.returncode, r.stdout + r.stderr


def linux_cache(res, targets, variants):
    """make TARGETS is cached: nothing to do once built, even when the rest of the tree
    changes; a changed fragment configures and builds again exactly the variants that
    use it (pagoda.config and linux.mk: every one; smp.config: smp)."""
    what = f"make {' '.join(targets)}"
    rc, out = make_dry_run(targets)
    res.check(rc == 0 and "linux-make" not in out, f"{what}: nothing to rebuild once built", out)
    rc, out = make_dry_run(targets, "-W", "emu/machine.c", "-W", "README.md", "-W", "roms/kernel.elf")
    res.check(rc == 0 and "linux-make" not in out, f"{what}: other changes leave it alone", out)
    for changed in ("guest/linux/pagoda.config", "guest/linux/smp.config", "guest/linux/linux.mk"):
        want = {v for v in variants if v == "smp" or not changed.endswith("smp.config")}
        rc, out = make_dry_run(targets, "-W", changed)
        rebuilt = {v for v in ("up", "smp") if f"linux-make {v} tinyconfig" in out and
                   f"linux-make {v} -j2 Image" in out}
        touched = {v for v in ("up", "smp") if f"linux-make {v} " in out}
        res.check(rc == 0 and rebuilt == want and touched == want,
                  f"{what}: a changed {changed} rebuilds {' and '.join(sorted(want)) or 'nothing'}", out)


def run_tests(args):
    res = Results()
    pagoda = args.pagoda
    linux_cache(res, ["linux"], ("up",))
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


def run_smp_tests(args):
    """SMP Linux with HARTS harts on Pagoda (both firmwares) and QEMU, against Linux on
    one hart."""
    res = Results()
    pagoda = args.pagoda
    smp = ["-smp", str(HARTS)]
    linux_cache(res, ["linux", "linux-smp"], ("up", "smp"))
    linux = outputs_of(res, "linux on pagoda", pagoda_argv(pagoda, LINUX, append=LINUX_APPEND), SMP_OUTPUT)
    smp_out = linux_session(res, f"smp linux on pagoda -smp {HARTS}",
                            pagoda_argv(pagoda, LINUX_SMP, append=LINUX_APPEND, extra=smp),
                            SMP_OUTPUT + SMP_PASS, counters=True, harts=HARTS)
    linux_session(res, f"smp linux on pagoda+fw_jump -smp {HARTS}",
                  pagoda_argv(pagoda, LINUX_SMP, bios=OPENSBI_JUMP, append=LINUX_APPEND, extra=smp),
                  counters=True, harts=HARTS)
    linux_session(res, f"smp linux on qemu -smp {HARTS}", qemu_argv(LINUX_SMP, append=LINUX_APPEND, extra=smp),
                  harts=HARTS)
    for cmd in SMP_OUTPUT:
        a, b = linux.get(cmd, ""), smp_out.get(cmd, "")
        res.check(a == b and a.endswith("passed\n"), f"{cmd}: the same output on Linux with 1 and {HARTS} harts",
                  f"--- 1 hart\n{a}--- {HARTS} harts\n{b}")
    for cmd in SMP_PASS:
        out = smp_out.get(cmd, "")
        res.check(out.endswith("passed\n") and not re.search(r"^FAIL", out, re.M),
                  f"{cmd}: passes on Linux with {HARTS} harts", out)
    for workload in ("/test/vm_bench zero", "/test/vm_bench fork"):
        perf_checks.linux_agreement(res, lambda append: pagoda_argv(pagoda, LINUX_SMP, append=append, extra=smp),
                                    ROOT, workload, label=f"SMP Linux -smp {HARTS}")
    print(f"linux smp tests: {res.passed} passed, {len(res.failed)} failed")
    return 0 if not res.failed else 1


def outputs_of(res, name, argv, commands):
    """Boots a kernel and returns what the commands print (the reference output)."""
    g = boot(res, name, argv)
    if not g:
        return {}
    try:
        return outputs(g, commands)
    finally:
        finish(res, g)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("mode", choices=["test", "test-smp"])
    ap.add_argument("--pagoda", default=os.path.join(ROOT, "build/pagoda"))
    args = ap.parse_args()
    sys.exit(run_tests(args) if args.mode == "test" else run_smp_tests(args))


if __name__ == "__main__":
    main()
