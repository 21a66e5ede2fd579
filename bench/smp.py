#!/usr/bin/env python3
"""make bench-smp: what a TLB shootdown costs on 1, 2 and 4 harts. Pagoda OS boots with
/test/tlb_test bench as init (a thread pinned on each hart maps 4 pages, writes them,
makes them read-only, reads them and unmaps them, ITERATIONS times: one shootdown
request per mprotect and per munmap to every other hart), with the host clock and
--stats-json. Per configuration:
  loop s           the loop's time, measured by the guest (CLOCK_MONOTONIC)
  run s            the whole run from the host: boot, loop, power-off
  sent, received   the loop's shootdown requests (/proc/vmstat nr_tlb_remote_flush and
                   _received over the loop)
  --stats          the emulator's fence requests, all harts, the whole run, less one
                   HSM start per hart but the first; = nr_tlb_remote_flush_received at
                   the end of the run (the agreement column)
  sbi/req          guest instructions per request in the sender's SBI call, from the
                   ecall to its return (pagoda_tlb_shootdown_insns / sent): the
                   firmware's work and its wait for the other harts to fence
  M/req            guest instructions retired in M-mode on all harts (--stats), less
                   the 1-hart run's, per request sent: the sender's firmware part and
                   every receiver's interrupt, fences and return
  insns/iter       guest instructions of the whole run per loop iteration of one thread
Usage: smp.py PAGODA FIRMWARE KERNEL INITRD [ITERATIONS]"""
import json
import os
import re
import subprocess
import sys
import tempfile
import time

LINE = re.compile(r"^tlb_test bench: (\d+) harts, \d+ threads x (\d+) iterations in ([\d.]+) s: "
                  r"(\d+) shootdown requests sent, (\d+) received, (\d+) instructions", re.M)
SINCE_BOOT = re.compile(r"^tlb_test bench: since boot nr_tlb_remote_flush (\d+), "
                        r"nr_tlb_remote_flush_received (\d+)$", re.M)


def run(pagoda, firmware, kernel, initrd, harts, iterations):
    with tempfile.NamedTemporaryFile(suffix=".json") as f:
        argv = [pagoda, "-nographic", "-smp", str(harts), "--clock", "host", "--stats-json", f.name,
                "-bios", firmware, "-kernel", kernel, "-initrd", initrd,
                "-append", f"init=/test/tlb_test bench {iterations} {harts}"]
        t0 = time.monotonic()
        r = subprocess.run(argv, stdin=subprocess.DEVNULL, capture_output=True, timeout=1800)
        wall = time.monotonic() - t0
        out = r.stdout.decode(errors="replace").replace("\r", "")
        m, b = LINE.search(out), SINCE_BOOT.search(out)
        if r.returncode != 0 or not m or not b or "tlb_test bench: passed" not in out:
            sys.exit(f"bench-smp: {harts} harts: exit status {r.returncode}, output ends:\n{out[-1500:]}")
        stats = json.load(open(f.name))
    return {"harts": harts, "iterations": int(m.group(2)), "loop": float(m.group(3)), "wall": wall,
            "sent": int(m.group(4)), "received": int(m.group(5)), "sbi": int(m.group(6)),
            "boot_received": int(b.group(2)), "fence_requests": stats["fence_requests"] - (harts - 1),
            "m_insns": stats["instructions"]["M"], "insns": stats["instructions"]["total"]}


def main():
    if len(sys.argv) < 5:
        sys.exit(__doc__)
    pagoda, firmware, kernel, initrd = sys.argv[1:5]
    iterations = int(sys.argv[5]) if len(sys.argv) > 5 else 1000
    rows = [run(pagoda, firmware, kernel, initrd, h, iterations) for h in (1, 2, 4)]
    base_m = rows[0]["m_insns"]
    print(f"TLB shootdowns (tlb_test bench, {iterations} iterations per thread, a thread per hart, "
          "host clock)")
    print("harts  loop s   run s    sent  received  --stats  agrees  sbi/req   M/req  insns/iter")
    for r in rows:
        agrees = "yes" if r["fence_requests"] == r["boot_received"] else "NO"
        sbi = r["sbi"] / r["sent"] if r["sent"] else 0
        mreq = (r["m_insns"] - base_m) / r["sent"] if r["sent"] else 0
        print(f"{r['harts']:5} {r['loop']:7.3f} {r['wall']:7.2f} {r['sent']:7} {r['received']:9} "
              f"{r['fence_requests']:8} {agrees:>7} {sbi:8.0f} {mreq:7.0f} "
              f"{r['insns'] / (r['harts'] * r['iterations']):11.0f}")
    if any(r["fence_requests"] != r["boot_received"] for r in rows):
        sys.exit("bench-smp: --stats fence requests differ from /proc/vmstat")


if __name__ == "__main__":
    main()
