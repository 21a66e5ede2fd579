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
every user-mode event tlbstat saw must be in those rows.

Under Linux (linux_agreement) nothing names the ASIDs, but Linux hands them out in
order from 1 (arch/riscv/mm/context.c: the next free one, none reused before a
rollover, which 16 bits do not reach here): with tlbstat as init, ASID 1 is tlbstat's,
2 its child's before the exec, and every later one the command's and its children's.
Linux does not power off when init exits: it panics, and the run ends there (SIGTERM,
which writes the statistics)."""
import json
import os
import re
import select
import signal
import subprocess
import tempfile
import time

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


def asid_rows(stats, pick):
    """The per-ASID numbers of the ASIDs pick(asid, entry) chooses, summed."""
    total = {}
    for asid, s in stats["asids"].items():
        if pick(int(asid), s):
            for row, get in ROWS.items():
                total[row] = total.get(row, 0) + get(s)
    return total


PANIC = re.compile(rb"Attempted to kill init! exitcode=0x[0-9a-f]{8}")


def run_to_panic(argv, root, timeout):
    """Runs Linux with tlbstat as init until the kernel panics at init's exit, then ends
    the run with SIGTERM; returns (exit status, console output, stderr)."""
    p = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, cwd=root)
    out, err, deadline = b"", b"", time.monotonic() + timeout
    try:
        # the whole line: on several harts it comes in pieces
        while not PANIC.search(out) and time.monotonic() < deadline:
            ready, _, _ = select.select([p.stdout, p.stderr], [], [], 1)
            for f in ready:
                chunk = os.read(f.fileno(), 65536)
                if f is p.stdout:
                    out += chunk
                else:
                    err += chunk
            if p.poll() is not None and not ready:
                break
        if p.poll() is None:
            p.send_signal(signal.SIGTERM)
        rest_out, rest_err = p.communicate(timeout=60)
    finally:
        if p.poll() is None:
            p.kill()
            p.wait()
    out = (out + rest_out).decode(errors="replace").replace("\r", "")
    return p.returncode, out, (err + rest_err).decode(errors="replace")


def compare(res, what, counted, rows, status_ok, head, out):
    """tlbstat's (user, kernel, total) per row against the ASIDs' numbers."""
    bad = []
    for row in ROWS:
        if row not in counted or row not in rows:
            bad.append(f"{row}: missing")
            continue
        user, kernel, total = counted[row]
        if not (user <= rows[row] and abs(rows[row] - total) <= kernel):
            bad.append(f"{row}: tlbstat user {user} kernel {kernel} total {total}, ASIDs {rows[row]}")
    misses = counted.get("DTLB misses", (0, 0, 0))[2]
    ok = status_ok and not bad and misses > 0
    return res.check(ok, what, f"  {head}\n  " + "\n  ".join(bad) + "\n" + out[-1500:])


def stats_argv(argv, path):
    return argv + ["--clock", "icount", "--stats", "--stats-json", path]


def agreement(res, pagoda_argv, root, workload):
    """tlbstat as init with --stats-json: its numbers against the per-ASID rows."""
    what = f"tlbstat {workload} agrees with --stats per ASID"
    with tempfile.NamedTemporaryFile(suffix=".json") as f:
        argv = stats_argv(pagoda_argv(f"init=/bin/tlbstat {workload}"), f.name)
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
            rows = asid_rows(stats, lambda asid, s: s.get("name") == command)
        except (OSError, ValueError, KeyError) as e:
            return res.check(False, what, f"  no statistics: {e}\n{out[-1500:]}")
    # --stats names the rows too: tlbstat is PID 1, the command's rows end in its name
    table = r.stderr.decode(errors="replace")
    named = (re.search(r"^ +\d+( +[\d.-]+){9}  1 tlbstat$", table, re.M) and
             re.search(rf"^ +\d+( +[\d.-]+){{9}}  \d+ {command}$", table, re.M) and
             any(s.get("pid") == 1 and s.get("name") == "tlbstat" for s in stats["asids"].values()))
    res.check(bool(named), f"--stats names the per-ASID rows of {workload} (pid and process)",
              table[-3000:])
    return compare(res, what, counted, rows, r.returncode == 0, f"exit status {r.returncode}", out)


def linux_agreement(res, pagoda_argv, root, workload, label="Linux"):
    """The same under Linux on Pagoda: tlbstat as init; the command's ASIDs are 3 and up."""
    what = f"{label}: tlbstat {workload} agrees with --stats per ASID"
    with tempfile.NamedTemporaryFile(suffix=".json") as f:
        argv = stats_argv(pagoda_argv(f"console=ttyS0 rdinit=/bin/tlbstat -- {workload}"), f.name)
        print(f"-- {' '.join(argv)}")
        status, out, err = run_to_panic(argv, root, 600)
        counted = parse_tlbstat(out)
        try:
            stats = json.load(open(f.name))
            asids = {int(a) for a in stats["asids"]}
            rows = asid_rows(stats, lambda asid, s: 3 <= asid < 65535)
        except (OSError, ValueError, KeyError) as e:
            return res.check(False, what, f"  no statistics: {e}\n{out[-1500:]}{err[-1500:]}")
    # tlbstat and its child had ASIDs 1 and 2, the command at least 3
    shape = {1, 2, 3} <= asids and "Attempted to kill init! exitcode=0x00000000" in out
    return compare(res, what, counted, rows, shape, f"ASIDs {sorted(asids)}, exit status {status}", out)
