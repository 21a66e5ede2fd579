#!/usr/bin/env python3
"""covreport: symbolises a pagoda --cov file (executed S-mode pcs) against the kernel's
ELF. Prints, per function, the source lines covered out of the lines it has code for,
and the totals for the kernel (functions entered, lines, instructions).

Usage: covreport.py COVFILE KERNEL.ELF [--functions] [--json FILE]
  --functions   the per-function table (default: totals only)
  --json FILE   the totals and the table as JSON

pcs from before the kernel turns on paging (its physical load addresses) count as the
virtual addresses the ELF's program headers map them to. Needs binutils-riscv64-unknown-elf
(objdump, readelf)."""
import json
import re
import subprocess
import sys

PREFIX = "riscv64-unknown-elf-"


def segments(elf):
    """(paddr, vaddr, memsz) of each LOAD segment."""
    out = subprocess.run([PREFIX + "readelf", "-lW", elf], check=True,
                         capture_output=True, text=True).stdout
    segs = []
    for line in out.splitlines():
        f = line.split()
        if f and f[0] == "LOAD":
            segs.append((int(f[3], 16), int(f[2], 16), int(f[5], 16)))
    return segs


def instructions(elf):
    """[(pc, function, (file, line))] for every instruction of the kernel's code."""
    out = subprocess.run([PREFIX + "objdump", "-d", "-l", "--no-show-raw-insn", elf],
                         check=True, capture_output=True, text=True).stdout
    func, src, insns = None, None, []
    head = re.compile(r"^([0-9a-f]+) <(.+)>:$")
    insn = re.compile(r"^\s*([0-9a-f]+):\t")
    where = re.compile(r"^(/\S+):(\d+)")
    for line in out.splitlines():
        m = head.match(line)
        if m:
            func = m.group(2)
            continue
        m = where.match(line)
        if m:
            src = (m.group(1), int(m.group(2)))
            continue
        m = insn.match(line)
        if m and func:
            insns.append((int(m.group(1), 16), func, src))
    return insns


def read_cov(path, segs):
    pcs = set()
    with open(path) as f:
        first = f.readline()
        if not first.startswith("# pagoda-cov 1"):
            sys.exit(f"covreport: {path}: not a pagoda --cov file")
        for line in f:
            pc = int(line, 16)
            for paddr, vaddr, size in segs:
                if paddr != vaddr and paddr <= pc < paddr + size:
                    pc = pc - paddr + vaddr
            pcs.add(pc)
    return pcs


def report(cov_path, elf):
    pcs = read_cov(cov_path, segments(elf))
    insns = instructions(elf)
    funcs = {}
    covered_insns = 0
    for pc, func, src in insns:
        f = funcs.setdefault(func, {"lines": set(), "hit": set(), "insns": 0, "insns_hit": 0})
        f["insns"] += 1
        if src:
            f["lines"].add(src)
        if pc in pcs:
            covered_insns += 1
            f["insns_hit"] += 1
            if src:
                f["hit"].add(src)
    table = [{"function": name, "lines": len(f["lines"]), "lines_covered": len(f["hit"]),
              "instructions": f["insns"], "instructions_covered": f["insns_hit"]}
             for name, f in sorted(funcs.items())]
    lines = sum(t["lines"] for t in table)
    lines_hit = sum(t["lines_covered"] for t in table)
    entered = sum(1 for t in table if t["instructions_covered"])
    known = {pc for pc, _, _ in insns}
    totals = {"functions": len(table), "functions_entered": entered,
              "lines": lines, "lines_covered": lines_hit,
              "instructions": len(insns), "instructions_covered": covered_insns,
              "pcs_outside_kernel": len(pcs - known)}
    return totals, table


def pct(a, b):
    return 100.0 * a / b if b else 0.0


def main(argv):
    args = [a for a in argv if not a.startswith("--")]
    if len(args) != 2:
        sys.exit(__doc__)
    json_out = argv[argv.index("--json") + 1] if "--json" in argv else None
    if json_out in args:
        args.remove(json_out)
    totals, table = report(args[0], args[1])
    if "--functions" in argv:
        print(f"{'function':40} {'lines':>13} {'%':>6}")
        for t in table:
            print(f"{t['function'][:40]:40} {t['lines_covered']:>6}/{t['lines']:<6} "
                  f"{pct(t['lines_covered'], t['lines']):5.1f}%")
    t = totals
    print(f"kernel coverage: functions {t['functions_entered']}/{t['functions']} "
          f"({pct(t['functions_entered'], t['functions']):.1f}%), lines "
          f"{t['lines_covered']}/{t['lines']} ({pct(t['lines_covered'], t['lines']):.1f}%), "
          f"instructions {t['instructions_covered']}/{t['instructions']} "
          f"({pct(t['instructions_covered'], t['instructions']):.1f}%)")
    if json_out:
        with open(json_out, "w") as f:
            json.dump({"totals": totals, "functions": table}, f, indent=1)


if __name__ == "__main__":
    main(sys.argv[1:])
