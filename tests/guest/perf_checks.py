"""perf_checks.py — run.py's checks of Pagoda OS's perf_event_open: perf_test and tlbstat
in a shell session, and tlbstat's numbers against the emulator's own per-ASID
statistics (--stats-json) for the same command.

The agreement: tlbstat runs as init and forks a child that execs the command; the
trace device names each ASID with the last process the kernel reported under it, so
the rows named after the command are its address spaces and those of everything it
forked (tlbstat and its child before the exec are "tlbstat"). The counters start at the
exec (enable_on_exec), so those rows hold what tlbstat counted, give or take what the
kernel does on the command's behalf under another ASID (a child's teardown after its
exit switched to the kernel's address space, fork's bookkeeping) or under the command's
ASID while it is not the running task (the scheduler, the exec before the counters
start): the two may differ by at most the kernel's share that tlbstat reports, and
every user-mode event tlbstat saw must be in those rows."""
import json
import os
import re
import subprocess
import tempfile

ROWS = {  # tlbstat row -> its number in a --stats-json per-ASID entry
    "ITLB accesses": lambda s: s["itlb"]["accesses"],
    "ITLB misses": lambda s: s["itlb"]["misses"],
    "DTLB accesses": lambda s: s["dtlb"]["accesses"],
    "DTLB misses": lambda s: s["dtlb"]["misses"],
    "page walks": lambda s: s["walks"],
    "PTE reads": lambda s: s["pte_reads"],
    "page-fault traps": lambda s: sum(sum(k.values()) for k in s["page_faults"].values()),
}
TLBSTAT_OUTPUT = (r"^instructions +[1-9]\d* +[1-9]\d* +[1-9]\d*\n(.|\n)*"
                  r"^DTLB misses +[1-9]\d* +\d+ +[1-9]\d*\n(.|\n)*^page faults +[1-9]")


def run(res, g, expect):
    """In a booted Pagoda OS shell."""
    expect(res, g, "/test/perf_test", r"^perf_test: passed$",
           "perf_test: perf_event_open counts exactly, inherits, enables on exec", timeout=300)
    expect(res, g, "tlbstat /test/vm_bench zero 2>&1", TLBSTAT_OUTPUT,
           "tlbstat counts user and kernel apart", timeout=300)
    expect(res, g, "tlbstat /nonexistent; echo status $?",
           r"^tlbstat: /nonexistent: No such file or directory\n(.|\n)*^status 127$",
           "tlbstat of a missing command: status 127")


def under_opensbi(res, g, expect):
    """With OpenSBI as the firmware: its PMU maps the events through the device tree's
    riscv,pmu node, raw events keep their mode bits (they are the hart's own), and the
    SBI mode-filter flags, which OpenSBI applies only with Sscofpmf, are refused."""
    expect(res, g, "/test/perf_test",
           r"^     this kernel has no mode filters for hardware events \(EINVAL\)\n(.|\n)*^perf_test: passed$",
           "perf_test through OpenSBI's PMU (exact counts, no mode-filter flags)", timeout=300)
    expect(res, g, "tlbstat /test/vm_bench zero 2>&1", TLBSTAT_OUTPUT, "tlbstat through OpenSBI's PMU",
           timeout=300)


def parse_tlbstat(out):
    """{row: (user, kernel, total)} from tlbstat's table."""
    rows = {}
    for line in out.splitlines():
        m = re.match(r"^(\S.*?) +(\d+) +(\d+) +(\d+)$", line)
        if m:
            rows[m.group(1)] = tuple(int(m.group(i)) for i in (2, 3, 4))
    return rows


def asid_rows(stats, name):
    """The per-ASID numbers of the ASIDs last used by a process called name, summed."""
    total = {}
    for asid, s in stats["asids"].items():
        if s.get("name") == name:
            for row, get in ROWS.items():
                total[row] = total.get(row, 0) + get(s)
    return total


def agreement(res, pagoda_argv, root, workload):
    """tlbstat as init with --stats-json: its numbers against the per-ASID rows."""
    what = f"tlbstat {workload} agrees with --stats per ASID"
    with tempfile.NamedTemporaryFile(suffix=".json") as f:
        argv = pagoda_argv(f"init=/bin/tlbstat {workload}") + ["--clock", "icount", "--stats",
                                                              "--stats-json", f.name]
        print(f"-- {' '.join(argv)}")
        try:
            r = subprocess.run(argv, stdin=subprocess.DEVNULL, capture_output=True, timeout=600, cwd=root)
        except subprocess.TimeoutExpired:
            return res.check(False, what, "  timed out")
        out = r.stdout.decode(errors="replace").replace("\r", "")
        counted = parse_tlbstat(out)
        command = os.path.basename(workload.split()[0])
        try:
            stats = json.load(open(f.name))
            rows = asid_rows(stats, command)
        except (OSError, ValueError, KeyError) as e:
            return res.check(False, what, f"  no statistics: {e}\n{out[-1500:]}")
    # --stats names the rows too: tlbstat is PID 1, the command's rows end in its name
    table = r.stderr.decode(errors="replace")
    named = (re.search(r"^ +\d+( +[\d.-]+){9}  1 tlbstat$", table, re.M) and
             re.search(rf"^ +\d+( +[\d.-]+){{9}}  \d+ {command}$", table, re.M) and
             any(s.get("pid") == 1 and s.get("name") == "tlbstat" for s in stats["asids"].values()))
    res.check(bool(named), f"--stats names the per-ASID rows of {workload} (pid and process)",
              table[-3000:])
    bad = []
    for row in ROWS:
        if row not in counted or row not in rows:
            bad.append(f"{row}: missing")
            continue
        user, kernel, total = counted[row]
        if not (user <= rows[row] and abs(rows[row] - total) <= kernel):
            bad.append(f"{row}: tlbstat user {user} kernel {kernel} total {total}, ASIDs {rows[row]}")
    misses = counted.get("DTLB misses", (0, 0, 0))[2]
    ok = r.returncode == 0 and not bad and misses > 0
    return res.check(ok, what, f"  exit status {r.returncode}\n  " + "\n  ".join(bad) + "\n" + out[-1500:])
