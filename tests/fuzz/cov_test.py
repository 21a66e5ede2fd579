#!/usr/bin/env python3
"""cov_test: guest-kernel coverage end to end. Pagoda with --cov gives the guest the
count of kernel pcs executed (/proc/kcov_pcs, through the trace device) and writes them
at exit; without --cov the count is 0. kfuzz, guided by that count, must keep sequences
that reached new kernel code; covreport must symbolise the file (the boot path entered,
panic never run)."""
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PAGODA = os.path.join(ROOT, "build/pagoda")
failures = 0


def check(cond, what):
    global failures
    print(("ok   " if cond else "FAIL ") + what)
    failures += not cond


def run(script, extra=()):
    p = subprocess.run([PAGODA, *extra], input=script.encode(), capture_output=True,
                       cwd=ROOT, timeout=600)
    return p.returncode, p.stdout.decode(errors="replace") + p.stderr.decode(errors="replace")


with tempfile.TemporaryDirectory() as tmp:
    cov = os.path.join(tmp, "kernel.cov")
    rc, out = run("cat /proc/kcov_pcs\n/test/kfuzz -n 40 -s 7\nexit 0\n", ["--cov", cov])
    check(rc == 0, "the guest runs and powers off with --cov")
    m = re.search(r"cat /proc/kcov_pcs\r?\n(\d+)", out)
    seen = int(m.group(1)) if m else 0
    check(seen > 1000, f"/proc/kcov_pcs counts the kernel pcs run so far ({seen})")
    m = re.search(r"kfuzz: 40 sequences, (\d+) kept, kernel pcs (\d+) \((\d+) at the start\)", out)
    check(m and int(m.group(1)) > 0 and int(m.group(2)) > int(m.group(3)),
          "kfuzz keeps the sequences that reach new kernel code")
    lines = open(cov).read().splitlines() if os.path.exists(cov) else []
    check(lines[:1] == ["# pagoda-cov 1 s-mode-pcs"], "the --cov file starts with its header")
    pcs = [int(l, 16) for l in lines[1:]]
    check(len(pcs) >= max(seen, 1) and pcs == sorted(set(pcs)) and all(pc % 2 == 0 for pc in pcs),
          f"the --cov file lists distinct even pcs in order, at least as many as the guest saw ({len(pcs)})")
    if m:
        check(len(pcs) >= int(m.group(2)), "the file holds every pc kfuzz was told about")
    rep = subprocess.run([sys.executable, os.path.join(ROOT, "tools/covreport.py"), cov,
                          os.path.join(ROOT, "roms/kernel.elf"), "--functions"],
                         capture_output=True, text=True)
    table = {l.split()[0]: l.split()[1] for l in rep.stdout.splitlines()[1:-1] if l.strip()}
    check(table.get("kmain", "0/").split("/")[0] not in ("0", ""), "covreport: kmain was entered")
    check(table.get("panic", "").startswith("0/"), "covreport: panic never ran")
    check(re.search(r"kernel coverage: functions \d+/\d+ .*lines \d+/\d+", rep.stdout) is not None,
          "covreport prints the totals")

rc, out = run("cat /proc/kcov_pcs\nexit 0\n")
check(re.search(r"cat /proc/kcov_pcs\r?\n0\r?\n", out) is not None,
      "without --cov, /proc/kcov_pcs reads 0")
print("cov_test: " + ("FAILED" if failures else "passed"))
sys.exit(1 if failures else 0)
