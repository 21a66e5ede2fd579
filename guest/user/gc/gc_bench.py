#!/usr/bin/env python3
"""gc_bench.py — `make bench-gc`: the collectors on the three workloads.

1. On the host (nanoseconds): bench_gc runs each workload under each of our collectors,
   bench_gc_boehm the same workloads on Debian's Boehm GC (libgc), each run in a fresh
   process: time, collections, longest and median pause, peak footprint over peak live
   payload.
2. In the guest on Pagoda (instructions retired, deterministic with --clock icount):
   /bin/gcbench under each collector with smaller sizes: instructions, collections, the
   longest and the median pause, footprint over live.

Usage: gc_bench.py --bench B --boehm B --trace T --pagoda P --initrd I --guest-trace T
"""
import argparse
import os
import re
import subprocess
import sys

HOST_WORKLOADS = [["binary-trees", "16"], ["churn", "1000000", "50000"], ["replay", None]]
GUEST_WORKLOADS = [["binary-trees", "14"], ["churn", "200000", "10000"], ["replay", None]]
GUEST_COLLECTORS = [
    ("refcount", "GC_POLICY=refcount"),
    ("refcount + cycles", "GC_POLICY=refcount GC_RC_CYCLES=1"),
    ("marksweep", "GC_POLICY=marksweep"),
    ("markcompact", "GC_POLICY=markcompact"),
    ("copying", "GC_POLICY=copying"),
    ("generational", "GC_POLICY=generational"),
    ("gen. remset", "GC_POLICY=generational GC_BARRIER=remset"),
    ("gen. mprotect", "GC_POLICY=generational GC_BARRIER=mprotect"),
]
LINE = re.compile(r"gcbench: (\S+) (\S+): (.*?); (\d+) instructions; (\d+) collections "
                  r"\((\d+) minor\), pauses: max (\d+) p50 (\d+) p99 (\d+); "
                  r"footprint (\d+) live (\d+)")


def host(args):
    print("On the host (pauses in µs of wall time; our collectors and Boehm's, same workloads):\n")
    first = True
    for w in HOST_WORKLOADS:
        argv = [x if x is not None else args.trace for x in w]
        for prog in (args.bench, args.boehm):
            cmd = [prog] + ([] if first else ["--no-header"]) + argv
            first = False
            r = subprocess.run(cmd, stdout=subprocess.PIPE, text=True)
            sys.stdout.write(r.stdout)
            if r.returncode:
                sys.exit(f"gc_bench: {' '.join(cmd)} failed ({r.returncode})")
    print()


def guest(args):
    # The runs go into a script in the image (a long piped session would outrun the
    # console's input buffer).
    script = []
    for w in GUEST_WORKLOADS:
        argv = " ".join(x if x is not None else args.guest_trace for x in w)
        for _, env in GUEST_COLLECTORS:
            script.append(f"{env} gcbench {argv}")
    out = os.path.dirname(args.initrd)
    with open(os.path.join(out, "bench.sh"), "w") as f:
        f.write("\n".join(script) + "\n")
    extra, initrd = os.path.join(out, "bench-script.cpio"), os.path.join(out, "bench-run.cpio")
    subprocess.run([sys.executable, "tools/mkinitramfs.py", extra,
                    "etc/gc/bench.sh=" + os.path.join(out, "bench.sh")], check=True)
    with open(initrd, "wb") as f:
        for part in (args.initrd, extra):
            with open(part, "rb") as p:
                f.write(p.read())
    r = subprocess.run([args.pagoda, "--clock", "icount", "-nographic", "-kernel",
                        "roms/kernel.elf", "-initrd", initrd],
                       input="sh /etc/gc/bench.sh\npoweroff\n", stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, text=True, timeout=3600)
    rows = [m for m in LINE.finditer(r.stdout)]
    if len(rows) != len(GUEST_WORKLOADS) * len(GUEST_COLLECTORS):
        sys.stdout.write(r.stdout[-3000:])
        sys.exit("gc_bench: the guest session did not report every run")
    print("In the guest (Pagoda, --clock icount; pauses in instructions retired, rdinstret):\n")
    print("| workload | collector | M instructions | collections (minor) | max pause K | "
          "median pause K | footprint / live |")
    print("|---|---|---|---|---|---|---|")
    i = 0
    for w in GUEST_WORKLOADS:
        label = " ".join(x if x is not None else "medium" for x in w)
        for name, _ in GUEST_COLLECTORS:
            m = rows[i]
            i += 1
            total, minor = int(m.group(5)), int(m.group(6))
            coll = f"{total} ({minor})" if minor else str(total)
            ratio = int(m.group(10)) / max(1, int(m.group(11)))
            status = "" if m.group(3) == "ok" else f" **{m.group(3)}**"
            print(f"| {label} | {name} | {int(m.group(4)) / 1e6:.0f} | {coll} | "
                  f"{int(m.group(7)) / 1e3:.0f} | {int(m.group(8)) / 1e3:.0f} | {ratio:.2f} |{status}")
    print()


def main():
    p = argparse.ArgumentParser()
    for a in ("--bench", "--boehm", "--trace", "--pagoda", "--initrd", "--guest-trace"):
        p.add_argument(a, required=True)
    args = p.parse_args()
    host(args)
    guest(args)


if __name__ == "__main__":
    main()
