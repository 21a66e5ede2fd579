#!/usr/bin/env python3
"""Idle cost of a booted guest: the guest shell waiting at its prompt, on Pagoda and on
QEMU. Start-up is left out: the CPU time a process used (utime + stime from
/proc/PID/stat) is read once the prompt is there and again SECONDS later.
Usage: idle.py PAGODA KERNEL INITRD [SECONDS]"""
import os
import select
import shutil
import subprocess
import sys
import time

TICK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid):
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK   # utime, stime


def idle_share(cmd, seconds):
    """Share of one core cmd uses while its guest shell waits, or None."""
    p = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT)
    out, deadline = b"", time.monotonic() + 60
    try:
        while b"$ " not in out and time.monotonic() < deadline:
            r, _, _ = select.select([p.stdout], [], [], 1)
            if r:
                chunk = os.read(p.stdout.fileno(), 4096)
                if not chunk:
                    return None
                out += chunk
        if b"$ " not in out:
            return None
        time.sleep(1)                       # let the boot's last work settle
        c0, t0 = cpu_seconds(p.pid), time.monotonic()
        time.sleep(seconds)
        c1, t1 = cpu_seconds(p.pid), time.monotonic()
        return (c1 - c0) / (t1 - t0)
    finally:
        p.kill()
        p.wait()


def main():
    pagoda, kernel, initrd = sys.argv[1:4]
    seconds = float(sys.argv[4]) if len(sys.argv) > 4 else 10
    rows = [("pagoda", [pagoda, "-nographic", "--clock", "host", "-kernel", kernel,
                        "-initrd", initrd])]
    if shutil.which("qemu-system-riscv64"):
        rows.append(("QEMU", ["qemu-system-riscv64", "-M", "virt", "-m", "128M", "-nographic",
                              "-kernel", kernel, "-initrd", initrd]))
    print(f"idle guest shell, {seconds:.0f} s after boot (share of one core, start-up excluded)")
    print("| machine | CPU |")
    print("|---|---|")
    ok = True
    for name, cmd in rows:
        share = idle_share(cmd, seconds)
        ok = ok and share is not None
        print(f"| {name} | {'no prompt' if share is None else f'{100 * share:.1f}%'} |")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
