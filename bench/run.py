#!/usr/bin/env python3
"""Runs the bench programs (bench/*.c built into ELFs) and reports on them.

  run.py bench --pagoda build/pagoda [--runs 3] [--json out.json] prog.elf...
      Runs each ELF on Pagoda and on QEMU, checks both print the same checksum, and
      prints a table of instructions, best-of-N wall-clock seconds, MIPS and the speed
      ratio. The instruction count is the program's own minstret delta on Pagoda.
  run.py check --pagoda build/pagoda --host-dir DIR prog.elf...
      Runs each (QUICK) ELF on Pagoda and checks its checksum against the host build
      DIR/<name> of the same workload.

Every program prints "bench NAME", "checksum 0x...", and (on RISC-V) "instret N".
"""
import argparse
import json
import os
import re
import subprocess
import sys
import time

QEMU = ["qemu-system-riscv64", "-M", "virt", "-bios", "none", "-nographic", "-kernel"]
RUN_TIMEOUT_S = 120


class BenchError(Exception):
    pass


def run_program(cmd, timeout_s=RUN_TIMEOUT_S):
    """Runs cmd once; returns (seconds, parsed output). Raises BenchError on any failure."""
    start = time.perf_counter()
    try:
        proc = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, timeout=timeout_s)
    except subprocess.TimeoutExpired:
        raise BenchError(f"{' '.join(cmd)}: timed out after {timeout_s}s")
    except OSError as e:
        raise BenchError(f"{cmd[0]}: {e.strerror}")
    seconds = time.perf_counter() - start
    out = proc.stdout.decode("utf-8", "replace")
    if proc.returncode != 0:
        raise BenchError(f"{' '.join(cmd)}: exit status {proc.returncode}\n"
                         f"{out}{proc.stderr.decode('utf-8', 'replace')}")
    return seconds, parse_output(out, cmd)


def parse_output(out, cmd):
    checksum = re.search(r"^checksum (0x[0-9a-f]+)\s*$", out, re.M)
    if not checksum:
        raise BenchError(f"{' '.join(cmd)}: no checksum line in output:\n{out}")
    instret = re.search(r"^instret (\d+)\s*$", out, re.M)
    return {"checksum": checksum.group(1),
            "instret": int(instret.group(1)) if instret else None}


def workload_name(elf):
    return os.path.splitext(os.path.basename(elf))[0]


def best_of(cmd, runs):
    """Best wall-clock time of `runs` runs, and the output, which must not vary."""
    best, first = None, None
    for _ in range(runs):
        seconds, result = run_program(cmd)
        if first is None:
            first = result
        elif result["checksum"] != first["checksum"]:
            raise BenchError(f"{' '.join(cmd)}: checksum changed between runs "
                             f"({first['checksum']} then {result['checksum']})")
        best = seconds if best is None else min(best, seconds)
    return best, first


def bench_one(elf, pagoda, runs):
    name = workload_name(elf)
    p_sec, p_out = best_of([pagoda, "--clock", "icount", elf], runs)
    q_sec, q_out = best_of(QEMU + [elf], runs)
    if p_out["checksum"] != q_out["checksum"]:
        raise BenchError(f"{name}: checksum differs: pagoda {p_out['checksum']}, "
                         f"qemu {q_out['checksum']}")
    if p_out["instret"] is None:
        raise BenchError(f"{name}: pagoda printed no instret line")
    insns = p_out["instret"]
    return {"workload": name, "instructions": insns, "checksum": p_out["checksum"],
            "pagoda_s": p_sec, "pagoda_mips": insns / p_sec / 1e6,
            "qemu_s": q_sec, "qemu_mips": insns / q_sec / 1e6,
            "ratio": q_sec / p_sec}


def total_row(rows):
    insns = sum(r["instructions"] for r in rows)
    p_sec = sum(r["pagoda_s"] for r in rows)
    q_sec = sum(r["qemu_s"] for r in rows)
    return {"workload": "total", "instructions": insns,
            "pagoda_s": p_sec, "pagoda_mips": insns / p_sec / 1e6,
            "qemu_s": q_sec, "qemu_mips": insns / q_sec / 1e6, "ratio": q_sec / p_sec}


def print_table(rows, total, runs):
    head = (f"{'workload':<10} {'instructions':>14} {'pagoda s':>9} {'pagoda MIPS':>12} "
            f"{'qemu s':>8} {'qemu MIPS':>10} {'pagoda/qemu':>12}")
    print(head)
    print("-" * len(head))
    for r in rows + [total]:
        if r is total:
            print("-" * len(head))
        print(f"{r['workload']:<10} {r['instructions']:>14,} {r['pagoda_s']:>9.3f} "
              f"{r['pagoda_mips']:>12.1f} {r['qemu_s']:>8.3f} {r['qemu_mips']:>10.1f} "
              f"{r['ratio']:>12.3f}")
    print(f"Seconds: wall clock, best of {runs}, including emulator start-up. "
          "Instructions: the program's minstret\ndelta on pagoda (--clock icount); "
          "QEMU's MIPS uses the same count (same ELF; QEMU's minstret is not exact\n"
          "without -icount). pagoda/qemu = pagoda MIPS / QEMU MIPS (above 1: pagoda "
          "faster). Checksums agree.")


def cmd_bench(args):
    rows = []
    for elf in args.elfs:
        print(f"bench: {workload_name(elf)} ...", file=sys.stderr, flush=True)
        rows.append(bench_one(elf, args.pagoda, args.runs))
    total = total_row(rows)
    print_table(rows, total, args.runs)
    if args.json:
        os.makedirs(os.path.dirname(args.json) or ".", exist_ok=True)
        with open(args.json, "w") as f:
            json.dump({"runs": args.runs, "pagoda": args.pagoda, "qemu": " ".join(QEMU),
                       "instructions_from": "pagoda minstret", "workloads": rows,
                       "total": total}, f, indent=2)
            f.write("\n")


def cmd_check(args):
    failed = 0
    for elf in args.elfs:
        name = workload_name(elf)
        host = os.path.join(args.host_dir, name)
        try:
            _, want = run_program([host], timeout_s=30)
            _, got = run_program(["timeout", "10", args.pagoda, "--clock", "icount", elf],
                                 timeout_s=30)
        except BenchError as e:
            print(f"FAIL {name}: {e}")
            failed += 1
            continue
        if got["checksum"] != want["checksum"]:
            print(f"FAIL {name}: pagoda checksum {got['checksum']}, host {want['checksum']}")
            failed += 1
        else:
            print(f"ok   {name} {got['checksum']} ({got['instret']:,} instructions)")
    return 1 if failed else 0


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="mode", required=True)
    b = sub.add_parser("bench", help="time each ELF on pagoda and QEMU")
    b.add_argument("--pagoda", required=True)
    b.add_argument("--runs", type=int, default=3)
    b.add_argument("--json")
    b.add_argument("elfs", nargs="+")
    c = sub.add_parser("check", help="compare pagoda's checksums with the host builds")
    c.add_argument("--pagoda", required=True)
    c.add_argument("--host-dir", required=True)
    c.add_argument("elfs", nargs="+")
    args = ap.parse_args()
    try:
        if args.mode == "bench":
            cmd_bench(args)
            return 0
        return cmd_check(args)
    except BenchError as e:
        print(f"bench: FAIL: {e}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
